from django import template
from django.urls import NoReverseMatch, reverse

from alliance87.knowledge.search.labels import KIND_LABELS

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.simple_tag
def result_url(document) -> str:
    """The page of a search result, in the current language."""
    try:
        return reverse(document.url_name, args=document.url_args)
    except NoReverseMatch:
        return ""


@register.filter
def theme_labels(values) -> str:
    from alliance87.partners.models import Theme

    labels = dict(Theme.choices)
    return ", ".join(str(labels[v]) for v in values or [] if v in labels)


@register.filter
def event_kind_label(kind: str) -> str:
    from alliance87.knowledge.search.labels import EVENT_KIND_LABELS

    return str(EVENT_KIND_LABELS.get(kind, kind))


@register.simple_tag
def event_when(event):
    """The event as a calendar item (for ``knowledge/_when.html``)."""
    from alliance87.knowledge import calendars

    return calendars.item_of(event)


@register.simple_tag
def knowledge_home():
    """The home page's figures, next events, latest news and pathfinder count."""
    from alliance87.knowledge.selectors import home_blocks

    return home_blocks()


@register.filter
def big_number(value) -> str:
    """152000000 → "152 million" in the page's language (Babel's compact decimal form)."""
    if value is None:
        return ""
    from babel.numbers import format_compact_decimal

    from alliance87.core.content import current_language

    return format_compact_decimal(
        value, format_type="long", locale=current_language(), fraction_digits=1
    )


@register.filter
def language_names(codes) -> str:
    """Language codes ("es", "fr") as the names of the languages in the page's language
    ("espagnol, français"), not as raw codes; a code Django does not know stays as written."""
    from django.utils.translation import get_language, get_language_info

    names = []
    for code in codes or []:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(str(code))
    text = ", ".join(names)
    # Language names are not capitalised in Spanish, French or Portuguese prose.
    return text if (get_language() or "en").startswith("en") else text.lower()
