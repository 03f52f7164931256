import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from cwis.core.export import XLSX
from cwis.core.schemas import VersionIn
from cwis.core.todo import todo_for
from cwis.oversight import dashboard, export, selectors, services

router = Router(tags=["oversight"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TodoOut(Schema):
    kind: str
    title: str
    due: dt.date
    overdue: bool
    url: str
    institution: str
    since: dt.date | None


@router.get("/todo", response=list[TodoOut])
def todo(request: HttpRequest):
    """The caller's to-do list, overdue first."""
    today = timezone.localdate()
    return [
        {**item.__dict__, "overdue": item.is_overdue(today)}
        for item in todo_for(request.auth, today=today)
    ]


# ------------------------------------------------------------------ plans


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    due_date: dt.date
    done_on: dt.date | None


class PlanOut(Schema):
    id: int
    province: str
    title: str
    goals: str
    timetable: str
    roadmap: str
    due_date: dt.date
    status: str
    revision: int
    version: int
    tasks: list[TaskOut] = []

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.code

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.all())


class ImplementationPlanIn(Schema):
    province: str
    title: str
    goals: str = ""
    timetable: str = ""
    roadmap: str = ""


class PlanPatch(Schema):
    version: int
    title: str | None = None
    goals: str | None = None
    timetable: str | None = None
    roadmap: str | None = None


class TaskIn(Schema):
    title: str
    owner: str
    due_date: dt.date



@router.get("/plans", response=list[PlanOut])
def plan_list(request: HttpRequest):
    return list(selectors.plan_list(actor=request.auth).prefetch_related("tasks"))


@router.post("/plans", response={201: PlanOut})
def plan_create(request: HttpRequest, payload: ImplementationPlanIn):
    plan = services.plan_create(
        actor=request.auth, province_code=payload.province, title=payload.title,
        goals=payload.goals, timetable=payload.timetable, roadmap=payload.roadmap,
    )
    return Status(201, selectors.plan_get(actor=request.auth, plan_id=plan.pk))


@router.get("/plans/{plan_id}", response=PlanOut)
def plan_get(request: HttpRequest, plan_id: int):
    return selectors.plan_get(actor=request.auth, plan_id=plan_id)


@router.patch("/plans/{plan_id}", response=PlanOut)
def plan_update(request: HttpRequest, plan_id: int, payload: PlanPatch):
    changes = payload.dict(exclude={"version"})
    services.plan_update(actor=request.auth, plan_id=plan_id, version=payload.version, **changes)
    return selectors.plan_get(actor=request.auth, plan_id=plan_id)


@router.post("/plans/{plan_id}/tasks", response={201: TaskOut})
def plan_task_add(request: HttpRequest, plan_id: int, payload: TaskIn):
    task = services.plan_task_add(actor=request.auth, plan_id=plan_id, **payload.dict())
    return Status(201, task)


class DoneIn(Schema):
    done_on: dt.date


@router.post("/plans/tasks/{task_id}/done", response=TaskOut)
def plan_task_done(request: HttpRequest, task_id: int, payload: DoneIn):
    return services.plan_task_done(actor=request.auth, task_id=task_id, done_on=payload.done_on)


@router.post("/plans/{plan_id}/submit", response=PlanOut)
def plan_submit(request: HttpRequest, plan_id: int, payload: VersionIn):
    services.plan_submit(actor=request.auth, plan_id=plan_id, version=payload.version)
    return selectors.plan_get(actor=request.auth, plan_id=plan_id)


@router.post("/plans/{plan_id}/receive", response=PlanOut)
def plan_receive(request: HttpRequest, plan_id: int):
    services.plan_receive(actor=request.auth, plan_id=plan_id)
    return selectors.plan_get(actor=request.auth, plan_id=plan_id)


@router.post("/plans/{plan_id}/revise", response=PlanOut)
def plan_revise(request: HttpRequest, plan_id: int):
    services.plan_revise(actor=request.auth, plan_id=plan_id)
    return selectors.plan_get(actor=request.auth, plan_id=plan_id)


# ------------------------------------------------------------------ reports


class FigureOut(Schema):
    key: str
    section: str
    label: str
    value: int


class ReportOut(Schema):
    id: int
    province: str
    year: int
    status: str
    version: int
    figures_as_of: dt.date | None
    figures: list[FigureOut]
    summary: str
    measures: str
    problems: str
    next_steps: str
    review_comment: str

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.code

    @staticmethod
    def resolve_figures(obj) -> list[dict]:
        return selectors.report_figure_rows(obj)


class ReportIn(Schema):
    province: str
    year: int


class ReportPatch(Schema):
    version: int
    summary: str | None = None
    measures: str | None = None
    problems: str | None = None
    next_steps: str | None = None


class ReviewIn(Schema):
    comment: str = ""


@router.get("/reports", response=list[ReportOut])
def report_list(request: HttpRequest, year: int | None = None, status: str | None = None):
    return list(selectors.report_list(actor=request.auth, year=year, status=status))


@router.post("/reports", response={201: ReportOut})
def report_create(request: HttpRequest, payload: ReportIn):
    report = services.report_create(
        actor=request.auth, province_code=payload.province, year=payload.year
    )
    return Status(201, report)


@router.get("/reports/{report_id}", response=ReportOut)
def report_get(request: HttpRequest, report_id: int):
    return selectors.report_get(actor=request.auth, report_id=report_id)


@router.patch("/reports/{report_id}", response=ReportOut)
def report_update(request: HttpRequest, report_id: int, payload: ReportPatch):
    return services.report_update(
        actor=request.auth, report_id=report_id, version=payload.version,
        **payload.dict(exclude={"version"}),
    )


@router.post("/reports/{report_id}/refresh", response=ReportOut)
def report_refresh(request: HttpRequest, report_id: int, payload: VersionIn):
    return services.report_refresh_figures(
        actor=request.auth, report_id=report_id, version=payload.version
    )


@router.post("/reports/{report_id}/submit", response=ReportOut)
def report_submit(request: HttpRequest, report_id: int, payload: VersionIn):
    return services.report_submit(actor=request.auth, report_id=report_id, version=payload.version)


@router.post("/reports/{report_id}/accept", response=ReportOut)
def report_accept(request: HttpRequest, report_id: int, payload: ReviewIn):
    return services.report_accept(actor=request.auth, report_id=report_id, comment=payload.comment)


@router.post("/reports/{report_id}/return", response=ReportOut)
def report_return(request: HttpRequest, report_id: int, payload: ReviewIn):
    return services.report_return(actor=request.auth, report_id=report_id, comment=payload.comment)


@router.get("/reports/{report_id}/export.docx")
def report_docx(request: HttpRequest, report_id: int):
    report = selectors.report_get(actor=request.auth, report_id=report_id)
    return _download(export.report_docx(report), DOCX, f"report-{report.division_code}-"
                     f"{report.year}.docx")


@router.get("/reports/{report_id}/export.xlsx")
def report_xlsx(request: HttpRequest, report_id: int):
    report = selectors.report_get(actor=request.auth, report_id=report_id)
    return _download(export.report_xlsx(report), XLSX, f"report-{report.division_code}-"
                     f"{report.year}.xlsx")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------ evaluations


class CorrectionOut(Schema):
    id: int
    description: str
    due_date: dt.date
    progress_note: str
    closed_at: dt.datetime | None
    closure_note: str


class EvaluationOut(Schema):
    id: int
    province: str
    year: int
    score: Decimal
    outcome: str
    comment: str
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.code

    @staticmethod
    def resolve_corrections(obj) -> list:
        return list(obj.corrections.all())


class CorrectionIn(Schema):
    description: str
    due_date: dt.date


class EvaluationIn(Schema):
    province: str
    year: int
    score: Decimal
    outcome: str
    comment: str = ""
    corrections: list[CorrectionIn] = []


class NoteIn(Schema):
    note: str


@router.get("/evaluations", response=list[EvaluationOut])
def evaluation_list(request: HttpRequest):
    return list(selectors.evaluation_list(actor=request.auth))


@router.post("/evaluations", response={201: EvaluationOut})
def evaluation_record(request: HttpRequest, payload: EvaluationIn):
    evaluation = services.evaluation_record(
        actor=request.auth, province_code=payload.province, year=payload.year,
        score=payload.score, outcome=payload.outcome, comment=payload.comment,
        corrections=[(c.description, c.due_date) for c in payload.corrections],
    )
    return Status(201, selectors.evaluation_get(actor=request.auth, evaluation_id=evaluation.pk))


@router.get("/evaluations/{evaluation_id}", response=EvaluationOut)
def evaluation_get(request: HttpRequest, evaluation_id: int):
    return selectors.evaluation_get(actor=request.auth, evaluation_id=evaluation_id)


@router.post("/corrections/{correction_id}/progress", response=CorrectionOut)
def correction_progress(request: HttpRequest, correction_id: int, payload: NoteIn):
    return services.correction_report_progress(
        actor=request.auth, correction_id=correction_id, note=payload.note
    )


@router.post("/corrections/{correction_id}/close", response=CorrectionOut)
def correction_close(request: HttpRequest, correction_id: int, payload: NoteIn):
    return services.correction_close(
        actor=request.auth, correction_id=correction_id, note=payload.note
    )


class CellOut(Schema):
    label: str
    value: int
    url: str


class PanelOut(Schema):
    key: str
    title: str
    chart: str
    cells: list[CellOut]


class SubareaOut(Schema):
    code: str
    name: str
    institutions: int


class RegistryAreaOut(Schema):
    code: str
    name: str
    values: list[int]  # in the order of DashboardOut.community_columns


class AreaTableOut(Schema):
    key: str
    title: str
    columns: list[str]
    areas: list[RegistryAreaOut]  # values in the order of `columns`


class TrendOut(Schema):
    key: str
    label: str
    values: list[int]  # at each of DashboardOut.trend_points


class DashboardOut(Schema):
    area_code: str
    area_name: str
    panels: list[PanelOut]
    drilldown: list[SubareaOut]
    community_columns: list[str]
    community_areas: list[RegistryAreaOut]
    area_tables: list[AreaTableOut]  # other modules' figures per area (protection cases)
    trend_period: str
    trend_points: list[dt.date]
    trends: list[TrendOut]


@router.get("/dashboard", response=DashboardOut)
def dashboard_get(request: HttpRequest, division: str | None = None, trend: str = "year"):
    """The caller's dashboard, or that of a division inside their jurisdiction: its panels,
    the community registry per area one level down, and the trends by `trend` (year or
    month)."""
    data = dashboard.dashboard(actor=request.auth, division_code=division, period=trend)
    trends = data["trends"]
    return {
        "area_code": data["area"].code,
        "area_name": data["area"].name,
        "panels": [
            {"key": p.key, "title": str(p.title), "chart": p.chart,
             "cells": [c.__dict__ for c in p.cells]}
            for p in data["panels"]
        ],
        "drilldown": [
            {"code": r["division"].code, "name": r["division"].name,
             "institutions": r["institutions"]}
            for r in data["drilldown"]
        ],
        "community_columns": data["community_columns"],
        "community_areas": [{"code": r.code, "name": r.name,
                             "values": [c.value for c in r.cells]}
                            for r in data["community_areas"]],
        "area_tables": [{"key": t.key, "title": str(t.title), "columns": t.columns,
                         "areas": [{"code": r.code, "name": r.name,
                                    "values": [c.value for c in r.cells]} for r in t.rows]}
                        for t in data["area_tables"]],
        "trend_period": trends.period,
        "trend_points": trends.points,
        "trends": [{"key": t.key, "label": t.label, "values": t.values} for t in trends.rows],
    }
