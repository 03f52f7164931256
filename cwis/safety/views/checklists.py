"""Pages of an inspection's checklist and photos, and of a plan's file. Thin: parse the form,
call one service or selector, render. Files are served only through these scoped pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cwis.core import uploads
from cwis.core.permissions import Perm
from cwis.core.web import page, render_form, run_service
from cwis.safety.forms_checklists import ChecklistForm, PhotoForm, WithdrawPhotoForm
from cwis.safety.selectors import checklists as selectors
from cwis.safety.selectors import drills as plan_selectors
from cwis.safety.selectors.hazards import inspection_get, inspection_hazards
from cwis.safety.services import checklists as services
from cwis.safety.views.hazards import form_page


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def inspection_checklist(request, pk: int):
    inspection = inspection_get(actor=request.user, inspection_id=pk)
    form = ChecklistForm(request.POST or None,
                         rows=selectors.inspection_checklist(inspection=inspection))
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.inspection_checklist_record(
            actor=request.user, inspection_id=pk, results=form.results()))
        if saved is not None:
            messages.success(request, _("The checklist was recorded."))
            return redirect("safety_inspection_detail", pk=pk)
    return render_form(request, "safety/checklist_form.html", form,
                       {"inspection": inspection})


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def inspection_photo_new(request, pk: int):
    inspection = inspection_get(actor=request.user, inspection_id=pk)
    form = PhotoForm(request.POST or None, request.FILES or None,
                     hazards=inspection_hazards(inspection=inspection))
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.inspection_photo_add(
            actor=request.user, inspection_id=pk, image=form.cleaned_data.get("image"),
            caption=form.cleaned_data.get("caption", ""),
            hazard_id=form.cleaned_data.get("hazard_id")))
        if saved is not None:
            messages.success(request, _("The photo was added."))
            return redirect("safety_inspection_detail", pk=pk)
    return form_page(request, form, title=_("Add a photo of the inspection"),
                     subtitle=f"{inspection.institution.name} · {inspection}",
                     back="safety_inspection_list")


@page(perm=Perm.SAFETY_VIEW)
def inspection_photo(request, pk: int, photo_id: int):
    photo = selectors.inspection_photo_get(actor=request.user, inspection_id=pk,
                                           photo_id=photo_id)
    return uploads.inline_image_response(photo.image)


@page(perm=Perm.SAFETY_RECORD, methods=("GET", "POST"))
def inspection_photo_withdraw(request, pk: int, photo_id: int):
    photo = selectors.inspection_photo_get(actor=request.user, inspection_id=pk,
                                           photo_id=photo_id)
    form = WithdrawPhotoForm(request.POST or None)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: services.inspection_photo_withdraw(
            actor=request.user, inspection_id=pk, photo_id=photo_id,
            reason=form.cleaned_data.get("reason", "")))
        if saved is not None:
            messages.success(request, _("The photo was withdrawn."))
            return redirect("safety_inspection_detail", pk=pk)
    return form_page(request, form, title=_("Withdraw the photo"), subtitle=photo.caption,
                     back="safety_inspection_list", submit=_("Withdraw"))


@page(perm=Perm.SAFETY_VIEW)
def plan_file(request, pk: int):
    plan = plan_selectors.plan_get(actor=request.user, plan_id=pk)
    return uploads.attachment_response(plan.file, plan.original_name)
