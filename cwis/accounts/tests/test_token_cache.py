"""The bearer token's user is cached, and a revoked token, a deactivated user or a changed
password still answer 401 at once (cwis.accounts.token_cache)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cwis.accounts.models import ApiToken, User
from cwis.accounts.services import api_token_create
from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.core.models import Division
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db

LIVE_CHECK = "t.revoked_at IS NULL"


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)


@pytest.fixture
def token(officer):
    _token, raw = api_token_create(user=officer)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").status_code == 200  # the cache is warm
    return client


def _token_queries(client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get("/api/v1/me").status_code
    return status, [q["sql"] for q in queries if "accounts_apitoken" in q["sql"]]


def test_a_cached_token_is_checked_by_one_statement_not_the_orm(token):
    status, sql = _token_queries(token)
    assert status == 200
    assert len(sql) == 1
    assert LIVE_CHECK in sql[0]


def test_without_the_cache_the_token_is_read_through_the_orm(token, settings):
    settings.CWIS_API_TOKEN_CACHE_SECONDS = 0
    cache.clear()
    status, sql = _token_queries(token)
    assert status == 200
    assert sql
    assert not any(LIVE_CHECK in q for q in sql)


def test_a_deactivated_users_token_answers_401_at_once(token, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert token.get("/api/v1/me").status_code == 401


def test_a_user_deactivated_behind_the_caches_back_still_answers_401(token, officer):
    # An update that sends no signal (another process, a script): the live check sees it.
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert token.get("/api/v1/me").status_code == 401


def test_a_token_revoked_behind_the_caches_back_answers_401(token, officer):
    ApiToken.objects.filter(user=officer).update(revoked_at="2020-01-01T00:00:00Z")
    assert token.get("/api/v1/me").status_code == 401


def test_a_revoked_token_answers_401_at_once(token, officer):
    mine = ApiToken.objects.get(user=officer)
    assert token.post(f"/api/v1/auth/tokens/{mine.pk}/revoke").status_code == 204
    assert token.get("/api/v1/me").status_code == 401


def test_a_password_change_answers_401_at_once(token, officer):
    officer.set_password("Quite-another-password-88")
    officer.save()
    assert token.get("/api/v1/me").status_code == 401


def test_a_changed_scope_is_read_again_not_served_from_the_cache(token, officer):
    other = Division.objects.get(code=COUNTY_B)
    User.objects.filter(pk=officer.pk).update(division=other)
    body = token.get("/api/v1/me").json()
    assert body["division"]["code"] == COUNTY_B


def test_a_wrong_token_answers_401(token):
    assert Client(headers={"Authorization": "Bearer nope"}).get(
        "/api/v1/me").status_code == 401
