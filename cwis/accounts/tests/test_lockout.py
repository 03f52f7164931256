"""Guessing passwords: the account and the address lock, on the page and on the API."""

import pytest
from django.test import Client

from cwis.accounts.lockout import MSG_LOCKED
from cwis.accounts.models import SecurityEvent
from cwis.conftest import COUNTY_A, TEST_PASSWORD
from cwis.core.audit import SecurityEventKind
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.CWIS_LOCKOUT_ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    settings.CWIS_LOCKOUT_ADDRESS_LIMIT = 5


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")


def page_sign_in(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def api_sign_in(username, password, address="10.0.0.1"):
    return Client().post("/api/v1/auth/token", {"username": username, "password": password},
                         content_type="application/json", REMOTE_ADDR=address)


def locked_text():
    return str(MSG_LOCKED % {"minutes": 30})


def test_the_page_locks_the_account_after_the_limit_and_refuses_the_right_password(officer):
    client = Client()
    for _ in range(2):
        assert page_sign_in(client, "liu", "wrong").status_code == 200
    response = page_sign_in(client, "liu", "wrong")
    assert response.status_code == 429
    assert locked_text() in response.content.decode()
    response = page_sign_in(client, "liu", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address too: the account is locked, not only this address.
    assert page_sign_in(Client(), "liu", TEST_PASSWORD, address="10.0.0.9").status_code == 429


def test_the_api_locks_the_account_and_answers_429_with_the_reason(officer):
    for _ in range(2):
        assert api_sign_in("liu", "wrong").status_code == 401
    assert api_sign_in("liu", "wrong").status_code == 429
    response = api_sign_in("liu", TEST_PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    assert response.json() == {"detail": locked_text()}


def test_page_and_api_failures_count_together(officer):
    page_sign_in(Client(), "liu", "wrong")
    api_sign_in("liu", "wrong")
    page_sign_in(Client(), "liu", "wrong")
    assert api_sign_in("liu", TEST_PASSWORD).status_code == 429


def test_an_address_trying_many_accounts_is_locked(make_user, officer):
    for n in range(5):
        api_sign_in(f"guess{n}", "wrong", address="10.0.0.66")
    assert api_sign_in("liu", TEST_PASSWORD, address="10.0.0.66").status_code == 429
    assert api_sign_in("liu", TEST_PASSWORD, address="10.0.0.7").status_code == 200


def test_a_good_sign_in_forgets_the_accounts_own_failures_from_that_address(officer):
    client = Client()
    for _ in range(2):
        page_sign_in(client, "liu", "wrong")
    assert page_sign_in(client, "liu", TEST_PASSWORD).status_code == 302
    for _ in range(2):
        page_sign_in(Client(), "liu", "wrong")
    assert page_sign_in(Client(), "liu", TEST_PASSWORD).status_code == 302


def test_the_security_administrator_sees_and_unlocks_an_account(officer, make_user, web):
    for _ in range(3):
        api_sign_in("liu", "wrong")
    security = make_user(Role.SECURITY_ADMIN)
    client = web(security)
    page = client.get("/security/locks/").content.decode()
    assert "liu" in page
    assert "10.0.0.1" in page
    response = client.post("/security/locks/", {"username": "liu"})
    assert response.status_code == 302
    assert api_sign_in("liu", TEST_PASSWORD).status_code == 200
    unlock = SecurityEvent.objects.get(kind=SecurityEventKind.UNLOCK)
    assert (unlock.actor, unlock.username) == (security, "liu")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT, username="liu").exists()


def test_the_security_administrator_unlocks_an_address(officer, make_user, web):
    for n in range(5):
        api_sign_in(f"guess{n}", "wrong", address="10.0.0.66")
    client = web(make_user(Role.SECURITY_ADMIN))
    client.post("/security/locks/", {"ip_address": "10.0.0.66"})
    assert api_sign_in("liu", TEST_PASSWORD, address="10.0.0.66").status_code == 200


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.MINISTRY_OFFICER])
def test_no_one_else_unlocks(officer, make_user, web, role):
    for _ in range(3):
        api_sign_in("liu", "wrong")
    client = web(make_user(role))
    assert client.get("/security/locks/").status_code == 403
    assert client.post("/security/locks/", {"username": "liu"}).status_code == 403
    assert api_sign_in("liu", TEST_PASSWORD).status_code == 429
