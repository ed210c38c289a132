"""scripts/build_foods.py rebuilds the committed CSV files byte for byte."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
USDA = REPO.parent / "shared" / "data" / "usda"
SCRIPT = REPO / "scripts" / "build_foods.py"

needs_usda = pytest.mark.skipif(
    not (USDA / "FOOD_DES.txt").is_file(),
    reason="the USDA SR28 extract (../shared/data/usda) is absent",
)


@needs_usda
def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(USDA), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("foods.csv", "food_portions.csv"):
        assert (tmp_path / name).read_bytes() == (REPO / name).read_bytes(), name


def _module() -> object:
    spec = importlib.util.spec_from_file_location("build_foods", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@needs_usda
def test_a_broken_source_file_is_refused(tmp_path: Path) -> None:
    for name in ("FOOD_DES.txt", "FD_GROUP.txt", "NUT_DATA.txt", "WEIGHT.txt", "NUTR_DEF.txt"):
        (tmp_path / name).write_bytes((USDA / name).read_bytes())
    weight = tmp_path / "WEIGHT.txt"
    weight.write_bytes(weight.read_bytes() + b"~99999~^1^1^~cup~^100^^\r\n")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "WEIGHT.txt:15439: unknown food 99999" in done.stderr


def test_record_parsing(tmp_path: Path) -> None:
    build = _module()
    path = tmp_path / "FD_GROUP.txt"
    path.write_bytes(b"~0100~^~Dairy and Egg Products~\r\n~0200~^~Spices~\r\n")
    records = list(build.records(path, "ascii"))  # type: ignore[attr-defined]
    assert records == [(1, ["0100", "Dairy and Egg Products"]), (2, ["0200", "Spices"])]
    path.write_bytes(b"~0100~^~Dairy~^extra\r\n")
    with pytest.raises(build.SourceError):  # type: ignore[attr-defined]
        list(build.records(path, "ascii"))  # type: ignore[attr-defined]
