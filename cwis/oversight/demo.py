"""Demo plans, reports and evaluations for 江西省: the plan received, the 2022 and 2023 reports
accepted, 2024 left for the province to file, and a 2023 evaluation with one open correction."""

import datetime as dt

from cwis.accounts.models import User
from cwis.oversight import services
from cwis.oversight.models import Evaluation, ImplementationPlan, YearlyReport

TEXTS = {
    "summary": "全省稳步推进儿童福利机构优化提质和创新转型工作。",
    "measures": "制定实施方案，明确县级儿童福利机构儿童移交计划。",
    "problems": "部分县级机构专业人员不足。",
    "next_steps": "加快完成县级机构儿童、档案和财产移交。",
}


def load() -> None:
    province = User.objects.get(username="demo-province")
    ministry = User.objects.get(username="demo-ministry")
    code = province.division.code
    if not ImplementationPlan.objects.filter(division_code=code).exists():
        plan = services.plan_create(
            actor=province, province_code=code,
            title="江西省儿童福利机构优化提质和创新转型实施方案",
            goals="到2025年，省级和地市级儿童福利机构全面实现优化提质，县级儿童福利机构完成创新转型。",
            timetable="2021年底前完成摸底；2023年底前完成县级机构儿童移交；2025年底前全面完成转型。",
            roadmap="先摸底、再移交、后转型，逐县推进。",
        )
        services.plan_task_add(actor=province, plan_id=plan.pk, title="完成县级机构儿童移交",
                               owner="省民政厅儿童福利处", due_date=dt.date(2023, 12, 31))
        services.plan_task_add(actor=province, plan_id=plan.pk,
                               title="县级机构全部转型为未成年人救助保护机构",
                               owner="各设区市民政局", due_date=dt.date(2025, 12, 31))
        plan = services.plan_submit(actor=province, plan_id=plan.pk, version=plan.version)
        services.plan_receive(actor=ministry, plan_id=plan.pk)
    for year in (2022, 2023):
        if YearlyReport.objects.filter(division_code=code, year=year).exists():
            continue
        report = services.report_create(actor=province, province_code=code, year=year)
        report = services.report_submit(actor=province, report_id=report.pk,
                                        version=report.version, **TEXTS)
        services.report_accept(actor=ministry, report_id=report.pk, comment="同意。")
    if not Evaluation.objects.filter(division_code=code, year=2023).exists():
        services.evaluation_record(
            actor=ministry, province_code=code, year=2023, score=86, outcome="corrections",
            comment="总体推进有力，县级机构转型进度偏慢。",
            corrections=[("加快南昌县、进贤县儿童福利机构儿童移交", dt.date(2024, 6, 30))],
        )
