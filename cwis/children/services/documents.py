"""Documents kept on a child's file; a missing intake document stops being missing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, DocumentKind
from cwis.children.models import Child, ChildDocument
from cwis.children.services import deadlines, rules
from cwis.core import uploads
from cwis.core.errors import NotFoundError, field_error
from cwis.core.history import record_change
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped
from cwis.core.validators import MSG_DATE_FUTURE


@transaction.atomic
def child_document_add(
    *,
    actor: User,
    child_id: int,
    kind: str,
    file: UploadedFile | None = None,
    issued_on: dt.date | None = None,
    number: str = "",
    note: str = "",
) -> ChildDocument:
    """Keep a document on the file; a missing intake document stops being missing."""
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    _require_document(actor, child)
    errors: dict[str, list] = {}
    if kind not in DocumentKind.values:
        rules.add_error(errors, "kind", rules.MSG_CHOOSE)
    if file is None and not number.strip():
        rules.add_error(errors, "file", rules.MSG_DOCUMENT_EMPTY)
    if issued_on and issued_on > rules.today():
        rules.add_error(errors, "issued_on", MSG_DATE_FUTURE)
    rules.raise_errors(errors)
    original_name = uploads.clean_document(file, "file") if file is not None else ""
    document = ChildDocument(child=child, kind=kind, issued_on=issued_on, number=number.strip(),
                             note=note.strip(), original_name=original_name[:200])
    if file is not None:
        document.file = file
    record_change(document, actor)
    document.save()
    deadlines.deadlines_refresh(child, actor=actor, today=rules.today())
    return document


def _require_document(actor: User, child: Child) -> None:
    if child.status == ChildStatus.IN_CARE:
        require(actor, Perm.CHILD_EDIT)
    elif child.status == ChildStatus.LEFT_CARE:
        # Whoever records leaving care may file its documents (an adoption certificate).
        if not has_perm(actor, Perm.CHILD_LEAVE_CARE):
            require(actor, Perm.CHILD_CORRECT)
    else:
        raise ValidationError(rules.MSG_FILE_READ_ONLY, code="read_only")


@transaction.atomic
def child_document_withdraw(
    *, actor: User, child_id: int, document_id: int, reason: str
) -> ChildDocument:
    """Withdraw a wrong document (it stays, marked, with the reason)."""
    require(actor, Perm.CHILD_CORRECT)
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    document = child.documents.filter(pk=document_id, withdrawn_reason="").first()
    if document is None:
        raise NotFoundError()
    if not reason.strip():
        raise field_error("reason", rules.MSG_REASON_REQUIRED)
    document.withdrawn_reason = reason.strip()[:300]
    record_change(document, actor, reason.strip())
    document.save(update_fields=["withdrawn_reason", "updated_by", "updated_at"])
    deadlines.deadlines_refresh(child, actor=actor, today=rules.today())
    return document
