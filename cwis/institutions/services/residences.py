"""Family-style residences: a qualified couple living with a few children as their carers,
inside an institution (policy 二（一））."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import FamilyResidence, Institution
from cwis.institutions.services.common import (
    not_future,
    require_text,
    save,
    text,
)

MSG_RESIDENCE_NAME_TAKEN = _("The institution already has a residence with this name.")
MSG_RESIDENCE_CAPACITY = _("A residence has room for at least one child.")
MSG_RESIDENCE_COUPLE = _("Name both carers of the couple, or neither while the residence "
                         "waits for a couple.")


def _apply_residence(residence: FamilyResidence, *, name: str, capacity: int,
                     carer_father: str, carer_mother: str,
                     carers_qualified_on: dt.date | None, is_active: bool) -> None:
    residence.name = require_text("name", name)
    duplicate = FamilyResidence.objects.filter(
        institution_id=residence.institution_id, name=residence.name
    ).exclude(pk=residence.pk)
    if duplicate.exists():
        raise field_error("name", MSG_RESIDENCE_NAME_TAKEN, code="unique")
    if capacity is None or int(capacity) < 1:
        raise field_error("capacity", MSG_RESIDENCE_CAPACITY)
    residence.capacity = int(capacity)
    residence.carer_father = text(carer_father)
    residence.carer_mother = text(carer_mother)
    residence.is_active = bool(is_active)
    # A couple is named whole; a residence between couples (the last one left: the care
    # app's couple_end) names none.
    if bool(residence.carer_father) != bool(residence.carer_mother):
        field = "carer_mother" if residence.carer_father else "carer_father"
        raise field_error(field, MSG_RESIDENCE_COUPLE, code="required")
    if carers_qualified_on is not None:
        not_future("carers_qualified_on", carers_qualified_on)
    residence.carers_qualified_on = carers_qualified_on


@transaction.atomic
def residence_add(*, actor: User, institution_id: int, name: str, capacity: int,
                  carer_father: str = "", carer_mother: str = "",
                  carers_qualified_on: dt.date | None = None,
                  is_active: bool = True) -> FamilyResidence:
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    residence = FamilyResidence(institution=institution)
    _apply_residence(residence, name=name, capacity=capacity, carer_father=carer_father,
                     carer_mother=carer_mother, carers_qualified_on=carers_qualified_on,
                     is_active=is_active)
    save(residence, actor)
    return residence


@transaction.atomic
def residence_update(*, actor: User, residence_id: int, version: int, name: str,
                     capacity: int, carer_father: str = "", carer_mother: str = "",
                     carers_qualified_on: dt.date | None = None,
                     is_active: bool = True) -> FamilyResidence:
    # Scoped through its institution; only the residence's own row is locked.
    residence = get_scoped(FamilyResidence.objects.all(), actor, pk=residence_id, for_update=True)
    require(actor, Perm.INSTITUTION_EDIT)
    check_version(residence, version)
    bump_version(residence, actor)
    _apply_residence(residence, name=name, capacity=capacity, carer_father=carer_father,
                     carer_mother=carer_mother, carers_qualified_on=carers_qualified_on,
                     is_active=is_active)
    save(residence, actor)
    return residence


def residence_carers_set(*, residence: FamilyResidence, actor: User, father: str, mother: str,
                         qualified_on: dt.date | None, reason: str) -> None:
    """The residence's carers follow its present couple (cwis/care/services/foster.py: a
    couple coming, confirmed as qualified, leaving), in the caller's transaction. Composed by
    a service that found the residence in scope and locked it: no second check."""
    residence.carer_father, residence.carer_mother = text(father), text(mother)
    residence.carers_qualified_on = qualified_on
    bump_version(residence, actor)
    save(residence, actor, reason=reason)
