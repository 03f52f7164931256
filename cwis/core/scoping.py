"""The one place that turns a user into the set of records they may see (DESIGN.md rule 1).

Every scoped model declares `scope_rule = ScopeRule(division=..., institution=...)`: the
lookup path to the record's division code and to its institution. Selectors pass every
queryset through `scope()`; nothing else filters by jurisdiction. Scoping fails closed: an
inactive user, a user without a jurisdiction, or a role without one sees nothing.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from cwis.core.errors import NotFoundError
from cwis.core.permissions import ScopeKind

if TYPE_CHECKING:
    from cwis.accounts.models import User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class ScopeRule:
    division: str  # lookup path to the record's division code (6, 9 or 12 digits)
    institution: str | None = None  # lookup path to the record's institution id
    # Further (division, institution) path pairs, OR'ed with the first: a record that belongs
    # to two places (a transfer: the sending and the receiving institution) is seen from both.
    # A pair may carry a third element, a condition (Q) under which it holds: access that a
    # record grants for a time (a service to a child outside the institution, seen by the
    # delivering institution while it is open: cwis/care/models/outside.py).
    also: tuple[tuple[str, str | None] | tuple[str, str | None, models.Q], ...] = ()
    # Prefix lengths with an expression index on (Substr(division, 1, n), ...): a prefix of
    # such a length is compared as Substr(...) = prefix, which that index serves in order.
    prefix_indexes: tuple[int, ...] = ()
    # Sensitive records (adopters' data: cwis/care/models/adoption.py) are seen by the
    # institution and by the one civil affairs office that runs it, not by every office
    # above: a division-scoped user sees them only when the record's division (the
    # institution's founding department) IS the user's division; the whole country sees
    # none. The offices above read counts (`scope_for_counts`).
    office_only: bool = False
    # Lookup path to the partner department a record is addressed to (cwis.partners): a
    # partner account (ScopeKind.PARTNER) sees a record only when it is addressed to the
    # account's department inside the account's area; a model without this path shows a
    # partner nothing (ADR 0018).
    department: str | None = None

    def pairs(self) -> list[tuple[str, str | None, models.Q | None]]:
        """Every (division path, institution path, condition or None) the record is seen by."""
        extra = [(pair[0], pair[1], pair[2] if len(pair) > 2 else None) for pair in self.also]
        return [(self.division, self.institution, None), *extra]


def _rule(model: type[models.Model]) -> ScopeRule:
    rule = getattr(model, "scope_rule", None)
    if not isinstance(rule, ScopeRule):
        raise ImproperlyConfigured(f"{model.__name__} has no scope_rule")
    return rule


def actor_prefix(actor: "User") -> str | None:
    """The division-code prefix a user sees: '' for the whole country, None for nothing."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    kind = actor.scope_kind
    if kind == ScopeKind.NATIONAL:
        return ""
    if kind == ScopeKind.DIVISION and actor.division_id is not None:
        return actor.division.scope_prefix
    if kind == ScopeKind.INSTITUTION and actor.institution_id is not None:
        return actor.institution.division_code
    return None


def scope(queryset: models.QuerySet[M], actor: "User") -> models.QuerySet[M]:
    """Restrict `queryset` to what `actor` may see."""
    rule = _rule(queryset.model)
    if actor is ALREADY_CHECKED:
        raise ImproperlyConfigured("scope() needs a user; ALREADY_CHECKED is for get_scoped")
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return queryset.none()
    kind = actor.scope_kind
    if kind == ScopeKind.NATIONAL:
        return queryset.none() if rule.office_only else queryset
    if kind == ScopeKind.DIVISION:
        return _division_scope(queryset, actor, rule)
    if kind == ScopeKind.PARTNER:
        return _partner_scope(queryset, actor, rule)
    if kind == ScopeKind.INSTITUTION:
        paths = [(inst, when) for _, inst, when in rule.pairs() if inst is not None]
        if actor.institution_id is None or not paths:
            return queryset.none()
        return _any_of(queryset, [(models.Q(**{path: actor.institution_id}), when)
                                  for path, when in paths])
    return queryset.none()


def _division_scope(queryset: models.QuerySet[M], actor: "User",
                    rule: ScopeRule) -> models.QuerySet[M]:
    if actor.division_id is None:
        return queryset.none()
    if rule.office_only:
        return _any_of(queryset, [(models.Q(**{div: actor.division.code}), when)
                                  for div, _, when in rule.pairs()])
    prefix = actor.division.scope_prefix
    if len(prefix) in rule.prefix_indexes and not rule.also:
        return queryset.filter(
            Exact(Substr(F(rule.division), 1, len(prefix)), Value(prefix))
        )
    return _any_of(queryset, [(models.Q(**{f"{div}__startswith": prefix}), when)
                              for div, _, when in rule.pairs()])


def _partner_scope(queryset: models.QuerySet[M], actor: "User",
                   rule: ScopeRule) -> models.QuerySet[M]:
    """A partner department's account: the records addressed to its department whose
    division lies in its area. Fails closed: no department path, no area or no department
    on the account is nothing."""
    department = getattr(actor, "partner_department", "")
    if rule.department is None or actor.division_id is None or not department:
        return queryset.none()
    return queryset.filter(**{f"{rule.division}__startswith": actor.division.scope_prefix,
                              rule.department: department})


def scope_for_counts(queryset: models.QuerySet[M], actor: "User") -> models.QuerySet[M]:
    """The records `actor` may COUNT: a rule `office_only` widened to the ordinary prefix
    scope (an office above counts the adoptions it may not read). Only for aggregates:
    never list or show what this returns."""
    rule = _rule(queryset.model)
    if not rule.office_only:
        return scope(queryset, actor)
    wide = ScopeRule(division=rule.division, institution=rule.institution, also=rule.also)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return queryset.none()
    if actor.scope_kind == ScopeKind.NATIONAL:
        return queryset
    if actor.scope_kind == ScopeKind.DIVISION and actor.division_id is not None:
        prefix = actor.division.scope_prefix
        return _any_of(queryset, [(models.Q(**{f"{div}__startswith": prefix}), when)
                                  for div, _, when in wide.pairs()])
    return scope(queryset, actor)


def scope_running_office(queryset: models.QuerySet[M], actor: "User") -> models.QuerySet[M]:
    """The records of the institutions run by `actor`'s own civil affairs office: a
    division-scoped user gets those whose division (the institution's founding department)
    IS the user's division, as `ScopeRule.office_only` reads; everyone else none. For what
    reaches the office running an institution and not every office above it (a child of the
    institution turning 18 with no plan: cwis/care/todo_family.py)."""
    rule = _rule(queryset.model)
    if (not getattr(actor, "is_authenticated", False) or not actor.is_active
            or actor.scope_kind != ScopeKind.DIVISION or actor.division_id is None):
        return queryset.none()
    return _any_of(queryset, [(models.Q(**{div: actor.division.code}), when)
                              for div, _, when in rule.pairs()])


def _any_of(queryset: models.QuerySet[M],
            lookups: list[tuple[models.Q, models.Q | None]]) -> models.QuerySet[M]:
    conditions = [lookup & when if when is not None else lookup for lookup, when in lookups]
    if len(conditions) == 1:
        return queryset.filter(conditions[0])
    condition = models.Q()
    for each in conditions:
        condition |= each
    return queryset.filter(condition)


class _AlreadyChecked:
    """The actor of an internal operation (see ALREADY_CHECKED)."""

    def __repr__(self) -> str:
        return "ALREADY_CHECKED"


# Passed as the actor by internal operations that a checked service composes (a transfer
# receipt moves the child): the service has checked role and scope once, through the record
# that leads here, and the child is not yet in the receiver's scope. Only `get_scoped` takes
# it, to find and lock a row; `scope()` refuses it, so no list is ever read unscoped.
ALREADY_CHECKED = _AlreadyChecked()


def get_scoped(
    queryset: models.QuerySet[M],
    actor: "User | _AlreadyChecked",
    *,
    for_update: bool = False,
    **lookup,
) -> M:
    """One record in scope, or NotFoundError: the same answer for missing and forbidden.

    With `for_update=True` the same query also locks the record's own row until the
    surrounding transaction ends (`of=("self",)`: a scope rule that joins, such as a
    residence through its institution, must not lock the joined rows too). Scope is thus
    checked before anything is locked, and nothing else in CWIS locks by hand.
    """
    scoped = queryset if actor is ALREADY_CHECKED else scope(queryset, actor)
    if for_update:
        scoped = scoped.select_for_update(of=("self",))
    try:
        return scoped.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError() from exc


def division_in_scope(actor: "User", code: str) -> bool:
    """May `actor` act on a record placed in division `code`?"""
    prefix = actor_prefix(actor)
    if prefix is None:
        return False
    if actor.scope_kind == ScopeKind.INSTITUTION:
        return code == prefix
    return code.startswith(prefix)
