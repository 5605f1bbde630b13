"""The signed-in home page: what is waiting for each person, whatever their roles.

Each app registers, from its ``home.py`` (imported by its ``AppConfig.ready()``), a provider
``(user) -> Iterable[Waiting]`` that returns the boxes of its own work for that person (none
when they have nothing to do there). A provider makes a fixed number of queries whatever the
data size, so the home page does too::

    @home.provider
    def _applications(user):
        if can(user, "partners.vet_application"):
            qs = application_queue()
            yield home.Waiting(_("Applications to vet"), reverse("partners:queue"), ...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: How many items a box shows; the link leads to all of them.
SHOWN = 5


@dataclass
class Waiting:
    title: str
    url: str  # the page where all of them are
    count: int
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url), at most SHOWN
    empty: str = ""  # said when count is 0 (a box worth showing even when nothing waits)


Provider = Callable[[object], Iterable[Waiting]]
_PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def waiting_for(user) -> list[Waiting]:
    """Every box for ``user``, in the order the apps registered them."""
    return [box for fn in _PROVIDERS for box in fn(user)]
