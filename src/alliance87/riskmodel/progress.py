"""A tiny progress bar: drawn on stderr when stderr is a terminal, silent in pipes and logs."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: A progress callback: ``(step description, done, total)``.
ProgressCallback = Callable[[str, int, int], None]


class ProgressBar:
    """Draw ``label [#####.....] 3/6 step`` on one line of stderr.

    Nothing is written unless the stream is a TTY, so pipes, CI logs and tests stay clean.
    Use it as a callback (``bar(step, done, total)``) and close it (or use ``with``).
    """

    def __init__(
        self,
        label: str = "",
        *,
        stream: TextIO | None = None,
        width: int = 28,
        min_interval: float = 0.1,
    ):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.min_interval = min_interval
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._drawn = False

    def __call__(self, step: str, done: int, total: int) -> None:
        """Show that ``done`` of ``total`` units are finished, now at ``step``."""
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.min_interval:
            return
        self._last = now
        frac = 0.0 if total <= 0 else min(max(done / total, 0.0), 1.0)
        filled = int(round(frac * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        text = f"\r{self.label} [{bar}] {done}/{total} {step}"[:200]
        self.stream.write(text.ljust(80))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the line if a bar was drawn."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def silent(step: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""
