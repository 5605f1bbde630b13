"""Numbers on the risk pages are rounded as the CSV and the library's report round them, not
cut off: a risk index of 12.19 % reads "12,2 %" on a Spanish page, as in the report."""

from __future__ import annotations

from django.utils import translation

from alliance87.risk.templatetags.risk_tags import percent, points


def test_percentages_are_rounded_not_truncated():
    with translation.override("es"):
        assert percent(0.121936) == "12,2 %"
        assert percent(0.0999) == "10,0 %"
        assert percent(0.996, 0) == "100 %"  # a level probability of 99.6 %
        assert points(1.96) == "+2,0"
    with translation.override("en"):
        assert percent(0.0783) == "7.8 %"
        assert percent(0.05449) == "5.4 %"
