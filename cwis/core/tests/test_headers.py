"""Point 10 of the hardening issue: a strict Content-Security-Policy on every response, no
inline script, style or event handler in any page, and no answer carrying a child's data
kept in a cache.

The page walk signs in as several roles over the demo data and follows every link of the
site, one page of each kind (ids and query strings aside), so a template added later is
walked too."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from cwis.accounts.models import User
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A
from cwis.core.jobs.services import job_start
from cwis.core.jobs.testing import run_queued_jobs
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
DEMO_ROLES = ["demo-county-a", "demo-province", "demo-ministry", "demo-director",
              "demo-caregiver", "demo-village-director", "demo-protection-worker",
              "demo-partner", "demo-admin"]
MAX_PAGES = 100  # per user: more kinds of page than the site has
# Links the walk does not follow: files (downloads, exports that start jobs, photos), the API
# (its documentation page is walked on its own), and the way out.
SKIP = re.compile(r"^/(static|media)/|^/api/|\.(xlsx|docx|pdf|csv|zip)$|/download|/export"
                  r"|/photo|logout|^/admin/.+/history/")


def policy_of(response) -> dict[str, set[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would refuse (inline script and style, event handler
    attributes, javascript: links) and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") \
                and attributes.get("type") != "application/json":  # json_script: data only
            self.refused.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.refused.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.refused.append(f'<{tag} {name}="{value}"> at line {self.getpos()[0]}')
            if name in ("href", "src", "action") and (value or "").strip().lower() \
                    .startswith("javascript:"):
                self.refused.append(f'<{tag} {name}="{value}">')
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def walk(client, start: str, seen_kinds: set[str]) -> dict[str, list[str]]:
    """Every kind of page reachable from `start` not in `seen_kinds` (which it adds to):
    {url: what a strict CSP refuses in it}, asserting each answer's policy on the way. The
    start page is walked whatever was seen: each role's home and menu differ."""
    queue, found = deque([start]), {}
    seen_kinds.discard(kind_of(start))
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        kind = kind_of(urlsplit(url).path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = client.get(url)
        assert policy_of(response) == POLICY, (url, response.get("Content-Security-Policy"))
        links = [response["Location"]] if response.has_header("Location") else []
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            parser = InlineCode()
            parser.feed(response.content.decode())
            found[url] = parser.refused
            links = parser.links
        for href in links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or SKIP.search(parts.path):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.fixture
def demo():
    from cwis.demo import demo_load

    demo_load()


@pytest.fixture
def job_owner(demo, make_user):
    """The county officer, with a finished export job (its page has the progress bar)."""
    user = User.objects.get(username="demo-county-a")
    job_start(actor=user, kind="children.export", params={"filters": {}})
    run_queued_jobs()
    return user


def test_every_page_has_the_strict_policy_and_no_inline_script_or_style(
        demo, job_owner, make_user, web, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = [User.objects.get(username=name) for name in DEMO_ROLES]
    users += [make_user(Role.SECURITY_ADMIN), make_user(Role.AUDIT_ADMIN)]
    seen: set[str] = set()
    walked = {"anonymous": walk(client, "/login/", seen)}
    for user in users:
        walked[user.username] = walk(web(user), "/", seen)
    refused = {(who, url): found for who, pages in walked.items()
               for url, found in pages.items() if found}
    assert refused == {}
    kinds = {kind_of(urlsplit(url).path) for pages in walked.values() for url in pages}
    # The walk reached the pages this point is about (so it cannot pass by walking nothing).
    assert {"/login/", "/", "/children/", "/children/N/", "/jobs/N/", "/oversight/dashboard/",
            "/institutions/province/N/", "/account/", "/security/log/"} <= kinds, kinds


def test_api_answers_and_the_api_documentation_have_the_policy(scope_users, api, web):
    assert policy_of(api(scope_users.in_scope).get("/children")) == POLICY
    docs = web(scope_users.in_scope).get("/api/v1/docs")
    assert docs.status_code == 200
    assert policy_of(docs) == POLICY


def test_a_child_page_and_a_child_api_answer_are_not_stored(scope_users, api, web):
    child = ChildFactory(current_institution=scope_users.institution_a)
    for response in (web(scope_users.in_scope).get(f"/children/{child.pk}/"),
                     api(scope_users.in_scope).get(f"/children/{child.pk}")):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert response["Pragma"] == "no-cache"


def test_a_refusal_is_not_stored_either(make_user, web):
    outsider = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    response = web(outsider).get("/children/999999/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
