"""Building the search index from the platform's objects.

Each kind has a builder that turns its public objects into :class:`Entry` values: what the
results show (title and snippet in each language, the page to open) and one text per
language, made of the object's own texts in that language plus the words every language
has for it (its themes' and countries' names). :func:`rebuild` replaces the entries of the
given kinds in one transaction; the knowledge seed runs it for every kind, resource services
run :func:`refresh_resource` on publication and withdrawal, and ``alliance87
knowledge_reindex`` (or the ``reindex`` task) rebuilds everything after other apps' edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from alliance87.core import content
from alliance87.core.words import colon

from ..models import SearchDocument, SearchFacet, SearchText
from . import analysis, backends

LANGUAGES = analysis.LANGUAGES


@dataclass
class Entry:
    kind: str
    ref: str
    titles: dict[str, str]
    url_name: str
    url_args: list
    snippets: dict[str, str] = field(default_factory=dict)
    date: dt.date | None = None
    themes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, lang: str, *values: str | None) -> None:
        self.texts.setdefault(lang, []).extend(v for v in values if v)

    def add_multilingual(self, value) -> None:
        for lang, t in content.texts(value).items():
            if lang in LANGUAGES:
                self.add(lang, t)


def _labels(choices_cls, values: Iterable[str]) -> dict[str, list[str]]:
    """The labels of ``values`` in every language (from the gettext catalogues)."""
    out: dict[str, list[str]] = {}
    labels = dict(choices_cls.choices)
    for lang in LANGUAGES:
        with translation.override(lang):
            out[lang] = [str(labels[v]) for v in values if v in labels]
    return out


def _localised_all(value) -> dict[str, str]:
    return {lang: content.text(value, lang) for lang in LANGUAGES if content.texts(value)}


def _add_common(entry: Entry, themes_cls, countries: list) -> None:
    for lang, labels in _labels(themes_cls, entry.themes).items():
        entry.add(lang, *labels)
    for c in countries:
        for lang in LANGUAGES:
            entry.add(lang, getattr(c, f"name_{lang}", "") or c.name_en)


def partners() -> Iterator[Entry]:
    from alliance87.partners.models import Category, Theme
    from alliance87.partners.selectors import public_partners

    qs = public_partners().select_related("headquarters").prefetch_related("countries_of_work")
    for p in qs:
        countries = [c for c in [p.headquarters, *p.countries_of_work.all()] if c]
        e = Entry(
            "partner",
            p.slug,
            _localised_all(p.names),
            "partners:profile",
            [p.slug],
            snippets=_localised_all(p.description),
            themes=[t for t in p.themes if t in Theme.values],
            countries=sorted({c.pk for c in countries}),
        )
        e.add_multilingual(p.names)
        e.add_multilingual(p.description)
        for lang in LANGUAGES:
            e.add(lang, *content.texts(p.acronym).values())  # every language's acronym
        for lang, labels in _labels(Category, [p.category]).items():
            e.add(lang, *labels)
        _add_common(e, Theme, countries)
        yield e


def resources() -> Iterator[Entry]:
    from alliance87.partners.models import Theme

    from ..models import Kind, Resource, Status

    qs = (
        Resource.objects.filter(status=Status.PUBLISHED)
        .select_related("publisher")
        .prefetch_related("countries")
    )
    for r in qs:
        yield resource_entry(r, Kind, Theme)


def resource_entry(r, Kind, Theme) -> Entry:
    countries = list(r.countries.all())
    e = Entry(
        "resource",
        r.slug,
        _localised_all(r.titles),
        "knowledge:resource",
        [r.slug],
        snippets=_localised_all(r.summary),
        date=r.published_on,
        themes=list(r.themes),
        countries=[c.pk for c in countries],
    )
    e.add_multilingual(r.titles)
    e.add_multilingual(r.summary)
    if r.publisher:
        e.add_multilingual(r.publisher.names)
        for lang in LANGUAGES:
            e.add(lang, *content.texts(r.publisher.acronym).values())
    for lang, labels in _labels(Kind, [r.kind]).items():
        e.add(lang, *labels)
    _add_common(e, Theme, countries)
    return e


def pathfinders() -> Iterator[Entry]:
    from alliance87.pathfinders.models import Pathfinder

    for p in Pathfinder.objects.select_related("country").prefetch_related("priorities"):
        c = p.country
        names = {lang: getattr(c, f"name_{lang}") or c.name_en for lang in LANGUAGES}
        e = Entry(
            "pathfinder",
            c.iso3,
            names,
            "pathfinders:profile",
            [c.iso3],
            date=p.became_active_on,
            countries=[c.pk],
        )
        for lang in LANGUAGES:
            e.add(lang, names[lang])
            with translation.override(lang):
                e.add(lang, str(Pathfinder._meta.verbose_name), p.get_status_display())
        for priority in p.priorities.all():
            e.add_multilingual(priority.text)
            e.add_multilingual(priority.theme_label)
        yield e


def groups() -> Iterator[Entry]:
    from alliance87.groups.models import Group, Kind

    for g in Group.objects.all():
        e = Entry(
            "group",
            g.slug,
            _localised_all(g.names),
            "groups:detail",
            [g.slug],
            snippets=_localised_all(g.description),
        )
        e.add_multilingual(g.names)
        e.add_multilingual(g.acronyms)
        e.add_multilingual(g.description)
        for lang, labels in _labels(Kind, [g.kind]).items():
            e.add(lang, *labels)
        yield e


def indicators() -> Iterator[Entry]:
    from alliance87.results.models import Indicator

    for i in Indicator.objects.select_related("result__framework"):
        code = i.result.framework.code
        e = Entry(
            "indicator",
            f"{code}:{i.code}",
            {lang: f"{i.code} {t}" for lang, t in _localised_all(i.texts).items()},
            "results:indicator",
            [code, i.code],
        )
        e.add_multilingual(i.texts)
        for lang in LANGUAGES:
            e.add(lang, i.code)
        yield e


def events() -> Iterator[Entry]:
    from ..models import Event, EventKind

    for ev in Event.objects.prefetch_related("hosts"):
        e = Entry(
            "event",
            ev.slug,
            _localised_all(ev.titles),
            "knowledge:event",
            [ev.slug],
            snippets=_localised_all(ev.description),
            date=ev.start_date,
        )
        e.add_multilingual(ev.titles)
        e.add_multilingual(ev.description)
        e.add_multilingual(ev.city)
        for lang in LANGUAGES:
            e.add(lang, ev.place, ev.hosts_note)
        for host in ev.hosts.all():
            e.add_multilingual(host.names)
            for lang in LANGUAGES:
                e.add(lang, *content.texts(host.acronym).values())
        for lang, labels in _labels(EventKind, [ev.kind]).items():
            e.add(lang, *labels)
        yield e


def meetings() -> Iterator[Entry]:
    """GCG meetings and action/working group meetings: events too (the calendar reads the same
    rows), found by their titles, place and city, and, for a group meeting, the group's name."""
    from alliance87.governance.models import Meeting
    from alliance87.groups.models import GroupMeeting

    for m in Meeting.objects.all():
        e = Entry(
            "event",
            f"gcg-meeting-{m.pk}",
            _localised_all(m.titles),
            "governance:meeting",
            [m.pk],
            date=m.starts_at.date(),
        )
        e.add_multilingual(m.titles)
        e.add_multilingual(m.place)
        e.add_multilingual(m.city)
        yield e
    for gm in GroupMeeting.objects.select_related("group"):
        titles = {
            lang: f"{content.text(gm.group.names, lang)}{colon(lang)} {text}"
            for lang, text in content.texts(gm.titles).items()
        }
        e = Entry(
            "event",
            f"group-meeting-{gm.pk}",
            _localised_all(titles) if titles else _localised_all(gm.group.names),
            "groups:detail",
            [gm.group.slug],
            date=gm.date,
        )
        e.add_multilingual(gm.titles)
        e.add_multilingual(gm.group.names)
        for lang in LANGUAGES:
            e.add(lang, gm.place)
        yield e


def events_and_meetings() -> Iterator[Entry]:
    yield from events()
    yield from meetings()


def news() -> Iterator[Entry]:
    from alliance87.partners.models import Theme

    from ..models import Status, Story

    for st in Story.objects.filter(status=Status.PUBLISHED).select_related("publisher"):
        e = Entry(
            "news",
            st.slug,
            _localised_all(st.titles),
            "knowledge:story",
            [st.slug],
            snippets=_localised_all(st.summary),
            date=st.published_at.date() if st.published_at else None,
            themes=list(st.themes),
        )
        e.add_multilingual(st.titles)
        e.add_multilingual(st.summary)
        e.add_multilingual(st.body)
        if st.publisher:
            e.add_multilingual(st.publisher.names)
        _add_common(e, Theme, [])
        yield e


#: The builder of each kind, in the order the results page lists the kinds.
BUILDERS: dict[str, Callable[[], Iterable[Entry]]] = {
    "partner": partners,
    "resource": resources,
    "event": events_and_meetings,
    "news": news,
    "pathfinder": pathfinders,
    "group": groups,
    "indicator": indicators,
}


def _sort_key(entry: Entry) -> str:
    title = entry.titles.get("en") or next(iter(entry.titles.values()), "") or entry.ref
    return analysis.normalised(title)[:200]


def _delete(qs) -> None:
    backends.delete(list(SearchText.objects.filter(document__in=qs).values_list("pk", flat=True)))
    qs.delete()


def _write(entries: Iterable[Entry]) -> int:
    entries = list(entries)
    docs = SearchDocument.objects.bulk_create(
        SearchDocument(
            kind=e.kind,
            ref=e.ref,
            titles=e.titles,
            snippets={k: v[:300] for k, v in e.snippets.items()},
            url_name=e.url_name,
            url_args=e.url_args,
            sort_key=_sort_key(e),
            date=e.date,
        )
        for e in entries
    )
    facets, texts = [], []
    for doc, e in zip(docs, entries, strict=True):
        facets.append(SearchFacet(document=doc, name="kind", value=e.kind))
        facets += [SearchFacet(document=doc, name="theme", value=t) for t in sorted(set(e.themes))]
        facets += [
            SearchFacet(document=doc, name="country", value=c) for c in sorted(set(e.countries))
        ]
        texts += [
            SearchText(document=doc, lang=lang, text=analysis.normalised(" ".join(values)))
            for lang, values in e.texts.items()
            if values
        ]
    SearchFacet.objects.bulk_create(facets)
    stored = SearchText.objects.bulk_create(texts)
    backends.store((t.pk, t.lang, t.text) for t in stored)
    return len(docs)


def rebuild(kinds: Iterable[str] | None = None) -> int:
    """Replace the entries of ``kinds`` (every kind by default); returns how many were written."""
    kinds = list(kinds or BUILDERS)
    with transaction.atomic():
        _delete(SearchDocument.objects.filter(kind__in=kinds))
        return sum(_write(BUILDERS[k]()) for k in kinds)


def refresh_resource(resource_id: int) -> None:
    """Re-index one resource (after it is published, edited or withdrawn)."""
    from alliance87.partners.models import Theme

    from ..models import Kind, Resource, Status

    with transaction.atomic():
        r = Resource.objects.select_related("publisher").filter(pk=resource_id).first()
        if r is None:
            return
        _delete(SearchDocument.objects.filter(kind="resource", ref=r.slug))
        if r.status == Status.PUBLISHED:
            _write([resource_entry(r, Kind, Theme)])
