"""Bearer tokens: sign-out revokes the one in use, a user lists and revokes their own, a
password change revokes them all."""

import pytest
from django.test import Client

from cwis.accounts.models import ApiToken, SecurityEvent
from cwis.accounts.services import MSG_WRONG_OLD_PASSWORD, api_token_create
from cwis.conftest import COUNTY_A, COUNTY_B, TEST_PASSWORD
from cwis.core.audit import SecurityEventKind
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-password-77"


@pytest.fixture
def officer(make_user):
    return make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)


def bearer(raw):
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_sign_out_revokes_the_token_in_use_only(officer):
    _first, raw = api_token_create(user=officer)
    _second, other = api_token_create(user=officer)
    client = bearer(raw)
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert bearer(other).get("/api/v1/me").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_REVOKE).count() == 1


def test_a_user_lists_their_own_tokens_only(officer, make_user):
    mine, raw = api_token_create(user=officer)
    api_token_create(user=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B))
    body = bearer(raw).get("/api/v1/auth/tokens").json()
    assert [(t["id"], t["prefix"], t["current"]) for t in body] == [(mine.pk, mine.prefix, True)]
    assert "key_hash" not in body[0]


def test_a_user_revokes_their_own_token_and_not_anothers(officer, make_user):
    _mine, raw = api_token_create(user=officer)
    old, _old_raw = api_token_create(user=officer)
    theirs, their_raw = api_token_create(
        user=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B)
    )
    client = bearer(raw)
    assert client.post(f"/api/v1/auth/tokens/{old.pk}/revoke").status_code == 204
    assert ApiToken.objects.get(pk=old.pk).revoked_at is not None
    assert client.post(f"/api/v1/auth/tokens/{theirs.pk}/revoke").status_code == 404
    assert bearer(their_raw).get("/api/v1/me").status_code == 200


def test_the_token_page_lists_and_revokes(officer, make_user, web):
    token, _raw = api_token_create(user=officer)
    theirs, _ = api_token_create(user=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B))
    client = web(officer)
    page = client.get("/account/tokens/").content.decode()
    assert token.prefix in page
    assert theirs.prefix not in page
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_changing_the_password_by_api_revokes_every_token(officer):
    _token, raw = api_token_create(user=officer)
    _other, other_raw = api_token_create(user=officer)
    response = bearer(raw).post(
        "/api/v1/auth/password",
        {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 204, response.content
    assert bearer(raw).get("/api/v1/me").status_code == 401
    assert bearer(other_raw).get("/api/v1/me").status_code == 401
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGE).exists()


def test_a_wrong_current_password_is_refused_by_api_with_the_field(officer):
    _token, raw = api_token_create(user=officer)
    response = bearer(raw).post(
        "/api/v1/auth/password", {"old_password": "nope", "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "old_password"], "msg": str(MSG_WRONG_OLD_PASSWORD)}
    ]
    assert bearer(raw).get("/api/v1/me").status_code == 200


def test_the_token_endpoints_need_a_caller():
    assert Client().get("/api/v1/auth/tokens").status_code == 401
    assert Client().post("/api/v1/auth/logout").status_code == 401
