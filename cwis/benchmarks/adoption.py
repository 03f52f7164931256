"""Benchmark cases of the upbringing assessment and adoption (issue 15, items 20a-20h): the
director's to-do list (its upbringing query), the province's "no current upbringing
assessment" list, the province's escalated to-do, a child's upbringing page, the children on
the way to adoption, the applications of the office that runs the institution, and the
adoption counts; each next to the SQL of its main query."""

from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.care import selectors
from cwis.care.models import AdopterApplication, AdoptionCase, UpbringingAssessment
from cwis.care.todo_adoption import children_due
from cwis.core.scoping import scope_for_counts

PER_PAGE = 20


def adoption_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    today = timezone.localdate()
    director, province = users["director"], users["province"]
    due = children_due(director, today)[:200]
    missing = selectors.children_without_assessment(actor=province, today=today).order_by(
        "current_institution__name", "name", "pk")[:PER_PAGE]
    escalated = children_due(province, today, before=True)[:200]
    child = (AdoptionCase.objects.filter(child__current_institution=director.institution)
             .values_list("child_id", flat=True).first()
             or director.institution.children.values_list("pk", flat=True).first())
    cases = selectors.adoption_cases(actor=province)[:PER_PAGE]
    prefecture = users["prefecture"]
    applications = selectors.applications(actor=prefecture)[:PER_PAGE]
    counted = scope_for_counts(AdopterApplication.objects.all(), province)
    api, above, office = Api(director), Api(province), Api(prefecture)
    found = [
        Case("20a", "a director's to-do list with upbringing and adoption items (API)",
             api.get("/todo"), raw_sql=_sql(due), target_ms=300.0),
        Case("20b", "children with no current upbringing assessment, page 1 (API, province)",
             above.get("/care/upbringing-missing", limit=PER_PAGE), raw_sql=_sql(missing),
             target_ms=50.0, target_ratio=2.0),
        Case("20c", "children with no current upbringing assessment, page 1 (ORM page)",
             lambda: list(missing.all()), raw_sql=_sql(missing), target_ms=50.0,
             target_ratio=2.0),
        Case("20d", "the province's to-do list with escalated upbringing items (API)",
             above.get("/todo"), raw_sql=_sql(escalated), target_ms=300.0),
        Case("20f", "children on the way to adoption, page 1 (API, province)",
             above.get("/care/adoption/cases", limit=PER_PAGE), raw_sql=_sql(cases),
             target_ms=50.0, target_ratio=2.0),
        Case("20g", "adoption applications, page 1 (API, the office running the institution)",
             office.get("/care/adoption/applications", limit=PER_PAGE),
             raw_sql=_sql(applications), target_ms=50.0, target_ratio=2.0),
        Case("20h", "adoption counts (API, province: counts, not applicants)",
             above.get("/care/adoption/counts"), raw_sql=_sql(counted), target_ms=300.0),
    ]
    if child is not None:  # an institution with no child (tiny scale) has no page to read
        found.append(
            Case("20e", "a child's upbringing assessment and adoption (API, director)",
                 api.get(f"/children/{child}/upbringing"),
                 raw_sql=_sql(UpbringingAssessment.objects.filter(child_id=child)),
                 target_ms=50.0))
    return found
