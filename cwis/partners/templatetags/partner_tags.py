"""Labels and values of a child's fields as a department reads them (plain values from
`selectors.item_rows`, shown with their translated labels)."""

from django import template

from cwis.partners.export import field_label, field_value
from cwis.partners.models import ItemStatus

register = template.Library()


@register.simple_tag
def child_field_label(name: str):
    return field_label(name)


@register.simple_tag
def child_field_value(row: dict, name: str):
    value = field_value(row, name)
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else value


@register.simple_tag
def child_answer_label(status: str):
    return ItemStatus(status).label
