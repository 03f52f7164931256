"""Pages of keeping the registry true and of its people: risk flags, coverage of townships
and villages by supervisors and directors, training, closing a category, a child going back
to the registry from care, and the partner departments' lists. Thin: parse, call one service
or selector, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cwis.children import selectors as child_selectors
from cwis.core.export import export_response
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import PERMISSIONS, Perm, has_perm
from cwis.core.scoping import actor_prefix
from cwis.core.web import page, render_form, run_service
from cwis.protection import flags as flag_rules
from cwis.protection.export_partners import (
    disability_filename,
    disability_workbook,
    education_filename,
    education_workbook,
)
from cwis.protection.forms_registry import (
    AttendanceForm,
    CategoryCloseForm,
    ReturnForm,
    TrainingCourseForm,
    held_categories,
)
from cwis.protection.selectors import community_get, partners
from cwis.protection.selectors import registry as selectors
from cwis.protection.services import registry as registry_services
from cwis.protection.services import training as training_services

PAGE_SIZE = 50


def _year(request) -> int:
    value = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year else this_year


# ------------------------------------------------------------------------------ flags


@page(perm=Perm.CHILD_VIEW)
def community_flags(request):
    """The area's risk flags: how many children each rule flags, each linking to the list."""
    today = timezone.localdate()
    counts = selectors.flag_counts(actor=request.user, today=today)
    rules = [(rule, counts[code]) for code, rule in flag_rules.RULES.items()]
    return render(request, "protection/flags.html", {"rules": rules, "today": today})


def child_flags(request, child) -> list:
    """The flags on a community child's page (none once the child left the registry)."""
    if child.status != "in_community":
        return []
    perms = PERMISSIONS.get(request.user.role, frozenset())
    return flag_rules.flags_of(child, today=timezone.localdate(), perms=perms)


# --------------------------------------------------------------------------- coverage


@page(perm=Perm.REGISTRY_COVERAGE)
def community_coverage(request):
    area = selectors.coverage_area(actor=request.user, county=request.GET.get("county", ""))
    township = request.GET.get("township", "")
    return render(request, "protection/coverage.html", {
        "coverage": selectors.coverage(area=area, township=township), "township": township,
        "county": request.GET.get("county", ""),
    })


# --------------------------------------------------------------------------- training


@page(perm=Perm.REGISTRY_COVERAGE)
def training_list(request):
    year = _year(request)
    county = request.GET.get("county", "")
    area = selectors.coverage_area(actor=request.user, county=county)
    courses = CappedPaginator(selectors.course_list(actor=request.user, year=year),
                              PAGE_SIZE).get_page(request.GET.get("page"))
    untrained = CappedPaginator(selectors.untrained(area=area, year=year),
                                PAGE_SIZE).get_page(request.GET.get("upage"))
    return render(request, "protection/training_list.html", {
        "courses": courses, "untrained": untrained, "year": year, "county": county,
        "figures": selectors.training_figures(area=area, year=year),
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        "may_record": has_perm(request.user, Perm.TRAINING_RECORD),
    })


@page(perm=Perm.TRAINING_RECORD, methods=("GET", "POST"))
def training_new(request):
    form = TrainingCourseForm(request.POST or None,
                              initial={"held_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        course = run_service(form, lambda: training_services.training_course_record(
            actor=request.user, data=form.data_for_service()))
        if course is not None:
            messages.success(request, _("The training course was recorded: now add who "
                                        "attended."))
            return redirect("training_detail", pk=course.pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Record a training course"), "cancel": "training_list"})


@page(perm=Perm.TRAINING_RECORD, methods=("GET", "POST"))
def training_edit(request, pk: int):
    course = selectors.course_get(actor=request.user, course_id=pk)
    initial = {f: getattr(course, f) for f in training_services.COURSE_FIELDS}
    form = TrainingCourseForm(request.POST or None,
                              initial={**initial, "version": course.version})
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: training_services.training_course_update(
            actor=request.user, course_id=pk, version=form.cleaned_data["version"],
            data=form.data_for_service()))
        if saved is not None:
            messages.success(request, _("The training course was saved."))
            return redirect("training_detail", pk=pk)
    return render_form(request, "protection/work_form.html", form, {
        "title": _("Correct the training course"), "cancel": "training_detail", "pk": pk})


def _course_page(request, course, form=None):
    attendees = selectors.course_attendees(course=course)
    may_record = has_perm(request.user, Perm.TRAINING_RECORD)
    context = {"course": course, "attendees": attendees, "may_record": may_record}
    if not may_record:
        return render(request, "protection/training_detail.html", context)
    if form is None:
        form = AttendanceForm(people=_not_attended(course, attendees))
    return render_form(request, "protection/training_detail.html", form, context)


def _not_attended(course, attendees) -> list:
    attended = {a.person_id for a in attendees}
    return [p for p in selectors.area_people(area=course.county_code) if p.pk not in attended]


@page(perm=Perm.REGISTRY_COVERAGE)
def training_detail(request, pk: int):
    return _course_page(request, selectors.course_get(actor=request.user, course_id=pk))


@page(perm=Perm.TRAINING_RECORD, methods=("POST",))
def training_attend(request, pk: int):
    course = selectors.course_get(actor=request.user, course_id=pk)
    form = AttendanceForm(request.POST, people=_not_attended(
        course, selectors.course_attendees(course=course)))
    if form.is_valid():
        added = run_service(form, lambda: training_services.training_attendance_record(
            actor=request.user, course_id=pk, attendee_ids=form.cleaned_data["attendees"]))
        if added is not None:
            messages.success(request, _("The attendance was recorded."))
            return redirect("training_detail", pk=pk)
    return _course_page(request, course, form)


@page(perm=Perm.REGISTRY_COVERAGE)
def person_training(request, pk: int):
    person = selectors.person_get(actor=request.user, person_id=pk)
    return render(request, "protection/person_training.html", {
        "person": person, "courses": selectors.person_trainings(person=person)})


# ------------------------------------------------------------ keeping the registry true


@page(perm=Perm.COMMUNITY_REGISTER, methods=("GET", "POST"))
def category_close(request, pk: int):
    child = community_get(actor=request.user, child_id=pk)
    form = CategoryCloseForm(request.POST or None, held=held_categories(child),
                             initial={"on": timezone.localdate(), "version": child.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        saved = run_service(form, lambda: registry_services.community_category_close(
            actor=request.user, child_id=pk, version=data["version"],
            category=data["category"], on=data["on"], reason=data["reason"],
            note=data["note"]))
        if saved is not None:
            messages.success(request, _("The category was closed."))
            return redirect("community_detail", pk=pk)
    return render_form(request, "protection/action.html", form, {
        "child": child, "title": _("Close a category: the child's situation changed"),
        "submit": _("Close the category")})


@page(perm=Perm.COMMUNITY_REGISTER, methods=("GET", "POST"))
def community_return(request, pk: int):
    child = child_selectors.child_get(actor=request.user, child_id=pk)
    initial = {"registered_on": timezone.localdate(), "version": child.version,
               "guardian_relation": child.guardian_relation,
               "guardian_name": child.guardian_name, "home_address": child.home_address,
               "education_status": child.education_status, "school_name": child.school_name}
    form = ReturnForm(request.POST or None, actor=request.user, initial=initial)
    if form.is_bound and form.is_valid():
        saved = run_service(form, lambda: registry_services.community_return(
            actor=request.user, child_id=pk, version=form.cleaned_data["version"],
            division=form.cleaned_data["division"] or "", data=form.return_data()))
        if saved is not None:
            messages.success(request, _("The child is back on the community registry."))
            return redirect("community_detail", pk=pk)
    return render_form(request, "protection/return.html", form, {"child": child})


# ---------------------------------------------------------------------- partner lists


@page(perm=Perm.COMMUNITY_REGISTER)
def partner_lists(request):
    return render(request, "protection/partner_lists.html", {
        "county": len(actor_prefix(request.user) or "") == 6})


@page(perm=Perm.COMMUNITY_REGISTER)
def partner_education_export(request):
    children = partners.education_list(actor=request.user, today=timezone.localdate())
    return export_response(request, rows=children, build=lambda: education_workbook(children),
                           filename=education_filename(), kind="community.partners_education",
                           params={})


@page(perm=Perm.COMMUNITY_REGISTER)
def partner_disability_export(request):
    children = partners.disability_list(actor=request.user)
    return export_response(request, rows=children,
                           build=lambda: disability_workbook(children),
                           filename=disability_filename(), kind="community.partners_disability",
                           params={})
