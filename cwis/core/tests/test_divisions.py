import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cwis.conftest import COUNTY_A, COUNTY_B
from cwis.core import services
from cwis.core.errors import PermissionDeniedError
from cwis.core.models import Division
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


def test_the_table_holds_every_province_and_loading_twice_adds_nothing():
    assert Division.objects.filter(level="province").count() == 34
    assert Division.objects.count() == 3427
    assert services.divisions_load() == 0
    assert not Division.objects.filter(code="990000").exists()


def test_counties_of_a_municipality_hang_under_its_prefecture_row():
    assert Division.objects.get(code="110101").parent.code == "110100"
    # Counties directly under a province (省直辖县级) hang under the province.
    assert Division.objects.get(code="429004").parent.code == "420000"


def test_the_api_lists_provinces_and_children(api, make_user):
    client = api(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    provinces = client.get("/divisions").json()
    assert len(provinces) == 34
    jiangxi = {"code": "360000", "name": "江西省", "level": "province", "parent_code": None}
    assert jiangxi in provinces
    counties = client.get("/divisions", parent="360100").json()
    assert {c["code"] for c in counties} >= {"360121", "360124"}


def test_the_api_answers_404_for_an_unknown_parent(api, make_user):
    client = api(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    assert client.get("/divisions", parent="369999").status_code == 404


def test_the_divisions_api_needs_authentication():
    assert Client().get("/api/v1/divisions").status_code == 401


def test_a_county_officer_adds_a_township_in_their_county(make_user):
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    township = services.division_create(
        actor=officer, code="360121101", name="向塘镇", parent_code=COUNTY_A
    )
    assert township.level == "township"
    assert township.scope_prefix == "360121101"


@pytest.mark.parametrize(
    ("code", "parent", "field", "message"),
    [
        ("360124101", COUNTY_B, "parent_code", services.MSG_OUTSIDE_JURISDICTION),
        ("360122101", COUNTY_A, "code", services.MSG_CODE_NOT_UNDER_PARENT),
        ("3601211", COUNTY_A, "code", services.MSG_CODE_NOT_UNDER_PARENT),
    ],
)
def test_a_bad_township_is_refused_and_nothing_written(make_user, code, parent, field, message):
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    before = Division.objects.count()
    with pytest.raises(ValidationError) as info:
        services.division_create(actor=officer, code=code, name="某镇", parent_code=parent)
    assert info.value.message_dict == {field: [str(message)]}
    assert Division.objects.count() == before


def test_a_duplicate_township_code_is_refused(make_user):
    officer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    services.division_create(actor=officer, code="360121101", name="向塘镇", parent_code=COUNTY_A)
    with pytest.raises(ValidationError) as info:
        services.division_create(
            actor=officer, code="360121101", name="重复镇", parent_code=COUNTY_A
        )
    assert info.value.message_dict == {"code": [str(services.MSG_CODE_EXISTS)]}


def test_a_caregiver_cannot_add_divisions(make_user, scope_users):
    caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_a)
    with pytest.raises(PermissionDeniedError):
        services.division_create(
            actor=caregiver, code="360121101", name="向塘镇", parent_code=COUNTY_A
        )


def test_the_api_adds_a_township_and_refuses_an_unknown_parent(api, make_user):
    client = api(make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A))
    response = client.post("/divisions", {"code": "360121102", "name": "幽兰镇",
                                          "parent_code": COUNTY_A})
    assert response.status_code == 201
    assert response.json()["parent_code"] == COUNTY_A
    response = client.post("/divisions", {"code": "369999101", "name": "某镇",
                                          "parent_code": "369999"})
    assert response.status_code == 422
    from cwis.core.validators import MSG_DIVISION_UNKNOWN

    assert response.json()["detail"] == [
        {"loc": ["body", "parent_code"], "msg": str(MSG_DIVISION_UNKNOWN)}
    ]


def test_a_read_only_overseer_cannot_add_divisions_through_the_api(api, make_user):
    client = api(make_user(Role.MINISTRY_OFFICER))
    response = client.post("/divisions", {"code": "360121102", "name": "幽兰镇",
                                          "parent_code": COUNTY_A})
    assert response.status_code == 403
