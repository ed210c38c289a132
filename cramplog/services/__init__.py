"""Use cases shared by the command line and the TUI."""

from cramplog.services.journal import Journal

__all__ = ["Journal"]
