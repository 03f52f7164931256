import pytest
from django.test import Client

from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


def test_the_login_page_is_chinese_even_for_an_english_browser():
    response = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_the_language_choice_sticks():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/").content.decode()
    assert "Sign in" in page
    assert "登录" not in page


def test_a_wrong_password_is_refused_with_a_message(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = Client().post("/login/", {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert 'id="login-error"' in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_the_home_page_shows_who_and_where_and_an_empty_todo_list(make_user):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, display_name="刘股长")
    client = Client()
    assert client.login(username=user.username, password="pw-for-tests-123")
    page = client.get("/").content.decode()
    assert "刘股长" in page
    assert "县级民政部门工作人员" in page or "County civil affairs officer" in page
    assert "南昌县 (360121)" in page
    assert 'id="todo-empty"' in page


def test_the_home_page_needs_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_division_browser_lists_children(make_user, web):
    client = web(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    page = client.get("/divisions/", {"parent": "360100"}).content.decode()
    assert "南昌县" in page
    assert client.get("/divisions/", {"parent": "369999"}).status_code == 404
