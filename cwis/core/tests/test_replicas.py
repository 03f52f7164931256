"""The replica router (cwis.core.replicas): which reads may go to a replica, and that a
user's reads stay on the primary right after their write. The live test with a real replica
is cwis/core/tests/live/ (scripts/replica-test)."""

import datetime as dt
import time

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from cwis.children.models import Child
from cwis.conftest import COUNTY_A, PREFECTURE, PROVINCE
from cwis.core import replicas
from cwis.core.permissions import Role
from cwis.core.replicas import (
    COOKIE,
    ReadYourWritesMiddleware,
    ReplicaRouter,
    above_county,
    primary_reads,
    read_alias,
    replica_reads,
)

ROUTER = ReplicaRouter()


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: ["replica_0"])


def test_without_replicas_nothing_changes():
    assert settings.DATABASE_ROUTERS == []
    assert "cwis.core.replicas.ReadYourWritesMiddleware" not in settings.MIDDLEWARE
    with replica_reads() as alias:
        assert alias is None
        assert ROUTER.db_for_read(Child) is None


def test_lag_tolerant_reads_go_to_a_replica(one_replica):
    assert ROUTER.db_for_read(Child) is None  # not marked: the primary
    with replica_reads() as alias:
        assert alias == "replica_0"
        assert ROUTER.db_for_read(Child) == "replica_0"
    assert read_alias() is None


def test_a_page_not_marked_or_marked_off_reads_the_primary(one_replica):
    with replica_reads(enabled=False):
        assert ROUTER.db_for_read(Child) is None


def test_writes_always_go_to_the_primary_whatever_an_instance_was_read_from(one_replica):
    instance = Child()
    instance._state.db = "replica_0"
    with replica_reads():
        assert ROUTER.db_for_write(Child, instance=instance) == "default"


def test_a_read_right_after_a_write_goes_to_the_primary(one_replica):
    with replica_reads():
        with primary_reads(until=time.time() + 60):
            assert ROUTER.db_for_read(Child) is None
        with primary_reads(until=time.time() - 1):  # the window has passed
            assert ROUTER.db_for_read(Child) == "replica_0"


def test_migrations_run_on_the_primary_only():
    assert ROUTER.allow_migrate("replica_0", "children") is False
    assert ROUTER.allow_migrate("direct", "children") is False
    assert ROUTER.allow_migrate("default", "children") is None


def _through_middleware(request) -> tuple[str | None, HttpResponse]:
    seen = {}

    def view(_request):
        with replica_reads():
            seen["alias"] = read_alias()
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(view)(request)
    return seen["alias"], response


def test_a_write_request_reads_the_primary_and_stamps_the_user(one_replica):
    moment = dt.datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        alias, response = _through_middleware(RequestFactory().post("/x/"))
    assert alias is None
    assert response.cookies[COOKIE]["max-age"] == settings.CWIS_READ_YOUR_WRITES_SECONDS
    assert response.cookies[COOKIE].value == f"{moment.timestamp():.3f}"


def test_the_users_next_reads_stay_on_the_primary_within_the_window(one_replica):
    request = RequestFactory().get("/x/")
    request.COOKIES[COOKIE] = f"{time.time():.3f}"
    alias, response = _through_middleware(request)
    assert alias is None
    assert COOKIE not in response.cookies  # a read stamps nothing


@pytest.mark.parametrize("stamp", ["", "not-a-time", "1000.0"])
def test_without_a_recent_write_reads_go_to_the_replica(one_replica, stamp):
    request = RequestFactory().get("/x/")
    if stamp:
        request.COOKIES[COOKIE] = stamp
    alias, _response = _through_middleware(request)
    assert alias == "replica_0"


def test_a_stamp_from_the_future_holds_one_window_at_most(one_replica, settings):
    settings.CWIS_READ_YOUR_WRITES_SECONDS = 0
    request = RequestFactory().get("/x/")
    request.COOKIES[COOKIE] = f"{time.time() + 10**9:.3f}"
    alias, _response = _through_middleware(request)
    assert alias == "replica_0"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "code", "above"), [
    (Role.PROVINCE_OFFICER, PROVINCE, True),
    (Role.PREFECTURE_OFFICER, PREFECTURE, True),
    (Role.COUNTY_OFFICER, COUNTY_A, False),
])
def test_offices_above_the_county_may_read_their_lists_from_a_replica(make_user, role, code,
                                                                    above):
    assert above_county(make_user(role, division_code=code)) is above


@pytest.mark.django_db
def test_institution_staff_and_anonymous_users_read_the_primary(scope_users, make_user):
    from django.contrib.auth.models import AnonymousUser

    caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_a)
    assert above_county(caregiver) is False
    assert above_county(AnonymousUser()) is False
