"""Places by name (cwis.core.divisions) and the place picker's endpoint (issue 13, point 4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwis.conftest import COUNTY_A, COUNTY_B, PREFECTURE, PROVINCE
from cwis.core.divisions import division_name, division_names, scope_prefix_of
from cwis.core.forms import AreaFilterForm, place_field
from cwis.core.permissions import Role
from cwis.protection.tests.factories import TOWNSHIP, VILLAGE, ensure_divisions

pytestmark = pytest.mark.django_db


def test_names_come_from_one_query_then_from_the_cache():
    codes = [COUNTY_A, COUNTY_B, PREFECTURE, PROVINCE]
    with CaptureQueriesContext(connection) as first:
        names = division_names(codes)
    assert len(first) == 1
    assert names == {COUNTY_A: "南昌县", COUNTY_B: "进贤县", PREFECTURE: "南昌市",
                     PROVINCE: "江西省"}
    with CaptureQueriesContext(connection) as again:
        assert division_name(COUNTY_A) == "南昌县"
    assert len(again) == 0


def test_a_scope_prefix_is_named_and_an_unknown_code_shows_as_it_is():
    assert division_name("36") == "江西省"
    assert division_name("3601") == "南昌市"
    assert division_name("369999") == "369999"
    assert (scope_prefix_of("360000"), scope_prefix_of("360100"),
            scope_prefix_of(COUNTY_A), scope_prefix_of(TOWNSHIP)) == ("36", "3601", COUNTY_A,
                                                                      TOWNSHIP)


def test_the_picker_lists_the_places_under_a_place_in_jurisdiction(make_user, web):
    ensure_divisions()
    client = web(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    places = client.get("/divisions/places/", {"parent": COUNTY_A}).json()["places"]
    assert {"code": TOWNSHIP, "name": "莲塘镇", "level": "township"} in places
    villages = client.get("/divisions/places/", {"parent": TOWNSHIP}).json()["places"]
    assert [p["code"] for p in villages] == [VILLAGE, "360121100202"]
    # another county, the prefecture above, the country: not this officer's to pick from
    for parent in (COUNTY_B, PREFECTURE, "", "36x"):
        assert client.get("/divisions/places/", {"parent": parent}).status_code == 404


def test_a_national_user_starts_from_the_provinces(make_user, web):
    client = web(make_user(Role.MINISTRY_OFFICER))
    places = client.get("/divisions/places/").json()["places"]
    assert {"code": PROVINCE, "name": "江西省", "level": "province"} in places


def test_without_its_script_the_picker_is_a_select_of_places_by_name(make_user):
    ensure_divisions()
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    field = place_field(officer, label="Where", levels=("township", "village"))
    labels = dict(field.widget.choices)
    assert labels[TOWNSHIP] == "莲塘镇"
    assert labels[VILLAGE] == "\u3000莲塘村委会"  # indented under its township
    assert field.widget.attrs["data-root"] == COUNTY_A
    # an area filter's values are scope prefixes
    form = AreaFilterForm(actor=make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE))
    assert "3601" in dict(form.fields["division"].widget.choices)
