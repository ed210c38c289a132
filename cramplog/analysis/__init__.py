"""Analysis of a journal: daily frame, intake against references, fluids,
associations with cramp nights, medicines, cramp description, weekly trends.

pandas, scipy and statsmodels live here and nowhere near the TUI's start-up.
"""

from cramplog.analysis.run import AnalysisResult, analyze, read_profile, result_to_json
from cramplog.analysis.weekly import weekly_aggregates

__all__ = ["AnalysisResult", "analyze", "read_profile", "result_to_json", "weekly_aggregates"]
