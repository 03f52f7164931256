"""The ground floor of `cwis demo`: one province, two prefectures, four counties, five
institutions and one account per role (password `cwis-demo`), and the names the apps' demo
steps share. Idempotent: each record is found by a natural key first, so running it twice
changes nothing.

The apps' `demo.py` modules import this one; it imports none of them (`cwis/demo.py` lists
the steps and runs them).
"""

from stdnum.cn import uscc

from cwis.accounts.models import User
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.institutions.models import Institution, InstitutionKind, InstitutionLevel

DEMO_PASSWORD = "cwis-demo"  # noqa: S105 - documented demo password, demo data only

PROVINCE = "360000"  # 江西省
PREFECTURE_A = "360100"  # 南昌市
PREFECTURE_B = "360700"  # 赣州市
COUNTY_A = "360121"  # 南昌县
COUNTY_B = "360124"  # 进贤县
COUNTY_C = "360731"  # 于都县 (county institution already transformed)
COUNTY_D = "360781"  # 瑞金市
TOWNSHIP = ("360121100", "莲塘镇")  # under 南昌县
VILLAGE = ("360121100201", "莲塘村委会")

# key, name, level, kind, division
INSTITUTIONS = [
    ("province", "江西省儿童福利院", InstitutionLevel.PROVINCE, InstitutionKind.CHILD_WELFARE,
     PROVINCE),
    ("prefecture", "南昌市儿童福利院", InstitutionLevel.PREFECTURE,
     InstitutionKind.CHILD_WELFARE, PREFECTURE_A),
    ("county_a", "南昌县儿童福利院", InstitutionLevel.COUNTY, InstitutionKind.CHILD_WELFARE,
     COUNTY_A),
    ("county_b", "进贤县儿童福利院", InstitutionLevel.COUNTY, InstitutionKind.CHILD_WELFARE,
     COUNTY_B),
    ("county_c", "于都县未成年人救助保护中心", InstitutionLevel.COUNTY,
     InstitutionKind.MINORS_PROTECTION, COUNTY_C),
]

# username, display name, role, division code, institution key
ACCOUNTS = [
    ("demo-admin", "系统管理员", Role.SYSTEM_ADMIN, None, None),
    ("demo-ministry", "民政部 王处长", Role.MINISTRY_OFFICER, None, None),
    ("demo-province", "江西省民政厅 李科长", Role.PROVINCE_OFFICER, PROVINCE, None),
    ("demo-prefecture", "南昌市民政局 张科长", Role.PREFECTURE_OFFICER, PREFECTURE_A, None),
    ("demo-county-a", "南昌县民政局 刘股长", Role.COUNTY_OFFICER, COUNTY_A, None),
    ("demo-county-b", "进贤县民政局 陈股长", Role.COUNTY_OFFICER, COUNTY_B, None),
    ("demo-director", "南昌市儿童福利院 周院长", Role.DIRECTOR, PREFECTURE_A, "prefecture"),
    ("demo-caregiver", "南昌市儿童福利院 吴阿姨", Role.CAREGIVER, PREFECTURE_A, "prefecture"),
    ("demo-doctor", "南昌市儿童福利院 郑医生", Role.DOCTOR, PREFECTURE_A, "prefecture"),
    ("demo-therapist", "南昌市儿童福利院 孙康复师", Role.THERAPIST, PREFECTURE_A, "prefecture"),
    ("demo-teacher", "南昌市儿童福利院 钱老师", Role.TEACHER, PREFECTURE_A, "prefecture"),
    ("demo-social-worker", "南昌市儿童福利院 冯社工", Role.SOCIAL_WORKER, PREFECTURE_A,
     "prefecture"),
    ("demo-county-director", "南昌县儿童福利院 何院长", Role.DIRECTOR, COUNTY_A, "county_a"),
    ("demo-protection-worker", "于都县未保中心 林干事", Role.PROTECTION_WORKER, COUNTY_C,
     "county_c"),
    ("demo-supervisor", "莲塘镇儿童督导员 黄督导", Role.CHILD_SUPERVISOR, TOWNSHIP[0], None),
    ("demo-village-director", "莲塘村儿童主任 徐主任", Role.CHILD_DIRECTOR, VILLAGE[0], None),
    ("demo-partner", "南昌县教育局 马老师", Role.PARTNER_VIEWER, COUNTY_A, None),
]


def demo_uscc(division_code: str, serial: int) -> str:
    """A well-formed unified social credit code for a public institution (事业单位, '12')."""
    base = f"12{division_code}{serial:08d}0"[:17]
    return base + uscc.calc_check_digit(base)


def _ensure_local_divisions() -> None:
    county = Division.objects.get(code=COUNTY_A, valid_to__isnull=True)
    township, _ = Division.objects.get_or_create(
        code=TOWNSHIP[0],
        valid_to=None,
        defaults={"name": TOWNSHIP[1], "level": DivisionLevel.TOWNSHIP, "parent": county},
    )
    Division.objects.get_or_create(
        code=VILLAGE[0],
        valid_to=None,
        defaults={"name": VILLAGE[1], "level": DivisionLevel.VILLAGE, "parent": township},
    )


def _ensure_institutions() -> dict[str, Institution]:
    result = {}
    for serial, (key, name, level, kind, code) in enumerate(INSTITUTIONS, start=1):
        division = Division.objects.get(code=code, valid_to__isnull=True)
        institution, _ = Institution.objects.get_or_create(
            name=name,
            defaults={
                "uscc": demo_uscc(code, serial),
                "level": level,
                "kind": kind,
                "division": division,
                "division_code": division.code,
                "beds": {"province": 300, "prefecture": 200}.get(key, 40),
                "address": f"{division.name}",
            },
        )
        result[key] = institution
    return result


def _ensure_accounts(institutions: dict[str, Institution]) -> None:
    for username, display_name, role, code, institution_key in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            division=Division.objects.get(code=code, valid_to__isnull=True) if code else None,
            institution=institutions[institution_key] if institution_key else None,
            is_staff=role == Role.SYSTEM_ADMIN,
            is_superuser=role == Role.SYSTEM_ADMIN,
        )
        if role == Role.PARTNER_VIEWER:
            user.partner_department = "education"
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()


def load() -> None:
    _ensure_local_divisions()
    _ensure_accounts(_ensure_institutions())
