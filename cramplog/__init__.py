"""cramplog: a private, offline journal for people with muscle cramps."""

__version__ = "0.1.0"
