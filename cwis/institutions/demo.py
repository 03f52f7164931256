"""Demo records for institutions (a step of `cwis demo`): the Jiangxi layout, licences,
posts, staff and a family-style residence, and three county institutions at the three
stages of their transformation: 南昌县 planned, 进贤县 handing over, 于都县 transformed.

Each record is looked up first, so running the demo twice changes nothing."""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.core.history import record_change
from cwis.core.models import Division
from cwis.institutions.models import (
    ChangeReason,
    CountyReceiver,
    FamilyResidence,
    Institution,
    InstitutionKind,
    IntegrationFact,
    IntegrationFactKind,
    IntegrationOutcome,
    Licence,
    LicenceKind,
    Post,
    PostType,
    ProtectionDuty,
    ProvinceLayout,
    QualificationKind,
    StaffMember,
    StaffQualification,
    TrainingRecord,
    Transformation,
    TransformationState,
)

PROVINCE_INSTITUTION = "江西省儿童福利院"
PREFECTURE_INSTITUTION = "南昌市儿童福利院"
PLANNED = "南昌县儿童福利院"
HANDING_OVER = "进贤县儿童福利院"
TRANSFORMED = "于都县未成年人救助保护中心"

# county code -> receiving institution
RECEIVERS = {
    "360121": PREFECTURE_INSTITUTION,
    "360124": PREFECTURE_INSTITUTION,
    "360731": PROVINCE_INSTITUTION,
    "360781": PROVINCE_INSTITUTION,
}


def _save(record, actor: User, reason: str = ""):
    record_change(record, actor, reason)
    record.save()
    return record


def _layout(actor) -> None:
    province = Division.objects.get(code="360000", valid_to__isnull=True)
    if not ProvinceLayout.objects.filter(division=province).exists():
        _save(ProvinceLayout(
            division=province, division_code=province.code, planned_child_welfare=12,
            planned_minors_protection=100,
            note="省级1所、11个设区市各1所儿童福利机构；县级儿童福利机构全部转型为未成年人救助保护机构。",
        ), actor)
    for code, name in RECEIVERS.items():
        county = Division.objects.get(code=code, valid_to__isnull=True)
        if not CountyReceiver.objects.filter(county=county).exists():
            _save(CountyReceiver(county=county, division_code=code,
                                 receiver=Institution.objects.get(name=name)), actor)


def _registry(actor, institution: Institution, *, services: list[str], department: bool,
              licences: list[tuple[str, str, dt.date, dt.date | None]],
              posts: dict[str, int]) -> None:
    if institution.licences.exists():
        return
    for service in services:
        setattr(institution, f"offers_{service}", True)
    institution.has_social_work_department = department
    _save(institution, actor)
    for kind, number, start, end in licences:
        _save(Licence(institution=institution, kind=kind, number=number, valid_from=start,
                      valid_to=end, issued_by="江西省卫生健康委员会"
                      if kind == LicenceKind.MEDICAL_PRACTICE else "江西省残疾人联合会"), actor)
    for post_type, headcount in posts.items():
        _save(Post(institution=institution, post_type=post_type, headcount_set=headcount),
              actor)


def _staff(actor, institution: Institution, people: list[tuple[str, str, str]],
           started: dt.date) -> list[StaffMember]:
    """people: (name, post type, qualification kind or '')."""
    if institution.staff.exists():
        return list(institution.staff.all())
    result = []
    for name, post_type, qualification in people:
        member = _save(StaffMember(institution=institution, name=name, post_type=post_type,
                                   started_on=started), actor)
        if qualification:
            _save(StaffQualification(staff=member, kind=qualification,
                                     number=f"{institution.pk:04d}{member.pk:06d}",
                                     issued_on=started), actor)
        result.append(member)
    return result


def _quality(actor, institutions: dict[str, Institution]) -> None:
    province = institutions[PROVINCE_INSTITUTION]
    prefecture = institutions[PREFECTURE_INSTITUTION]
    all_services = ["upbringing", "medical", "rehabilitation", "special_education",
                    "social_work"]
    _registry(actor, province, services=all_services, department=True, licences=[
        (LicenceKind.MEDICAL_PRACTICE, "PDY36000012036010017A1002", dt.date(2022, 3, 1),
         dt.date(2027, 2, 28)),
        (LicenceKind.REHABILITATION_DESIGNATION, "赣残康定〔2021〕3号", dt.date(2021, 9, 1),
         None),
        (LicenceKind.SCHOOL, "教民136000070000021号", dt.date(2020, 9, 1), dt.date(2026, 8, 31)),
    ], posts={PostType.CAREGIVER: 60, PostType.NURSE: 12, PostType.DOCTOR: 6,
              PostType.THERAPIST: 10, PostType.TEACHER: 15, PostType.SOCIAL_WORKER: 6,
              PostType.ADMINISTRATOR: 8})
    _registry(actor, prefecture, services=["upbringing", "rehabilitation", "social_work"],
              department=False, licences=[
                  (LicenceKind.REHABILITATION_DESIGNATION, "洪残康定〔2022〕7号",
                   dt.date(2022, 5, 1), dt.date(2025, 4, 30)),
              ], posts={PostType.CAREGIVER: 30, PostType.NURSE: 4, PostType.THERAPIST: 4,
                        PostType.SOCIAL_WORKER: 2, PostType.ADMINISTRATOR: 4})
    staff = _staff(actor, prefecture, [
        ("吴秀兰", PostType.CAREGIVER, QualificationKind.CAREGIVER),
        ("郑志强", PostType.NURSE, QualificationKind.NURSE),
        ("孙丽", PostType.THERAPIST, QualificationKind.THERAPIST),
        ("冯敏", PostType.SOCIAL_WORKER, QualificationKind.SOCIAL_WORK),
    ], dt.date(2018, 7, 1))
    if not TrainingRecord.objects.filter(staff__institution=prefecture).exists():
        _save(TrainingRecord(staff=staff[0], title="儿童福利机构养育照料技能培训",
                             provider="江西省民政厅", started_on=dt.date(2024, 4, 8),
                             ended_on=dt.date(2024, 4, 12), hours=32), actor)
    if not prefecture.family_residences.exists():
        _save(FamilyResidence(institution=prefecture, name="1号家庭式居所", capacity=6,
                              carer_father="陈国华", carer_mother="李春梅",
                              carers_qualified_on=dt.date(2023, 3, 15)), actor)


def _plan(actor, institution: Institution, *, state: str, handover: dt.date,
          completion: dt.date, new_name: str, started: dt.date | None = None,
          completed: dt.date | None = None) -> Transformation | None:
    if Transformation.objects.filter(institution=institution).exists():
        return None
    return _save(Transformation(
        institution=institution, state=state, target_handover_date=handover,
        target_completion_date=completion, new_name=new_name, started_on=started,
        completed_on=completed,
    ), actor)


def _facts(actor, plan: Transformation, day: dt.date, duties) -> None:
    _save(IntegrationFact(transformation=plan, kind=IntegrationFactKind.PREMISES,
                          effective_on=day, description="原儿童福利院综合楼，建筑面积1800平方米",
                          document_number="县编办〔2024〕12号"), actor)
    for duty in duties:
        _save(IntegrationFact(transformation=plan, kind=IntegrationFactKind.DUTY, duty=duty,
                              effective_on=day, description="由救助保护部承担",
                              document_number="县民政局〔2024〕30号"), actor)


def _transformations(actor, institutions: dict[str, Institution]) -> None:
    today = timezone.localdate()
    prefecture = institutions[PREFECTURE_INSTITUTION]
    _plan(actor, institutions[PLANNED], state=TransformationState.PLANNED,
          handover=today + dt.timedelta(days=60), completion=today + dt.timedelta(days=180),
          new_name="南昌县未成年人救助保护中心")

    county_b = institutions[HANDING_OVER]
    plan = _plan(actor, county_b, state=TransformationState.HANDING_OVER,
                 handover=today + dt.timedelta(days=20), completion=today + dt.timedelta(days=90),
                 new_name="进贤县未成年人救助保护中心", started=today - dt.timedelta(days=30))
    if plan is not None:
        county_b.kind = InstitutionKind.IN_TRANSFORMATION
        _save(county_b, actor, ChangeReason.TRANSFORMATION_STARTED)
        staff = _staff(actor, county_b, [
            ("胡建国", PostType.ADMINISTRATOR, ""), ("罗芳", PostType.CAREGIVER, ""),
            ("谢红", PostType.CAREGIVER, QualificationKind.CAREGIVER),
            ("邓伟", PostType.SOCIAL_WORKER, QualificationKind.SOCIAL_WORK),
        ], dt.date(2015, 3, 1))
        decided = today - dt.timedelta(days=10)
        for member, outcome in zip(staff[:3], [IntegrationOutcome.RETAINED,
                                               IntegrationOutcome.TRANSFERRED,
                                               IntegrationOutcome.RETAINED], strict=True):
            member.integration_outcome = outcome
            member.integration_on = decided
            if outcome == IntegrationOutcome.TRANSFERRED:
                member.transferred_to = prefecture
                member.left_on = decided
            _save(member, actor)
        _facts(actor, plan, today - dt.timedelta(days=7), list(ProtectionDuty)[:3])

    county_c = institutions[TRANSFORMED]
    done = dt.date(2024, 12, 20)
    plan = _plan(actor, county_c, state=TransformationState.TRANSFORMED,
                 handover=dt.date(2024, 6, 30), completion=dt.date(2024, 12, 31), new_name="",
                 started=dt.date(2024, 3, 1), completed=done)
    if plan is not None:
        staff = _staff(actor, county_c, [("林涛", PostType.PROTECTION_WORKER,
                                          QualificationKind.SOCIAL_WORK),
                                         ("曾静", PostType.CAREGIVER, "")], dt.date(2016, 9, 1))
        for member in staff:
            member.integration_outcome = IntegrationOutcome.RETAINED
            member.integration_on = dt.date(2024, 10, 1)
            _save(member, actor)
        _facts(actor, plan, dt.date(2024, 11, 1), list(ProtectionDuty))
        plan.checklist_at_completion = [
            {"key": "children_transferred", "label": "每名在院儿童均已移交并被接收",
             "done": True, "detail": "已无儿童在院（12名儿童移交江西省儿童福利院）。"},
            {"key": "archives_handed_over", "label": "档案已移交（移送与接收份数）",
             "done": True, "detail": "移送12份，接收12份。"},
            {"key": "property_handed_over", "label": "代管儿童财产已移交（台账移送与确认）",
             "done": True, "detail": "台账12份，已确认12份。"},
            {"key": "staff_integrated", "label": "工作人员已整合进未成年人救助保护机构",
             "done": True, "detail": "2名工作人员留任。"},
            {"key": "premises_integrated", "label": "场所已整合进未成年人救助保护机构",
             "done": True, "detail": "2024-11-01起使用：原儿童福利院综合楼。"},
            {"key": "duties_integrated", "label": "职责已由未成年人救助保护机构承担",
             "done": True, "detail": "未成年人救助保护机构的全部6项职责均已承担。"},
        ]
        _save(plan, actor)


def load() -> None:
    actor = User.objects.filter(username="demo-province").first()
    institutions = {i.name: i for i in Institution.objects.filter(name__in=[
        PROVINCE_INSTITUTION, PREFECTURE_INSTITUTION, PLANNED, HANDING_OVER, TRANSFORMED,
    ])}
    if len(institutions) < 5:
        return
    _layout(actor)
    _quality(actor, institutions)
    _transformations(actor, institutions)
