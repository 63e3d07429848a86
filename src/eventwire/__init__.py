"""eventwire: news reports in, PLOVER event data out."""

__version__ = "0.1.0"
