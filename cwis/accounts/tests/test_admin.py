"""The Django admin split between the three administrators (三员分立)."""

import pytest

from cwis.accounts.models import ApiToken, SecurityEvent, User
from cwis.accounts.services import api_token_create
from cwis.conftest import COUNTY_A, division
from cwis.core.audit import SecurityEventKind, access_log_record
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "A-long-password-42"


@pytest.fixture
def admins(make_user, web):
    """The three administrators' signed-in clients (second factor shown)."""
    users = {role: make_user(role) for role in
             (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)}
    return {role: (user, web(user)) for role, user in users.items()}


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)


def change_data(user, **overrides):
    data = {
        "username": user.username, "display_name": user.display_name, "email": "",
        "role": user.role, "division": user.division_id or "",
        "institution": user.institution_id or "", "partner_department": "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def events(kind):
    return SecurityEvent.objects.filter(kind=kind)


def test_the_system_administrator_creates_an_account_without_a_role(admins):
    _sysadmin, client = admins[Role.SYSTEM_ADMIN]
    response = client.post("/admin/accounts/user/add/", {
        "username": "new-officer", "display_name": "新股长", "role": Role.COUNTY_OFFICER,
        "division": division(COUNTY_A).pk, "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-officer")
    assert (user.role, user.division) == ("", None)  # roles are the security admin's work
    assert user.must_change_password
    assert events(SecurityEventKind.ACCOUNT_CREATE).get().username == "new-officer"


def test_the_system_administrator_cannot_assign_a_role(admins, officer):
    _sysadmin, client = admins[Role.SYSTEM_ADMIN]
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/",
                           change_data(officer, role=Role.MINISTRY_OFFICER, division=""))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.role, officer.division.code) == (Role.COUNTY_OFFICER, COUNTY_A)
    assert not events(SecurityEventKind.ROLE_CHANGE).exists()


def test_the_security_administrator_assigns_a_role_and_it_is_logged(admins, make_user):
    security, client = admins[Role.SECURITY_ADMIN]
    user = make_user("", username="no-role-yet")
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", change_data(
        user, role=Role.COUNTY_OFFICER, division=division(COUNTY_A).pk,
    ))
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert (user.role, user.division.code) == (Role.COUNTY_OFFICER, COUNTY_A)
    event = events(SecurityEventKind.ROLE_CHANGE).get()
    assert (event.actor, event.username) == (security, "no-role-yet")
    assert "county_officer" in event.detail


def test_a_caregiver_without_an_institution_is_refused(admins, make_user):
    _security, client = admins[Role.SECURITY_ADMIN]
    user = make_user("", username="no-home")
    response = client.post(f"/admin/accounts/user/{user.pk}/change/",
                           change_data(user, role=Role.CAREGIVER))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.role == ""


def test_the_security_administrator_cannot_create_rename_or_set_passwords(admins, officer):
    _security, client = admins[Role.SECURITY_ADMIN]
    assert client.get("/admin/accounts/user/add/").status_code == 403
    client.post(f"/admin/accounts/user/{officer.pk}/change/",
                change_data(officer, display_name="改名", is_active=None))
    officer.refresh_from_db()
    assert officer.display_name != "改名"
    assert officer.is_active
    url = f"/admin/accounts/user/{officer.pk}/password/"
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                             "usable_password": "true"}).status_code == 403


def test_the_system_administrator_deactivates_a_user(admins, officer):
    sysadmin, client = admins[Role.SYSTEM_ADMIN]
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/",
                           change_data(officer, is_active=None))
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert not officer.is_active
    assert officer.history.first().is_active is False
    event = events(SecurityEventKind.ACCOUNT_CHANGE).get()
    assert (event.actor, event.username) == (sysadmin, officer.username)


def test_a_password_set_by_the_system_administrator_must_be_changed_and_revokes_tokens(
    admins, officer
):
    _sysadmin, client = admins[Role.SYSTEM_ADMIN]
    token, _raw = api_token_create(user=officer)
    response = client.post(f"/admin/accounts/user/{officer.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert officer.must_change_password
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert events(SecurityEventKind.PASSWORD_RESET).get().username == officer.username


def test_the_audit_administrator_reads_accounts_but_changes_nothing(admins, officer):
    _audit, client = admins[Role.AUDIT_ADMIN]
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 403
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/",
                           change_data(officer, display_name="改名"))
    assert response.status_code == 403
    assert client.get("/admin/core/division/add/").status_code == 403


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_nobody_changes_their_own_account_or_deletes_one(admins, officer, role):
    user, client = admins[role]
    response = client.post(f"/admin/accounts/user/{user.pk}/change/",
                           change_data(user, role=Role.MINISTRY_OFFICER))
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.role == role
    assert client.post(f"/admin/accounts/user/{officer.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=officer.pk).exists()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_nobody_edits_or_deletes_a_log_row(admins, officer, role):
    _user, client = admins[role]
    entry = access_log_record(actor=officer, object_type="child", object_id=7,
                              division_code=COUNTY_A)
    event = SecurityEvent.objects.create(kind=SecurityEventKind.SIGN_IN, username="x")
    for url in (f"/admin/core/accesslog/{entry.pk}", f"/admin/accounts/securityevent/{event.pk}"):
        assert client.get(f"{url.rsplit('/', 1)[0]}/add/").status_code == 403
        assert client.post(f"{url}/delete/", {"post": "yes"}).status_code in (302, 403)
        # (302: a role that cannot see the log at all is sent to the admin's index)
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_the_audit_administrator_reads_the_logs_in_the_admin(admins):
    _audit, client = admins[Role.AUDIT_ADMIN]
    SecurityEvent.objects.create(kind=SecurityEventKind.SIGN_IN, username="someone")
    assert client.get("/admin/accounts/securityevent/").status_code == 200
    assert client.get("/admin/core/accesslog/").status_code == 200
    _sysadmin, sys_client = admins[Role.SYSTEM_ADMIN]
    assert sys_client.get("/admin/accounts/securityevent/").status_code == 403


def test_a_superuser_flag_grants_nothing(make_user, web):
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, is_superuser=True,
                        is_staff=True)
    response = web(officer).get("/admin/")
    assert response.status_code == 302  # to the sign-in page: not an administrator
    assert not officer.has_perm("accounts.change_user")


def test_the_admin_sign_in_page_sends_to_cwis_sign_in():
    from django.test import Client

    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_system_administrator_revokes_a_token_in_the_admin(admins, officer):
    _sysadmin, client = admins[Role.SYSTEM_ADMIN]
    token, _raw = api_token_create(user=officer)
    response = client.post(f"/admin/accounts/apitoken/{token.pk}/change/", {
        "revoked_at_0": "2026-01-01", "revoked_at_1": "10:00:00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert events(SecurityEventKind.TOKEN_REVOKE).get().username == officer.username
