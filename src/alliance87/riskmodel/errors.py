"""Errors the risk model raises for bad input: each names the column or row at fault."""

from __future__ import annotations


class RiskModelError(Exception):
    """Bad input or a model that cannot be estimated.

    ``column`` and ``row`` say where the problem is, when it has a place.
    """

    def __init__(self, message: str, *, column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column
        self.row = row

    def __str__(self) -> str:
        return self.message
