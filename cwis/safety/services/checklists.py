"""An inspection's checklist results and its photos (policy 四(二): hazards found with
evidence). The checklist is kept as data (`ChecklistItem`, per area and kind of inspection);
whoever records inspections (SAFETY_RECORD) in the inspection's scope records its results
and adds its photos. A result that does not comply says what was found; a photo is a real
JPEG or PNG (re-encoded by cwis.core.uploads), never deleted, only withdrawn with a reason.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core import uploads
from cwis.core.errors import NotFoundError
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.safety.models import (
    ChecklistItem,
    ChecklistResult,
    ChecklistResultValue,
    Inspection,
    InspectionPhoto,
)
from cwis.safety.services import rules

MSG_FAIL_NOTE = _("Say what was found when an item does not comply.")
MSG_NOT_ON_CHECKLIST = _("This item is not on the checklist of this inspection.")
MSG_NO_RESULT = _("Give the result of at least one checklist item.")
MSG_CAPTION = _("Say what the photo shows.")
MSG_PHOTO_REQUIRED = _("Choose the photo to upload.")
MSG_PHOTO_HAZARD = _("Choose a hazard this inspection found.")
MSG_WITHDRAW_REASON = _("Give the reason the photo is withdrawn.")
MSG_NOTE_LONG = _("Say what was found in at most 500 characters.")

PHOTO_MAX_MB = 10


def checklist_items(inspection: Inspection) -> QuerySet[ChecklistItem]:
    """The items in use for the inspection's areas and kind (any kind, or its own)."""
    return ChecklistItem.objects.filter(
        Q(inspection_kind="") | Q(inspection_kind=inspection.kind),
        area__in=list(inspection.areas), active=True).order_by("area", "position", "id")


def field_name(item_id: int) -> str:
    """The form field (and error key) of one item's result."""
    return f"item_{item_id}"


def _inspection(actor: User, inspection_id: int) -> Inspection:
    inspection = get_scoped(Inspection.objects.all(), actor, pk=inspection_id,
                            for_update=True)
    require(actor, Perm.SAFETY_RECORD)
    return inspection


@transaction.atomic
def inspection_checklist_record(*, actor: User, inspection_id: int,
                                results: Mapping[int, tuple[str, str]]) -> list[ChecklistResult]:
    """Record (or correct) the results of the inspection's checklist: `results` maps an
    item id to (result, what was found); items left out keep what they had."""
    inspection = _inspection(actor, inspection_id)
    items = {item.pk: item for item in checklist_items(inspection)}
    errors: dict[str, list] = {}
    given = {int(k): (v[0] or "", (v[1] or "").strip()) for k, v in results.items()
             if v and v[0]}
    if not given:
        rules.add_error(errors, "__all__", MSG_NO_RESULT)
    for item_id, (result, note) in given.items():
        key = field_name(item_id)
        if item_id not in items:
            rules.add_error(errors, key, MSG_NOT_ON_CHECKLIST)
            continue
        rules.choice(errors, key, result, ChecklistResultValue.values)
        if result == ChecklistResultValue.FAILS and not note:
            rules.add_error(errors, key, MSG_FAIL_NOTE)
        if len(note) > 500:
            rules.add_error(errors, key, MSG_NOTE_LONG)
    rules.raise_errors(errors)
    existing = {r.item_id: r for r in ChecklistResult.objects.select_for_update().filter(
        inspection=inspection, item_id__in=list(given))}
    saved = []
    for item_id, (result, note) in given.items():
        record = existing.get(item_id) or ChecklistResult(inspection=inspection,
                                                          item=items[item_id])
        if record.pk and (record.result, record.note) == (result, note):
            continue
        record.result, record.note = result, note
        rules.text_errors(errors, record)
        rules.raise_errors(errors)
        rules.save(record, actor, str(_("Checklist result recorded")))
        saved.append(record)
    return saved


@transaction.atomic
def inspection_photo_add(*, actor: User, inspection_id: int, image: UploadedFile | None,
                         caption: str, hazard_id: int | None = None) -> InspectionPhoto:
    """Keep a photo the inspection took, of what it found or of one of its hazards."""
    inspection = _inspection(actor, inspection_id)
    errors: dict[str, list] = {}
    photo = InspectionPhoto(inspection=inspection, caption=(caption or "").strip())
    if not photo.caption:
        rules.add_error(errors, "caption", MSG_CAPTION)
    if hazard_id:
        photo.hazard = inspection.hazards.filter(pk=hazard_id).first()
        if photo.hazard is None:
            rules.add_error(errors, "hazard_id", MSG_PHOTO_HAZARD)
    if image is None:
        rules.add_error(errors, "image", MSG_PHOTO_REQUIRED)
    else:
        try:
            photo.image = uploads.clean_image(image, "image", max_mb=PHOTO_MAX_MB)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    rules.text_errors(errors, photo)
    rules.raise_errors(errors)
    rules.save(photo, actor, str(_("Photo added")))
    return photo


@transaction.atomic
def inspection_photo_withdraw(*, actor: User, inspection_id: int, photo_id: int,
                              reason: str) -> InspectionPhoto:
    """Withdraw a wrong photo: it stays, marked, with the reason, and is no longer shown."""
    inspection = _inspection(actor, inspection_id)
    photo = inspection.photos.filter(pk=photo_id, withdrawn_reason="").first()
    if photo is None:
        raise NotFoundError()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [MSG_WITHDRAW_REASON]})
    photo.withdrawn_reason = reason[:300]
    rules.save(photo, actor, reason)
    return photo


def checklist_defaults_ensure() -> int:
    """The usual items (migration 0006's) when the table holds none: a database emptied
    after its migrations (the tests' flush, a demo reloaded into it) gets them again.
    Returns how many were written."""
    import importlib

    if ChecklistItem.objects.exists():
        return 0
    seed = importlib.import_module("cwis.safety.migrations.0006_seed_checklist_items")
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(area=area, inspection_kind=kind, text=text, position=position)
        for area, items in seed.ITEMS.items()
        for position, (kind, text) in enumerate(items, start=1))
    return len(items)
