"""The only three words a comparison may end with."""

from __future__ import annotations

POSSIBLE_PATTERN = "possible pattern"
NO_CLEAR_DIFFERENCE = "no clear difference"
NOT_ENOUGH_DATA = "not enough data"
LABELS = (POSSIBLE_PATTERN, NO_CLEAR_DIFFERENCE, NOT_ENOUGH_DATA)
