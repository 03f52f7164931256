"""Two-factor sign-in: enrolment, the code step, recovery codes, tokens, required roles."""

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwis.accounts.models import SecurityEvent
from cwis.accounts.services import MSG_CODE_NEEDED, MSG_ENROL_FIRST
from cwis.accounts.tests.helpers import enrol, totp_code
from cwis.accounts.two_factor import MSG_WRONG_CODE
from cwis.conftest import COUNTY_A, TEST_PASSWORD
from cwis.core.audit import SecurityEventKind
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")


def sign_in(client, username="liu", password=TEST_PASSWORD):
    return client.post("/login/", {"username": username, "password": password, "next": "/"})


def token(username, code=None, password=TEST_PASSWORD):
    body = {"username": username, "password": password}
    if code is not None:
        body["otp_code"] = code
    return Client().post("/api/v1/auth/token", body, content_type="application/json")


def test_an_officer_enrols_and_gets_recovery_codes_once(officer, web):
    client = web(officer)
    page = client.get("/account/two-factor/enrol/").content.decode()
    assert "<svg" in page
    assert "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post("/account/two-factor/enrol/", {"code": "000000"})
    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    with time_machine.travel(timezone.now().timestamp() + 60):  # past the failure's throttle
        response = client.post("/account/two-factor/enrol/",
                               {"code": totp_code(device)})
    assert response.status_code == 200
    codes = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert "no-store" in response["Cache-Control"]
    later = client.get("/account/two-factor/").content.decode()
    assert not any(code in later for code in codes)  # shown once only
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TWO_FACTOR_ENROL).exists()


def test_an_enrolled_user_signs_in_with_password_then_code(officer):
    device = enrol(officer)
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/code/")
    assert "_auth_user_id" not in client.session  # not signed in before the code
    assert client.get("/").status_code == 302
    response = client.post(response["Location"], {"code": totp_code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_and_counted(officer, settings):
    settings.CWIS_LOCKOUT_ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    enrol(officer)
    client = Client()
    sign_in(client)
    response = client.post("/login/code/", {"code": "000000"})
    assert response.status_code == 422
    assert str(MSG_WRONG_CODE) in response.content.decode().replace("&#x27;", "'")
    assert "_auth_user_id" not in client.session
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED, username="liu")
    assert "two-factor code" in failed.get().detail
    client.post("/login/code/", {"code": "000001"})
    response = client.post("/login/code/", {"code": "000002"})
    assert response.status_code == 429  # the account is now locked, code or password


def test_a_recovery_code_signs_in_once(officer):
    enrol(officer)
    from cwis.accounts.two_factor import recovery_codes_renew

    code = recovery_codes_renew(actor=officer)[0]
    client = Client()
    sign_in(client)
    assert client.post("/login/code/", {"code": code, "next": "/"}).status_code == 302
    second = Client()
    sign_in(second)
    assert second.post("/login/code/", {"code": code}).status_code == 422


def test_the_code_step_without_a_password_goes_back_to_sign_in():
    response = Client().get("/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_a_token_for_an_enrolled_user_needs_the_code(officer):
    device = enrol(officer)
    response = token("liu")
    assert response.status_code == 401
    assert response.json() == {"detail": str(MSG_CODE_NEEDED)}
    assert token("liu", "000000").status_code == 401
    with time_machine.travel(timezone.now().timestamp() + 60):
        response = token("liu", totp_code(device))
    assert response.status_code == 200


def test_an_administrator_is_held_on_the_enrolment_page_until_enrolled(make_user):
    admin = make_user(Role.SYSTEM_ADMIN, username="root")
    client = Client()
    assert sign_in(client, "root").status_code == 302
    for path in ("/", "/admin/", "/account/tokens/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/account/two-factor/enrol/"
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/account/two-factor/enrol/").status_code == 200
    device = TOTPDevice.objects.get(user=admin)
    client.post("/account/two-factor/enrol/", {"code": totp_code(device)})
    assert client.get("/admin/").status_code == 200


def test_an_administrator_without_a_second_factor_gets_no_token(make_user):
    make_user(Role.SECURITY_ADMIN, username="sec")
    response = token("sec")
    assert response.status_code == 403
    assert response.json() == {"detail": str(MSG_ENROL_FIRST)}


def test_an_enrolled_session_that_skipped_the_code_is_sent_to_sign_in(make_user):
    admin = make_user(Role.AUDIT_ADMIN)
    enrol(admin)
    client = Client()
    client.force_login(admin)  # as the admin's own login form would have done
    response = client.get("/security/log/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_officer_turns_two_factor_off_with_the_password(officer, web):
    enrol(officer)
    client = web(officer)
    response = client.post("/account/two-factor/disable/", {"password": "wrong"})
    assert response.status_code == 422
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert client.post("/account/two-factor/disable/",
                       {"password": TEST_PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TWO_FACTOR_DISABLE).exists()


def test_an_administrator_cannot_turn_two_factor_off(make_user, web):
    admin = make_user(Role.SYSTEM_ADMIN)
    client = web(admin)
    response = client.post("/account/two-factor/disable/", {"password": TEST_PASSWORD})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_the_security_administrator_resets_a_lost_second_factor(officer, make_user, web):
    enrol(officer)
    security = make_user(Role.SECURITY_ADMIN)
    response = web(security).post("/admin/accounts/user/", {
        "action": "reset_two_factor", "_selected_action": [officer.pk],
    })
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_DISABLE)
    assert (event.actor, event.username) == (security, "liu")


def test_the_system_administrator_cannot_reset_a_second_factor(officer, make_user, web):
    enrol(officer)
    web(make_user(Role.SYSTEM_ADMIN)).post("/admin/accounts/user/", {
        "action": "reset_two_factor", "_selected_action": [officer.pk],
    })
    assert TOTPDevice.objects.filter(user=officer).exists()
