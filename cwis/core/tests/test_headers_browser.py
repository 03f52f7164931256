"""The strict Content-Security-Policy in headless Chromium: the main pages load, draw their
charts and run their scripts with no CSP violation reported, and the policy really blocks
what it must (so the test can fail)."""

import pytest

from cwis.accounts.models import User
from cwis.core.jobs.services import job_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium prints a violation to the console; the listener below makes sure of it whatever
# the browser's wording.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""
PAGES = {
    "demo-county-a": ["/", "/children/", "/children/{child}/", "/jobs/", "/jobs/{job}/",
                      "/transfers/", "/community/", "/institutions/", "/account/",
                      "/account/two-factor/", "/api/v1/docs"],
    "demo-province": ["/", "/oversight/dashboard/", "/institutions/province/360000/",
                      "/oversight/plans/", "/oversight/reports/"],
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def violations_on(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text or "CSP violation" in message.text
            else None)
    page.add_init_script(REPORT_VIOLATIONS)
    return found


def signed_in(page, live_server, web, username: str) -> None:
    client = web(User.objects.get(username=username))
    page.context.add_cookies([
        {"name": name, "value": cookie.value, "url": live_server.url}
        for name, cookie in client.cookies.items()
    ])


def test_the_main_pages_load_with_no_policy_violation(live_server, web, browser):
    from cwis.children.models import Child
    from cwis.demo import demo_load

    demo_load()
    county = User.objects.get(username="demo-county-a")
    job = job_start(actor=county, kind="children.export", params={"filters": {}})  # waiting:
    ids = {"child": Child.objects.filter(division_code__startswith="360121").first().pk,
           "job": job.pk}  # its page keeps polling through htmx
    seen: dict[str, list[str]] = {}
    for username, paths in PAGES.items():
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        page.set_default_timeout(15_000)
        found = violations_on(page)
        signed_in(page, live_server, web, username)
        for path in paths:
            response = page.goto(live_server.url + path.format(**ids))
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            if path.startswith("/institutions/province/"):
                page.wait_for_selector("#layout-chart[data-ready='1'] canvas")  # the script ran
            seen[f"{username} {path}"] = list(found)
            found.clear()
        context.close()
    assert {where: what for where, what in seen.items() if what} == {}


def test_the_policy_blocks_an_inline_script_and_the_listener_reports_it(live_server, page,
                                                                        web, make_user):
    """The other test's witness: a page that sneaks in an inline script (as an XSS would)
    is refused and reported."""
    from cwis.conftest import COUNTY_A
    from cwis.core.permissions import Role

    user = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    found = violations_on(page)
    signed_in(page, live_server, web, user.username)
    page.goto(f"{live_server.url}/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.body.appendChild(s);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected === undefined")
    assert any("script-src" in text for text in found), found
    assert any("style-src" in text for text in found), found
