"""Issue 13, "done when": the main pages of a county officer, an institution director, a
province officer (at 1366 px) and a village child director (on a 375 px phone), in Chinese
and in English: no horizontal scrolling, no English UI string left in the Chinese pages,
no serious or critical axe-core violation, and the navigation and language switch on
screen. Screenshots go to /tmp/shots-shell/ ($CWIS_SHOTS) for a person to look at."""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from cwis.children.tests.factories import ChildFactory, CommunityChildFactory
from cwis.conftest import COUNTY_A, PREFECTURE, PROVINCE
from cwis.core.permissions import Role
from cwis.core.tests.a11y import axe_violations, overflow, untranslated
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.protection.tests.factories import VILLAGE, CommunityVisitFactory, ensure_divisions
from cwis.transfers.tests.factories import TransferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("CWIS_SHOTS", Path(tempfile.gettempdir()) / "shots-shell"))
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def world(make_user):
    """A county institution with children, one of them on its way to the prefecture's
    institution, a village's community children, and one user per role looked at."""
    ensure_divisions()
    county = InstitutionFactory(division_code=COUNTY_A, level="county", name="南昌县儿童福利院")
    city = InstitutionFactory(division_code=PREFECTURE, level="prefecture",
                              name="南昌市儿童福利院")
    children = [ChildFactory(current_institution=county) for _ in range(3)]
    in_city = [ChildFactory(current_institution=city) for _ in range(2)]
    transfer = TransferFactory(child=children[0], to_institution=city)
    village_director = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE,
                                 display_name="徐主任")
    community = [CommunityChildFactory(name=name) for name in ("李晓花", "张小明")]
    CommunityVisitFactory(child=community[0], visited_by=village_director)
    return {
        "county_officer": make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A,
                                    display_name="刘股长"),
        "director": make_user(Role.DIRECTOR, division_code=PREFECTURE, institution=city,
                              display_name="周院长"),
        "province_officer": make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE,
                                      display_name="李科长"),
        "village_director": village_director,
        "child_in_city": in_city[0], "transfer": transfer, "community_child": community[0],
    }


def _open_as(browser, live_server, user, language: str, viewport: dict):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    url = live_server.url
    context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME,
         "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
    ])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _check_pages(browser, live_server, user, who: str, paths: dict[str, str],
                 viewport: dict) -> list[str]:
    """Open each page in Chinese and in English; return every problem found."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for language in ("zh-hans", "en"):
        context, page = _open_as(browser, live_server, user, language, viewport)
        try:
            for name, path in paths.items():
                where = f"{who} {language} {name} ({path})"
                response = page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("load")
                page.screenshot(path=SHOTS / f"{who}-{language}-{name}.png", full_page=True)
                if response is None or response.status >= 400:
                    problems.append(f"{where}: HTTP {response and response.status}")
                if (extra := overflow(page)) > 0:
                    problems.append(f"{where}: {extra} px wider than the window")
                if language == "zh-hans" and (english := untranslated(page)):
                    problems.append(f"{where}: untranslated {english}")
                problems += [f"{where}: axe {v}" for v in axe_violations(page)]
                problems += _navigation_problems(page, where, viewport)
        finally:
            context.close()
    return problems


def _navigation_problems(page, where: str, viewport: dict) -> list[str]:
    if viewport["width"] < 992:  # the menu folds behind its button
        return [] if page.locator(".navbar-toggler").is_visible() else [
            f"{where}: no menu button"]
    problems = []
    for selector in ("#language-form select", "#nav-user", ".navbar form button"):
        box = page.locator(selector).bounding_box()
        if box is None or box["x"] + box["width"] > viewport["width"] or box["y"] > 200:
            problems.append(f"{where}: {selector} off the screen ({box})")
    if page.locator("nav.navbar [aria-current=page]").count() != 1:
        problems.append(f"{where}: the current page is not marked once")
    return problems


def test_a_county_officers_main_pages(browser, live_server, world):
    problems = _check_pages(browser, live_server, world["county_officer"], "county", {
        "home": "/", "children": "/children/", "community": "/community/",
        "transfers": "/transfers/", "dashboard": "/oversight/dashboard/",
        "without-plan": "/care/without-plan/", "institutions": "/institutions/",
        "register-community": "/community/new/",
    }, LAPTOP)
    assert problems == [], "\n".join(problems)


def test_an_institution_directors_main_pages(browser, live_server, world):
    problems = _check_pages(browser, live_server, world["director"], "director", {
        "home": "/", "children": "/children/",
        "child": f"/children/{world['child_in_city'].pk}/",
        "arriving": "/transfers/arriving/", "transfer": f"/transfers/{world['transfer'].pk}/",
        "register": "/children/new/", "todo": "/oversight/todo/",
    }, LAPTOP)
    assert problems == [], "\n".join(problems)


def test_a_province_officers_main_pages(browser, live_server, world):
    problems = _check_pages(browser, live_server, world["province_officer"], "province", {
        "home": "/", "institutions": "/institutions/", "dashboard": "/oversight/dashboard/",
        "reports": "/oversight/reports/", "layout": f"/institutions/province/{PROVINCE}/",
    }, LAPTOP)
    assert problems == [], "\n".join(problems)


def test_a_village_child_directors_pages_on_a_phone(browser, live_server, world):
    child = world["community_child"]
    problems = _check_pages(browser, live_server, world["village_director"], "village", {
        "home": "/", "community": "/community/", "child": f"/community/{child.pk}/",
        "visit": f"/community/{child.pk}/visit/",
    }, PHONE)
    assert problems == [], "\n".join(problems)

    # the folded menu: what a village director uses, and the language switch
    context, page = _open_as(browser, live_server, world["village_director"], "zh-hans", PHONE)
    try:
        page.goto(f"{live_server.url}/community/")
        page.click(".navbar-toggler")
        page.wait_for_selector("#nav.collapse.show")  # opened, not still sliding open
        page.screenshot(path=SHOTS / "village-zh-hans-menu.png", full_page=True)
        shown = page.eval_on_selector_all("#nav-main .nav-link", "els => els.map(e => e.id)")
        assert shown == ["nav-home", "nav-community", "nav-todo"]
        assert page.locator("#language-form select").is_visible()
        assert overflow(page) == 0
    finally:
        context.close()


def test_the_error_pages_in_both_languages(browser, live_server, world):
    problems = _check_pages(browser, live_server, world["county_officer"], "errors", {
        "not-found": "/children/999999/",
    }, LAPTOP)
    assert [p for p in problems if "HTTP 404" not in p] == []


def test_the_checks_find_what_they_look_for(browser, live_server, world):
    """The heuristics above are live: an English UI string in a Chinese page, a page wider
    than the window and an unlabelled input are each reported."""
    context, page = _open_as(browser, live_server, world["county_officer"], "zh-hans", PHONE)
    try:
        page.goto(f"{live_server.url}/")
        assert untranslated(page) == []
        assert overflow(page) == 0
        page.evaluate("""() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend",
                '<p>Export to Excel</p><div class="wide-test"></div><input id="unlabelled">');
            document.querySelector(".wide-test").setAttribute("hidden", "");
            const wide = document.createElement("div");
            wide.textContent = "x".repeat(400);
            wide.className = "text-nowrap";
            main.appendChild(wide);
        }""")
        assert "Export to Excel" in untranslated(page)
        assert overflow(page) > 0
        assert any(v.startswith("label ") for v in axe_violations(page, impacts=("critical",)))
    finally:
        context.close()


def test_a_keyboard_user_skips_the_menu_and_sees_where_the_focus_is(browser, live_server,
                                                                      world):
    context, page = _open_as(browser, live_server, world["county_officer"], "zh-hans", LAPTOP)
    try:
        page.goto(f"{live_server.url}/children/")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "skip-link"
        box = page.locator("#skip-link").bounding_box()
        assert box is not None
        assert box["y"] >= 0
        assert box["width"] > 0
        assert page.locator("#skip-link").inner_text() == "跳到正文"
        page.keyboard.press("Enter")
        assert page.url.endswith("#main")
        page.keyboard.press("Tab")  # the first control of the page, not the menu
        focused = page.evaluate("""() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {inMenu: !!el.closest("nav.navbar"), outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth)};
        }""")
        assert focused["inMenu"] is False
        assert focused["outline"] != "none"
        assert focused["width"] >= 2  # a ring one sees
    finally:
        context.close()
