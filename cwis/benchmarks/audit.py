"""Cases of the access log page (issue 13, point 7): a page of 50 entries with its capped
count, as the selector reads it, next to the SQL of the page's rows, unfiltered and with each
filter; and the whole page (entries named by user, action and record, one query per record
type) through Django's test client (data: cwis/synthetic/access.py)."""

import datetime as dt

from cwis.accounts.models import User
from cwis.benchmarks.cases import _sql, _user
from cwis.benchmarks.harness import Case
from cwis.benchmarks.lists import PAGE_TARGET_MS, _page
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.core.selectors import ACCESS_LOG_PAGE_SIZE, access_log_list, access_log_page


def access_log_cases(users: dict[str, User]) -> list[Case]:
    audit = _user(Role.AUDIT_ADMIN)
    county, province = users["county"], users["province"]
    today = dt.date.today()
    sample = (AccessLog.objects.filter(object_type="child",
                                       division_code__startswith=county.division.code)
              .order_by("pk").values_list("object_id", flat=True).first()) or "0"
    filters = [
        ("county", county, "no filter", {}),
        ("province", province, "no filter", {}),
        ("province", province, f"one user ({county.username})", {"user": county.username}),
        ("province", province, "one child's file", {"object_type": "child",
                                                    "object_id": sample}),
        ("province", province, "prints, last 30 days", {
            "action": "print", "date_from": today - dt.timedelta(days=30)}),
        ("audit administrator", audit, "exports, one day a month ago", {
            "action": "export", "date_from": today - dt.timedelta(days=30),
            "date_to": today - dt.timedelta(days=30)}),
    ]
    cases = []
    for who, actor, name, kwargs in filters:
        rows = access_log_list(actor=actor, filters=kwargs)[:ACCESS_LOG_PAGE_SIZE]
        cases.append(Case(
            "13g", f"access log, {name}, page 1 ({who})",
            lambda actor=actor, kwargs=kwargs: list(access_log_page(actor=actor, filters=kwargs,
                                                                   page=1)),
            raw_sql=_sql(rows), target_ms=100.0, target_ratio=3.0))
    cases.append(Case("13g", "access log page, named entries (province)",
                      _page(province, "/audit/", {}), target_ms=PAGE_TARGET_MS))
    cases.append(Case("13g", "access log page, one user's prints (province)",
                      _page(province, "/audit/", {"user": county.username,
                                                  "action": "print"}),
                      target_ms=PAGE_TARGET_MS))
    return cases
