"""Benchmark cases of care services (issue 14): a child's care tab, a therapist's to-do
list, and the province's list of children with no rehabilitation plan, each next to the
SQL of its main query (compiled from the selector's queryset)."""

from django.db.models import Count
from django.utils import timezone

from cwis.accounts.models import User
from cwis.benchmarks.harness import Case
from cwis.care import selectors
from cwis.care.choices import CareLine, PlanStatus
from cwis.care.models import CarePlan, CareSession
from cwis.core.scoping import scope

PER_PAGE = 20


def _therapist_with_plans() -> tuple[User, CarePlan]:
    """The generated therapist in charge of most open rehabilitation plans, and one of them."""
    busiest = (CarePlan.objects.filter(status=PlanStatus.ACTIVE, line=CareLine.REHABILITATION,
                                       responsible__username__startswith="syn-")
               .values("responsible").annotate(n=Count("id")).order_by("-n").first())
    if busiest is None:
        raise LookupError("no generated care plans: run `cwis generate` first")
    therapist = User.objects.select_related("institution", "division").get(
        pk=busiest["responsible"])
    plan = CarePlan.objects.filter(responsible=therapist, status=PlanStatus.ACTIVE).order_by(
        "pk").first()
    return therapist, plan


def care_cases(users: dict[str, User]) -> list[Case]:
    from cwis.benchmarks.cases import Api, _sql

    therapist, plan = _therapist_with_plans()
    api = Api(therapist)
    child_id = plan.child_id
    sessions = scope(CareSession.objects.filter(child_id=child_id,
                                                line=CareLine.REHABILITATION), therapist
                     ).select_related("staff").order_by("-held_on", "-id")[:300]
    today = timezone.localdate()
    review_due = scope(CarePlan.objects.filter(status=PlanStatus.ACTIVE,
                                               responsible=therapist), therapist
                       ).order_by("review_due_on", "id")[:200]
    province = Api(users["province"])
    without = selectors.children_without_plan(actor=users["province"],
                                              line=CareLine.REHABILITATION,
                                              today=today)[:PER_PAGE]
    return [
        Case("9a", "a child's rehabilitation tab (API, therapist)",
             api.get(f"/children/{child_id}/care/rehabilitation"), raw_sql=_sql(sessions),
             target_ms=50.0),
        Case("9b", "a therapist's to-do list (API)", api.get("/todo"),
             raw_sql=_sql(review_due), target_ms=300.0),
        Case("9c", "children with no rehabilitation plan, page 1 (API, province officer)",
             province.get("/care/without-plan", line="rehabilitation", limit=PER_PAGE),
             raw_sql=_sql(without), target_ms=50.0, target_ratio=2.0),
        Case("9c", "children with no rehabilitation plan, page 1 (ORM page)",
             lambda: list(without.all()), raw_sql=_sql(without), target_ms=50.0,
             target_ratio=2.0),
    ]
