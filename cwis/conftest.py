"""Project-wide test fixtures.

The scope fixture follows STYLE.md: for every feature, a user in scope, a user out of scope,
and a read-only overseer. Divisions come from the real GB/T 2260 table, loaded once per
database (and again after a transactional test has flushed it).
"""

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from cwis.accounts.models import User
from cwis.accounts.tests.factories import UserFactory
from cwis.core.divisions import division_names_forget
from cwis.core.models import Division
from cwis.core.permissions import Role
from cwis.core.services import divisions_load
from cwis.institutions.models import Institution
from cwis.institutions.tests.factories import InstitutionFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe, which it is here (one thread, test database).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

COUNTY_A = "360121"  # 南昌县
COUNTY_B = "360124"  # 进贤县, same prefecture
PREFECTURE = "360100"  # 南昌市
PROVINCE = "360000"  # 江西省
OTHER_PROVINCE = "430000"  # 湖南省
OTHER_PROVINCE_COUNTY = "430121"  # 长沙县
TEST_PASSWORD = "pw-for-tests-123"  # noqa: S105 - the factories' password, tests only


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs about half a second per user; tests need many users, not security.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _divisions(request):
    """Make sure the division table is there for any test that touches the database (and
    that no place name cached by an earlier test is read)."""
    division_names_forget()
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    if not Division.objects.filter(code=PROVINCE).exists():
        divisions_load()


def division(code: str) -> Division:
    return Division.objects.get(code=code, valid_to__isnull=True)


@pytest.fixture
def make_user(db):
    def _make(role: str, *, division_code: str | None = None,
              institution: Institution | None = None, **kwargs) -> User:
        return UserFactory(
            role=role,
            division=division(division_code) if division_code else None,
            institution=institution,
            **kwargs,
        )

    return _make


@dataclass
class ScopeUsers:
    """County A's officer (in scope), county B's officer (out of scope), the province's
    officer (read-only overseer of child files), with one county institution in each county."""

    in_scope: User
    out_of_scope: User
    overseer: User
    institution_a: Institution
    institution_b: Institution


@pytest.fixture
def scope_users(make_user) -> ScopeUsers:
    institution_a = InstitutionFactory(division_code=COUNTY_A, level="county")
    institution_b = InstitutionFactory(division_code=COUNTY_B, level="county")
    return ScopeUsers(
        in_scope=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A),
        out_of_scope=make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B),
        overseer=make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE),
        institution_a=institution_a,
        institution_b=institution_b,
    )


class ApiClient:
    """A test client that calls /api/v1/ as a user, with a real bearer token."""

    def __init__(self, user: User) -> None:
        from cwis.accounts.services import api_token_create

        _token, raw = api_token_create(user=user)
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, data=None):
        return self.client.post(f"/api/v1{path}", data or {}, content_type="application/json")

    def patch(self, path: str, data=None):
        return self.client.patch(f"/api/v1{path}", data or {}, content_type="application/json")

    def put(self, path: str, data=None):
        return self.client.put(f"/api/v1{path}", data or {}, content_type="application/json")


@pytest.fixture
def api():
    """`api(user)` gives an ApiClient for that user."""
    return ApiClient


@pytest.fixture
def web():
    """`web(user)` gives a Django test client signed in as that user."""

    def _client(user: User) -> Client:
        from cwis.accounts.tests.helpers import verify_session
        from cwis.accounts.two_factor import two_factor_required

        client = Client()
        client.force_login(user)
        if two_factor_required(user):  # the administrators: as after the code step
            verify_session(client, user)
        return client

    return _client


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
