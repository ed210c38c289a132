"""Analysis of a journal: daily frame, intake against references, fluids,
associations with cramp nights, medicines, cramp description, weekly trends.

pandas, scipy and statsmodels live here and nowhere near the TUI's start-up:
the package itself imports nothing heavy, so ``cramplog.analysis.reference``
(plain csv) stays cheap; the names below load their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cramplog.analysis.run import AnalysisResult, analyze, read_profile, result_to_json
    from cramplog.analysis.weekly import weekly_aggregates

_WHERE = {
    "AnalysisResult": "run",
    "analyze": "run",
    "read_profile": "run",
    "result_to_json": "run",
    "weekly_aggregates": "weekly",
}

__all__ = ["AnalysisResult", "analyze", "read_profile", "result_to_json", "weekly_aggregates"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"cramplog.analysis.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'cramplog.analysis' has no attribute {name!r}")
