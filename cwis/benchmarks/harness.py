"""Time a CWIS call next to the raw SQL that returns the same rows; report the ratio.

Ratios hold on a noisy machine where absolute times do not, so every case that has a raw
SQL twin reports both. Times are wall-clock milliseconds over `repeat` runs after `warmup`
runs; memory is the peak Python allocation of one CWIS call (tracemalloc).
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection


@dataclass
class Case:
    number: str  # the item number, e.g. "1a"
    name: str
    cwis: Callable[[], Any]
    raw_sql: tuple[str, list] | None = None  # (sql, params): the same rows, straight from SQL
    target_ms: float | None = None  # p95 target for the CWIS call
    target_ratio: float | None = None  # max median(CWIS) / median(raw SQL)
    repeat: int = 20
    warmup: int = 2
    target_peak_mib: float | None = None  # max peak Python memory of one call
    skip: str = ""  # why the case cannot run here (reported, not timed)


@dataclass
class Result:
    case: Case
    cwis_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    peak_kib: float = 0.0
    error: str = ""

    @staticmethod
    def _pct(values: list[float], pct: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return self._pct(self.cwis_ms, 50)

    @property
    def p95(self) -> float:
        return self._pct(self.cwis_ms, 95)

    @property
    def sql_p50(self) -> float:
        return self._pct(self.sql_ms, 50) if self.sql_ms else float("nan")

    @property
    def ratio(self) -> float:
        if not self.sql_ms:
            return float("nan")
        return statistics.median(self.cwis_ms) / max(statistics.median(self.sql_ms), 1e-6)

    @property
    def verdict(self) -> str:
        if self.error:
            return "error"
        ok = True
        if self.case.target_ms is not None:
            ok &= self.p95 <= self.case.target_ms
        if self.case.target_peak_mib is not None:
            ok &= self.peak_kib / 1024 <= self.case.target_peak_mib
        if self.case.target_ratio is not None and self.sql_ms:
            ok &= self.ratio <= self.case.target_ratio
        return "meets" if ok else "misses"


def _time(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _raw(sql: str, params: list) -> Callable[[], Any]:
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def run_case(case: Case) -> Result:
    result = Result(case=case)
    if case.skip:
        return result
    try:
        for _ in range(case.warmup):
            case.cwis()
        tracemalloc.start()
        case.cwis()
        result.peak_kib = tracemalloc.get_traced_memory()[1] / 1024
        tracemalloc.stop()
        result.cwis_ms = [_time(case.cwis) for _ in range(case.repeat)]
        if case.raw_sql is not None:
            raw = _raw(*case.raw_sql)
            for _ in range(case.warmup):
                raw()
            result.sql_ms = [_time(raw) for _ in range(case.repeat)]
    except Exception as exc:  # a failing case is reported, the run goes on
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def markdown(results: list[Result]) -> str:
    lines = [
        "| # | case | CWIS p50 ms | CWIS p95 ms | raw SQL p50 ms | ratio | peak KiB | target |"
        " verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        target = " and ".join(
            t for t in (
                f"p95 < {r.case.target_ms:g} ms" if r.case.target_ms is not None else "",
                f"ratio < {r.case.target_ratio:g}" if r.case.target_ratio is not None else "",
                f"peak < {r.case.target_peak_mib:g} MiB" if r.case.target_peak_mib is not None
                else "",
            ) if t
        ) or "—"
        if r.case.skip:
            lines.append(f"| {r.case.number} | {r.case.name} | — | — | — | — | — | {target} |"
                         f" skipped: {r.case.skip} |")
            continue
        if r.error:
            lines.append(f"| {r.case.number} | {r.case.name} | — | — | — | — | — | {target} |"
                         f" error: {r.error[:80]} |")
            continue
        sql = f"{r.sql_p50:.1f}" if r.sql_ms else "—"
        ratio = f"{r.ratio:.2f}" if r.sql_ms else "—"
        lines.append(f"| {r.case.number} | {r.case.name} | {r.p50:.1f} | {r.p95:.1f} | {sql} |"
                     f" {ratio} | {r.peak_kib:.0f} | {target} | {r.verdict} |")
    return "\n".join(lines)
