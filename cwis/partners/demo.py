"""Demo data of the partners module: an account of each partner department (南昌市, and
南昌县's education bureau `demo-partner`), the requests civil affairs sent them from the
demo's records, and a few deliberately bad files the data-quality page lists (written
straight to the table: the registration services refuse them, which is the point — they
stand for files kept before CWIS). Idempotent like every demo step."""

import datetime as dt

from django.utils import timezone

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus, GuardianKind, Sex
from cwis.children.models import Child
from cwis.children.services.rules import add_years, name_search_keys
from cwis.core.models import Division
from cwis.core.permissions import PartnerDepartment, Role
from cwis.demo_base import DEMO_PASSWORD, PREFECTURE_A, VILLAGE
from cwis.partners import selectors, services
from cwis.partners.jobs import quality_scan
from cwis.partners.kinds import KINDS
from cwis.partners.models import PartnerRequest, RequestKind

NAMES = {
    PartnerDepartment.PUBLIC_SECURITY: "南昌市公安局 户政科 赵警官",
    PartnerDepartment.EDUCATION: "南昌市教育局 学籍科 邓老师",
    PartnerDepartment.MEDICAL_INSURANCE: "南昌市医疗保障局 参保科 胡科员",
    PartnerDepartment.DISABLED_FEDERATION: "南昌市残联 康复部 曹干事",
    PartnerDepartment.HEALTH: "南昌市卫生健康委 妇幼科 彭医生",
    PartnerDepartment.HUMAN_RESOURCES: "南昌市人社局 职业能力建设处 袁科员",
    PartnerDepartment.HOUSING: "南昌市住建局 住房保障处 蒋科员",
    PartnerDepartment.CONSCRIPTION: "南昌市征兵办公室 谢参谋",
    PartnerDepartment.FIRE_SERVICE: "南昌市消防救援支队 防火处 韩警官",
    PartnerDepartment.MARKET_REGULATION: "南昌市市场监管局 食品科 唐科员",
}
PER_REQUEST = 3


def _accounts() -> None:
    division = Division.objects.get(code=PREFECTURE_A, valid_to__isnull=True)
    for department, display in NAMES.items():
        username = f"demo-partner-{department.replace('_', '-')}"
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, display_name=display, role=Role.PARTNER_VIEWER,
                    division=division, partner_department=department)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()


def _requests(officer: User, today: dt.date, kinds=tuple(KINDS)) -> None:
    for kind in kinds:
        spec = KINDS[kind]
        if PartnerRequest.objects.filter(kind=kind, sent_by=officer).exists():
            continue
        if spec.from_transfer:
            ids = [t.child_id for t in selectors.transfer_candidates(actor=officer)]
        elif spec.from_referral:
            ids = [r.case.child_id for r in selectors.referral_candidates(
                actor=officer, department=spec.departments[0])]
        else:
            ids = list(selectors.request_candidates(actor=officer, kind=kind, today=today)
                       .values_list("pk", flat=True)[:PER_REQUEST])
        if ids:
            services.request_send(actor=officer, kind=kind, department=spec.departments[0],
                                  child_ids=ids[:PER_REQUEST], today=today,
                                  note="请于30日内逐人反馈办理结果")


def _bad_files(today: dt.date) -> None:
    """A homophone pair (李晓花 / 李小花: same sex, birth date and county, one file each)
    and a left-behind child of 17."""
    # The community step registers 李小花 already: 李晓花 is her homophone twin file.
    twin = Child.objects.filter(name="李小花", division_code=VILLAGE[0]).first()
    born = twin.birth_date if twin else add_years(today, -9).replace(day=12)
    for name, years in (("李晓花", None), ("李小花", None), ("万小军", 17)):
        if Child.objects.filter(name=name, division_code=VILLAGE[0]).exists():
            continue
        pinyin, initials = name_search_keys(name)
        Child.objects.create(
            name=name, sex=Sex.MALE if years else Sex.FEMALE,
            birth_date=add_years(today, -years) if years else born,
            guardian_kind=GuardianKind.OTHER, guardianship_since=dt.date(2020, 1, 1),
            status=ChildStatus.IN_COMMUNITY, division_code=VILLAGE[0],
            registered_on=dt.date(2022, 3, 1), is_left_behind=True,
            left_behind_situation="both_away", name_pinyin=pinyin, name_initials=initials,
            search_pinyin=pinyin)


def load() -> None:
    officer = User.objects.filter(username="demo-prefecture").first()
    county = User.objects.filter(username="demo-county-a").first()
    if officer is None or county is None:
        return
    today = timezone.localdate()
    _accounts()
    # 南昌县's own request to its education bureau (demo-partner), then the city's.
    _requests(county, today, kinds=(RequestKind.SCHOOL_PLACE, RequestKind.INSURANCE_ENROLMENT))
    _requests(officer, today)
    _bad_files(today)
    quality_scan()
