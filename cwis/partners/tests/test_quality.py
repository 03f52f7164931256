import datetime as dt

import pytest

from cwis.children.selectors import child_duplicates
from cwis.children.tests.factories import CommunityChildFactory
from cwis.partners import selectors_quality
from cwis.partners.jobs import quality_scan

pytestmark = pytest.mark.django_db
BORN = dt.date(2017, 5, 12)


def test_the_scan_finds_homophones_and_a_left_behind_child_over_16(scope_users):
    first = CommunityChildFactory(name="李晓花", sex="female", birth_date=BORN)
    second = CommunityChildFactory(name="李小花", sex="female", birth_date=BORN)
    older = CommunityChildFactory(name="万小军", birth_date=dt.date(2000, 1, 1))
    counts = quality_scan()
    assert counts["possible_duplicate"] == 1
    found = dict((k, n) for k, _label, n in selectors_quality.finding_counts(
        actor=scope_users.in_scope))
    assert found["possible_duplicate"] == 1
    assert found["left_behind_over_16"] == 1
    duplicate = selectors_quality.finding_list(actor=scope_users.in_scope,
                                               rule="possible_duplicate").get()
    assert {duplicate.child_id, duplicate.other_id} == {first.pk, second.pk}
    assert selectors_quality.finding_list(actor=scope_users.out_of_scope,
                                          rule="left_behind_over_16").count() == 0
    assert older.pk in selectors_quality.finding_list(
        actor=scope_users.in_scope, rule="left_behind_over_16").values_list("child_id",
                                                                            flat=True)


def test_registration_finds_the_homophone(scope_users):
    existing = CommunityChildFactory(name="李晓花", sex="female", birth_date=BORN)
    found = child_duplicates(actor=scope_users.in_scope, name="李小花", sex="female",
                             birth_date=BORN)
    assert found.candidates == [existing]


def test_the_page_needs_the_permission(web, scope_users, partners):
    assert web(scope_users.in_scope).get("/partners/quality/").status_code == 200
    assert web(partners["police_a"]).get("/partners/quality/").status_code == 403
