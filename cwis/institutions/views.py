"""Pages. Thin: find the record through a selector (404 out of scope), call one service,
show its messages beside the fields. Business rules live in services."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError, error_items
from cwis.core.permissions import Perm, has_perm, require
from cwis.institutions import forms, selectors, services
from cwis.institutions.models import (
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    PostType,
    ProtectionDuty,
    TransformationState,
)

FORM_TEMPLATE = "institutions/form.html"


def page(view):
    """Signed-in users only; out of scope → 404, role not allowed → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404 from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc.message)) from exc

    return login_required(wrapper)


def _add_service_errors(form, exc: ValidationError) -> None:
    for item in error_items(exc):
        field = item["field"] if item["field"] in form.fields else None
        form.add_error(field, item["message"])


def _submit(request, form, call: Callable[[dict], object], *, context: dict,
            success_url: Callable[[object], str], template: str = FORM_TEMPLATE):
    """Show the form; on a valid POST call the service and go on, or show its refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(dict(form.cleaned_data))
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except StaleVersionError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(result))
    status = 422 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def _version(data: dict) -> int | None:
    return data.pop("version", None)


def _detail_url(pk: int) -> str:
    return reverse("institution_detail", args=[pk])


# --- institutions ------------------------------------------------------------------------

@page
def institution_list(request):
    filters = {k: request.GET.get(k, "") for k in selectors.FILTERS}
    institutions = selectors.institution_list(actor=request.user, filters=filters)
    page_obj = Paginator(institutions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/list.html",
        {
            "page": page_obj,
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "levels": InstitutionLevel.choices,
            "kinds": InstitutionKind.choices,
            "statuses": InstitutionStatus.choices,
            "provinces": selectors.province_choices(actor=request.user)[:2],
        },
    )


@page
def institution_detail(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    posts = selectors.post_table(institution)
    residences = list(institution.family_residences.all())
    residents = selectors.residents_by_residence(actor=request.user, residences=residences)
    return render(
        request,
        "institutions/detail.html",
        {
            "institution": institution,
            "licences": selectors.licences_of(institution),
            "posts": posts,
            "social_work": selectors.social_work_summary(institution, posts),
            "residences": [(r, residents.get(r.pk) if residents is not None else None)
                           for r in residences],
            "residents_available": residents is not None,
            "transformation": selectors.transformation_of(institution),
            "history": selectors.history_entries(institution, limit=30),
            "today": timezone.localdate(),
        },
    )


@page
def institution_create(request):
    require(request.user, Perm.INSTITUTION_CREATE)
    form = forms.InstitutionForm(request.POST or None, actor=request.user)
    return _submit(
        request, form,
        lambda data: services.institution_create(actor=request.user, **data),
        context={"title": _("Register an institution"), "back": reverse("institution_list")},
        success_url=lambda institution: _detail_url(institution.pk),
    )


@page
def institution_edit(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.InstitutionEditForm(
        request.POST or None, actor=request.user, institution=institution,
        initial=forms.InstitutionEditForm.initial_for(institution),
    )

    def call(data):
        version = _version(data)
        return services.institution_update(actor=request.user, institution_id=pk,
                                           version=version, changes=data)

    return _submit(request, form, call, success_url=lambda i: _detail_url(i.pk),
                   context={"title": _("Edit %(name)s") % {"name": institution.name},
                            "back": _detail_url(pk)})


# --- licences and residences ---------------------------------------------------------------

@page
def licence_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.LicenceForm(request.POST or None)

    def call(data):
        _version(data)
        return services.licence_add(actor=request.user, institution_id=pk, **data)

    return _submit(request, form, call, success_url=lambda _l: _detail_url(pk),
                   context={"title": _("Add a licence or designation"),
                            "subtitle": institution.name, "back": _detail_url(pk)})


@page
def licence_edit(request, licence_id: int):
    licence = selectors.licence_get(actor=request.user, licence_id=licence_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    initial = {f: getattr(licence, f) for f in ("kind", "number", "issued_by", "valid_from",
                                                "valid_to", "note", "version")}
    form = forms.LicenceForm(request.POST or None, initial=initial)

    def call(data):
        version = _version(data)
        return services.licence_update(actor=request.user, licence_id=licence_id,
                                       version=version, **data)

    back = _detail_url(licence.institution_id)
    return _submit(request, form, call, success_url=lambda _l: back,
                   context={"title": _("Edit the licence or designation"),
                            "subtitle": licence.institution.name, "back": back})


RESIDENCE_FIELDS = ("name", "capacity", "carer_father", "carer_mother", "carers_qualified_on",
                    "is_active", "version")


@page
def residence_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.ResidenceForm(request.POST or None)

    def call(data):
        _version(data)
        return services.residence_add(actor=request.user, institution_id=pk, **data)

    return _submit(request, form, call, success_url=lambda _r: _detail_url(pk),
                   context={"title": _("Add a family-style residence"),
                            "subtitle": institution.name, "back": _detail_url(pk)})


@page
def residence_edit(request, residence_id: int):
    residence = selectors.residence_get(actor=request.user, residence_id=residence_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    form = forms.ResidenceForm(request.POST or None,
                               initial={f: getattr(residence, f) for f in RESIDENCE_FIELDS})

    def call(data):
        version = _version(data)
        return services.residence_update(actor=request.user, residence_id=residence_id,
                                         version=version, **data)

    back = _detail_url(residence.institution_id)
    return _submit(request, form, call, success_url=lambda _r: back,
                   context={"title": _("Edit the family-style residence"),
                            "subtitle": residence.institution.name, "back": back})


# --- posts and staff -----------------------------------------------------------------------

def _staff_url(pk: int) -> str:
    return reverse("institution_staff", args=[pk])


@page
def staff_page(request, pk: int):
    institution, staff = selectors.staff_list(actor=request.user, institution_id=pk)
    rows = {row.post_type: row for row in selectors.post_table(institution)}
    return render(
        request,
        "institutions/staff.html",
        {
            "institution": institution,
            "post_rows": [(value, label, rows.get(value)) for value, label in PostType.choices],
            "staff": staff,
            "transformation": selectors.transformation_of(institution),
        },
    )


@page
@require_POST
def post_set(request, pk: int, post_type: str):
    form = forms.PostForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"headcount_set": services.MSG_HEADCOUNT_NEGATIVE})
        services.post_set_headcount(actor=request.user, institution_id=pk, post_type=post_type,
                                    **form.cleaned_data)
    except ValidationError as exc:
        for item in error_items(exc):
            messages.error(request, item["message"])
    except StaleVersionError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect(_staff_url(pk))


@page
def staff_add(request, pk: int):
    institution = selectors.institution_for_edit(actor=request.user, institution_id=pk)
    form = forms.StaffForm(request.POST or None)

    def call(data):
        _version(data)
        return services.staff_add(actor=request.user, institution_id=pk, **data)

    return _submit(request, form, call,
                   success_url=lambda s: reverse("staff_detail", args=[s.pk]),
                   context={"title": _("Add a staff member"), "subtitle": institution.name,
                            "back": _staff_url(pk)})


@page
def staff_detail(request, staff_id: int):
    staff = selectors.staff_get(actor=request.user, staff_id=staff_id)
    return render(request, "institutions/staff_detail.html", {
        "staff": staff,
        "transformation": selectors.transformation_of(staff.institution),
        "history": selectors.history_entries(staff, limit=20),
    })


def _staff_form_page(request, staff_id: int, form_class, call, title, **form_kwargs):
    staff = selectors.staff_get(actor=request.user, staff_id=staff_id)
    require(request.user, Perm.INSTITUTION_EDIT)
    back = reverse("staff_detail", args=[staff_id])
    initial = form_kwargs.pop("initial", None)
    form = form_class(request.POST or None, initial=initial(staff) if initial else None,
                      **({"institution": staff.institution}
                         if form_class is forms.OutcomeForm else {}))
    return _submit(request, form, call, success_url=lambda _s: back,
                   context={"title": title, "subtitle": f"{staff.name} · {staff.institution}",
                            "back": back})


@page
def staff_edit(request, staff_id: int):
    def call(data):
        version = _version(data)
        return services.staff_update(actor=request.user, staff_id=staff_id, version=version,
                                     **data)

    return _staff_form_page(
        request, staff_id, forms.StaffForm, call, _("Edit the staff member"),
        initial=lambda s: {f: getattr(s, f) for f in ("name", "post_type", "started_on",
                                                      "left_on", "version")},
    )


@page
def staff_outcome(request, staff_id: int):
    def call(data):
        return services.staff_record_outcome(
            actor=request.user, staff_id=staff_id, version=data["version"],
            outcome=data["integration_outcome"], decided_on=data["integration_on"],
            transferred_to_id=data["transferred_to_id"],
        )

    return _staff_form_page(
        request, staff_id, forms.OutcomeForm, call, _("Outcome of the transformation"),
        initial=lambda s: {"integration_outcome": s.integration_outcome,
                           "integration_on": s.integration_on or timezone.localdate(),
                           "transferred_to_id": s.transferred_to_id, "version": s.version},
    )


@page
def qualification_add(request, staff_id: int):
    def call(data):
        return services.qualification_add(actor=request.user, staff_id=staff_id, **data)

    return _staff_form_page(request, staff_id, forms.QualificationForm, call,
                            _("Add a qualification"))


@page
def training_add(request, staff_id: int):
    def call(data):
        return services.training_add(actor=request.user, staff_id=staff_id, **data)

    return _staff_form_page(request, staff_id, forms.TrainingForm, call,
                            _("Add a training record"))


# --- transformation --------------------------------------------------------------------

def _transformation_url(pk: int) -> str:
    return reverse("transformation_detail", args=[pk])


def _transformation_page(request, pk: int, *, errors: list[str] | None = None,
                         status: int = 200) -> HttpResponse:
    view = selectors.transformation_view(actor=request.user, institution_id=pk)
    return render(
        request,
        "institutions/transformation.html",
        {
            "view": view,
            "institution": view.institution,
            "plan": view.transformation,
            "states": TransformationState,
            "errors": errors or [],
            "duty_count": len(ProtectionDuty),
            "history": (selectors.history_entries(view.transformation, limit=20)
                        if view.transformation else []),
        },
        status=status,
    )


@page
def transformation_detail(request, pk: int):
    return _transformation_page(request, pk)


def _transition(request, pk: int, service, message: str) -> HttpResponse:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        service(actor=request.user, institution_id=pk, version=version)
    except ValidationError as exc:
        return _transformation_page(request, pk, status=422,
                                    errors=[item["message"] for item in error_items(exc)])
    except StaleVersionError as exc:
        return _transformation_page(request, pk, status=409, errors=[str(exc.message)])
    messages.success(request, message)
    return redirect(_transformation_url(pk))


@page
@require_POST
def transformation_start(request, pk: int):
    return _transition(request, pk, services.transformation_start,
                       _("Handing over has started."))


@page
@require_POST
def transformation_complete(request, pk: int):
    return _transition(request, pk, services.transformation_complete,
                       _("The transformation is complete."))


@page
def transformation_plan(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    require(request.user, Perm.TRANSFORMATION_PLAN)
    plan = selectors.transformation_of(institution)
    initial = {f: getattr(plan, f) for f in ("target_handover_date", "target_completion_date",
                                             "new_name", "version")} if plan else {}
    form = forms.TransformationPlanForm(request.POST or None, initial=initial)

    def call(data):
        return services.transformation_plan(actor=request.user, institution_id=pk, **data)

    return _submit(request, form, call, success_url=lambda _p: _transformation_url(pk),
                   context={"title": _("Transformation targets"), "subtitle": institution.name,
                            "back": _transformation_url(pk)})


@page
def fact_add(request, pk: int):
    institution = selectors.institution_get(actor=request.user, institution_id=pk)
    require(request.user, Perm.TRANSFORMATION_RUN)
    initial = {"kind": request.GET.get("kind", ""), "duty": request.GET.get("duty", ""),
               "effective_on": timezone.localdate()}
    form = forms.FactForm(request.POST or None, initial=initial)

    def call(data):
        return services.integration_fact_record(actor=request.user, institution_id=pk, **data)

    return _submit(request, form, call, success_url=lambda _f: _transformation_url(pk),
                   context={"title": _("Record an integration fact"),
                            "subtitle": institution.name, "back": _transformation_url(pk)})


@page
def fact_withdraw(request, fact_id: int):
    fact = selectors.fact_get(actor=request.user, fact_id=fact_id)
    require(request.user, Perm.TRANSFORMATION_RUN)
    back = _transformation_url(fact.transformation.institution_id)
    form = forms.WithdrawForm(request.POST or None, initial={"version": fact.version})

    def call(data):
        return services.integration_fact_withdraw(actor=request.user, fact_id=fact_id, **data)

    return _submit(request, form, call, success_url=lambda _f: back,
                   context={"title": _("Withdraw the fact"), "subtitle": str(fact),
                            "back": back})


# --- province layout -----------------------------------------------------------------------

def _province_url(code: str) -> str:
    return reverse("province_layout", args=[code])


@page
def province_index(request):
    provinces = list(selectors.province_choices(actor=request.user))
    if not provinces:
        raise Http404
    if len(provinces) == 1:
        return redirect(_province_url(provinces[0].code))
    return render(request, "institutions/province_choose.html", {"provinces": provinces})


@page
def province_layout(request, code: str):
    view = selectors.province_layout_view(actor=request.user, province_code=code)
    filters = {k: request.GET.get(k, "") for k in selectors.FILTERS}
    if not filters["division"].startswith(code[:2]):
        filters["division"] = ""
    listed = selectors.institution_list(
        actor=request.user, filters={**filters, "division": filters["division"] or code[:2]}
    )
    return render(
        request,
        "institutions/province.html",
        {
            "view": view,
            "page": Paginator(listed, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "levels": InstitutionLevel.choices,
            "kinds": InstitutionKind.choices,
            "statuses": InstitutionStatus.choices,
            "prefectures": selectors.prefectures_of(view.province),
            "can_plan": has_perm(request.user, Perm.TRANSFORMATION_PLAN),
        },
    )


@page
def layout_edit(request, code: str):
    province = selectors.province_get(actor=request.user, province_code=code)
    require(request.user, Perm.TRANSFORMATION_PLAN)
    layout = selectors.province_layout_get(province=province)
    initial = {f: getattr(layout, f) for f in ("planned_child_welfare",
                                               "planned_minors_protection", "note",
                                               "version")} if layout else {}
    form = forms.LayoutForm(request.POST or None, initial=initial)

    def call(data):
        return services.province_layout_set(actor=request.user, province_code=code, **data)

    return _submit(request, form, call, success_url=lambda _l: _province_url(code),
                   context={"title": _("Planned number of institutions"),
                            "subtitle": province.name, "back": _province_url(code)})


@page
@require_POST
def receiver_set(request, county_code: str):
    """Set a county's receiver from its row on the province page (HTMX redraws the row)."""
    row = selectors.county_row(actor=request.user, county_code=county_code)
    receivers = selectors.receiver_choices(province_code=county_code)
    form = forms.ReceiverForm(request.POST, receivers=receivers)
    errors: list[str] = []
    try:
        if not form.is_valid():
            raise ValidationError({"receiver_id": services.MSG_RECEIVER_UNKNOWN})
        services.county_receiver_set(actor=request.user, county_code=county_code,
                                     **form.cleaned_data)
    except ValidationError as exc:
        errors = [item["message"] for item in error_items(exc)]
    except StaleVersionError as exc:
        errors = [str(exc.message)]
    if request.htmx:
        row = selectors.county_row(actor=request.user, county_code=county_code)
        return render(request, "institutions/_county_row.html",
                      {"row": row, "receivers": receivers, "can_plan": True, "errors": errors,
                       "saved": not errors},
                      status=200)
    for error in errors:
        messages.error(request, f"{row.county.name}: {error}")
    if not errors:
        messages.success(request, _("Saved."))
    return redirect(_province_url(county_code[:2] + "0000") + f"#county-{county_code}")
