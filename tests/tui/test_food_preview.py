"""The app's meal preview says what it assumed and shows the candidates of an
item it would not guess, with their values (docs/food-matching.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from tests.waiting import pilot_wait_until

from .conftest import AppFactory

SIZE = (120, 40)


def preview_of(app: Any) -> str:
    return str(app.screen.query_one("#preview", Static).render())


async def test_assumptions_and_candidates_are_shown(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.press(*"banana, a handful of almonds, 1/2 cup firm tofu")
        await pilot_wait_until(
            pilot, lambda: "1/2 cup firm tofu:" in preview_of(app), what="the meal's preview"
        )
        preview = preview_of(app)
        assert "no amount given: one portion (118 g) assumed" in preview
        assert "a handful taken as 28 g" in preview
        assert "Tofu, raw, firm, prepared with calcium sulfate (16426)" in preview
        assert "Ca 683 mg per 100 g" in preview
