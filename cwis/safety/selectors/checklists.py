"""Reads of an inspection's checklist and photos, through the inspection (scoped, SAFETY_VIEW)."""

from dataclasses import dataclass

from cwis.accounts.models import User
from cwis.core.errors import NotFoundError
from cwis.safety.models import ChecklistItem, ChecklistResult, Inspection, InspectionPhoto
from cwis.safety.selectors.hazards import inspection_get
from cwis.safety.services.checklists import checklist_items


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    result: ChecklistResult | None


def inspection_checklist(*, inspection: Inspection) -> list[ChecklistRow]:
    """Each item of the inspection's checklist with its result (None: not recorded); items
    withdrawn since keep the results recorded against them. Two queries."""
    results = {r.item_id: r for r in ChecklistResult.objects.filter(
        inspection=inspection).select_related("item")}
    rows = [ChecklistRow(item, results.pop(item.pk, None))
            for item in checklist_items(inspection)]
    rows += [ChecklistRow(r.item, r) for r in results.values()]
    return rows


def inspection_photos(*, inspection: Inspection) -> list[InspectionPhoto]:
    return list(inspection.photos.filter(withdrawn_reason="").select_related("hazard"))


def inspection_photo_get(*, actor: User, inspection_id: int, photo_id: int
                         ) -> InspectionPhoto:
    """One photo of an inspection the actor may read (404 otherwise, or once withdrawn)."""
    inspection = inspection_get(actor=actor, inspection_id=inspection_id)
    photo = inspection.photos.filter(pk=photo_id, withdrawn_reason="").first()
    if photo is None:
        raise NotFoundError()
    return photo
