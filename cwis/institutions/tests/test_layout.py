"""The province layout: planned numbers, which institution receives each county's children,
and the province page with its chart."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from cwis.conftest import COUNTY_A, COUNTY_B, OTHER_PROVINCE, PREFECTURE, PROVINCE
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.institutions import services
from cwis.institutions.models import CountyReceiver, InstitutionKind, ProvinceLayout
from cwis.institutions.tests.factories import (
    InstitutionFactory,
    ReceiverFactory,
    TransformationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)


@pytest.fixture
def receiver():
    return InstitutionFactory(name="南昌市儿童福利院", level="prefecture",
                              division_code=PREFECTURE)


def test_the_province_records_its_planned_numbers_with_a_version(province):
    layout = services.province_layout_set(actor=province, province_code=PROVINCE,
                                          planned_child_welfare=12,
                                          planned_minors_protection=100)
    assert (layout.planned_child_welfare, layout.version) == (12, 1)
    with pytest.raises(StaleVersionError):
        services.province_layout_set(actor=province, province_code=PROVINCE,
                                     planned_child_welfare=11, planned_minors_protection=100)
    services.province_layout_set(actor=province, province_code=PROVINCE, version=1,
                                 planned_child_welfare=11, planned_minors_protection=100)
    assert ProvinceLayout.objects.get().planned_child_welfare == 11
    with pytest.raises(ValidationError) as exc:
        services.province_layout_set(actor=province, province_code=PROVINCE, version=2,
                                     planned_child_welfare=-1, planned_minors_protection=1)
    assert exc.value.message_dict == {"planned_child_welfare": [
        str(services.MSG_PLANNED_NEGATIVE)]}


def test_only_the_province_plans_and_only_its_own(province, make_user):
    county = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    with pytest.raises(PermissionDeniedError):
        services.province_layout_set(actor=county, province_code=PROVINCE,
                                     planned_child_welfare=1, planned_minors_protection=1)
    with pytest.raises(NotFoundError):
        services.province_layout_set(actor=province, province_code=OTHER_PROVINCE,
                                     planned_child_welfare=1, planned_minors_protection=1)
    assert not ProvinceLayout.objects.exists()


def test_a_county_is_assigned_a_receiver_of_its_province(province, receiver):
    assignment = services.county_receiver_set(actor=province, county_code=COUNTY_A,
                                              receiver_id=receiver.pk)
    assert assignment.receiver == receiver
    other = InstitutionFactory(name="江西省儿童福利院", level="province", division_code=PROVINCE)
    services.county_receiver_set(actor=province, county_code=COUNTY_A, receiver_id=other.pk,
                                 version=1)
    assert CountyReceiver.objects.get().receiver == other
    assert CountyReceiver.objects.get().history.count() == 2


@pytest.mark.parametrize(
    ("receiver_kwargs", "message"),
    [
        ({"level": "prefecture", "division_code": "430100"}, services.MSG_RECEIVER_OTHER_PROVINCE),
        ({"level": "county", "division_code": COUNTY_B}, services.MSG_RECEIVER_KIND),
        ({"level": "prefecture", "division_code": PREFECTURE,
          "kind": InstitutionKind.MINORS_PROTECTION}, services.MSG_RECEIVER_KIND),
        ({"level": "prefecture", "division_code": PREFECTURE, "status": "closed"},
         services.MSG_RECEIVER_NOT_OPERATING),
    ],
)
def test_a_wrong_receiver_is_refused(province, receiver_kwargs, message):
    wrong = InstitutionFactory(**receiver_kwargs)
    with pytest.raises(ValidationError) as exc:
        services.county_receiver_set(actor=province, county_code=COUNTY_A, receiver_id=wrong.pk)
    assert exc.value.message_dict == {"receiver_id": [str(message)]}
    assert not CountyReceiver.objects.exists()


def test_another_provinces_receiver_is_refused_by_the_api_too(province, api):
    hunan = InstitutionFactory(name="长沙市儿童福利院", level="prefecture",
                               division_code="430100")
    response = api(province).put(f"/counties/{COUNTY_A}/receiver", {"receiver_id": hunan.pk})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "receiver_id"], "msg": str(services.MSG_RECEIVER_OTHER_PROVINCE)}
    ]
    assert not CountyReceiver.objects.exists()


def test_a_receiver_is_set_for_a_county_only(province, receiver):
    with pytest.raises(ValidationError) as exc:
        services.county_receiver_set(actor=province, county_code=PREFECTURE,
                                     receiver_id=receiver.pk)
    assert exc.value.message_dict == {"county_code": [str(services.MSG_NOT_A_COUNTY)]}


def test_the_layout_api_by_role(province, receiver, make_user, api):
    county_institution = InstitutionFactory(name="南昌县儿童福利院", division_code=COUNTY_A)
    TransformationFactory(institution=county_institution)
    ReceiverFactory(county_code=COUNTY_A, receiver=receiver)
    response = api(province).get(f"/provinces/{PROVINCE}/layout")
    assert response.status_code == 200
    body = response.json()
    assert body["counts"]["child_welfare"] == {"province": 0, "prefecture": 1, "county": 1}
    row = next(c for c in body["counties"] if c["code"] == COUNTY_A)
    assert row["receiver"] == {"id": receiver.pk, "name": "南昌市儿童福利院"}
    assert row["institutions"][0]["transformation_state"] == "planned"
    assert api(make_user(Role.MINISTRY_OFFICER)).get(
        f"/provinces/{PROVINCE}/layout").status_code == 200
    for user in (make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE),
                 make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)):
        assert api(user).get(f"/provinces/{PROVINCE}/layout").status_code == 404
    assert api(province).get(f"/provinces/{OTHER_PROVINCE}/layout").status_code == 404
    response = api(province).put(f"/provinces/{PROVINCE}/layout", {
        "planned_child_welfare": 12, "planned_minors_protection": 100})
    assert response.json()["planned_child_welfare"] == 12
    assert api(make_user(Role.MINISTRY_OFFICER)).put(f"/provinces/{PROVINCE}/layout", {
        "planned_child_welfare": 1, "planned_minors_protection": 1, "version": 1,
    }).status_code == 403


def test_the_province_page_shows_the_chart_counties_and_filters(province, receiver, web,
                                                                 django_assert_max_num_queries):
    for index in range(20):
        institution = InstitutionFactory(division_code=COUNTY_A if index % 2 else COUNTY_B)
        TransformationFactory(institution=institution)
    ReceiverFactory(county_code=COUNTY_A, receiver=receiver)
    client = web(province)
    layout_url = f"/institutions/province/{PROVINCE}/"
    assert client.get("/institutions/province/")["Location"] == layout_url
    with django_assert_max_num_queries(20):
        response = client.get(f"/institutions/province/{PROVINCE}/")
    page = response.content.decode()
    assert 'id="layout-chart"' in page
    assert "vendor/echarts/echarts.min.js" in page
    chart = json.loads(page.split('id="layout-chart-data" type="application/json">')[1]
                       .split("</script>")[0])
    child_welfare = chart["series"][0]
    assert child_welfare["data"] == [0, 1, 20]  # by level: province, prefecture, county
    assert f'id="county-{COUNTY_A}"' in page
    filtered = client.get(f"/institutions/province/{PROVINCE}/", {"level": "prefecture"})
    assert "南昌市儿童福利院</a>" in filtered.content.decode()


def test_the_receiver_row_is_redrawn_by_htmx_with_the_refusal(province, web):
    hunan = InstitutionFactory(level="prefecture", division_code="430100")
    response = web(province).post(f"/institutions/counties/{COUNTY_A}/receiver/",
                                  {"receiver_id": hunan.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith(f'<tr id="county-{COUNTY_A}"')
    assert escape(str(services.MSG_RECEIVER_OTHER_PROVINCE)) in row
    assert not CountyReceiver.objects.exists()


def test_the_province_page_is_for_the_province_and_the_ministry(make_user, web):
    county = web(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    assert county.get(f"/institutions/province/{PROVINCE}/").status_code == 404
    assert county.get("/institutions/province/").status_code == 404
    prefecture = web(make_user(Role.PREFECTURE_OFFICER, division_code=PREFECTURE))
    assert prefecture.get(f"/institutions/province/{PROVINCE}/").status_code == 404
    ministry = web(make_user(Role.MINISTRY_OFFICER))
    assert ministry.get("/institutions/province/").status_code == 200
    page = ministry.get(f"/institutions/province/{PROVINCE}/").content.decode()
    assert "receiver-form" not in page  # reads, does not plan
    assert ministry.post(f"/institutions/counties/{COUNTY_A}/receiver/",
                         {"receiver_id": 1}).status_code == 403
