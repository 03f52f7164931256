"""Password rules, the user's own change page, expiry, and the idle session timeout."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from cwis.accounts.models import SecurityEvent, User
from cwis.accounts.passwords import MSG_CHARACTER_CLASSES, MSG_REUSED
from cwis.accounts.services import api_token_create
from cwis.conftest import COUNTY_A, TEST_PASSWORD
from cwis.core.audit import SecurityEventKind
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)


def change(client, old, new, again=None):
    return client.post("/account/password/", {
        "old_password": old, "new_password": new, "new_password_again": again or new,
    })


def test_the_user_changes_their_password_and_stays_signed_in(officer, web):
    client = web(officer)
    _token, _raw = api_token_create(user=officer)
    response = change(client, TEST_PASSWORD, "Brand-new-pass-9")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    officer.refresh_from_db()
    assert officer.check_password("Brand-new-pass-9")
    assert officer.api_tokens.filter(revoked_at__isnull=True).count() == 0


@pytest.mark.parametrize(("new", "message"), [
    ("Short-1", "at least 10 characters"),
    ("alllowercaseletters", MSG_CHARACTER_CLASSES),
])
def test_a_weak_password_is_refused_beside_the_field(officer, web, new, message):
    with translation.override("en"):
        message = str(message) % {"count": 3} if "%(count)" in str(message) else message
    client = web(officer)
    client.cookies["cwis_language"] = "en"
    response = change(client, TEST_PASSWORD, new)
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)


def test_the_last_passwords_cannot_be_chosen_again(officer, web, settings):
    client = web(officer)
    client.cookies["cwis_language"] = "en"
    passwords = ["First-pass-word-1", "Second-pass-word-2", "Third-pass-word-3"]
    old = TEST_PASSWORD
    for new in passwords:
        assert change(client, old, new).status_code == 302
        old = new
    response = change(client, old, "First-pass-word-1")
    assert response.status_code == 422
    with translation.override("en"):
        reused = str(MSG_REUSED) % {"count": settings.CWIS_PASSWORD_HISTORY}
    assert reused in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_a_mismatched_repeat_is_refused(officer, web):
    response = change(web(officer), TEST_PASSWORD, "Brand-new-pass-9", "Brand-new-pass-8")
    assert response.status_code == 422


def test_an_expired_password_holds_the_user_on_the_change_page(officer, web):
    User.objects.filter(pk=officer.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=91)
    )
    client = web(officer)
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"] == "/account/password/"
    assert client.get("/account/password/").status_code == 200
    assert change(client, TEST_PASSWORD, "Brand-new-pass-9").status_code == 302
    assert client.get("/").status_code == 200


def test_an_expired_password_gets_no_token(officer):
    User.objects.filter(pk=officer.pk).update(must_change_password=True)
    response = Client().post("/api/v1/auth/token",
                             {"username": officer.username, "password": TEST_PASSWORD},
                             content_type="application/json")
    assert response.status_code == 403


def test_expiry_can_be_turned_off(officer, web, settings):
    settings.CWIS_PASSWORD_MAX_AGE_DAYS = 0
    User.objects.filter(pk=officer.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=900)
    )
    assert web(officer).get("/").status_code == 200


def test_an_idle_session_is_signed_out(officer, settings):
    client = Client()
    client.post("/login/", {"username": officer.username, "password": TEST_PASSWORD})
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/").status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_IDLE).exists()


def test_an_active_session_is_not_signed_out(officer):
    client = Client()
    client.post("/login/", {"username": officer.username, "password": TEST_PASSWORD})
    now = timezone.now()
    for minutes in (20, 40, 60):  # a request every 20 minutes keeps it open
        with time_machine.travel(now + dt.timedelta(minutes=minutes)):
            assert client.get("/").status_code == 200
