"""The journal day still in progress, left out of the analysis until it ends.

After a glass of water and a banana this morning, today is neither a
low-fluid day nor a day that pulls the 7-day means down: the current journal
day, unless marked complete, counts as not logged (``day_rule.in_progress``).
The analysis and the weekly table both take the daily frame through here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cramplog.day_rule import in_progress


def leave_out_in_progress(
    daily: pd.DataFrame, current_day: dt.date
) -> tuple[pd.DataFrame, dt.date | None]:
    """The daily frame with the day still in progress blanked out, and that day.

    The one place the analysis applies day_rule.in_progress: the day counts as
    not logged (its figures are "so far"), unless it is marked complete.
    """
    stamp = pd.Timestamp(current_day)
    if stamp not in daily.index or not bool(daily.at[stamp, "logged"]):
        return daily, None
    if not in_progress(current_day, str(daily.at[stamp, "marked"]), current_day):
        return daily, None
    out = daily.copy()
    for column in out.columns:
        if column == "marked":
            continue
        out.loc[stamp, column] = False if out[column].dtype == bool else np.nan
    return out, current_day
