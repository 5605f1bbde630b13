"""Alliance 8.7 Platform."""

__version__ = "0.1.0"
