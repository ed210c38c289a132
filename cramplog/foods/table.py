"""A food table and where it comes from: the packaged USDA SR28 files, a path, or bytes.

Reading and checking the files themselves is table_file's work; this module
builds the table from what they hold and names its release.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from cramplog.foods.model import Food, Portion
from cramplog.foods.table_file import FoodTableError, parse_foods, parse_portions

SR28_RELEASE = "USDA SR28"


class FoodTable:
    """All foods of one table by id, in file order.

    ``release`` names the table and its content ("USDA SR28 44912dc6dd"), so
    a journal can record which table a copied composition came from.
    """

    def __init__(
        self, foods: Iterable[Food], *, release: str = SR28_RELEASE, source: str = ""
    ) -> None:
        self._foods = tuple(foods)
        self._by_id = {food.id: food for food in self._foods}
        self.release = release
        self.source = source

    def get(self, food_id: str) -> Food | None:
        return self._by_id.get(food_id)

    def __contains__(self, food_id: object) -> bool:
        return food_id in self._by_id

    def __iter__(self) -> Iterator[Food]:
        return iter(self._foods)

    def __len__(self) -> int:
        return len(self._foods)

    def __repr__(self) -> str:
        return f"FoodTable({len(self)} foods, release={self.release!r})"


def load_food_table(path: Path | None = None, portions: Path | None = None) -> FoodTable:
    """Load a food table; ``None`` means the USDA SR28 table shipped with cramplog.

    ``portions`` is the companion household-portion file; for a file named
    ``foods.csv`` a ``food_portions.csv`` beside it is used when present.
    Raises FoodTableError (a ValidationError) for anything unusable.
    """
    if path is None:
        foods_bytes, portions_bytes = _packaged()
        return parse_food_table(foods_bytes, portions_bytes)
    if portions is None and path.name == "foods.csv":
        sibling = path.with_name("food_portions.csv")
        portions = sibling if sibling.is_file() else None
    return parse_food_table(
        _read(path),
        _read(portions) if portions is not None else None,
        source=path.name,
        portions_source=portions.name if portions is not None else "",
        release_label=path.stem,
    )


@functools.lru_cache(maxsize=1)
def default_food_table() -> FoodTable:
    """The packaged table, loaded once per process."""
    return load_food_table()


def parse_food_table(
    foods: bytes,
    portions: bytes | None = None,
    *,
    source: str = "foods.csv",
    portions_source: str = "food_portions.csv",
    release_label: str = SR28_RELEASE,
) -> FoodTable:
    """A FoodTable from the bytes of a food file and, optionally, a portion file."""
    with _gc_paused():
        columns = parse_foods(foods, source)
        by_id: dict[str, list[Portion]] = {food_id: [] for food_id in columns.ids}
        if portions is not None:
            for food_id, portion in parse_portions(portions, portions_source, by_id):
                by_id[food_id].append(portion)
        digest = hashlib.sha256(foods + (portions or b"")).hexdigest()[:10]
        return FoodTable(
            map(
                Food,
                columns.ids,
                columns.names,
                columns.groups,
                columns.commons,
                columns.compositions,
                map(tuple, by_id.values()),
            ),
            release=f"{release_label[:29]} {digest}",
            source=source,
        )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while ~50,000 objects are created.

    None of them form cycles, yet each allocation burst would trigger
    collections that scan them all again: about a third of the load time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _packaged() -> tuple[bytes, bytes]:
    # Installed: package data inside the wheel. From a source checkout the
    # files live at the repository root, where the build script writes them.
    data = resources.files("cramplog") / "data"
    foods, portions = data / "foods.csv", data / "food_portions.csv"
    if foods.is_file() and portions.is_file():
        return foods.read_bytes(), portions.read_bytes()
    root = Path(__file__).resolve().parents[2]
    try:
        return (root / "foods.csv").read_bytes(), (root / "food_portions.csv").read_bytes()
    except OSError:
        raise FoodTableError(
            "foods.csv",
            "the food table is missing from this installation;"
            " reinstall cramplog or run scripts/build_foods.py",
        ) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FoodTableError(path.name, f"cannot be read ({exc.strerror or exc})") from None
