import datetime as dt
from zoneinfo import ZoneInfo

import factory

from cwis.accounts.tests.factories import UserFactory
from cwis.children.demo import citizen_id
from cwis.children.tests.factories import CommunityChildFactory
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Role
from cwis.protection.models import (
    Art92Situation,
    CommunityVisit,
    EmergencyPlacement,
    Recommendation,
    ReporterKind,
    VisitMethod,
)

TOWNSHIP = "360121100"  # 莲塘镇, 南昌县 (county A)
VILLAGE = "360121100201"  # 莲塘村委会
OTHER_VILLAGE = "360121100202"  # 另一个村, same township
OTHER_TOWNSHIP = "360124100"  # a town of 进贤县 (county B): outside county A
BOY_BIRTH = dt.date(2018, 5, 10)
BOY_ID = citizen_id("360121", BOY_BIRTH, 123)  # odd sequence: male


def ensure_divisions() -> None:
    """The township and village rows the tests place community files in."""
    rows = [
        (TOWNSHIP, "莲塘镇", DivisionLevel.TOWNSHIP, "360121"),
        (VILLAGE, "莲塘村委会", DivisionLevel.VILLAGE, TOWNSHIP),
        (OTHER_VILLAGE, "东村村委会", DivisionLevel.VILLAGE, TOWNSHIP),
        (OTHER_TOWNSHIP, "民和镇", DivisionLevel.TOWNSHIP, "360124"),
    ]
    for code, name, level, parent in rows:
        Division.objects.get_or_create(code=code, valid_to=None, defaults={
            "name": name, "level": level,
            "parent": Division.objects.get(code=parent, valid_to__isnull=True),
        })


def left_behind_boy(**overrides) -> dict:
    """The `data` of a left-behind boy registered in 莲塘村, as the register form sends it."""
    data = {
        "division": VILLAGE,
        "name": "李留留",
        "sex": "male",
        "birth_date": BOY_BIRTH,
        "citizen_id": BOY_ID,
        "registered_on": dt.date(2026, 1, 10),
        "home_address": "莲塘村三组12号",
        "is_left_behind": True,
        "left_behind_situation": "both_away",
        "guardian_relation": "grandparent",
        "guardian_name": "李奶奶",
        "guardian_phone": "13800000000",
        "education_status": "primary",
        "school_name": "莲塘小学",
    }
    data.update(overrides)
    return data


class CommunityVisitFactory(factory.django.DjangoModelFactory):
    """A home visit to a community child by a village child director."""

    class Meta:
        model = CommunityVisit

    child = factory.SubFactory(CommunityChildFactory)
    visited_on = dt.date(2026, 1, 20)
    visited_by = factory.SubFactory(UserFactory, role=Role.CHILD_DIRECTOR)
    method = VisitMethod.HOME
    situation = "与祖母同住，按时上学"


SHANGHAI = ZoneInfo("Asia/Shanghai")


def found_alone(**overrides) -> dict:
    """The intake `data` of a child found alone and brought by the police, placed in the
    protection institution (the tests' today is 2026-02-01)."""
    data = {
        "opened_on": dt.date(2026, 1, 30),
        "situation": Art92Situation.NEGLECT,
        "reported_by": ReporterKind.POLICE,
        "reporter_name": "莲塘派出所",
        "reported_at": dt.datetime(2026, 1, 30, 8, 0, tzinfo=SHANGHAI),
        "circumstances": "儿童独自在家三天，父亲外出务工失联",
        "police_reference": "莲公(2026)12号",
        "safety_check": "无外伤，轻度营养不良",
        "placement": EmergencyPlacement.INSTITUTION,
        "placed_at": dt.datetime(2026, 1, 30, 12, 0, tzinfo=SHANGHAI),
        "placement_note": "",
    }
    data.update(overrides)
    return data


def guardian_able(**overrides) -> dict:
    """An assessment finding the guardian able again (the father came back)."""
    data = {
        "assessed_on": dt.date(2026, 1, 31),
        "assessors": "村委会王主任",
        "guardian_situation": "父亲已返乡，在县城就业",
        "guardian_capacity": "有稳定收入和住所，愿意照顾",
        "risks": "父亲再次外出的可能",
        "child_views": "愿意回家",
        "recommendation": Recommendation.RETURN_TO_GUARDIAN,
        "recommendation_note": "",
        "reassess_on": dt.date(2026, 4, 30),
    }
    data.update(overrides)
    return data


def counselling(**overrides) -> dict:
    """A referral to the social work station for psychological counselling (心理咨询), sent on
    the tests' today."""
    data = {
        "recipient_kind": "organisation",
        "department": "social_organisation",
        "recipient_name": "阳光社工站",
        "contact": "李老师 13900000000",
        "service": "psychological",
        "request": "儿童受惊吓，夜间哭闹，请安排心理咨询",
        "sent_on": dt.date(2026, 2, 1),
    }
    data.update(overrides)
    return data


def child_found_alone(**overrides) -> dict:
    """The direct registration `data` of an unidentified girl found alone at 莲塘镇's bus
    station: a temporary name, an estimated birth date, no ID number, nobody known."""
    data = {
        "division": TOWNSHIP,
        "name": "莲塘镇待查女童",
        "sex": "female",
        "birth_date": dt.date(2020, 7, 1),
        "birth_date_estimated": True,
        "registered_on": dt.date(2026, 1, 30),
        "found_on": dt.date(2026, 1, 30),
        "found_place": "莲塘镇汽车站",
        "found_circumstances": "独自在候车室，说不清家在哪里",
        "police_case_number": "莲公(2026)15号",
        "is_parents_not_found": True,
    }
    data.update(overrides)
    return data


def care_session(**overrides) -> dict:
    """A session of emotional care that flags the child at risk."""
    data = {
        "held_on": dt.date(2026, 1, 31),
        "delivered_by": "周社工",
        "content": "陪伴谈心，了解儿童在家的经历",
        "risk_level": "elevated",
        "risk_notes": "提到不想活了，需要持续关注",
    }
    data.update(overrides)
    return data


def talk(**overrides) -> dict:
    """A policy talk at 莲塘小学 (the tests' today is 2026-02-01)."""
    data = {
        "held_on": dt.date(2026, 1, 15),
        "place": "莲塘小学礼堂",
        "audience_kind": "parents",
        "audience_count": 120,
        "topic": "未成年人保护法与家庭监护责任",
        "speakers": "周社工、县法院李法官",
        "note": "",
    }
    data.update(overrides)
    return data


def intervention_plan(**overrides) -> dict:
    data = {
        "made_on": dt.date(2026, 2, 1),
        "goals": "情绪稳定，恢复正常作息",
        "measures": "每周两次心理咨询；夜间有人陪护",
        "responsible": "周社工、阳光社工站李老师",
        "review_on": dt.date(2026, 2, 15),
    }
    data.update(overrides)
    return data


def workstation(**overrides) -> dict:
    """莲塘镇's workstation, active since 2025."""
    data = {
        "township": TOWNSHIP,
        "name": "莲塘镇未成年人保护工作站",
        "status": "active",
        "set_up_on": dt.date(2025, 3, 1),
        "staff_names": "黄督导、刘干事",
        "staff_count": 2,
        "address": "莲塘镇政府一楼",
        "phone": "0791-85700000",
        "note": "",
    }
    data.update(overrides)
    return data


def guidance(**overrides) -> dict:
    data = {
        "visited_on": dt.date(2026, 1, 20),
        "visitors": "周社工、县民政局张科长",
        "findings": "台账齐全，村级儿童主任培训未覆盖全部村",
        "follow_up": "三月前完成剩余村儿童主任培训",
        "follow_up_due": dt.date(2026, 3, 31),
    }
    data.update(overrides)
    return data
