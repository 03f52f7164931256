import datetime as dt

import pytest
from django.test import Client

from cwis.accounts.models import ApiToken
from cwis.accounts.services import MSG_BAD_CREDENTIALS
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


def post_token(username, password):
    return Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_it_issues_a_token_for_good_credentials(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = post_token(user.username, "pw-for-tests-123")
    assert response.status_code == 200
    token = response.json()["token"]
    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["role"] == "county_officer"
    assert body["division"] == {"code": COUNTY_A, "name": "南昌县", "level": "county"}
    assert body["institution"] is None
    # Only the hash is stored.
    assert not ApiToken.objects.filter(key_hash=token).exists()


def test_it_refuses_a_wrong_password(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = post_token(user.username, "wrong")
    assert response.status_code == 401
    assert response.json() == {"detail": str(MSG_BAD_CREDENTIALS)}
    assert ApiToken.objects.count() == 0


def test_it_refuses_a_call_without_a_token():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401


def test_it_refuses_a_made_up_token():
    response = Client().get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(make_user, api):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    client = api(user)
    assert client.get("/me").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/me").status_code == 401


def test_it_refuses_a_revoked_or_expired_token(make_user, api):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    client = api(user)
    ApiToken.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert client.get("/me").status_code == 401


def test_a_signed_in_browser_can_call_the_api(make_user, web):
    user = make_user(Role.PROVINCE_OFFICER, division_code="360000")
    response = web(user).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["scope"] == "division"


def test_openapi_describes_the_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    for path in ("/api/v1/auth/token", "/api/v1/me", "/api/v1/divisions"):
        assert path in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 200
