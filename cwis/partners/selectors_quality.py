"""Reads of the data-quality findings: counts per rule and the list of one rule, scoped to
the user's jurisdiction (the scan stores findings for the whole country)."""

from django.db.models import Count, QuerySet

from cwis.accounts.models import User
from cwis.core.permissions import Perm, require
from cwis.core.scoping import scope
from cwis.partners.models import Finding
from cwis.partners.quality_rules import RULES


def finding_counts(*, actor: User) -> list[tuple[str, object, int]]:
    """(rule, label, findings in scope) for every rule, in the registry's order."""
    require(actor, Perm.DATA_QUALITY)
    counts = dict(scope(Finding.objects.all(), actor).values_list("rule").annotate(
        n=Count("pk")).values_list("rule", "n"))
    return [(key, spec.label, counts.get(key, 0)) for key, spec in RULES.items()]


def finding_total(*, actor: User, prefix: str = "") -> int:
    """The findings in scope (within the area `prefix` when given): the dashboard figure."""
    require(actor, Perm.DATA_QUALITY)
    return scope(Finding.objects.filter(division_code__startswith=prefix), actor).count()


def finding_list(*, actor: User, rule: str) -> QuerySet[Finding]:
    require(actor, Perm.DATA_QUALITY)
    return scope(Finding.objects.filter(rule=rule), actor).select_related(
        "child", "other").order_by("division_code", "id")


def last_scan(*, actor: User):
    require(actor, Perm.DATA_QUALITY)
    return Finding.objects.order_by("-found_at").values_list("found_at", flat=True).first()
