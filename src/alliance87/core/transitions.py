"""State machines and refusals, the same way in every app.

Pure Python (no Django): an app's ``rules.py`` imports this module, declares its
:class:`TransitionTable` and returns a :class:`Refusal` (a code and plain parameters) when a
step is not allowed. The app's ``messages.py`` gives each code its words in the user's
language (:mod:`alliance87.core.refusals`); services raise ``refusals.refused(refusal)``.

A table maps an action to the source states it is allowed from and the state it leads to::

    from alliance87.core.transitions import Refusal, TransitionTable

    DOCUMENT = TransitionTable(
        "document",
        {
            "submit": ({"draft", "commented"}, "submitted"),
            "comment": ({"submitted"}, "commented"),
        },
    )
    DOCUMENT.refusal("submit", "final")  # Refusal("document.not_allowed_from", ...)
    DOCUMENT.target("submit", "draft")  # "submitted"

A state may be any hashable value (a string, an enum, a ``(status, stage)`` pair); a target
of ``None`` leaves the state as it is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["NOT_ALLOWED_FROM", "Refusal", "Transition", "TransitionTable", "refusal"]

#: The code every table uses for "not from this state"; params: action, state, allowed.
NOT_ALLOWED_FROM = "not_allowed_from"


def _plain(value: Any) -> Any:
    """Parameters are kept hashable: lists and sets become sorted tuples, enums their value."""
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted((_plain(v) for v in value), key=str))
    value = getattr(value, "value", value)
    return value


@dataclass(frozen=True)
class Refusal:
    """Why something is refused, as a stable code and plain parameters (no text).

    ``params`` holds sorted (name, value) pairs whose values are strings, numbers, dates or
    tuples, so a refusal is hashable and compares by content. The words come from the app's
    ``messages.py`` through :func:`alliance87.core.refusals.refusal_text`.
    """

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the code and its parameters (tuples as lists)."""

        def plain(value: Any) -> Any:
            if isinstance(value, tuple):
                return [plain(v) for v in value]
            if hasattr(value, "isoformat"):
                return value.isoformat()
            return value

        return {"code": self.code, "params": {k: plain(v) for k, v in self.params}}


def refusal(code: str, **params: Any) -> Refusal:
    """A :class:`Refusal` with its parameters sorted by name (so equal refusals compare equal)."""
    return Refusal(code, tuple(sorted((k, _plain(v)) for k, v in params.items())))


@dataclass(frozen=True)
class Transition:
    """Where an action may start from and where it leads (``None``: the state is unchanged)."""

    sources: frozenset[Hashable]
    target: Hashable | None
    clause: str = ""


class TransitionTable:
    """The one table of allowed steps of a kind of object (``name`` prefixes refusal codes)."""

    def __init__(
        self,
        name: str,
        transitions: Mapping[Hashable, Transition | tuple[Iterable[Hashable], Hashable | None]],
    ) -> None:
        self.name = name
        self.transitions: dict[Hashable, Transition] = {
            action: t if isinstance(t, Transition) else Transition(frozenset(t[0]), t[1])
            for action, t in transitions.items()
        }

    def __contains__(self, action: Hashable) -> bool:
        return action in self.transitions

    def __getitem__(self, action: Hashable) -> Transition:
        return self.transitions[action]

    def actions_from(self, state: Hashable) -> list[Hashable]:
        """The actions allowed from ``state``, in the table's order."""
        return [a for a, t in self.transitions.items() if state in t.sources]

    def allowed(self, action: Hashable, state: Hashable) -> bool:
        return action in self.transitions and state in self.transitions[action].sources

    def refusal(self, action: Hashable, state: Hashable) -> Refusal | None:
        """``None`` when ``action`` is allowed from ``state``; otherwise why not, as
        ``<name>.not_allowed_from`` with the action, the state and the allowed sources."""
        if self.allowed(action, state):
            return None
        sources = self.transitions[action].sources if action in self.transitions else ()
        return refusal(
            f"{self.name}.{NOT_ALLOWED_FROM}",
            action=action,
            state=state,
            allowed=tuple(sorted((_plain(s) for s in sources), key=str)),
        )

    def target(self, action: Hashable, state: Hashable) -> Hashable:
        """The state after an allowed ``action`` from ``state``."""
        t = self.transitions[action]
        return state if t.target is None else t.target
