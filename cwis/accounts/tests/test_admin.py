import pytest

from cwis.accounts.models import User
from cwis.conftest import COUNTY_A, division
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user, web):
    return web(make_user(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True))


def test_the_administrator_creates_a_county_officer(admin_client):
    response = admin_client.post("/admin/accounts/user/add/", {
        "username": "new-officer", "display_name": "新股长", "role": Role.COUNTY_OFFICER,
        "division": division(COUNTY_A).pk, "password1": "a-long-password-42",
        "password2": "a-long-password-42",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-officer")
    assert (user.role, user.division.code) == (Role.COUNTY_OFFICER, COUNTY_A)


def test_a_caregiver_without_an_institution_is_refused(admin_client):
    response = admin_client.post("/admin/accounts/user/add/", {
        "username": "no-home", "role": Role.CAREGIVER, "password1": "a-long-password-42",
        "password2": "a-long-password-42",
    })
    assert response.status_code == 200
    assert not User.objects.filter(username="no-home").exists()


def test_the_administrator_deactivates_a_user(admin_client, make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", {
        "username": user.username, "display_name": user.display_name, "email": "",
        "role": Role.COUNTY_OFFICER, "division": user.division_id, "institution": "",
        "partner_department": "",  # is_active left out: unticked
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.is_active
    assert user.history.first().is_active is False


def test_the_access_log_is_read_only_in_the_admin(admin_client):
    assert admin_client.get("/admin/core/accesslog/add/").status_code == 403
