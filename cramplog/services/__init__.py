"""Use cases shared by the command line and the TUI.

``Journal`` is loaded on first use: importing a light module of this package
(``services.present``) must not pull SQLAlchemy into the TUI's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cramplog.services.journal import Journal

__all__ = ["Journal"]


def __getattr__(name: str) -> Any:
    if name == "Journal":
        from cramplog.services.journal import Journal

        return Journal
    raise AttributeError(f"module 'cramplog.services' has no attribute {name!r}")
