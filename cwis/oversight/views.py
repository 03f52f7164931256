import datetime as dt
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cwis.core.export import XLSX
from cwis.core.todo import todo_for
from cwis.core.web import legacy_run_service as run_service
from cwis.core.web import not_found_as_404
from cwis.oversight import dashboard, export, forms, selectors, services
from cwis.oversight.api import DOCX
from cwis.oversight.models import PlanStatus, ReportStatus

MSG_CORRECTION_LINE = _("Each line needs a date (YYYY-MM-DD), a space, then the correction.")


@login_required
def todo_page(request):
    today = timezone.localdate()
    items = todo_for(request.user, today=today)
    rollup = Counter(item.institution or "—" for item in items if item.is_overdue(today))
    return render(request, "oversight/todo.html",
                  {"items": items, "today": today, "rollup": sorted(rollup.items())})


# ------------------------------------------------------------------ plans


@login_required
def plan_list(request):
    plans = selectors.plan_list(actor=request.user)
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan, ok = run_service(request, lambda: services.plan_create(
            actor=request.user, province_code=getattr(request.user.division, "code", ""),
            **{k: v for k, v in form.cleaned_data.items() if k != "version"},
        ), form=form)
        if ok:
            return redirect("plan_detail", plan.pk)
    return render(request, "oversight/plan_list.html", {"plans": plans, "form": form})


@login_required
@not_found_as_404
def plan_detail(request, pk: int):
    plan = selectors.plan_get(actor=request.user, plan_id=pk)
    form = forms.PlanForm(initial={**{k: getattr(plan, k) for k in
                                      ("title", "goals", "timetable", "roadmap")},
                                   "version": plan.version})
    task_form = forms.TaskForm()
    if request.method == "POST":
        form, task_form, done = _plan_post(request, plan)
        if done:
            return redirect("plan_detail", pk)
    return render(request, "oversight/plan_detail.html", {
        "plan": plan, "form": form, "task_form": task_form,
        "editable": plan.status == PlanStatus.DRAFT,
        "history": plan.history.select_related("history_user")[:20],
    })


def _plan_post(request, plan):
    action = request.POST.get("action")
    form = forms.PlanForm(request.POST if action == "save" else None,
                          initial={"version": plan.version})
    task_form = forms.TaskForm(request.POST if action == "task" else None)
    version = request.POST.get("version")
    calls = {
        "submit": lambda: services.plan_submit(actor=request.user, plan_id=plan.pk,
                                               version=version),
        "receive": lambda: services.plan_receive(actor=request.user, plan_id=plan.pk),
        "revise": lambda: services.plan_revise(actor=request.user, plan_id=plan.pk),
        "task_done": lambda: services.plan_task_done(
            actor=request.user, task_id=_int(request.POST.get("task")),
            done_on=timezone.localdate()),
        "attach": lambda: services.plan_attachment_add(
            actor=request.user, plan_id=plan.pk, file=request.FILES.get("file"),
            name=request.POST.get("name", "")),
    }
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        _result, ok = run_service(request, lambda: services.plan_update(
            actor=request.user, plan_id=plan.pk, version=data["version"],
            **{k: data[k] for k in ("title", "goals", "timetable", "roadmap")}), form=form)
        return form, task_form, ok
    if action == "task" and task_form.is_valid():
        _result, ok = run_service(request, lambda: services.plan_task_add(
            actor=request.user, plan_id=plan.pk, **task_form.cleaned_data), form=task_form)
        return form, task_form, ok
    if action in calls:
        _result, ok = run_service(request, calls[action])
        return form, task_form, ok
    return form, task_form, False


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


@login_required
@not_found_as_404
def plan_attachment_download(request, pk: int):
    attachment = selectors.plan_attachment_get(actor=request.user, attachment_id=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.file.name.rsplit("/", 1)[-1])


# ------------------------------------------------------------------ reports


@login_required
def report_list(request):
    year = request.GET.get("year")
    reports = selectors.report_list(actor=request.user,
                                    year=int(year) if (year or "").isdigit() else None)
    form = forms.ReportCreateForm(request.POST or None,
                                  initial={"year": year} if year else None)
    if request.method == "POST" and form.is_valid():
        report, ok = run_service(request, lambda: services.report_create(
            actor=request.user, province_code=getattr(request.user.division, "code", ""),
            year=form.cleaned_data["year"]), form=form)
        if ok:
            return redirect("report_detail", report.pk)
    return render(request, "oversight/report_list.html", {"reports": reports, "form": form})


@login_required
@not_found_as_404
def report_detail(request, pk: int):
    report = selectors.report_get(actor=request.user, report_id=pk)
    text_form = forms.ReportTextForm(initial={
        **{k: getattr(report, k) for k in services.REPORT_TEXT_FIELDS},
        "version": report.version})
    review_form = forms.ReviewForm()
    if request.method == "POST":
        text_form, review_form, done = _report_post(request, report)
        if done:
            return redirect("report_detail", pk)
    return render(request, "oversight/report_detail.html", {
        "report": report,
        "rows": selectors.report_figure_rows(report),
        "text_form": text_form,
        "review_form": review_form,
        "editable": report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        "reviewable": report.status == ReportStatus.SUBMITTED,
        "history": report.history.select_related("history_user")[:20],
    })


def _report_post(request, report):
    action = request.POST.get("action")
    text_form = forms.ReportTextForm(request.POST if action in ("save", "submit") else None,
                                     initial={"version": report.version})
    review_form = forms.ReviewForm(request.POST if action in ("accept", "return") else None)
    actor, pk = request.user, report.pk
    if action in ("save", "submit") and text_form.is_valid():
        data = text_form.cleaned_data
        texts = {k: data[k] for k in services.REPORT_TEXT_FIELDS}
        service = services.report_submit if action == "submit" else services.report_update
        _result, ok = run_service(request, lambda: service(
            actor=actor, report_id=pk, version=data["version"], **texts), form=text_form)
        return text_form, review_form, ok
    if action == "refresh":
        _result, ok = run_service(request, lambda: services.report_refresh_figures(
            actor=actor, report_id=pk, version=request.POST.get("version")))
        return text_form, review_form, ok
    if action in ("accept", "return") and review_form.is_valid():
        service = services.report_accept if action == "accept" else services.report_return
        _result, ok = run_service(request, lambda: service(
            actor=actor, report_id=pk, comment=review_form.cleaned_data["comment"]),
            form=review_form)
        return text_form, review_form, ok
    return text_form, review_form, False


@login_required
@not_found_as_404
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


def parse_corrections(text: str) -> list[tuple[str, dt.date]]:
    corrections = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        date_text, _sep, description = line.strip().partition(" ")
        try:
            due = dt.date.fromisoformat(date_text)
        except ValueError as exc:
            raise ValidationError({"corrections": MSG_CORRECTION_LINE}) from exc
        corrections.append((description.strip(), due))
    return corrections


@login_required
def evaluation_list(request):
    evaluations = selectors.evaluation_list(actor=request.user)
    form = forms.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evaluation, ok = run_service(request, lambda: services.evaluation_record(
            actor=request.user, province_code=data["province"], year=data["year"],
            score=data["score"], outcome=data["outcome"], comment=data["comment"],
            corrections=parse_corrections(data["corrections"])), form=form)
        if ok:
            return redirect("evaluation_detail", evaluation.pk)
    return render(request, "oversight/evaluation_list.html",
                  {"evaluations": evaluations, "form": form})


@login_required
@not_found_as_404
def evaluation_detail(request, pk: int):
    evaluation = selectors.evaluation_get(actor=request.user, evaluation_id=pk)
    return render(request, "oversight/evaluation_detail.html",
                  {"evaluation": evaluation, "note_form": forms.NoteForm()})


@login_required
@require_POST
@not_found_as_404
def correction_action(request, pk: int, action: str):
    correction = selectors.correction_get(actor=request.user, correction_id=pk)
    form = forms.NoteForm(request.POST)
    service = (services.correction_close if action == "close"
               else services.correction_report_progress)
    if form.is_valid():
        run_service(request, lambda: service(actor=request.user, correction_id=pk,
                                             note=form.cleaned_data["note"]))
    else:
        run_service(request, lambda: service(actor=request.user, correction_id=pk, note=""))
    return redirect("evaluation_detail", correction.evaluation_id)


@login_required
@not_found_as_404
def dashboard_page(request):
    data = dashboard.dashboard(actor=request.user, division_code=request.GET.get("division"))
    charts = [
        {"id": f"chart-{panel.key}", "title": str(panel.title),
         "labels": [c.label for c in panel.cells], "values": [c.value for c in panel.cells]}
        for panel in data["panels"] if panel.chart != "progress"
    ]
    return render(request, "oversight/dashboard.html", {**data, "charts": charts})
