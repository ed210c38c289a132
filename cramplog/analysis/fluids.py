"""Low-fluid days: logged beverages below 70% of the beverage reference.

The reference is the NASEM/IOM 2004 Adequate Intake for beverages (3.0 L for
men, 2.2 L for women aged 19+, from cramplog/data/dri/water.csv), or the
person's own ``fluid_reference_ml``. Under a prescribed fluid restriction
(``fluid_restriction_ml``) drinking little is the treatment, so low-fluid
judgement is switched off altogether. The wording is "low-fluid day": a
beverage log says nothing about the body's water balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cramplog.analysis.reference import FluidReference

WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class FluidSummary:
    reference: FluidReference
    days_with_drinks: int
    mean_ml: float | None
    median_ml: float | None
    low_fluid_days: int | None
    share_low_fluid: float | None
    mean_7d: float | None
    days_in_7d: int
    alcohol_days: int
    caffeinated_per_day: float | None


def low_fluid(beverages_ml: pd.Series, ref: FluidReference) -> pd.Series:
    """1.0 on low-fluid days, 0.0 on other days with drinks logged, NaN otherwise."""
    values = beverages_ml.to_numpy(dtype=float)
    if ref.threshold_ml is None:
        return pd.Series(np.nan, index=beverages_ml.index)
    flag = np.where(np.isnan(values), np.nan, (values < ref.threshold_ml).astype(float))
    return pd.Series(flag, index=beverages_ml.index)


def summarize_fluids(period: pd.DataFrame, ref: FluidReference, as_of: dt.date) -> FluidSummary:
    ml = period["beverages_ml"].dropna()
    window = period.loc[
        pd.Timestamp(as_of - dt.timedelta(days=WINDOW_DAYS - 1)) : pd.Timestamp(as_of),
        "beverages_ml",
    ].dropna()
    low = low_fluid(period["beverages_ml"], ref).dropna()
    caffeinated = period["caffeinated_drinks"].dropna()
    return FluidSummary(
        reference=ref,
        days_with_drinks=len(ml),
        mean_ml=float(ml.mean()) if len(ml) else None,
        median_ml=float(ml.median()) if len(ml) else None,
        low_fluid_days=int(low.sum()) if not ref.switched_off else None,
        share_low_fluid=float(low.mean()) if len(low) else None,
        mean_7d=float(window.mean()) if len(window) else None,
        days_in_7d=len(window),
        alcohol_days=int((period["alcohol_drinks"].dropna() > 0).sum()),
        caffeinated_per_day=float(caffeinated.mean()) if len(caffeinated) else None,
    )
