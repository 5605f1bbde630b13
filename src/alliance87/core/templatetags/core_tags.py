from django import template

from alliance87.core import words
from alliance87.core.permissions import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (``None`` removes one)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """``{% can "partners.edit" partner as allowed %}``"""
    return can_do(context["request"].user, action, obj)


@register.simple_tag
def localised(values, language=None):
    """``{% localised partner.names %}``: the text in the page's language, with ``lang`` set;
    a text shown in another language is marked visibly ("Spanish original")."""
    from django.utils import translation
    from django.utils.html import format_html
    from django.utils.translation import get_language_info
    from django.utils.translation import gettext as _

    from alliance87.core.content import localise

    shown = localise(values, language)
    if not shown.text:
        return ""
    if not shown.fallback:
        return format_html('<span lang="{}">{}</span>', shown.language, shown.text)
    name = str(get_language_info(shown.language)["name_translated"])
    if not (translation.get_language() or "en").startswith("en"):
        name = name.lower()  # language names are not capitalised in es, fr, pt prose
    note = (_("original in %(language)s") if shown.original else _("in %(language)s")) % {
        "language": name
    }
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-note">({})</small>',
        shown.language,
        shown.text,
        note,
    )


@register.simple_tag
def colon(language=None) -> str:
    """The colon after a translated label, as the page's language writes it:
    ``{% translate "Export" %}{% colon %}`` reads "Exporter :" in French, "Exportar:" in Spanish."""
    return words.colon(language)


@register.filter
def event_label(code: str) -> str:
    """An audit event in the reader's language (``{{ entry.event|event_label }}``)."""
    from alliance87.core.audit import event_label as label

    return label(code)


@register.filter
def in_words(value) -> str:
    """A date in words in the page's language: ``{{ day|in_words }}`` → "30 de abril de 2027"."""
    return words.date_in_words(value)


@register.filter
def month_in_words(value) -> str:
    """A month (a date or "YYYY-MM") in words: "octubre de 2018"."""
    return words.month_in_words(value)


@register.filter
def datetime_in_words(value) -> str:
    """A moment in words, in the current time zone: "30 de abril de 2027, 14:05"."""
    return words.datetime_in_words(value)


@register.filter
def zone_in_words(value) -> str:
    """A time zone by its place: ``{{ "America/New_York"|zone_in_words }}`` → "hora de
    Estados Unidos (Nueva York)"."""
    return words.zone_in_words(value)


@register.filter
def amount(value, currency: str = "") -> str:
    """``{{ need.amount|amount:need.currency }}`` → "45 000,00 USD"."""
    return words.amount(value, currency)
