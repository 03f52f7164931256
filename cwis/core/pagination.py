"""Counting long lists without reading them all.

A list of ten million community files (a national or province list, a one-letter search)
cannot be counted on every page view within the targets of benchmarks/: PostgreSQL has to
visit every row to count it. Lists therefore count up to COUNT_CAP rows and say "more than"
beyond it; paging still works to the last page a worker can reach, and filters narrow the rest.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

COUNT_CAP = 10_000
# The largest offset and limit a list takes: beyond any list CWIS holds, and far enough
# below the databases' 64-bit integers that offset + limit cannot overflow (a 500 before).
MAX_OFFSET = 2**31 - 1
MAX_LIMIT = 2**31 - 1


def capped_count(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(number of rows, capped?): at most `cap`, and True when there are more."""
    cap = COUNT_CAP if cap is None else cap
    found = queryset.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


class CappedPaginator(Paginator):
    """Django's paginator, counting at most COUNT_CAP rows (`capped` tells when it stopped)."""

    cap: int | None = None  # COUNT_CAP

    @cached_property
    def _capped(self) -> tuple[int, bool]:
        return capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return self._capped[0]

    @property
    def capped(self) -> bool:
        return self._capped[1]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with offset and limit bounded (MAX_OFFSET)."""

    class Input(Schema):
        limit: int = Field(LimitOffsetPagination.Input.model_fields["limit"].default,
                           ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CappedLimitOffsetPagination(BoundedLimitOffsetPagination):
    """Ninja's limit/offset pagination with the same capped count and a `count_capped` flag."""

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool = False

    def paginate_queryset(self, queryset: QuerySet, pagination: Any, request: Any,
                          **params: Any) -> Any:
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        count, capped = capped_count(queryset)
        return {"items": queryset[offset: offset + limit], "count": count,
                "count_capped": capped}
