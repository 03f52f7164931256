"""Writes of the import engine: take in a workbook (and start its check), start its commit.

The kind's app checks what the batch imports into (a campaign open and in scope) before
calling these; these check the kind's permission, the file and the batch's state.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.core.imports.models import BatchState, ImportBatch
from cwis.core.imports.registry import kind_get
from cwis.core.imports.workbook import MSG_NOT_A_WORKBOOK
from cwis.core.jobs.services import job_start
from cwis.core.permissions import require
from cwis.core.scoping import get_scoped
from cwis.core.uploads import MSG_FILE_TOO_LARGE, random_name

if TYPE_CHECKING:
    from cwis.accounts.models import User

MAX_IMPORT_MB = 60  # a 100,000-row workbook is about 10 MB
_ZIP = b"PK\x03\x04"  # an .xlsx file is a zip archive

MSG_NOT_CHECKED = _("This file is still being checked, or has been imported already.")
MSG_NOTHING_VALID = _("No row of this file can be imported: fix the refused rows and upload "
                      "the file again.")


@transaction.atomic
def import_start(*, actor: "User", kind: str, division_code: str, target: str,
                 upload: UploadedFile) -> ImportBatch:
    """Keep the uploaded workbook and start checking it (job `imports.preview`)."""
    require(actor, kind_get(kind).perm)
    if upload.size is not None and upload.size > MAX_IMPORT_MB * 1024 * 1024:
        raise ValidationError({"file": ValidationError(MSG_FILE_TOO_LARGE,
                                                       params={"mb": MAX_IMPORT_MB})})
    head = upload.read(4)
    upload.seek(0)
    if head != _ZIP:
        raise ValidationError({"file": ValidationError(MSG_NOT_A_WORKBOOK, code="file_type")})
    batch = ImportBatch(kind=kind, target=target, division_code=division_code, owner=actor,
                        file_name=(upload.name or "")[:200])
    batch.file.save(f"imports/{random_name('.xlsx')}", ContentFile(upload.read()), save=False)
    batch.save()
    batch.job = job_start(actor=actor, kind="imports.preview", params={"batch_id": batch.pk})
    batch.save(update_fields=["job"])
    return batch


@transaction.atomic
def import_commit(*, actor: "User", batch_id: int, kind: str) -> ImportBatch:
    """Start importing the valid rows of a checked batch (job `imports.commit`)."""
    require(actor, kind_get(kind).perm)
    batch = get_scoped(ImportBatch.objects.filter(kind=kind), actor, pk=batch_id,
                       for_update=True)
    if batch.state != BatchState.PREVIEWED:
        raise ValidationError(MSG_NOT_CHECKED, code="not_checked")
    if not batch.rows_valid:
        raise ValidationError(MSG_NOTHING_VALID, code="nothing_valid")
    batch.state, batch.error, batch.committed_by = BatchState.COMMITTING, "", actor
    batch.job = job_start(actor=actor, kind="imports.commit", params={"batch_id": batch.pk})
    batch.save(update_fields=["state", "error", "committed_by", "job"])
    return batch
