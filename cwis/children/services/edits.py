"""Changing a child's file: edits while in care, corrections once it is closed."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services import deadlines, rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import field_error
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped


@transaction.atomic
def child_update(
    *, actor: User, child_id: int, version: int, changes: Mapping[str, Any], reason: str = ""
) -> Child:
    """Change the file. A closed file takes only corrections, by a role that may correct,
    with a reason. `version` is the one the client read; an older one is refused."""
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _require_edit(actor, child, reason)
    check_version(child, version)
    errors: dict[str, list] = {}  # every refusal at once
    rules.assign(child, changes, errors)
    intake = child.intakes.order_by("-intake_on", "-id").first()
    today = rules.today()
    rules.merge_errors(errors, rules.file_errors(child, intake=intake, today=today))
    rules.id_unique_errors(child, errors)
    rules.raise_errors(errors)
    bump_version(child, actor)
    rules.child_save(child, actor=actor, reason=reason.strip())
    deadlines.deadlines_refresh(child, actor=actor, today=today)
    return child


def _require_edit(actor: User, child: Child, reason: str) -> None:
    if child.status == ChildStatus.IN_CARE:
        require(actor, Perm.CHILD_EDIT)
        return
    if child.status != ChildStatus.LEFT_CARE:
        raise ValidationError(rules.MSG_FILE_READ_ONLY, code="read_only")
    require(actor, Perm.CHILD_CORRECT)
    if not reason.strip():
        raise field_error("reason", rules.MSG_CORRECTION_REASON)
