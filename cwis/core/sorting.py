"""Sortable list columns: the order is in the address (`?sort=birth`, `?sort=-birth`), so a
sorted, filtered list can be bookmarked; each header links to its column's order.

    order = list_order(request, ORDERS)              # a key the selector knows, or ""
    sorts = sort_headers(request, {"name": _("Name"), "birth": _("Date of birth")}, order)
    {% include "sort_header.html" with s=sorts.birth %}
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest

DEFAULT = "name"


@dataclass(frozen=True)
class SortHeader:
    label: str
    url: str  # this column's order (its other direction when it is the current one)
    direction: str  # "ascending", "descending" or "" (aria-sort)


def list_order(request: HttpRequest, allowed: Iterable[str]) -> str:
    """The order asked for in the address, when the list knows it; else ""."""
    order = request.GET.get("sort", "")
    return order if order in set(allowed) else ""


def sort_headers(request: HttpRequest, columns: Mapping[str, str], current: str,
                 default: str = DEFAULT) -> dict[str, SortHeader]:
    current = current or default
    kept = [(k, v) for k, v in request.GET.items() if k not in ("sort", "page") and v]
    headers = {}
    for key, label in columns.items():
        direction = ("ascending" if current == key
                     else "descending" if current == f"-{key}" else "")
        target = f"-{key}" if current == key else key
        headers[key] = SortHeader(label=str(label),
                                  url="?" + urlencode([*kept, ("sort", target)]),
                                  direction=direction)
    return headers
