"""The village child director's phone (issue 13, point 17), in headless Chromium at 375 px:
lists are cards, the visit and registration forms are one column with large targets, and a
visit sent while the network is down keeps what was typed."""

import pytest

from cwis.children.tests.factories import ChildFactory
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import Role
from cwis.protection import services
from cwis.protection.models import CommunityVisit
from cwis.protection.tests.factories import VILLAGE, ensure_divisions, left_behind_boy
from cwis.transfers.tests.factories import TransferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def village(make_user):
    ensure_divisions()
    director = make_user(Role.CHILD_DIRECTOR, division_code=VILLAGE, username="xu",
                         display_name="徐主任")
    boys = [services.community_register(actor=director, data=left_behind_boy(
        name=name, citizen_id="")) for name in ("李留留", "王小军", "张晓花")]
    return director, boys


def assert_cards(page, table: str, *, shows: tuple[str, ...], label: str) -> None:
    """Every row a card across the screen: the name leading, each cell with its column's
    name before it (`label`: the one the second cell shows), no horizontal scrolling."""
    page.wait_for_selector(table)
    assert not page.locator(f"{table} thead").is_visible()
    rows = page.locator(f"{table} tbody tr")
    assert rows.count() >= 1
    first = rows.first
    box = first.bounding_box()
    assert box["width"] > 300  # a card across the screen, not a column of one character
    title = first.locator("td.card-title")
    assert title.bounding_box()["width"] > 250
    text = first.inner_text()
    for value in shows:
        assert value in text, value
    second = first.locator("td[data-label]:not(.card-title):visible").first
    before = second.evaluate("td => getComputedStyle(td, '::before').content")
    assert before == f'"{label}"'
    assert page.evaluate(NO_OVERFLOW)


def test_the_registry_is_a_list_of_cards_on_a_phone(live_server, phone, village):
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/")
    assert_cards(phone, "#community-table", shows=("李留留", "岁", "留守儿童"), label="年龄")
    due = phone.locator("#community-table tbody tr").first.locator("td").last
    assert due.evaluate("td => getComputedStyle(td, '::before').content") == '"下次走访期限"'
    assert phone.locator("#community-table tbody tr").count() == 3
    # The ID number and the registration date stay in the table of a wide screen.
    assert not phone.locator("#community-table td.masked").first.is_visible()


def test_the_children_and_transfers_lists_are_cards_on_a_phone(live_server, phone,
                                                               scope_users, make_user):
    make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A, username="liu")
    child = ChildFactory(current_institution=scope_users.institution_a, name="党小安",
                         is_orphan=True)
    TransferFactory(child=child)
    sign_in(phone, live_server, "liu")
    phone.goto(f"{live_server.url}/children/")
    assert_cards(phone, "#child-table", shows=("党小安", "岁", "孤儿"), label="年龄")
    phone.goto(f"{live_server.url}/transfers/")
    assert_cards(phone, "#transfer-table", shows=("党小安", "2026-03-01"), label="移交机构")


def test_the_visit_form_is_one_column_with_large_targets(live_server, phone, village):
    _director, boys = village
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/{boys[0].pk}/visit/")
    for selector in ("#id_visited_on", "#id_method", "#id_situation", "#action-submit"):
        box = phone.locator(selector).bounding_box()
        assert box["height"] >= 44, selector
        assert box["width"] > 300, selector
    assert phone.evaluate(NO_OVERFLOW)
    phone.goto(f"{live_server.url}/community/new/")
    name, sex = phone.locator("#id_name").bounding_box(), phone.locator("#id_sex").bounding_box()
    assert name["height"] >= 44
    assert name["width"] > 300
    assert sex["y"] > name["y"]  # one under the other, not side by side
    assert phone.evaluate(NO_OVERFLOW)


def test_a_visit_sent_offline_keeps_what_was_typed_and_goes_once_online(live_server, phone,
                                                                         village):
    _director, boys = village
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/{boys[0].pk}/visit/")
    phone.fill("#id_situation", "与奶奶同住，按时上学")
    phone.fill("#id_needs", "冬衣")
    phone.check("#id_follow_up_needed")

    phone.context.set_offline(True)
    phone.click("#action-submit")
    message = phone.wait_for_selector("#not-sent")
    assert "未发送" in message.inner_text()
    assert phone.input_value("#id_situation") == "与奶奶同住，按时上学"
    assert phone.input_value("#id_needs") == "冬衣"
    assert phone.is_checked("#id_follow_up_needed")
    assert not CommunityVisit.objects.exists()

    phone.context.set_offline(False)
    phone.click("#action-submit")
    phone.wait_for_selector("#visits")
    assert "与奶奶同住" in phone.locator("#visits").inner_text()
    assert "走访" in phone.locator(".alert-success").inner_text()  # the success message
    assert_cards(phone, "#visits", shows=("与奶奶同住", "冬衣"), label="方式")  # the file's visits
    visit = CommunityVisit.objects.get()
    assert (visit.needs, visit.follow_up_needed) == ("冬衣", True)

    # Once sent, nothing is put back in the next visit's form.
    phone.goto(f"{live_server.url}/community/{boys[0].pk}/visit/")
    assert phone.input_value("#id_situation") == ""
    assert phone.locator("#typed-restored").count() == 0


def test_what_was_typed_is_put_back_after_a_reload(live_server, phone, village):
    _director, boys = village
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/{boys[1].pk}/visit/")
    phone.fill("#id_situation", "父母在外务工，由爷爷照顾")
    phone.reload()
    phone.wait_for_selector("#typed-restored")
    assert phone.input_value("#id_situation") == "父母在外务工，由爷爷照顾"


def test_a_refused_visit_shows_its_errors_and_keeps_the_form(live_server, phone, village):
    _director, boys = village
    sign_in(phone, live_server, "xu")
    phone.goto(f"{live_server.url}/community/{boys[2].pk}/visit/")
    phone.fill("#id_needs", "书包")
    phone.click("#action-submit")  # the situation is missing
    phone.wait_for_selector("#error-situation")
    assert phone.input_value("#id_needs") == "书包"
    phone.fill("#id_situation", "一切正常")
    phone.click("#action-submit")
    phone.wait_for_selector("#visits")
    assert CommunityVisit.objects.get().situation == "一切正常"
