"""practicegraph: the Flemish good-practice database as validated linked open data."""

__version__ = "0.1.0"
