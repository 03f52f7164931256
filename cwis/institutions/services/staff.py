"""Posts and staff: the headcount set for each post type, staff members, their
qualifications and training, and what becomes of each in a transformation."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import (
    Institution,
    IntegrationOutcome,
    Post,
    PostType,
    QualificationKind,
    StaffMember,
    StaffQualification,
    TrainingRecord,
    Transformation,
    TransformationState,
)
from cwis.institutions.services.common import (
    MSG_NUMBER_REQUIRED,
    dates_in_order,
    not_future,
    require_text,
    same_province_institution,
    save,
    text,
)

MSG_POST_TYPE_UNKNOWN = _("Choose the post.")
MSG_HEADCOUNT_NEGATIVE = _("A headcount cannot be below zero.")

MSG_STAFF_DATES = _("A staff member cannot leave before starting.")
MSG_OUTCOME_UNKNOWN = _("Choose an outcome.")
MSG_OUTCOME_NEEDS_TRANSFORMATION = _(
    "Outcomes are recorded for the staff of an institution whose transformation is under way."
)
MSG_OUTCOME_STAFF_LEFT = _("This staff member had already left the institution.")
MSG_OUTCOME_DATE_REQUIRED = _("Enter the date the outcome was decided.")
MSG_TRANSFERRED_TO_REQUIRED = _(
    "Choose the operating institution of the same province the staff member moves to."
)
MSG_QUALIFICATION_KIND_UNKNOWN = _("Choose the kind of qualification.")
MSG_QUALIFICATION_DATES = _("A certificate cannot expire before it was issued.")
MSG_TRAINING_DATES = _("A training cannot end before it starts.")
MSG_TRAINING_HOURS = _("Training hours cannot be below zero.")


# --- posts ---------------------------------------------------------------------------------

@transaction.atomic
def post_set_headcount(*, actor: User, institution_id: int, post_type: str,
                       headcount_set: int, version: int | None = None) -> Post:
    """Set the headcount of one post type; `version` is required once the post exists."""
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    if post_type not in PostType.values:
        raise field_error("post_type", MSG_POST_TYPE_UNKNOWN)
    if headcount_set is None or int(headcount_set) < 0:
        raise field_error("headcount_set", MSG_HEADCOUNT_NEGATIVE)
    try:
        post = get_scoped(Post.objects.all(), actor, institution=institution,
                          post_type=post_type, for_update=True)
    except NotFoundError:
        post = Post(institution=institution, post_type=post_type)
    else:
        check_version(post, version)
        bump_version(post, actor)
    post.headcount_set = int(headcount_set)
    save(post, actor)
    return post


# --- staff ---------------------------------------------------------------------------------

def _apply_staff(staff: StaffMember, *, name: str, post_type: str, started_on: dt.date,
                 left_on: dt.date | None) -> None:
    staff.name = require_text("name", name)
    if post_type not in PostType.values:
        raise field_error("post_type", MSG_POST_TYPE_UNKNOWN)
    staff.post_type = post_type
    dates_in_order("left_on", started_on, left_on, MSG_STAFF_DATES)
    staff.started_on = started_on
    staff.left_on = left_on


@transaction.atomic
def staff_add(*, actor: User, institution_id: int, name: str, post_type: str,
              started_on: dt.date, left_on: dt.date | None = None) -> StaffMember:
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    require(actor, Perm.INSTITUTION_EDIT)
    staff = StaffMember(institution=institution)
    _apply_staff(staff, name=name, post_type=post_type, started_on=started_on, left_on=left_on)
    save(staff, actor)
    return staff


@transaction.atomic
def staff_update(*, actor: User, staff_id: int, version: int, name: str, post_type: str,
                 started_on: dt.date, left_on: dt.date | None = None) -> StaffMember:
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id, for_update=True)
    require(actor, Perm.INSTITUTION_EDIT)
    check_version(staff, version)
    bump_version(staff, actor)
    _apply_staff(staff, name=name, post_type=post_type, started_on=started_on, left_on=left_on)
    save(staff, actor)
    return staff


def _transformation_under_way(institution_id: int) -> bool:
    return Transformation.objects.filter(
        institution_id=institution_id,
        state__in=[TransformationState.PLANNED, TransformationState.HANDING_OVER],
    ).exists()


def _apply_outcome(staff: StaffMember, outcome: str, decided_on: dt.date | None,
                   transferred_to_id: int | None) -> None:
    if outcome not in IntegrationOutcome.values:
        raise field_error("integration_outcome", MSG_OUTCOME_UNKNOWN)
    set_by_outcome = staff.integration_outcome in (IntegrationOutcome.TRANSFERRED,
                                                   IntegrationOutcome.LEFT)
    if staff.left_on is not None and not set_by_outcome:
        raise field_error("integration_outcome", MSG_OUTCOME_STAFF_LEFT)
    if outcome != IntegrationOutcome.PENDING and decided_on is None:
        raise field_error("integration_on", MSG_OUTCOME_DATE_REQUIRED, code="required")
    if decided_on is not None:
        not_future("integration_on", decided_on)
        dates_in_order("integration_on", staff.started_on, decided_on, MSG_STAFF_DATES)
    staff.transferred_to = None
    if outcome == IntegrationOutcome.TRANSFERRED:
        if transferred_to_id is not None and int(transferred_to_id) == staff.institution_id:
            raise field_error("transferred_to_id", MSG_TRANSFERRED_TO_REQUIRED)
        staff.transferred_to = same_province_institution(
            "transferred_to_id", transferred_to_id, staff.institution.division_code[:2],
            MSG_TRANSFERRED_TO_REQUIRED,
        )
    leaving = outcome in (IntegrationOutcome.TRANSFERRED, IntegrationOutcome.LEFT)
    staff.left_on = decided_on if leaving else None
    staff.integration_outcome = outcome
    staff.integration_on = decided_on if outcome != IntegrationOutcome.PENDING else None


@transaction.atomic
def staff_record_outcome(*, actor: User, staff_id: int, version: int, outcome: str,
                         decided_on: dt.date | None,
                         transferred_to_id: int | None = None) -> StaffMember:
    """Record what becomes of a staff member in the transformation: stays in the minors'
    protection institution, moves to another institution of the province, or leaves."""
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id, for_update=True)
    require(actor, Perm.INSTITUTION_EDIT)
    if not _transformation_under_way(staff.institution_id):
        raise field_error("integration_outcome", MSG_OUTCOME_NEEDS_TRANSFORMATION)
    check_version(staff, version)
    bump_version(staff, actor)
    _apply_outcome(staff, outcome, decided_on, transferred_to_id)
    save(staff, actor)
    return staff


# --- qualifications and training ----------------------------------------------------------

@transaction.atomic
def qualification_add(*, actor: User, staff_id: int, kind: str, number: str,
                      issued_on: dt.date, valid_to: dt.date | None = None) -> StaffQualification:
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    if kind not in QualificationKind.values:
        raise field_error("kind", MSG_QUALIFICATION_KIND_UNKNOWN)
    dates_in_order("valid_to", issued_on, valid_to, MSG_QUALIFICATION_DATES)
    qualification = StaffQualification(
        staff=staff, kind=kind, number=require_text("number", number, MSG_NUMBER_REQUIRED),
        issued_on=issued_on, valid_to=valid_to,
    )
    save(qualification, actor)
    return qualification


@transaction.atomic
def training_add(*, actor: User, staff_id: int, title: str, started_on: dt.date,
                 ended_on: dt.date, hours: int = 0, provider: str = "") -> TrainingRecord:
    staff = get_scoped(StaffMember.objects.all(), actor, pk=staff_id)
    require(actor, Perm.INSTITUTION_EDIT)
    dates_in_order("ended_on", started_on, ended_on, MSG_TRAINING_DATES)
    if hours is None or int(hours) < 0:
        raise field_error("hours", MSG_TRAINING_HOURS)
    training = TrainingRecord(
        staff=staff, title=require_text("title", title), provider=text(provider),
        started_on=started_on, ended_on=ended_on, hours=int(hours),
    )
    save(training, actor)
    return training
