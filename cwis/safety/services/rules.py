"""What the safety services share: the institution a record is written for, the checks of
every record (all refusals at once), saving with history, and the message constants."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services.rules import MSG_CHOOSE, MSG_DATE_REQUIRED, MSG_REQUIRED
from cwis.core.history import record_change
from cwis.core.input import check_text
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.models import Institution, InstitutionStatus

MSG_INSTITUTION = _("Choose an operating institution inside your jurisdiction.")
MSG_AREAS = _("Choose at least one area that was inspected.")
MSG_COUNT = _("Give a whole number of at least 0.")

__all__ = ["MSG_CHOOSE", "MSG_DATE_REQUIRED", "MSG_REQUIRED"]


def today() -> dt.date:
    return timezone.localdate()


def add_error(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def assign(record: models.Model, fields: Iterable[str], data: Mapping[str, Any]) -> None:
    """Copy the allowed `fields` present in `data` onto `record`, text stripped, a missing
    text as ""."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        elif value is None and isinstance(record._meta.get_field(field),
                                          models.CharField | models.TextField):
            value = ""
        setattr(record, field, value)


def required_texts(errors: dict, record: models.Model, fields: Iterable[str]) -> None:
    for field in fields:
        if not getattr(record, field):
            add_error(errors, field, MSG_REQUIRED)


def past_date(errors: dict, field: str, value: dt.date | None, *, required: bool = True
              ) -> None:
    if value is None:
        if required:
            add_error(errors, field, MSG_DATE_REQUIRED)
    elif value > today():
        add_error(errors, field, MSG_DATE_FUTURE)


def choice(errors: dict, field: str, value: str, choices: Iterable[str]) -> None:
    if value not in set(choices):
        add_error(errors, field, MSG_CHOOSE)


def text_errors(errors: dict, record: models.Model) -> None:
    """Control characters in any text field (a multi-line one keeps newlines)."""
    fields = [f for f in record._meta.concrete_fields
              if isinstance(f, models.CharField | models.TextField) and f.choices is None]
    try:
        check_text({f.name: getattr(record, f.name) for f in fields},
                   multiline=[f.name for f in fields if isinstance(f, models.TextField)])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors[field] = messages


def institution_for(actor: User, institution_id: int | None, *, perm: Perm = Perm.SAFETY_RECORD
                    ) -> Institution:
    """The institution a record is written for: the actor's own (institution staff), or one
    in the actor's jurisdiction (an office); 404 outside it, 403 for the role, 422 when the
    institution no longer operates."""
    require(actor, perm)
    if institution_id is None and actor.institution_id is not None:
        institution_id = actor.institution_id
    if institution_id is None:
        raise ValidationError({"institution_id": [MSG_INSTITUTION]})
    institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    if institution.status != InstitutionStatus.OPERATING:
        raise ValidationError({"institution_id": [MSG_INSTITUTION]})
    return institution


def save(record: models.Model, actor: User, reason: str = "") -> None:
    record_change(record, actor, reason)
    record.save()
