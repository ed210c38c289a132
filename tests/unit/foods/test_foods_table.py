"""Loading the packaged table, and refusing bad food files with line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cramplog.domain import ValidationError
from cramplog.foods.table import FoodTable, load_food_table, parse_food_table
from cramplog.foods.table_file import FoodTableError

HEADER = (
    "id,name,group,common_names,energy_kcal,water_g,magnesium_mg,potassium_mg,"
    "calcium_mg,sodium_mg,vitamin_d_ug\n"
)


def write(tmp_path: Path, text: str, name: str = "foods.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def refused(path: Path) -> FoodTableError:
    with pytest.raises(FoodTableError) as caught:
        load_food_table(path)
    # One line, fit to show a person.
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValidationError)
    return caught.value


# --- the packaged table ---------------------------------------------------------


def test_every_sr28_food_is_there(table: FoodTable) -> None:
    assert len(table) == 8789
    assert sum(len(food.portions) for food in table) == 15438
    assert table.release.startswith("USDA SR28 ")


def test_ids_keep_their_leading_zero(table: FoodTable) -> None:
    milk = table.get("01077")
    assert milk is not None
    assert milk.name == "Milk, whole, 3.25% milkfat, with added vitamin D"
    assert milk.group == "Dairy and Egg Products"
    assert table.get("1077") is None


def test_coverage_matches_the_usda_readme(table: FoodTable) -> None:
    # README: water 8,788; calcium 8,441; potassium 8,363; magnesium 8,050; vitamin D 5,527.
    def known(key: str) -> int:
        return sum(food.per100g.get(key) is not None for food in table)

    assert known("water_g") == 8788
    assert known("calcium_mg") == 8441
    assert known("potassium_mg") == 8363
    assert known("magnesium_mg") == 8050
    assert known("vitamin_d_ug") == 5527
    assert known("energy_kcal") == 8789


def test_spot_checks_from_the_usda_readme(table: FoodTable) -> None:
    def value(food_id: str, key: str) -> float | None:
        food = table.get(food_id)
        assert food is not None
        return food.per100g.get(key)

    assert value("11457", "magnesium_mg") == 79
    assert value("11457", "potassium_mg") == 558
    assert value("09040", "potassium_mg") == 358
    assert value("01077", "calcium_mg") == 113
    assert value("01077", "vitamin_d_ug") == 1.3
    assert value("12061", "magnesium_mg") == 270
    assert value("15237", "vitamin_d_ug") == 13.1


def test_unknown_is_none_not_zero(table: FoodTable) -> None:
    chocolate = table.get("19904")  # no Nutr_No 328 row in NUT_DATA.txt
    assert chocolate is not None
    assert chocolate.per100g.vitamin_d_ug is None
    butter = table.get("01001")  # 328 present with value 0.0
    assert butter is not None and butter.per100g.vitamin_d_ug == 0.0


def test_portions_in_usda_order_with_their_amounts(table: FoodTable) -> None:
    salmon = table.get("15237")
    assert salmon is not None
    assert [(p.amount, p.unit, p.grams) for p in salmon.portions] == [
        (3.0, "oz", 85.0),
        (0.5, "fillet", 178.0),
    ]
    assert salmon.portions[1].grams_per_unit == 356.0
    entree = [p for food in table for p in food.portions if p.unit == "Entrée"]
    assert entree, "WEIGHT.txt's cp1252 é must survive the build"


# --- user files -------------------------------------------------------------------


def test_a_valid_user_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "X1,My bar,Snacks,,400,5,120,300,50,10,\n")
    table = load_food_table(path)
    food = table.get("X1")
    assert food is not None
    assert food.per100g.magnesium_mg == 120
    assert food.per100g.vitamin_d_ug is None
    assert food.portions == ()


def test_only_some_nutrient_columns_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,magnesium_mg\nA,Thing,12\n", "mine.csv")
    food = load_food_table(path).get("A")
    assert food is not None and food.per100g.magnesium_mg == 12
    assert food.per100g.calcium_mg is None


def test_bad_number_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + "A,Apple,Fruit,,52,85,5,107,6,1,0\nB,Bad,Fruit,,52,85,lots,107,6,1,0\n"
    )
    error = refused(path)
    assert error.line == 3
    assert error.column == "magnesium_mg"
    assert str(error) == "foods.csv line 3, column magnesium_mg: 'lots' is not a number"


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + '\nA,"Quoted, with comma",G,,1,1,1,1,1,1,1\n\nB,Neg,G,,1,1,1,-4,1,1,1\n'
    )
    error = refused(path)
    assert error.line == 5
    assert error.column == "potassium_mg"
    assert "must be 0 or more" in str(error)


def test_a_line_break_inside_a_name_is_refused(tmp_path: Path) -> None:
    error = refused(
        write(
            tmp_path,
            HEADER + "A,ok,G,,1,1,1,1,1,1,1\n"
            'B,"Two\nlines",G,,1,1,1,1,1,1,1\nC,after,G,,1,1,1,1,1,1,1\n',
        )
    )
    assert (error.line, error.column) == (3, "name")
    assert "line break" in str(error)


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("A,Apple,G,,52,101,5,107,6,1,0", "water_g", "not plausible"),
        ("A,Apple,G,,nan,85,5,107,6,1,0", "energy_kcal", "not a finite number"),
        ("A,Apple,G,,inf,85,5,107,6,1,0", "energy_kcal", "not a finite number"),
        ("A,,G,,52,85,5,107,6,1,0", "name", "is empty"),
        ("a b,Apple,G,,52,85,5,107,6,1,0", "id", "is not a food id"),
        ("A,Apple,G,,52,85,5,107,6,1,1e12", "vitamin_d_ug", "not plausible"),
    ],
)
def test_bad_cells(tmp_path: Path, row: str, column: str, reason: str) -> None:
    error = refused(write(tmp_path, HEADER + row + "\n"))
    assert (error.line, error.column) == (2, column)
    assert reason in str(error)


def test_duplicate_id(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + "A,X,G,,1,1,1,1,1,1,1\nA,Y,G,,1,1,1,1,1,1,1\n"))
    assert (error.line, error.column) == (3, "id")
    assert "appears twice" in str(error)


def test_wrong_field_count(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + "A,X,G,,1,1,1\n"))
    assert error.line == 2
    assert "7 fields, the header has 11" in str(error)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty, not a food table"),
        (b"date,time,severity\n2024-01-01,03:00,7\n", "not a food table: unknown column 'date'"),
        (b"id,name\nA,B\n", "no nutrient column"),
        (b"name,magnesium_mg\nB,1\n", "no id column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"id,name,magnesium_mg\nA,Caf\xe9,1\n", "not UTF-8"),
        (HEADER.encode(), "header but no foods"),
        (b"id,name,id,magnesium_mg\nA,B,C,1\n", "appears twice"),
    ],
)
def test_a_file_that_is_not_a_food_table(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "thing.csv"
    path.write_bytes(content)
    assert reason in str(refused(path))


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot be read" in str(refused(tmp_path / "nope.csv"))


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = (HEADER + "A,Café au lait,Beverages,,40,90,5,100,60,30,\n").replace("\n", "\r\n")
    path = tmp_path / "foods.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    food = load_food_table(path).get("A")
    assert food is not None and food.name == "Café au lait"


def test_companion_portions_are_validated(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "A,Apple,G,,52,85,5,107,6,1,0\n")
    portions = write(
        tmp_path, "id,seq,amount,unit,grams\nA,1,1,medium,182\nA,2,1,large,0\n", "food_portions.csv"
    )
    error = refused(tmp_path / "foods.csv")
    assert (error.source, error.line, error.column) == ("food_portions.csv", 3, "grams")
    assert "must be more than 0" in str(error)
    portions.write_text("id,seq,amount,unit,grams\nZ,1,1,medium,182\n")
    error = refused(tmp_path / "foods.csv")
    assert (error.line, error.column) == (2, "id")
    assert "not in the food table" in str(error)


def test_companion_portions_load(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "A,Apple,G,,52,85,5,107,6,1,0\n")
    write(
        tmp_path,
        "id,seq,amount,unit,grams\nA,1,1,medium,182\nA,2,0.5,cup,60\n",
        "food_portions.csv",
    )
    food = load_food_table(tmp_path / "foods.csv").get("A")
    assert food is not None
    assert [(p.unit, p.grams_per_unit) for p in food.portions] == [("medium", 182), ("cup", 120)]


def test_fast_and_checked_paths_agree() -> None:
    # A blank-but-spaces cell sends a valid file through the row-by-row path,
    # which reads it as unknown, like an empty cell.
    good = (HEADER + "A,Apple,G,,52,85,5,107,6,1,\n").encode()
    fast = parse_food_table(good)
    slow = parse_food_table(good + b"B,Spaces,G,,1,1, ,1,1,1,1\n")
    assert fast.get("A") == slow.get("A")
    spaces = slow.get("B")
    assert spaces is not None and spaces.per100g.magnesium_mg is None
