"""The generator at tiny scale (runs on SQLite and PostgreSQL), and query-count guards on the
pages and endpoints the benchmarks time, over generated data."""

import datetime as dt

import pytest
from django.urls import reverse

from cwis.accounts.models import User
from cwis.accounts.roles import Role
from cwis.children.choices import ChildStatus
from cwis.children.models import Child, ChildDeadline, Intake, Placement
from cwis.core.models import Division, DivisionLevel
from cwis.core.validators import validate_citizen_id
from cwis.institutions.models import Institution
from cwis.synthetic.generate import SCALES, generate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def tiny(db):
    return generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)


def test_tiny_generation_is_consistent(tiny):
    children = Child.objects.filter(status__in=[ChildStatus.IN_CARE, ChildStatus.LEFT_CARE])
    assert children.count() == SCALES["tiny"].children_in_care
    assert Intake.objects.count() == Placement.objects.count() == children.count()
    # Every open file is in an institution, with one open placement there.
    for child in children.filter(status=ChildStatus.IN_CARE):
        placement = Placement.objects.get(child=child, ended_on__isnull=True)
        assert placement.institution_id == child.current_institution_id
        assert child.division_code == child.current_institution.division_code
    ids = [c for c in children.values_list("citizen_id", flat=True) if c]
    assert len(ids) == len(set(ids))
    for number in ids:
        validate_citizen_id(number, today=TODAY)  # raises if not valid
    assert ChildDeadline.objects.filter(kind="turns_18").exists()
    assert Child.history.count() == Child.objects.count()
    assert Institution.history.count() == Institution.objects.count()
    assert User.objects.filter(role=Role.DIRECTOR).count() == Institution.objects.count()


def test_tiny_community_registry_is_consistent(tiny):
    community = Child.objects.filter(status__in=[ChildStatus.IN_COMMUNITY,
                                                 ChildStatus.OFF_REGISTER])
    assert community.count() == SCALES["tiny"].community_children
    villages = {d.code: d for d in Division.objects.filter(level=DivisionLevel.VILLAGE)}
    ids = [c for c in Child.objects.values_list("citizen_id", flat=True) if c]
    assert len(ids) == len(set(ids))  # unique across care and community
    for child in community:
        village = villages[child.division_code]  # every file sits in a generated village
        assert village.parent.parent_id == child.hukou_division_id
        assert child.current_institution_id is None
        assert child.registered_on
        assert child.search_pinyin == child.name_pinyin
        if child.citizen_id:
            validate_citizen_id(child.citizen_id, today=TODAY)
            assert child.citizen_id.startswith(child.division_code[:6])
        assert child.categories, child.pk
        open_visits = ChildDeadline.objects.filter(child=child, kind="community_visit",
                                                   closed_on__isnull=True).count()
        assert open_visits == (1 if child.status == ChildStatus.IN_COMMUNITY else 0)
    supervisor = User.objects.filter(role=Role.CHILD_SUPERVISOR).first()
    assert supervisor.division.level == DivisionLevel.TOWNSHIP
    assert User.objects.filter(role=Role.CHILD_DIRECTOR).exists()


def test_generation_is_resumable_and_idempotent(tiny):
    before = (Child.objects.count(), Institution.objects.count(), User.objects.count())
    again = generate(scale="tiny", seed=7, today=TODAY, out=lambda _s: None)
    assert (Child.objects.count(), Institution.objects.count(), User.objects.count()) == before
    assert again.counts.get("children", 0) == 0


def _users():
    return {
        "county": User.objects.filter(role=Role.COUNTY_OFFICER).order_by("pk").first(),
        "province": User.objects.get(role=Role.PROVINCE_OFFICER),
        "ministry": User.objects.get(role=Role.MINISTRY_OFFICER),
        "director": User.objects.filter(role=Role.DIRECTOR).order_by("pk").first(),
    }


def test_lists_dashboards_and_todo_run_a_fixed_number_of_queries(
    tiny, api, web, django_assert_max_num_queries
):
    users = _users()
    for key in ("county", "province", "ministry"):
        client = api(users[key])
        with django_assert_max_num_queries(6):
            assert client.get("/children", limit=50, q="w").status_code == 200
        with django_assert_max_num_queries(30):
            assert client.get("/dashboard").status_code == 200
    page = web(users["province"])
    with django_assert_max_num_queries(15):
        assert page.get(reverse("child_list")).status_code == 200
    with django_assert_max_num_queries(40):
        assert page.get(reverse("dashboard")).status_code == 200
    # Each module's to-do provider runs its own few queries (transfers added four).
    for key in ("director", "province"):
        with django_assert_max_num_queries(20):
            assert api(users[key]).get("/todo").status_code == 200
        with django_assert_max_num_queries(30):
            assert web(users[key]).get(reverse("todo")).status_code == 200
