"""The registry of institutions: create, read, edit, by service, API and page, with every
refusal named by its message and nothing written when refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from cwis.conftest import COUNTY_A, COUNTY_B, OTHER_PROVINCE_COUNTY, PREFECTURE, PROVINCE
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.core.validators import MSG_USCC_INVALID
from cwis.demo_base import demo_uscc
from cwis.institutions import services
from cwis.institutions.models import Institution, InstitutionKind, InstitutionStatus
from cwis.institutions.tests.factories import InstitutionFactory, TransformationFactory

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


def new_institution(actor, **overrides) -> Institution:
    data = {"name": "南昌县未成年人救助保护中心", "level": "county",
            "kind": InstitutionKind.MINORS_PROTECTION, "division_code": COUNTY_A,
            "uscc": demo_uscc(COUNTY_A, 77), "beds": 20, "services": ["upbringing"]}
    return services.institution_create(actor=actor, **{**data, **overrides})


def test_a_county_officer_registers_an_institution_of_their_county(scope_users):
    institution = new_institution(scope_users.in_scope)
    assert institution.division_code == COUNTY_A
    assert institution.services == ["upbringing"]
    assert institution.created_by == scope_users.in_scope
    assert institution.history.count() == 1
    assert institution.history.first().history_user == scope_users.in_scope


def test_a_prefecture_institution_set_up_by_a_county_is_refused(scope_users):
    with pytest.raises(ValidationError) as exc:
        new_institution(scope_users.overseer, level="prefecture", division_code=COUNTY_A)
    assert messages_of(exc) == {"division_code": [str(services.MSG_FOUNDER_LEVEL)]}
    assert not Institution.objects.filter(name="南昌县未成年人救助保护中心").exists()


def test_a_county_officer_cannot_register_one_in_another_county(scope_users):
    with pytest.raises(ValidationError) as exc:
        new_institution(scope_users.in_scope, division_code=COUNTY_B)
    assert messages_of(exc) == {"division_code": [str(services.MSG_FOUNDER_OUTSIDE)]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"beds": -1}, "beds", services.MSG_BEDS_NEGATIVE),
        ({"uscc": "123"}, "uscc", MSG_USCC_INVALID),
        ({"kind": InstitutionKind.IN_TRANSFORMATION}, "kind",
         services.MSG_KIND_BY_TRANSFORMATION),
        ({"name": "  "}, "name", services.MSG_NAME_REQUIRED),
        ({"services": ["cooking"]}, "services", services.MSG_SERVICE_UNKNOWN),
        ({"level": "township"}, "level", services.MSG_LEVEL_UNKNOWN),
    ],
)
def test_bad_input_is_refused_with_its_reason(scope_users, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        new_institution(scope_users.in_scope, **overrides)
    assert messages_of(exc) == {field: [str(message)]}
    assert Institution.objects.count() == 2  # the fixture's two


def test_a_credit_code_cannot_be_used_twice(scope_users):
    new_institution(scope_users.in_scope)
    with pytest.raises(ValidationError) as exc:
        new_institution(scope_users.in_scope, name="另一个")
    assert messages_of(exc) == {"uscc": [str(services.MSG_USCC_TAKEN)]}


def test_roles_without_the_permission_cannot_register(make_user, scope_users):
    for user in (make_user(Role.MINISTRY_OFFICER),
                 make_user(Role.CAREGIVER, institution=scope_users.institution_a)):
        with pytest.raises(PermissionDeniedError):
            new_institution(user)


def test_an_edit_needs_the_version_the_client_read(scope_users):
    institution = scope_users.institution_a
    services.institution_update(actor=scope_users.in_scope, institution_id=institution.pk,
                                version=1, changes={"beds": 60})
    with pytest.raises(StaleVersionError):
        services.institution_update(actor=scope_users.in_scope, institution_id=institution.pk,
                                    version=1, changes={"beds": 70})
    institution.refresh_from_db()
    assert (institution.beds, institution.version) == (60, 2)


def test_editing_another_countys_institution_is_not_found_and_changes_nothing(scope_users):
    other = scope_users.institution_b
    with pytest.raises(NotFoundError):
        services.institution_update(actor=scope_users.in_scope, institution_id=other.pk,
                                    version=1, changes={"beds": 1})
    other.refresh_from_db()
    assert (other.beds, other.version) == (50, 1)


def test_merging_needs_the_target_and_a_reason(scope_users):
    a, actor = scope_users.institution_a, scope_users.overseer
    with pytest.raises(ValidationError) as exc:
        services.institution_update(actor=actor, institution_id=a.pk, version=1,
                                    changes={"status": "merged", "status_reason": ""})
    assert messages_of(exc) == {"status_reason": [str(services.MSG_STATUS_REASON_REQUIRED)]}
    with pytest.raises(ValidationError) as exc:
        services.institution_update(actor=actor, institution_id=a.pk, version=1, changes={
            "status": "merged", "status_reason": "并入", "merged_into_id": a.pk})
    assert messages_of(exc) == {"merged_into_id": [str(services.MSG_MERGED_INTO_SELF)]}
    merged = services.institution_update(
        actor=actor, institution_id=a.pk, version=1,
        changes={"status": "merged", "status_reason": "两院合并",
                 "merged_into_id": scope_users.institution_b.pk},
    )
    assert merged.status == InstitutionStatus.MERGED
    assert merged.merged_into == scope_users.institution_b
    assert merged.status_changed_on is not None
    assert Institution.objects.filter(pk=a.pk).exists()  # never deleted


def test_kind_and_founder_change_only_through_the_transformation(scope_users):
    institution = scope_users.institution_a
    TransformationFactory(institution=institution)
    with pytest.raises(ValidationError) as exc:
        services.institution_update(actor=scope_users.in_scope, institution_id=institution.pk,
                                    version=1, changes={"kind": "minors_protection"})
    assert messages_of(exc) == {"kind": [str(services.MSG_LOCKED_BY_TRANSFORMATION)]}


# --- API -----------------------------------------------------------------------------------

def test_the_api_creates_reads_and_updates(scope_users, api):
    client = api(scope_users.in_scope)
    response = client.post("/institutions", {
        "name": "新机构", "level": "county", "kind": "child_welfare", "division_code": COUNTY_A,
        "services": ["upbringing", "rehabilitation"], "beds": 10,
    })
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["services"] == ["upbringing", "rehabilitation"]
    assert body["version"] == 1
    response = client.patch(f"/institutions/{body['id']}", {"version": 1, "beds": 12})
    assert response.status_code == 200
    assert (response.json()["beds"], response.json()["version"]) == (12, 2)
    stale = client.patch(f"/institutions/{body['id']}", {"version": 1, "beds": 14})
    assert stale.status_code == 409


def test_the_api_answers_422_with_the_field_and_reason(scope_users, api):
    response = api(scope_users.overseer).post("/institutions", {
        "name": "x", "level": "prefecture", "kind": "child_welfare", "division_code": COUNTY_A,
    })
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "division_code"], "msg": str(services.MSG_FOUNDER_LEVEL)}
    ]


def test_the_api_refuses_out_of_scope_and_read_only_users(scope_users, api, make_user):
    other = scope_users.institution_b
    response = api(scope_users.in_scope).patch(f"/institutions/{other.pk}",
                                               {"version": 1, "beds": 1})
    assert response.status_code == 404
    ministry = api(make_user(Role.MINISTRY_OFFICER))
    assert ministry.get(f"/institutions/{other.pk}").status_code == 200
    assert ministry.patch(f"/institutions/{other.pk}", {"version": 1, "beds": 1}).status_code == 403
    other.refresh_from_db()
    assert other.beds == 50


def test_the_api_list_filters_by_level_kind_division_and_name(make_user, api):
    province_officer = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    InstitutionFactory(name="江西省儿童福利院", level="province", division_code=PROVINCE)
    InstitutionFactory(name="南昌市儿童福利院", level="prefecture", division_code=PREFECTURE)
    InstitutionFactory(name="南昌县未保中心", kind="minors_protection", division_code=COUNTY_A)
    InstitutionFactory(name="长沙县儿童福利院", division_code=OTHER_PROVINCE_COUNTY)
    client = api(province_officer)

    def names(**params):
        return sorted(i["name"] for i in client.get("/institutions", **params).json()["items"])

    assert names(level="prefecture") == ["南昌市儿童福利院"]
    assert names(kind="minors_protection") == ["南昌县未保中心"]
    assert names(division="3601") == ["南昌县未保中心", "南昌市儿童福利院"]
    assert names(q="省儿童") == ["江西省儿童福利院"]
    assert "长沙县儿童福利院" not in names()


def test_the_api_list_does_not_query_per_row(make_user, api, django_assert_max_num_queries):
    officer = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    for index in range(30):
        institution = InstitutionFactory(division_code=COUNTY_A if index % 2 else COUNTY_B)
        if index % 3 == 0:
            TransformationFactory(institution=institution)
    client = api(officer)
    with django_assert_max_num_queries(8):
        response = client.get("/institutions", limit=100)
    assert response.json()["count"] == 30


# --- pages ---------------------------------------------------------------------------------

def test_the_create_page_registers_and_shows_the_institution(scope_users, web):
    client = web(scope_users.in_scope)
    assert client.get("/institutions/new/").status_code == 200
    response = client.post("/institutions/new/", {
        "name": "页面新建机构", "level": "county", "division_code": COUNTY_A,
        "kind": "child_welfare", "beds": "8", "services": ["medical"],
    }, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "页面新建机构" in page
    assert Institution.objects.get(name="页面新建机构").offers_medical


def test_the_create_page_shows_the_refusal_beside_the_field(scope_users, web):
    response = web(scope_users.overseer).post("/institutions/new/", {
        "name": "地市级", "level": "prefecture", "division_code": COUNTY_A,
        "kind": "child_welfare", "beds": "8",
    })
    assert response.status_code == 422
    assert escape(str(services.MSG_FOUNDER_LEVEL)) in response.content.decode()
    assert not Institution.objects.filter(name="地市级").exists()


def test_the_edit_page_saves_with_the_version_and_refuses_a_stale_one(scope_users, web):
    institution = scope_users.institution_a
    client = web(scope_users.in_scope)
    assert client.get(f"/institutions/{institution.pk}/edit/").status_code == 200
    form = {"name": institution.name, "level": "county", "division_code": COUNTY_A,
            "kind": "child_welfare", "beds": "61", "status": "operating", "version": "1"}
    assert client.post(f"/institutions/{institution.pk}/edit/", form).status_code == 302
    stale = client.post(f"/institutions/{institution.pk}/edit/", {**form, "beds": "62"})
    assert stale.status_code == 422
    institution.refresh_from_db()
    assert institution.beds == 61
    assert "beds" in {c.field for c in institution.history.first().diff_against(
        institution.history.last()).changes}


def test_pages_answer_404_out_of_scope_and_403_to_read_only_roles(scope_users, web, make_user):
    other = scope_users.institution_b
    client = web(scope_users.in_scope)
    for url in (f"/institutions/{other.pk}/", f"/institutions/{other.pk}/edit/",
                f"/institutions/{other.pk}/staff/", f"/institutions/{other.pk}/transformation/"):
        assert client.get(url).status_code == 404, url
    caregiver = web(make_user(Role.CAREGIVER, institution=scope_users.institution_a))
    assert caregiver.get(f"/institutions/{scope_users.institution_a.pk}/").status_code == 200
    assert caregiver.get(f"/institutions/{scope_users.institution_a.pk}/edit/").status_code == 403
    assert caregiver.get("/institutions/new/").status_code == 403


def test_the_detail_page_shows_the_history_of_changes(scope_users, web):
    institution = scope_users.institution_a
    services.institution_update(actor=scope_users.in_scope, institution_id=institution.pk,
                                version=1, changes={"address": "莲塘镇澄湖路1号"})
    page = web(scope_users.in_scope).get(f"/institutions/{institution.pk}/").content.decode()
    assert 'id="history"' in page
    assert "莲塘镇澄湖路1号" in page


def test_the_list_page_does_not_query_per_row(make_user, web, django_assert_max_num_queries):
    officer = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    for index in range(30):
        institution = InstitutionFactory(division_code=COUNTY_A if index % 2 else COUNTY_B)
        if index % 3 == 0:
            TransformationFactory(institution=institution)
    client = web(officer)
    with django_assert_max_num_queries(8):
        page = client.get("/institutions/").content.decode()
    assert page.count('href="/institutions/') >= 30
