"""Issue 13, point 14: the 403, 404 and 500 pages are CWIS pages, in the user's language,
with a way back; the 500 page renders even when the request's context cannot be built."""

import pytest
from django.test import Client, RequestFactory
from django.urls import include, path

from cwis.conftest import COUNTY_A
from cwis.core import error_views
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


def _broken(request):
    raise RuntimeError("boom")


# A URL configuration for the 500 test: the project's pages plus one that fails.
urlpatterns = [path("broken/", _broken), path("", include("cwis.urls"))]
handler500 = "cwis.core.error_views.server_error"


def _client(user=None, language="zh-hans") -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    client.cookies["cwis_language"] = language
    return client


@pytest.mark.parametrize(("language", "heading", "home"), [
    ("zh-hans", "找不到该页面", "返回首页"),
    ("en", "Page not found", "Go to the home page"),
])
def test_a_missing_page_is_a_cwis_page_in_the_users_language(make_user, language, heading,
                                                              home):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = _client(user, language).get("/children/987654/")
    body = response.content.decode()
    assert response.status_code == 404
    assert heading in body
    assert home in body
    assert 'id="nav-main"' in body  # the site's layout, with its navigation
    assert "URLconf" not in body  # never Django's debug page


@pytest.mark.parametrize(("language", "heading", "reason"), [
    ("zh-hans", "无权操作", "您的角色无权执行此操作。"),
    ("en", "Not allowed", "Your role does not allow this action."),
])
def test_a_refused_page_says_why_in_the_users_language(make_user, language, heading, reason):
    user = make_user(Role.PROTECTION_WORKER, division_code=COUNTY_A)  # may not create one
    response = _client(user, language).get("/institutions/new/")
    body = response.content.decode()
    assert response.status_code == 403
    assert heading in body
    assert reason in body
    assert 'id="error-home"' in body


@pytest.mark.parametrize(("language", "heading"), [
    ("zh-hans", "系统出错了"), ("en", "Something went wrong"),
])
def test_a_failing_page_answers_with_the_500_page(settings, make_user, language, heading):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = _client(user, language).get("/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert heading in body
    assert 'id="error-home"' in body
    assert "Traceback" not in body
    assert "language-form" not in body  # no form that needs the request's CSRF token


def test_the_500_page_needs_nothing_from_the_request():
    request = RequestFactory().get("/anything/")  # no session, no user, no cookies
    response = error_views.server_error(request)
    assert response.status_code == 500
    assert 'id="error-home"' in response.content.decode()


def test_the_500_page_falls_back_to_a_fixed_page_when_its_template_fails(monkeypatch):
    def fail(_name):
        raise RuntimeError("the template engine is broken too")

    monkeypatch.setattr(error_views.loader, "get_template", fail)
    response = error_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "系统出错了" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [
    ("zh-hans", "表单已失效"), ("en", "The form has expired"),
])
def test_a_form_sent_without_its_token_gets_a_cwis_page(make_user, language, heading):
    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["cwis_language"] = language
    response = client.post("/logout/")
    body = response.content.decode()
    assert response.status_code == 403
    assert heading in body
    assert 'id="error-home"' in body
    assert "CSRF verification" not in body  # not Django's own page
