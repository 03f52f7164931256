"""The access log page (/audit/, issue 13 point 7): who viewed or exported what, by name and
linked to the record, with filters kept in the URL, a capped count, pages; actions in the
user's language; the records of a page named in a bounded number of queries."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

import cwis
from cwis.children.tests.factories import ChildFactory
from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.core.audit import access_log_record
from cwis.core.audit_records import action_choices, action_label, record_kind_label
from cwis.core.forms import MSG_RECORD_TYPE_NEEDED
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.transfers.tests.factories import TransferFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def officer(scope_users):
    """County A's officer, who reads the log of county A's records."""
    return scope_users.in_scope


@pytest.fixture
def caregiver(make_user, scope_users):
    return make_user(Role.CAREGIVER, institution=scope_users.institution_a,
                     display_name="吴阿姨")


@pytest.fixture
def child(scope_users):
    return ChildFactory(current_institution=scope_users.institution_a, name="李晓花")


def log(user, object_type, object_id, action="view", division_code=COUNTY_A, on=None):
    if on is None:
        return access_log_record(actor=user, object_type=object_type, object_id=object_id,
                                 division_code=division_code, action=action)
    moment = dt.datetime.combine(on, dt.time(10), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        return access_log_record(actor=user, object_type=object_type, object_id=object_id,
                                 division_code=division_code, action=action)


def page(client, **params) -> str:
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    return html.split('id="access-log"')[1].split("</table>")[0].split('class="log-entry"')[1:]


def test_an_entry_names_the_user_the_action_and_the_record_with_a_link(officer, caregiver,
                                                                       child, web):
    log(caregiver, "child", child.pk)
    html = page(web(officer))
    [row] = rows(html)
    assert "吴阿姨" in row
    assert f'<a class="log-record" href="/children/{child.pk}/">李晓花</a>' in row
    assert "查看" in row  # the action in Chinese, not "view"
    assert "child #" not in html
    assert ">view<" not in row


def test_a_transfer_is_named_by_its_number_and_child(officer, caregiver, child, web):
    transfer = TransferFactory(child=child)
    log(caregiver, "transfer", transfer.pk, action="print")
    [row] = rows(page(web(officer)))
    assert f'href="/transfers/{transfer.pk}/"' in row
    assert f"{transfer.pk}" in row
    assert "李晓花" in row
    assert str(action_label("print")) in row


def test_a_list_export_is_named_by_the_list(officer, caregiver, web):
    log(caregiver, "child_list", "export", action="export")
    [row] = rows(page(web(officer)))
    assert "儿童名单" in row or str(record_kind_label("child_list")) in row
    assert "导出" in row


def test_the_filters_narrow_the_log_and_stay_in_the_url(officer, caregiver, child, web,
                                                       make_user, scope_users):
    other = ChildFactory(current_institution=scope_users.institution_a, name="王小明")
    director = make_user(Role.DIRECTOR, institution=scope_users.institution_a,
                         display_name="周院长")
    log(caregiver, "child", child.pk, on=dt.date(2026, 1, 5))
    log(caregiver, "child", other.pk, action="print", on=dt.date(2026, 1, 20))
    log(director, "child", child.pk, action="edit", on=dt.date(2026, 2, 3))
    client = web(officer)

    by_user = rows(page(client, user="周"))
    assert len(by_user) == 1
    assert "周院长" in by_user[0]
    assert len(rows(page(client, user=caregiver.username))) == 2

    by_record = rows(page(client, object_type="child", object_id=child.pk))
    assert len(by_record) == 2
    assert all("李晓花" in r for r in by_record)

    assert len(rows(page(client, action="print"))) == 1

    in_january = page(client, date_from="2026-01-01", date_to="2026-01-20")
    assert len(rows(in_january)) == 2
    assert 'value="2026-01-20"' in in_january  # the filter is shown as it was set
    assert len(rows(page(client, date_from="2026-01-06", date_to="2026-01-31"))) == 1


def test_a_record_number_needs_its_type(officer, caregiver, child, web):
    log(caregiver, "child", child.pk)
    html = page(web(officer), object_id=child.pk)
    assert str(MSG_RECORD_TYPE_NEEDED) in html
    assert 'id="error-object_type"' in html


def test_a_row_links_to_the_users_and_the_records_accesses(officer, caregiver, child, web):
    log(caregiver, "child", child.pk)
    [row] = rows(page(web(officer)))
    assert f'href="?user={caregiver.username}"' in row
    assert f'href="?object_type=child&amp;object_id={child.pk}"' in row


def test_the_count_is_shown_and_the_pages_keep_the_filters(officer, caregiver, child, web):
    for _ in range(51):
        log(caregiver, "child", child.pk)
    html = page(web(officer), action="view")
    assert "51" in html.split('id="log-count"')[1].split("</p>")[0]
    assert "action=view&amp;page=2" in html
    assert len(rows(page(web(officer), action="view", page=2))) == 1


def test_another_county_reads_none_of_it(scope_users, caregiver, child, web):
    log(caregiver, "child", child.pk)
    html = page(web(scope_users.out_of_scope))
    assert rows(html) == []
    assert "李晓花" not in html


def test_the_province_reads_its_counties_entries(scope_users, caregiver, child, web,
                                                 make_user):
    b_caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_b)
    log(caregiver, "child", child.pk)
    log(b_caregiver, "child", child.pk, division_code=COUNTY_B)
    assert len(rows(page(web(scope_users.overseer)))) == 2
    assert len(rows(page(web(scope_users.in_scope)))) == 1


def test_a_role_without_the_log_gets_404(caregiver, web):
    assert web(caregiver).get("/audit/").status_code == 404
    assert web(caregiver).get("/audit/", {"user": "x"}).status_code == 404


def test_a_page_names_its_records_in_a_bounded_number_of_queries(officer, caregiver,
                                                                 scope_users, web):
    def queries_for_page() -> int:
        client = web(officer)
        client.get("/audit/")  # the session and the place names warmed
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 200
        return len(captured)

    def add(n):
        for _ in range(n):
            c = ChildFactory(current_institution=scope_users.institution_a)
            log(caregiver, "child", c.pk)
            log(caregiver, "transfer", TransferFactory(child=c).pk)

    add(2)
    few = queries_for_page()
    add(20)
    assert queries_for_page() == few


def _logged_in_code() -> tuple[set[str], set[str]]:
    """The record types and actions the modules write to the access log, read from their
    source (calls of access_log_record / access_log_children and the care views' `log`)."""
    root = Path(cwis.__file__).parent
    types, actions = set(), set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "benchmarks" in path.parts or "synthetic" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        types |= set(re.findall(r'\blog\(request, \w+, "(\w+)"', text))
        actions |= set(re.findall(r'\blog\(request, \w+, "\w+", "(\w+)"', text))
        if "access_log_record" in text or "access_log_children" in text:
            types |= set(re.findall(r'object_type="(\w+)"', text))
            actions |= set(re.findall(r'\baction="(\w+)"', text))
    return types, actions


def test_every_record_type_and_action_the_apps_log_has_a_label():
    types, actions = _logged_in_code()
    assert {"child", "transfer", "care_plan"} <= types  # the scan finds them
    labelled = dict(action_choices())
    for action in actions | {"view", "care_medical", "care_rehabilitation", "care_education",
                             "care_social_work"}:
        assert action in labelled, action
    for object_type in types | {"care_assessment", "care_session", "care_review"}:
        assert record_kind_label(object_type) != record_kind_label("no such type"), object_type


def test_an_entry_of_a_record_since_removed_keeps_its_type_and_number(officer, caregiver,
                                                                      web):
    log(caregiver, "child", 999999)
    [row] = rows(page(web(officer)))
    assert "999999" in row
    assert AccessLog.objects.count() == 1
