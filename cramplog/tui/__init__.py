"""The Textual app. Only cramplog.cli imports this package."""
