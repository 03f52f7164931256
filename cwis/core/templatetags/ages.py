"""A child's age in lists and cards: `{% load ages %}{{ child.birth_date|age }}` is "3 years"
(or "5 months" under one year) on today's date."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import ngettext

register = template.Library()


def _months(born: dt.date, today: dt.date) -> int:
    return (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)


@register.filter
def age(born: dt.date | None, today: dt.date | None = None) -> str:
    if born is None:
        return "—"
    months = max(_months(born, today or timezone.localdate()), 0)
    if months < 12:
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
