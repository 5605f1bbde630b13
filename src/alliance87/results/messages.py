"""The words for the refusal codes of results.rules (registered at start-up), and the list
types of the Regional Initiative's indicators in the reader's language."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core import refusals

refusals.register(
    {
        "results.value.not_allowed_from": _(
            "This value cannot be changed this way in its present state."
        ),
        "results.kinds_unknown": _("Choose at least one known kind of value."),
        "results.scale_missing": _("A level needs its scale: a lowest and a highest level."),
        "results.disaggregation_unknown": _("This indicator is not disaggregated by %(name)s."),
        "results.kind_not_accepted": _("This indicator does not take a value of this kind."),
        "results.value_empty": _("Enter a value of at least one kind this indicator takes."),
        "results.count_not_whole": _("A count is a whole number."),
        "results.count_negative": _("A count cannot be negative."),
        "results.not_a_number": _("Enter a number."),
        "results.amount_negative": _("An amount cannot be negative."),
        "results.amount_without_currency": _("An amount needs its currency."),
        "results.currency_invalid": _("Enter the currency as its three-letter ISO 4217 code."),
        "results.currency_other": _("This indicator is reported in %(expected)s."),
        "results.percentage_out_of_range": _("A percentage is between 0 and 100."),
        "results.level_off_scale": _("The level is on the scale from %(low)s to %(high)s."),
        "results.items_malformed": _("The list is a list of items, each with a type and a label."),
        "results.item_incomplete": _("Item %(position)s needs a type and a label."),
        "results.item_type_unknown": lambda p: _item_type_unknown(p),
        "results.year_out_of_period": _("The year is in the period %(start)s-%(end)s."),
        "results.csv_no_number": _("This indicator has no number to import from a Value column."),
        "results.csv_unknown_column": _("This column is not one of this indicator's."),
        "results.csv_missing_column": _("This column is missing."),
        "results.csv_bad_year": _("The year is a number such as 2019."),
        "results.csv_bad_country": _("The country is its ISO 3166-1 alpha-3 code, such as PER."),
        "results.csv_other_country": _("You may import values for your own country only."),
        "results.csv_duplicate_row": _("This row repeats row %(first)s."),
        "results.csv_country_unknown": _("There is no country with this code."),
        "results.csv_value_exists": _("This country already has a value for this year."),
        "results.resource_kind_unknown": _("A resource is human, technical or economic."),
        "results.currency_without_amount": _("Enter the amount of this currency."),
        "results.xlsx_unknown_sheet": _(
            "This sheet is not named after an indicator of this framework."
        ),
    }
)


#: The list types the Regional Initiative's indicators define, stored and checked as seed 004
#: writes them («humanos, técnicos, económicos», «GOB, EMP, TRAB», «Gobierno, Sector
#: Trabajador, Sector Empleador»), and shown in the reader's language.
CATEGORY_WORDS = {
    "humanos": pgettext_lazy("type of resources", "human"),
    "técnicos": pgettext_lazy("type of resources", "technical"),
    "económicos": pgettext_lazy("type of resources", "economic"),
    "GOB": pgettext_lazy("type of focal point", "government"),
    "EMP": pgettext_lazy("type of focal point", "employers"),
    "TRAB": pgettext_lazy("type of focal point", "workers"),
    "Gobierno": pgettext_lazy("type of actor", "Government"),
    "Sector Trabajador": pgettext_lazy("type of actor", "Workers' sector"),
    "Sector Empleador": pgettext_lazy("type of actor", "Employers' sector"),
}


def category_label(code: str) -> str:
    """A list type in the active language; a type the platform has no words for as written."""
    word = CATEGORY_WORDS.get(code)
    return str(word) if word is not None else code


def category_code(typed: str, categories: Iterable[str]) -> str:
    """The indicator's type that ``typed`` names, as written or in the active language (any
    case); what names none is returned unchanged, for the rules to refuse."""
    wanted = typed.strip().casefold()
    for code in categories:
        if wanted in (code.casefold(), category_label(code).casefold()):
            return code
    return typed


def _item_type_unknown(params) -> str:
    """The refusal of an unknown list type, naming the indicator's types in the reader's
    language (the rules give them as seed 004 writes them, comma-separated)."""
    allowed = [c for c in str(params["allowed"]).split(", ") if c]
    return _(
        "Item %(position)s has the type %(type)s; this indicator's types are: %(allowed)s."
    ) % {**params, "allowed": ", ".join(category_label(c) for c in allowed)}
