"""Benchmark cases of the partners module (issue 18, items 24a-24e): the partner request
list as a department and as a county officer read it (API, page 1, next to the SQL of the
list's query), the to-do provider of unanswered requests, and the data-quality page's
counts and figure. Skipped until the database holds requests or findings (no generator step
yet: checked on a small database only)."""

from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.core.permissions import Role
from cwis.partners import selectors_quality
from cwis.partners.models import Finding, PartnerRequest
from cwis.partners.todo import partner_todo

PER_PAGE = 20
NAMES = {
    "24a": "a department's partner requests, page 1 (API, partner account)",
    "24b": "a county's partner requests, page 1 (API, county officer)",
    "24c": "the county's unanswered-request to-do provider",
    "24d": "the data-quality page's counts per rule (county officer)",
    "24e": "the data-quality figure (province officer)",
}


def partner_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    sample = PartnerRequest.objects.order_by("pk").first()
    finding = Finding.objects.order_by("pk").first()
    today = timezone.localdate()
    cases = []
    if sample is None:
        cases += [Case(n, NAMES[n], lambda: None, skip="no partner requests")
                  for n in ("24a", "24b", "24c")]
    else:
        code = sample.division_code[:6]
        partner = User.objects.filter(role=Role.PARTNER_VIEWER, is_active=True,
                                      partner_department=sample.department,
                                      division__code=code).first()
        county = User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                     division__code=code).first()
        from cwis.partners import selectors

        for number, actor in (("24a", partner), ("24b", county)):
            if actor is None:
                cases.append(Case(number, NAMES[number], lambda: None, skip="no such user"))
                continue
            page = selectors.request_list(actor=actor)[:PER_PAGE]
            cases.append(Case(number, NAMES[number],
                              Api(actor).get("/partners/requests", limit=PER_PAGE),
                              raw_sql=_sql(page), target_ms=100.0))
        if county is not None:
            cases.append(Case("24c", NAMES["24c"], lambda: partner_todo(county, today),
                              target_ms=200.0))
    if finding is None:
        return [*cases, *(Case(n, NAMES[n], lambda: None, skip="no findings (no scan yet)")
                          for n in ("24d", "24e"))]
    county = User.objects.filter(role=Role.COUNTY_OFFICER, is_active=True,
                                 division__code=finding.division_code[:6]).first()
    province = User.objects.filter(role=Role.PROVINCE_OFFICER, is_active=True,
                                   division__code=f"{finding.division_code[:2]}0000").first()
    for number, actor, call in (
            ("24d", county, lambda a: selectors_quality.finding_counts(actor=a)),
            ("24e", province, lambda a: selectors_quality.finding_total(actor=a))):
        if actor is None:
            cases.append(Case(number, NAMES[number], lambda: None, skip="no such user"))
            continue
        cases.append(Case(number, NAMES[number], lambda a=actor, c=call: c(a),
                          target_ms=300.0))
    return cases
