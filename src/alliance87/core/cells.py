"""Spreadsheet cells that a spreadsheet will not run as formulas (CSV/formula injection).

Pure functions, no Django: the apps' rules modules may use them.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A cell value that a spreadsheet will not run as a formula; non-text passes unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    return [neutralise_cell(v) for v in values]
