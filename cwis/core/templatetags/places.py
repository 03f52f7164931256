"""Places by name in templates (cwis.core.divisions): `{{ code|place }}` is the name with the
code on hover, `{{ code|place_name }}` the name alone. A list warms the names of its page
first (`division_names`), so its rows cost no query."""

from django import template
from django.utils.html import format_html

from cwis.core.divisions import division_name

register = template.Library()


@register.filter
def place(code: str) -> str:
    if not code:
        return "—"
    return format_html('<span class="place" title="{}">{}</span>', code, division_name(code))


@register.filter
def place_name(code: str) -> str:
    return division_name(code) if code else ""
