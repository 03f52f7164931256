"""A child's age in lists and cards (`{{ birth_date|age }}`), on a given day."""

import datetime as dt

from django.utils import translation

from cwis.core.templatetags.ages import age

DAY = dt.date(2026, 2, 1)


def test_an_age_is_in_whole_years_from_one_year_on():
    with translation.override("zh-hans"):
        assert age(dt.date(2018, 5, 10), DAY) == "7岁"
        assert age(dt.date(2018, 2, 1), DAY) == "8岁"  # the birthday itself
        assert age(dt.date(2018, 2, 2), DAY) == "7岁"  # the day before it


def test_an_infant_is_aged_in_months():
    with translation.override("en"):
        assert age(dt.date(2025, 12, 20), DAY) == "1 month"
        assert age(dt.date(2025, 3, 1), DAY) == "11 months"
        assert age(dt.date(2026, 1, 25), DAY) == "0 months"


def test_no_birth_date_is_a_dash():
    assert age(None, DAY) == "—"
