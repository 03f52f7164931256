"""Pages of the oversight module. Thin: parse the form, call one service or selector, render.

A record's page takes several actions, each posted with its `action` name and parsed by its
own form; a refused action shows the page again (422) with the reasons on that form.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwis.children.todo import overdue_by_area
from cwis.core import uploads
from cwis.core.export import XLSX
from cwis.core.forms import BaseForm
from cwis.core.history import history_of
from cwis.core.pagination import CappedPaginator
from cwis.core.todo import todo_for
from cwis.core.web import page, render_form, run_service
from cwis.oversight import dashboard, export, forms, selectors, services
from cwis.oversight.api import DOCX
from cwis.oversight.models import (
    ImplementationPlan,
    PlanStatus,
    ReportStatus,
    YearlyReport,
)

HISTORY_LIMIT = 20
PAGE_SIZE = 50

# action -> (its form, the context name of that form on the page, the service call)
Actions = dict[str, tuple[type[BaseForm], str, Callable[[BaseForm], object]]]

# action -> what the page says once it is done (every action ends with a message)
DONE = {
    "plan": {
        "save": gettext_lazy("The plan was saved."),
        "task": gettext_lazy("The task was added."),
        "task_done": gettext_lazy("The task was marked done."),
        "attach": gettext_lazy("The file was attached."),
        "submit": gettext_lazy("The plan was submitted to the ministry."),
        "receive": gettext_lazy("The plan was marked received."),
        "revise": gettext_lazy("A revision of the plan was started."),
    },
    "report": {
        "save": gettext_lazy("The report was saved."),
        "submit": gettext_lazy("The report was submitted to the ministry."),
        "refresh": gettext_lazy("The figures were computed again."),
        "accept": gettext_lazy("The report was accepted."),
        "return": gettext_lazy("The report was returned to the province for changes."),
    },
    "correction": {
        "close": gettext_lazy("The correction was closed."),
        "progress": gettext_lazy("The progress was recorded."),
    },
}


@dataclass
class Posted:
    name: str  # the form's name in the page's context
    form: BaseForm
    done: bool
    action: str


def _act(request: HttpRequest, actions: Actions) -> Posted | None:
    """Parse and run the posted action; None when no known action was posted."""
    action = request.POST.get("action", "")
    if request.method != "POST" or action not in actions:
        return None
    form_class, name, call = actions[action]
    form = form_class(request.POST, request.FILES)
    done = form.is_valid() and run_service(form, lambda: call(form)) is not None
    return Posted(name=name, form=form, done=done, action=action)


def _done(request: HttpRequest, record: str, posted: Posted) -> None:
    messages.success(request, DONE[record][posted.action])


def _page_forms(forms_: dict[str, BaseForm], posted: Posted | None) -> BaseForm:
    """Put the refused form in place of its empty twin; return it (or an empty form)."""
    if posted is None:
        return BaseForm()
    forms_[posted.name] = posted.form
    return posted.form


def _province_code(request: HttpRequest) -> str:
    return getattr(request.user.division, "code", "")


@page
def todo_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = todo_for(request.user, today=today)
    rollup = Counter(item.institution or "—" for item in items if item.is_overdue(today))
    # An office above the county: the routine deadlines below it, counted per area.
    by_area = overdue_by_area(request.user, today)
    return render(request, "oversight/todo.html",
                  {"items": items, "today": today, "rollup": sorted(rollup.items()),
                   "panel": by_area})


# ------------------------------------------------------------------ plans


@page(methods=("GET", "POST"))
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = CappedPaginator(selectors.plan_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    form = forms.PlanForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        plan = run_service(form, lambda: services.plan_create(
            actor=request.user, province_code=_province_code(request), **data))
        if plan is not None:
            messages.success(request, _("The plan was opened."))
            return redirect("plan_detail", plan.pk)
    return render_form(request, "oversight/plan_list.html", form, {"plans": plans, "page": plans})


def _plan_actions(request: HttpRequest, plan: ImplementationPlan) -> Actions:
    actor, pk = request.user, plan.pk
    return {
        "save": (forms.PlanForm, "form", lambda f: services.plan_update(
            actor=actor, plan_id=pk, **f.cleaned_data)),
        "task": (forms.TaskForm, "task_form", lambda f: services.plan_task_add(
            actor=actor, plan_id=pk, **f.cleaned_data)),
        "task_done": (forms.TaskDoneForm, "task_done_form", lambda f: services.plan_task_done(
            actor=actor, task_id=f.cleaned_data["task"], done_on=timezone.localdate())),
        "attach": (forms.AttachmentForm, "attach_form", lambda f: services.plan_attachment_add(
            actor=actor, plan_id=pk, file=f.cleaned_data["file"], name=f.cleaned_data["name"])),
        "submit": (forms.StepForm, "step_form", lambda f: services.plan_submit(
            actor=actor, plan_id=pk, version=f.cleaned_data["version"])),
        "receive": (forms.StepForm, "step_form", lambda f: services.plan_receive(
            actor=actor, plan_id=pk)),
        "revise": (forms.StepForm, "step_form", lambda f: services.plan_revise(
            actor=actor, plan_id=pk)),
    }


@page(methods=("GET", "POST"))
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    posted = _act(request, _plan_actions(request, plan))
    if posted is not None and posted.done:
        _done(request, "plan", posted)
        return redirect("plan_detail", pk)
    context = {
        "form": forms.PlanForm(initial={
            **{k: getattr(plan, k) for k in ("title", "goals", "timetable", "roadmap")},
            "version": plan.version}),
        "task_form": forms.TaskForm(), "task_done_form": forms.TaskDoneForm(),
        "attach_form": forms.AttachmentForm(),
        "step_form": forms.StepForm(initial={"version": plan.version}),
    }
    sent = _page_forms(context, posted)
    return render_form(request, "oversight/plan_detail.html", sent, {
        **context, "plan": plan, "editable": plan.status == PlanStatus.DRAFT,
        "history": history_of(plan, limit=HISTORY_LIMIT),
    })


@page
def plan_attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.plan_attachment_get(actor=request.user, attachment_id=pk)
    return uploads.attachment_response(attachment.file, attachment.name)


# ------------------------------------------------------------------ reports


@page(methods=("GET", "POST"))
def report_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year")
    reports = CappedPaginator(selectors.report_list(
        actor=request.user, year=int(year) if (year or "").isdigit() else None),
        PAGE_SIZE).get_page(request.GET.get("page"))
    to_open = selectors.report_year_to_open(actor=request.user)
    form = forms.ReportCreateForm(request.POST or None, initial={"year": year or to_open})
    if form.is_bound and form.is_valid():
        report = run_service(form, lambda: services.report_create(
            actor=request.user, province_code=_province_code(request),
            year=form.cleaned_data["year"]))
        if report is not None:
            messages.success(request, _(
                "The report for %(year)d was opened with the figures as of 31 December.")
                % {"year": report.year})
            return redirect("report_detail", report.pk)
    return render_form(request, "oversight/report_list.html", form,
                       {"reports": reports, "page": reports, "year_to_open": to_open,
                        "query": urlencode({"year": year}) if year else ""})


def _texts(form: BaseForm) -> dict:
    return {k: form.cleaned_data[k] for k in (*services.REPORT_TEXT_FIELDS, "version")}


def _report_actions(request: HttpRequest, report: YearlyReport) -> Actions:
    actor, pk = request.user, report.pk
    return {
        "save": (forms.ReportTextForm, "text_form", lambda f: services.report_update(
            actor=actor, report_id=pk, **_texts(f))),
        "submit": (forms.ReportTextForm, "text_form", lambda f: services.report_submit(
            actor=actor, report_id=pk, **_texts(f))),
        "refresh": (forms.StepForm, "refresh_form", lambda f: services.report_refresh_figures(
            actor=actor, report_id=pk, version=f.cleaned_data["version"])),
        "accept": (forms.ReviewForm, "review_form", lambda f: services.report_accept(
            actor=actor, report_id=pk, comment=f.cleaned_data["comment"])),
        "return": (forms.ReviewForm, "review_form", lambda f: services.report_return(
            actor=actor, report_id=pk, comment=f.cleaned_data["comment"])),
    }


@page(methods=("GET", "POST"))
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, report_id=pk)
    posted = _act(request, _report_actions(request, report))
    if posted is not None and posted.done:
        _done(request, "report", posted)
        return redirect("report_detail", pk)
    context = {
        "text_form": forms.ReportTextForm(initial={
            **{k: getattr(report, k) for k in services.REPORT_TEXT_FIELDS},
            "version": report.version}),
        "refresh_form": forms.StepForm(initial={"version": report.version}),
        "review_form": forms.ReviewForm(),
    }
    sent = _page_forms(context, posted)
    return render_form(request, "oversight/report_detail.html", sent, {
        **context, "report": report, "rows": selectors.report_figure_rows(report),
        "editable": report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        "reviewable": report.status == ReportStatus.SUBMITTED,
        "history": history_of(report, limit=HISTORY_LIMIT, skip=("figures",)),
    })


@page
def report_download(request, pk: int, fmt: str):
    if fmt not in ("docx", "xlsx"):
        raise Http404
    report = selectors.report_get(actor=request.user, report_id=pk)
    content, content_type = ((export.report_docx(report), DOCX) if fmt == "docx"
                             else (export.report_xlsx(report), XLSX))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.division_code}-{report.year}.{fmt}"'
    )
    return response


# ------------------------------------------------------------------ evaluations


@page(methods=("GET", "POST"))
def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluations = CappedPaginator(selectors.evaluation_list(actor=request.user),
                                  PAGE_SIZE).get_page(request.GET.get("page"))
    form = forms.EvaluationForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        evaluation = run_service(form, lambda: services.evaluation_record(
            actor=request.user, province_code=data["province"], year=data["year"],
            score=data["score"], outcome=data["outcome"], comment=data["comment"],
            corrections=data["corrections"]))
        if evaluation is not None:
            messages.success(request, _("The evaluation was recorded."))
            return redirect("evaluation_detail", evaluation.pk)
    return render_form(request, "oversight/evaluation_list.html", form,
                       {"evaluations": evaluations, "page": evaluations})


def _evaluation_page(request: HttpRequest, pk: int, note_form: BaseForm | None = None,
                     refused: tuple[int, str] | None = None) -> HttpResponse:
    evaluation = selectors.evaluation_get(actor=request.user, evaluation_id=pk)
    return render_form(request, "oversight/evaluation_detail.html",
                       note_form or forms.NoteForm(),
                       {"evaluation": evaluation, "refused": refused})


@page
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluation_page(request, pk)


@page(methods=("POST",))
def correction_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    correction = selectors.correction_get(actor=request.user, correction_id=pk)
    service = (services.correction_close if action == "close"
               else services.correction_report_progress)
    form = forms.NoteForm(request.POST)
    if form.is_valid() and run_service(form, lambda: service(
            actor=request.user, correction_id=pk, note=form.cleaned_data["note"])) is not None:
        messages.success(request, DONE["correction"]["close" if action == "close"
                                                      else "progress"])
        return redirect("evaluation_detail", correction.evaluation_id)
    return _evaluation_page(request, correction.evaluation_id, form, (pk, action))


@page(replica=True)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    data = dashboard.dashboard(actor=request.user, division_code=request.GET.get("division"),
                               period=request.GET.get("trend", "year"))
    charts = [
        {"id": f"chart-{panel.key}", "title": str(panel.title),
         "labels": [c.label for c in panel.cells], "values": [c.value for c in panel.cells]}
        for panel in data["panels"] if panel.chart not in ("progress", "table")
    ]
    return render(request, "oversight/dashboard.html", {**data, "charts": charts})
