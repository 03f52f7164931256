"""Places by name: every page, export and log shows a division by its name, the code beside it
(on hover, or in its own export column), never the bare code.

Names come from a process-wide cache of the division table (reference data that changes once
a year): a list warms it for the codes of its page with one query (`division_names`), then
each row reads it without one (`division_name`, the template filters in `places`). The cache
holds at most `MAX_NAMES` names and forgets them all every `MAX_AGE_SECONDS`, so a division
added or renamed in another process is seen within that time (at once in this one:
`division_names_forget`).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from cwis.core.models import Division

T = TypeVar("T")

MAX_NAMES = 50_000  # a province's villages and townships, about 2 MB
MAX_AGE_SECONDS = 3600
QUERY_CHUNK = 500  # codes per query (SQLite allows 999 parameters)
CHUNK = 2000  # rows of an export warmed at a time


def division_code_of(code_or_prefix: str) -> str:
    """The code a scope prefix stands for: '36' is 360000 (the province), '3601' 360100."""
    code = (code_or_prefix or "").strip()
    return code.ljust(6, "0") if 0 < len(code) < 6 else code


def scope_prefix_of(code: str) -> str:
    """The prefix that covers a division and what lies under it: 360000 -> '36', 360100 ->
    '3601' (a county's code never ends in 00); townships and villages are their own."""
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


class _Names:
    def __init__(self) -> None:
        self._names: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._since = time.monotonic()

    def forget(self) -> None:
        with self._lock:
            self._names.clear()
            self._since = time.monotonic()

    def get_many(self, codes: Iterable[str]) -> dict[str, str]:
        wanted = {division_code_of(c) for c in codes if c}
        if time.monotonic() - self._since > MAX_AGE_SECONDS:
            self.forget()
        with self._lock:
            found = {c: self._names[c] for c in wanted if c in self._names}
        missing = sorted(wanted - found.keys())
        for start in range(0, len(missing), QUERY_CHUNK):
            found.update(self._load(missing[start:start + QUERY_CHUNK]))
        return found

    def _load(self, codes: list[str]) -> dict[str, str]:
        # A code may have been withdrawn and reused: the division valid now wins, else the
        # latest one (a record placed before the code was withdrawn).
        rows = Division.objects.filter(code__in=codes).order_by(
            "code", "-valid_from").values_list("code", "name", "valid_to")
        names: dict[str, str] = {}
        for code, name, valid_to in rows:
            if code not in names or valid_to is None:
                names[code] = name
        with self._lock:
            self._names.update(names)
            while len(self._names) > MAX_NAMES:
                self._names.popitem(last=False)
        return names


_NAMES = _Names()


def division_names(codes: Iterable[str]) -> dict[str, str]:
    """{code: name} of the codes (scope prefixes too: '36' names the province), from the
    cache; one query per 500 codes it does not hold. Unknown codes are left out."""
    codes = list(codes)
    names = _NAMES.get_many(codes)
    return {code: names[division_code_of(code)] for code in codes
            if code and division_code_of(code) in names}


def division_name(code: str) -> str:
    """The place's name, or the code itself when no division has it."""
    if not code:
        return ""
    return _NAMES.get_many([code]).get(division_code_of(code), code)


def division_names_forget() -> None:
    """Forget every cached name (after the division table changed)."""
    _NAMES.forget()


def with_division_names(rows: Iterable[T], code_of: Callable[[T], str], *,
                        chunk: int = CHUNK) -> Iterator[T]:
    """`rows` as they come, the names of their places read a chunk at a time: an export
    of a hundred thousand rows asks for names in a few hundred queries, not one a row."""
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            division_names(code_of(r) for r in batch)
            yield from batch
            batch = []
    if batch:
        division_names(code_of(r) for r in batch)
        yield from batch
