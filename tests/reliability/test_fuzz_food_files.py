"""Food files a person supplies: a usable table or one line saying where it is wrong."""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import FOOD_VALUES
from cramplog.foods.table import parse_food_table
from cramplog.foods.table_file import FoodTableError

HEADER = "id,name,group,common_names," + ",".join(FOOD_VALUES)
ROWS = [
    '01077,"Milk, whole",Dairy,milk,61,88.13,10,132,113,43,1.3',
    "11457,Spinach raw,Vegetables,,23,91.4,79,558,99,79,",
    "X-1,My bar,Snacks,,400,5,120,300,50,200,0",
]
PORTIONS = "id,seq,amount,unit,grams\n01077,1,1,cup,244\n11457,1,1,cup,30\n"
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "-1", "nan", "inf", "1e999", "01077", '"', '""', "\n", "\x1b[2J", "9" * 5000]
    ),
)


def outcome(foods: bytes, portions: bytes | None = None) -> None:
    try:
        table = parse_food_table(foods, portions)
    except FoodTableError as exc:
        message = str(exc)
        assert message.startswith(("foods.csv", "food_portions.csv")), message
        assert "\n" not in message and "\x1b" not in message, repr(message)
        return
    for food in table:
        assert not CONTROL.search(food.name), repr(food.name)
        for key in FOOD_VALUES:
            value = food.per100g.get(key)
            assert value is None or (math.isfinite(value) and value >= 0), (food.id, key)


def test_the_unmutated_files_parse() -> None:
    table = parse_food_table((HEADER + "\n" + "\n".join(ROWS) + "\n").encode(), PORTIONS.encode())
    assert [f.id for f in table] == ["01077", "11457", "X-1"]
    milk = table.get("01077")
    assert milk is not None and milk.name == "Milk, whole" and len(milk.portions) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(ROWS) - 1), st.integers(0, 10), cell)
@example(0, 4, "9" * 5000)
@example(1, 1, "\x1b[31mred")
def test_one_bad_cell(row: int, column: int, value: str) -> None:
    rows = [
        r.split(",") if i != 0 else ["01077", '"Milk, whole"', *ROWS[0].split(",")[3:]]
        for i, r in enumerate(ROWS)
    ]
    rows[row][column % len(rows[row])] = value
    text = HEADER + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    outcome(text.encode("utf-8", "surrogatepass"), PORTIONS.encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf" + HEADER.encode() + b"\n")
@example(b"")
@example(HEADER.encode())
def test_arbitrary_bytes(data: bytes) -> None:
    outcome(data)
    outcome((HEADER + "\n").encode() + data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(PORTIONS)), st.binary(max_size=40))
def test_damaged_portion_file(cut: int, tail: bytes) -> None:
    foods = (HEADER + "\n" + "\n".join(ROWS) + "\n").encode()
    outcome(foods, PORTIONS.encode()[:cut] + tail)
