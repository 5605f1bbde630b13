"""Errors the risk model raises for bad input: each names the column or row at fault."""

from __future__ import annotations


class RiskModelError(Exception):
    """Bad input or a model that cannot be estimated.

    ``column`` and ``row`` say where the problem is, when it has a place. ``code`` and
    ``params`` name the most common errors so that the command line can put them into the
    user's language (:data:`.cli_errors.ERROR_MESSAGES`); ``message`` is the English text.
    """

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        row: int | None = None,
        code: str | None = None,
        params: dict[str, object] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.column = column
        self.row = row
        self.code = code
        self.params = dict(params or {})

    def __str__(self) -> str:
        return self.message
