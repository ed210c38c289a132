"""Today's panel: the day in progress is "so far", and an upper level is named calmly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from .conftest import NOW, TODAY, AppFactory, reopen


def _log(path: Path, day: dt.date) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    journal = reopen(path)
    try:
        journal.add_medication(name="Mg", kind="supplement", magnesium_mg="400")
        at = f"{day.isoformat()}T08:00+01:00"
        journal.log_drink(kind="water", ml="250", at=at)
        journal.log_dose(medication="Mg", at=at)
        journal.log_food(food_id="09040", grams="120", at=at)  # a banana
    finally:
        journal.close()


async def test_the_day_in_progress_is_so_far(empty_path: Path, make_app: AppFactory) -> None:
    _log(empty_path, TODAY)
    app = make_app(empty_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        targets = str(app.screen.query_one("#targets", Static).render())
        assert "so far today" in targets
        assert "Mg from supplements 400 mg (upper level 350 mg)" in targets
        assert "Worth discussing with a clinician" in targets
        week = str(app.screen.query_one("#week", Static).render())
        assert f"{NOW:%a %d}" in week and "0.2L!" not in week  # not a low-fluid day yet
        await pilot.press("left")  # the day before: a whole day, nothing logged
        targets = str(app.screen.query_one("#targets", Static).render())
        assert "Targets for the day" in targets
