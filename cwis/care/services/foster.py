"""Family foster care (家庭寄养管理办法) and family-style couples: the registry of foster
families, the check of their conditions, training and evaluations, placing a child with a
family (through the children app's own move), visits, the evaluation and the ending.

Every service finds its record in the actor's scope (404), checks the role (403) and the
version the client read (409), refuses everything wrong at once (422) and writes in one
transaction with the history row naming the actor.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices_family import EDUCATION_ENOUGH, FamilyState, FosterEndReason
from cwis.care.models import (
    CarerEvaluation,
    CarerTraining,
    FosterFamily,
    FosterPlacement,
    FosterVisit,
    ResidenceCouple,
)
from cwis.care.models.foster import MAX_FOSTER_CHILDREN
from cwis.care.services import rules
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus, PlacementKind
from cwis.children.models import Child
from cwis.children.services import add_years
from cwis.children.services import internal as child_internal
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, require
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.institutions.models import FamilyResidence
from cwis.institutions.services.residences import residence_carers_set

MSG_NO_INSTITUTION = _("Only the staff of an institution register its foster families.")
MSG_HUKOU = _("The family needs a local hukou and a fixed home.")
MSG_INCOME = _("The family's income must be at least the local middle level.")
MSG_CARER_AGE = _("The main carer must be aged 30 to 65.")
MSG_CARER_EDUCATION = _("The main carer needs at least junior middle school.")
MSG_ILLNESS = _("A family with an illness that rules out caring for a child cannot foster.")
MSG_RECORD = _("A family with a disqualifying record cannot foster.")
MSG_OWN_CHILD = _("A family with a child of its own under six cannot foster.")
MSG_CAPACITY = _("A family may take one or two foster children.")
MSG_AGREEMENT_ORDER = _("The agreement cannot end before it starts.")
MSG_FAMILY_ENDED = _("This family no longer fosters.")
MSG_NOT_CHECKED = _("The family's conditions have not been checked.")
MSG_AGREEMENT_EXPIRED = _("The family has no foster care agreement in force on this day.")
MSG_FAMILY_FULL = _("The family already has as many foster children as it may take.")
MSG_OTHER_INSTITUTION = _("The family fosters for another institution.")
MSG_ALREADY_FOSTERED = _("The child already lives with a foster family.")
MSG_PLACEMENT_ENDED = _("This foster placement has ended.")
MSG_BEFORE_PLACEMENT = _("This date is before the child came to the family.")
MSG_FAMILY_HAS_CHILDREN = _("The family still has foster children: end their placements first.")
MSG_COUPLE_ENDED = _("This couple no longer lives in the residence.")
MSG_COUPLE_PRESENT = _("The residence already has a couple: record the present one leaving "
                       "first.")
MSG_RESIDENCE = _("Choose a family-style residence of your institution in use.")
# The residence's history row says why its carers changed.
MSG_REASON_COUPLE_CAME = _("A couple came to live in the residence.")
MSG_REASON_COUPLE_QUALIFIED = _("The residence's couple was confirmed as qualified.")
MSG_REASON_COUPLE_LEFT = _("The residence's couple left.")
MSG_END_REASON = _("Choose why the placement ends.")
MSG_EVALUATION = _("Choose the evaluation.")
MSG_EVALUATION_NOTE = _("Say what the evaluation found.")

FAMILY_FIELDS = ("household", "address", "village_code", "phone", "carer_name",
                 "carer_birth_date", "carer_education", "second_carer_name", "members",
                 "local_hukou_fixed_home", "income_at_least_middle",
                 "no_disqualifying_illness", "no_disqualifying_record",
                 "youngest_own_child_born", "capacity", "agreement_number", "agreement_from",
                 "agreement_to")
# A change in what the check found sends the family back to be checked again.
FAMILY_CONDITIONS = ("carer_birth_date", "carer_education", "local_hukou_fixed_home",
                     "income_at_least_middle", "no_disqualifying_illness",
                     "no_disqualifying_record", "youngest_own_child_born")
TRAINING_FIELDS = ("held_on", "topic", "hours", "provider")
EVALUATION_FIELDS = ("evaluated_on", "result", "findings")
VISIT_FIELDS = ("visited_on", "findings", "concerns")
PLACEMENT_EVALUATION_FIELDS = ("evaluated_on", "evaluation", "evaluation_note")
COUPLE_FIELDS = ("father_name", "mother_name", "started_on")
CARER_AGE = (30, 65)
OWN_CHILD_MIN_AGE = 6
_LINKS = ("institution", "conditions_checked_by", "family", "couple", "evaluator", "child",
          "foster_placement", "visitor", "placement", "residence", "qualified_by")


def _family_locked(actor: User, family_id: int) -> FosterFamily:
    return get_scoped(FosterFamily.objects.select_related("institution"), actor,
                      pk=family_id, for_update=True)


def _record_errors(record) -> dict[str, list]:
    return rules.record_errors(record, exclude=_LINKS)


def condition_errors(family: FosterFamily, on: dt.date) -> dict[str, list]:
    """What the foster care measures ask of the family, on the day `on`."""
    errors: dict[str, list] = {}
    if not family.local_hukou_fixed_home:
        add_error(errors, "local_hukou_fixed_home", MSG_HUKOU)
    if not family.income_at_least_middle:
        add_error(errors, "income_at_least_middle", MSG_INCOME)
    low, high = CARER_AGE
    born = family.carer_birth_date
    if born is not None and not (add_years(born, low) <= on < add_years(born, high + 1)):
        add_error(errors, "carer_birth_date", MSG_CARER_AGE)
    if family.carer_education not in EDUCATION_ENOUGH:
        add_error(errors, "carer_education", MSG_CARER_EDUCATION)
    if not family.no_disqualifying_illness:
        add_error(errors, "no_disqualifying_illness", MSG_ILLNESS)
    if not family.no_disqualifying_record:
        add_error(errors, "no_disqualifying_record", MSG_RECORD)
    youngest = family.youngest_own_child_born
    if youngest is not None and on < add_years(youngest, OWN_CHILD_MIN_AGE):
        add_error(errors, "youngest_own_child_born", MSG_OWN_CHILD)
    return errors


def _check_family(family: FosterFamily) -> None:
    errors = _record_errors(family)
    if not 1 <= (family.capacity or 0) <= MAX_FOSTER_CHILDREN and "capacity" not in errors:
        add_error(errors, "capacity", MSG_CAPACITY)
    if (family.agreement_from and family.agreement_to
            and family.agreement_to < family.agreement_from and "agreement_to" not in errors):
        add_error(errors, "agreement_to", MSG_AGREEMENT_ORDER)
    rules.raise_errors(errors)


@transaction.atomic
def foster_family_register(*, actor: User, data: Mapping[str, Any]) -> FosterFamily:
    """Register a family with the actor's institution; it takes no child before its
    conditions are checked (`foster_family_check`)."""
    require(actor, Perm.CARE_FAMILY)
    if actor.institution_id is None:
        raise PermissionDeniedError(MSG_NO_INSTITUTION)
    family = FosterFamily(institution_id=actor.institution_id)
    rules.assign(family, data, FAMILY_FIELDS)
    _check_family(family)
    rules.save(family, actor)
    return family


@transaction.atomic
def foster_family_update(*, actor: User, family_id: int, version: int,
                         data: Mapping[str, Any], reason: str = "") -> FosterFamily:
    """Change the family's record; a changed condition clears the check."""
    family = _family_locked(actor, family_id)
    require(actor, Perm.CARE_FAMILY)
    check_version(family, version)
    if family.state == FamilyState.ENDED:
        raise ValidationError(MSG_FAMILY_ENDED, code="family_ended")
    before = {f: getattr(family, f) for f in FAMILY_CONDITIONS}
    rules.assign(family, data, FAMILY_FIELDS)
    _check_family(family)
    if any(getattr(family, f) != before[f] for f in FAMILY_CONDITIONS):
        family.conditions_checked_on, family.conditions_checked_by = None, None
    bump_version(family, actor)
    rules.save(family, actor, reason)
    return family


@transaction.atomic
def foster_family_check(*, actor: User, family_id: int, version: int,
                        on: dt.date) -> FosterFamily:
    """Record that the family meets every condition of the measures, checked on `on`;
    refused with each condition it does not meet."""
    family = _family_locked(actor, family_id)
    require(actor, Perm.CARE_FAMILY)
    check_version(family, version)
    if family.state == FamilyState.ENDED:
        raise ValidationError(MSG_FAMILY_ENDED, code="family_ended")
    errors: dict[str, list] = {}
    rules.check_not_future(errors, "on", on)
    errors.update(condition_errors(family, on))
    rules.raise_errors(errors)
    family.conditions_checked_on, family.conditions_checked_by = on, actor
    bump_version(family, actor)
    rules.save(family, actor)
    return family


def open_placements(family: FosterFamily):
    """The family's foster children now: open here and in the child's placement timeline."""
    return family.placements.filter(ended_on__isnull=True, placement__ended_on__isnull=True)


@transaction.atomic
def foster_family_end(*, actor: User, family_id: int, version: int, on: dt.date,
                      reason: str) -> FosterFamily:
    family = _family_locked(actor, family_id)
    require(actor, Perm.CARE_FAMILY)
    check_version(family, version)
    if family.state == FamilyState.ENDED:
        raise ValidationError(MSG_FAMILY_ENDED, code="family_ended")
    errors: dict[str, list] = {}
    rules.check_not_future(errors, "on", on)
    if not reason.strip():
        add_error(errors, "reason", rules.MSG_REASON_REQUIRED)
    if open_placements(family).exists():
        add_error(errors, "on", MSG_FAMILY_HAS_CHILDREN)
    rules.raise_errors(errors)
    family.state, family.ended_on, family.end_reason = FamilyState.ENDED, on, reason.strip()
    bump_version(family, actor)
    rules.save(family, actor, reason)
    return family


# ------------------------------------------------------------- training, evaluations


def _owner(actor: User, family_id: int | None, couple_id: int | None) -> dict:
    """The foster family or residence couple a training or evaluation belongs to, locked."""
    if family_id is not None:
        family = _family_locked(actor, family_id)
        require(actor, Perm.CARE_FAMILY)
        if family.state == FamilyState.ENDED:
            raise ValidationError(MSG_FAMILY_ENDED, code="family_ended")
        return {"family": family}
    couple = get_scoped(ResidenceCouple.objects.all(), actor, pk=couple_id, for_update=True)
    require(actor, Perm.CARE_FAMILY)
    if couple.ended_on is not None:
        raise ValidationError(MSG_COUPLE_ENDED, code="couple_ended")
    return {"couple": couple}


@transaction.atomic
def carer_training_record(*, actor: User, data: Mapping[str, Any],
                          family_id: int | None = None,
                          couple_id: int | None = None) -> CarerTraining:
    training = CarerTraining(**_owner(actor, family_id, couple_id))
    rules.assign(training, data, TRAINING_FIELDS)
    errors = _record_errors(training)
    rules.check_not_future(errors, "held_on", training.held_on)
    rules.raise_errors(errors)
    rules.save(training, actor)
    return training


@transaction.atomic
def carer_evaluation_record(*, actor: User, data: Mapping[str, Any],
                            family_id: int | None = None,
                            couple_id: int | None = None) -> CarerEvaluation:
    evaluation = CarerEvaluation(**_owner(actor, family_id, couple_id), evaluator=actor)
    rules.assign(evaluation, data, EVALUATION_FIELDS)
    errors = _record_errors(evaluation)
    rules.check_not_future(errors, "evaluated_on", evaluation.evaluated_on)
    rules.raise_errors(errors)
    rules.save(evaluation, actor)
    return evaluation


# -------------------------------------------------------------------- placing a child


def placement_errors(family: FosterFamily, child: Child, on: dt.date) -> dict[str, list]:
    """Why `family` cannot take `child` on `on`: ended, unchecked, no agreement in force,
    full, another institution's, or no longer meeting the conditions."""
    errors: dict[str, list] = {}
    if family.state == FamilyState.ENDED:
        add_error(errors, "family_id", MSG_FAMILY_ENDED)
        return errors
    if family.institution_id != child.current_institution_id:
        add_error(errors, "family_id", MSG_OTHER_INSTITUTION)
    if family.conditions_checked_on is None:
        add_error(errors, "family_id", MSG_NOT_CHECKED)
    else:
        for messages in condition_errors(family, on).values():
            errors.setdefault("family_id", []).extend(messages)
    if not (family.agreement_from and family.agreement_to
            and family.agreement_from <= on <= family.agreement_to):
        add_error(errors, "family_id", MSG_AGREEMENT_EXPIRED)
    if open_placements(family).count() >= family.capacity:
        add_error(errors, "family_id", MSG_FAMILY_FULL)
    return errors


@transaction.atomic
def foster_place(*, actor: User, child_id: int, family_id: int, on: dt.date,
                 reason: str) -> FosterPlacement:
    """Place a child in care with a foster family: the child's open placement ends and a
    foster-family placement opens (the children app's move), linked to the family."""
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    require(actor, Perm.CARE_FAMILY)
    family = _family_locked(actor, family_id)
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(rules.MSG_FILE_CLOSED, code="file_closed")
    current = child.placements.filter(ended_on__isnull=True).first()
    errors = placement_errors(family, child, on)
    if current is not None and current.kind == PlacementKind.FOSTER_FAMILY:
        add_error(errors, "family_id", MSG_ALREADY_FOSTERED)
    rules.check_not_future(errors, "on", on)
    rules.raise_errors(errors)
    placement = child_internal.child_move(
        actor=actor, child=child, to_institution=child.current_institution, on=on,
        reason=reason, kind=PlacementKind.FOSTER_FAMILY, foster_carer=family.carer_name,
        foster_address=family.address)
    interval = settings.CWIS_FOSTER_VISIT_DAYS
    foster = FosterPlacement(placement=placement, family=family, child=child, started_on=on,
                             visit_interval_days=interval,
                             next_visit_due=on + dt.timedelta(days=interval))
    rules.save(foster, actor, reason)
    return foster


def _placement_locked(actor: User, foster_id: int) -> FosterPlacement:
    return get_scoped(FosterPlacement.objects.select_related("child", "family", "placement"),
                      actor, pk=foster_id, for_update=True)


def _check_open(foster: FosterPlacement) -> None:
    if foster.ended_on is not None or foster.placement.ended_on is not None:
        raise ValidationError(MSG_PLACEMENT_ENDED, code="placement_ended")


@transaction.atomic
def foster_visit_record(*, actor: User, foster_id: int, data: Mapping[str, Any]
                        ) -> FosterVisit:
    """A visit to the child in the family; the next falls due the interval later."""
    foster = _placement_locked(actor, foster_id)
    require(actor, Perm.CARE_FAMILY)
    _check_open(foster)
    visit = FosterVisit(foster_placement=foster, child=foster.child, visitor=actor)
    rules.assign(visit, data, VISIT_FIELDS)
    errors = _record_errors(visit)
    rules.check_not_future(errors, "visited_on", visit.visited_on)
    if visit.visited_on and visit.visited_on < foster.started_on and "visited_on" not in errors:
        add_error(errors, "visited_on", MSG_BEFORE_PLACEMENT)
    rules.raise_errors(errors)
    rules.save(visit, actor)
    latest = max(visit.visited_on, *foster.visits.values_list("visited_on", flat=True))
    foster.next_visit_due = latest + dt.timedelta(days=foster.visit_interval_days)
    bump_version(foster, actor)
    rules.save(foster, actor)
    return visit


@transaction.atomic
def foster_evaluate(*, actor: User, foster_id: int, version: int,
                    data: Mapping[str, Any]) -> FosterPlacement:
    """The institution's evaluation of how the placement goes (also after it ended)."""
    foster = _placement_locked(actor, foster_id)
    require(actor, Perm.CARE_FAMILY)
    check_version(foster, version)
    rules.assign(foster, data, PLACEMENT_EVALUATION_FIELDS)
    errors = _record_errors(foster)
    rules.check_not_future(errors, "evaluated_on", foster.evaluated_on)
    required = {"evaluated_on": rules.MSG_DATE_REQUIRED, "evaluation": MSG_EVALUATION,
                "evaluation_note": MSG_EVALUATION_NOTE}
    for field, message in required.items():
        if not getattr(foster, field) and field not in errors:
            add_error(errors, field, message)
    rules.raise_errors(errors)
    bump_version(foster, actor)
    rules.save(foster, actor)
    return foster


@transaction.atomic
def foster_end(*, actor: User, foster_id: int, version: int, on: dt.date, reason: str,
               note: str = "") -> FosterPlacement:
    """End the placement: the child moves back into the institution (the children app's
    move), unless the child's placement already ended elsewhere."""
    foster = _placement_locked(actor, foster_id)
    require(actor, Perm.CARE_FAMILY)
    check_version(foster, version)
    if foster.ended_on is not None:
        raise ValidationError(MSG_PLACEMENT_ENDED, code="placement_ended")
    errors: dict[str, list] = {}
    if reason not in FosterEndReason.values or reason == FosterEndReason.LEFT_CARE:
        add_error(errors, "reason", MSG_END_REASON)
    rules.check_not_future(errors, "on", on)
    if on < foster.started_on and "on" not in errors:
        add_error(errors, "on", MSG_BEFORE_PLACEMENT)
    rules.raise_errors(errors)
    label = str(FosterEndReason(reason).label)
    if foster.placement.ended_on is None:
        child = foster.child
        child_internal.child_move(actor=actor, child=child,
                                  to_institution=child.current_institution, on=on,
                                  reason=label, kind=PlacementKind.INSTITUTION)
    _close(foster, on=on, reason=reason, note=note, actor=actor)
    return foster


def _close(foster: FosterPlacement, *, on: dt.date, reason: str, note: str,
           actor: User) -> None:
    foster.ended_on, foster.end_reason, foster.end_note = on, reason, note.strip()
    foster.next_visit_due = None
    bump_version(foster, actor)
    rules.save(foster, actor, str(FosterEndReason(reason).label))


def foster_close_with_file(*, child: Child, on: dt.date, actor: User) -> None:
    """The child's file closed (registered with cwis.children.services.closing): the open
    foster placement ends with it, the family keeps its history."""
    for foster in FosterPlacement.objects.select_for_update().filter(
            child=child, ended_on__isnull=True):
        _close(foster, on=max(on, foster.started_on), reason=FosterEndReason.LEFT_CARE,
               note="", actor=actor)


# -------------------------------------------------------------- family-style couples


@transaction.atomic
def couple_record(*, actor: User, residence_id: int, data: Mapping[str, Any]
                  ) -> ResidenceCouple:
    """The couple coming to live in a family-style residence of the actor's institution."""
    residence = get_scoped(FamilyResidence.objects.all(), actor, pk=residence_id,
                           for_update=True)
    require(actor, Perm.CARE_FAMILY)
    errors: dict[str, list] = {}
    if not residence.is_active or residence.institution_id != actor.institution_id:
        add_error(errors, "residence_id", MSG_RESIDENCE)
    if ResidenceCouple.objects.filter(residence=residence, ended_on__isnull=True).exists():
        add_error(errors, "residence_id", MSG_COUPLE_PRESENT)
    couple = ResidenceCouple(residence=residence)
    rules.assign(couple, data, COUPLE_FIELDS)
    for field, messages in _record_errors(couple).items():
        errors.setdefault(field, []).extend(messages)
    rules.check_not_future(errors, "started_on", couple.started_on)
    rules.raise_errors(errors)
    rules.save(couple, actor)
    _residence_follows(couple, actor, reason=str(MSG_REASON_COUPLE_CAME))
    return couple


def _couple_locked(actor: User, couple_id: int) -> ResidenceCouple:
    couple = get_scoped(ResidenceCouple.objects.select_related("residence"), actor,
                        pk=couple_id, for_update=True)
    require(actor, Perm.CARE_FAMILY)
    return couple


def _residence_follows(couple: ResidenceCouple, actor: User, *, reason: str) -> None:
    """The residence's carers (institutions' FamilyResidence) name its present couple and
    the date it was confirmed qualified, or nobody once it left: in the same transaction."""
    residence = get_scoped(FamilyResidence.objects.all(), ALREADY_CHECKED,
                           pk=couple.residence_id, for_update=True)
    present = couple.ended_on is None
    residence_carers_set(
        residence=residence, actor=actor, reason=reason,
        father=couple.father_name if present else "",
        mother=couple.mother_name if present else "",
        qualified_on=couple.qualified_on if present else None)


@transaction.atomic
def couple_qualify(*, actor: User, couple_id: int, version: int, on: dt.date,
                   note: str) -> ResidenceCouple:
    """The institution confirms the couple qualified (policy 二(一)), dated, with how."""
    couple = _couple_locked(actor, couple_id)
    check_version(couple, version)
    if couple.ended_on is not None:
        raise ValidationError(MSG_COUPLE_ENDED, code="couple_ended")
    errors: dict[str, list] = {}
    rules.check_not_future(errors, "on", on)
    if not note.strip():
        add_error(errors, "note", rules.MSG_REASON_REQUIRED)
    rules.raise_errors(errors)
    couple.qualified_on, couple.qualified_by = on, actor
    couple.qualification_note = note.strip()
    bump_version(couple, actor)
    rules.save(couple, actor)
    _residence_follows(couple, actor, reason=str(MSG_REASON_COUPLE_QUALIFIED))
    return couple


@transaction.atomic
def couple_end(*, actor: User, couple_id: int, version: int, on: dt.date,
               reason: str) -> ResidenceCouple:
    couple = _couple_locked(actor, couple_id)
    check_version(couple, version)
    if couple.ended_on is not None:
        raise ValidationError(MSG_COUPLE_ENDED, code="couple_ended")
    errors: dict[str, list] = {}
    rules.check_not_future(errors, "on", on)
    if on < couple.started_on and "on" not in errors:
        add_error(errors, "on", MSG_BEFORE_PLACEMENT)
    if not reason.strip():
        add_error(errors, "reason", rules.MSG_REASON_REQUIRED)
    rules.raise_errors(errors)
    couple.ended_on, couple.end_reason = on, reason.strip()
    bump_version(couple, actor)
    rules.save(couple, actor, reason)
    _residence_follows(couple, actor, reason=str(MSG_REASON_COUPLE_LEFT))
    return couple

