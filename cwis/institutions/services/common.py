"""What every institutions service shares: saving with its history row, text and date
checks, and the messages more than one task uses."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.errors import field_error
from cwis.core.history import record_change
from cwis.core.validators import MSG_DATE_FUTURE, record_date_errors
from cwis.institutions.models import Institution, InstitutionStatus

MSG_NAME_REQUIRED = _("Enter the name.")
MSG_NUMBER_REQUIRED = _("Enter the number.")
MSG_DATE_REQUIRED = _("Enter the date.")
MSG_REASON_REQUIRED = _("Give the reason.")


def save(instance: Model, actor: User, *, reason: str = "") -> None:
    """Validate the whole record (its dates in the plausible range too: all refusals at
    once), then write it with its history row (who, and why)."""
    record_change(instance, actor, reason)
    errors = record_date_errors(instance)
    try:
        instance.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instance.save()


def text(value: str | None) -> str:
    return (value or "").strip()


def require_text(field: str, value: str | None, message=MSG_NAME_REQUIRED) -> str:
    value = text(value)
    if not value:
        raise field_error(field, message, code="required")
    return value


def dates_in_order(field: str, earlier: dt.date | None, later: dt.date | None,
                   message) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise field_error(field, message, code="date_order")


def not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise field_error(field, MSG_DATE_FUTURE, code="date_future")


def same_province_institution(field: str, institution_id: int | None, province: str,
                              message) -> Institution:
    """An operating institution of `province` (2 digits), looked up outside the actor's scope:
    names of institutions are public, and the receiving side is often another county's or
    the prefecture's. Another province's institution is refused with the same message."""
    other = Institution.objects.filter(pk=institution_id).first() if institution_id else None
    if other is None or other.division_code[:2] != province:
        raise field_error(field, message)
    if other.status != InstitutionStatus.OPERATING:
        raise field_error(field, message)
    return other
