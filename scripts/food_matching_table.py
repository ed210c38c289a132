#!/usr/bin/env python3
"""Regenerate docs/food-matching.md from the phrase test set and the matcher as it is.

Usage: python scripts/food_matching_table.py [--check]

--check prints nothing and exits 1 when the page is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cramplog.foods.phrase_check import check_all, markdown, read_phrases
from cramplog.foods.search import default_food_index

REPO = Path(__file__).resolve().parent.parent
PHRASES = REPO / "tests" / "unit" / "foods" / "phrases.csv"
PAGE = REPO / "docs" / "food-matching.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args()
    text = markdown(check_all(read_phrases(PHRASES), default_food_index()))
    if args.check:
        return 0 if PAGE.read_text(encoding="utf-8") == text else 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
