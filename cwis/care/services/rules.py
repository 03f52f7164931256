"""What every care service shares: finding the child (or the outside service) to write on,
the role of the line, validating a record with all its refusals at once, and the messages."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import LINE_PERM, OutsideState
from cwis.care.models import OutsideService
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.history import record_change
from cwis.core.input import check_text
from cwis.core.permissions import Perm, has_perm
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.core.validators import MSG_DATE_FUTURE, date_range_errors

MSG_FILE_CLOSED = _("The child's file is closed: no new care records can be added.")
MSG_LINE = _("Choose one of the service lines.")
MSG_SERVICE_NOT_OPEN = _("This service is not open: no records can be added to it.")
MSG_SERVICE_LINE = _("This service is for another line.")
MSG_RESPONSIBLE = _("Choose a member of the child's institution.")
MSG_ASSESSMENT = _("Choose an assessment of this child in this line.")
MSG_REVIEW_BEFORE_START = _("The review cannot be due before the plan starts.")
MSG_PLAN_NOT_PENDING = _("Only a plan awaiting approval can be approved.")
MSG_PLAN_CLOSED = _("This plan is closed: it can no longer be changed.")
MSG_PLAN_NOT_ACTIVE = _("Sessions are recorded on an approved plan that is still open.")
MSG_BEFORE_PLAN = _("This date is before the plan starts.")
MSG_BEFORE_BIRTH = _("This date is before the child's birth.")
MSG_PROVIDER_NAME = _("Name the outside provider.")
MSG_NO_PROVIDER = _("Choose the kind of provider, or leave the name empty.")
MSG_PROVIDER_ORGANISATION = _("Choose an organisation of the registry.")
MSG_REASON_REQUIRED = _("Give the reason.")
MSG_DATE_REQUIRED = _("Enter the date.")
MSG_ALREADY_IN_ERROR = _("This record is already marked as entered in error.")

# Fields every record checks for plausible dates; events that happened may not be future.
PAST = frozenset({"assessed_on", "held_on", "reviewed_on", "started_on", "ended_on",
                  "done_on", "applied_on", "decided_on", "enrolled_on", "answered_on",
                  "received_on", "reported_on", "agreed_on", "left_on"})


def today() -> dt.date:
    return timezone.localdate()


def line_perm(line: str) -> Perm:
    if line not in LINE_PERM:
        raise ValidationError({"line": [MSG_LINE]})
    return LINE_PERM[line]


def may_write(actor: User, line: str) -> bool:
    return line in LINE_PERM and has_perm(actor, LINE_PERM[line])


def may_view_clinical(actor: User, line: str) -> bool:
    """Assessments, reviews, diagnoses and costs: the line's own profession and the
    director; not caregivers, other professions or the offices above (minimum necessary)."""
    return has_perm(actor, Perm.CARE_VIEW_CLINICAL) or may_write(actor, line)


def require_clinical(actor: User, line: str) -> None:
    if not may_view_clinical(actor, line):
        raise PermissionDeniedError()


def require_any(actor: User, perms: tuple[Perm, ...]) -> None:
    if not any(has_perm(actor, perm) for perm in perms):
        raise PermissionDeniedError()


def target(actor: User, *, child_id: int | None, line: str, service_id: int | None = None,
           perms: tuple[Perm, ...] = ()) -> tuple[Child, OutsideService | None]:
    """The child a record of `line` is written on, locked, in the actor's scope, with the
    outside service it belongs to when one is named: 404 out of scope, 403 for a role that
    does not write this line, 422 for a closed file or a service not open.

    Without a service the child must be in care in the actor's scope; with one, the service
    must be open, of this line, and delivered by the actor's institution (it is what puts
    the child in the actor's scope: cwis/care/models/outside.py). `perms`: roles besides
    the line's that may write this record (the director, for administrative records).
    """
    allowed = (line_perm(line), *perms)
    if service_id is not None:
        service = get_scoped(OutsideService.objects.all(), actor, pk=service_id,
                             for_update=True)
        if child_id is not None and service.child_id != child_id:
            raise_missing()
        require_any(actor, allowed)
        if service.provider_id != actor.institution_id or service.state != OutsideState.OPEN:
            raise ValidationError(MSG_SERVICE_NOT_OPEN, code="service_not_open")
        if service.line != line:
            raise ValidationError({"line": [MSG_SERVICE_LINE]})
        child = get_scoped(Child.objects.all(), ALREADY_CHECKED, pk=service.child_id,
                           for_update=True)
        return child, service
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    require_any(actor, allowed)
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(MSG_FILE_CLOSED, code="file_closed")
    return child, None


def raise_missing() -> None:
    raise NotFoundError()


def assign(instance: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    """Copy the allowed `fields` present in `data` onto `instance`, text stripped."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        elif value is None and _is_text(instance, field):
            value = ""
        setattr(instance, field, value)


def _is_text(instance: models.Model, field: str) -> bool:
    return isinstance(instance._meta.get_field(field), models.CharField | models.TextField)


def add_error(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def record_errors(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, list]:
    """The record's field rules (required, lengths, choices), control characters and
    implausible dates, as {field: [messages]}."""
    errors: dict[str, list] = {}
    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    text = {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)}
    multiline = [f.name for f in instance._meta.concrete_fields
                 if isinstance(f, models.TextField)]
    try:
        check_text(text, multiline=multiline)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    dates = {f.name: getattr(instance, f.name) for f in instance._meta.concrete_fields
             if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)}
    for field, messages in date_range_errors(dates, past=PAST).items():
        if field not in errors:
            errors[field] = messages
    return errors


def check_not_future(errors: dict[str, list], field: str, day: dt.date | None) -> None:
    if day is not None and day > today() and field not in errors:
        add_error(errors, field, MSG_DATE_FUTURE)


def check_after_birth(errors: dict[str, list], child: Child, field: str,
                      day: dt.date | None) -> None:
    if day is not None and day < child.birth_date and field not in errors:
        add_error(errors, field, MSG_BEFORE_BIRTH)


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def save(instance: models.Model, actor: User, reason: str = "") -> None:
    record_change(instance, actor, reason)
    instance.save()


def responsible_errors(errors: dict[str, list], child: Child, service: OutsideService | None,
                       user: User | None, field: str = "responsible") -> None:
    """Staff named on a record work where the service is delivered: the child's institution,
    or the institution delivering the outside service."""
    institution_id = service.provider_id if service else child.current_institution_id
    if user is None or not user.is_active or user.institution_id != institution_id:
        add_error(errors, field, MSG_RESPONSIBLE)
