"""What the care pages share: the access log of every read, and the child's tabs."""

from django.urls import reverse

from cwis.care.models import CarePlan, OutsideService
from cwis.children.models import Child
from cwis.children.tabs import file_tabs
from cwis.core.audit import access_log_record
from cwis.core.web import render_form


def log(request, record, object_type: str, action: str = "view") -> None:
    """Every read of a care record goes to the access log, under the child's division."""
    child = record if isinstance(record, Child) else record.child
    access_log_record(actor=request.user, object_type=object_type, object_id=record.pk,
                      division_code=child.division_code, request=request, action=action)


def file_context(request, child: Child, line: str) -> dict:
    return {"child": child, "line": line, "tab": f"care_{line}",
            "tabs": file_tabs(actor=request.user, child_id=child.pk)}


def tab_url(child_id: int, line: str) -> str:
    return reverse("care_tab", kwargs={"child_id": child_id, "line": line})


def plan_url(plan: CarePlan) -> str:
    return reverse("care_plan_detail", args=[plan.pk])


def seen_by_provider(actor, record) -> bool:
    """Whether `actor` reads `record` (an outside service, or a record of one) as the
    delivering institution: then the page names the child and shows nothing of the file
    (not its state, no link to a file it cannot open)."""
    service = record if isinstance(record, OutsideService) else getattr(
        record, "outside_service", None)
    return service is not None and service.provider_id == actor.institution_id


def action_page(request, form, *, child: Child, title, submit, back: str, record=None):
    """The one form page of care actions (with the record it changes, when there is one)."""
    return render_form(request, "care/action.html", form, {
        "child": child, "title": title, "submit": submit, "back": back, "record": record,
        "provider_view": seen_by_provider(request.user, record),
    })

