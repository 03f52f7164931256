"""Licences, posts, staff (qualifications, training) and family-style residences."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import PlacementKind
from cwis.children.models import Placement
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.institutions import selectors, services
from cwis.institutions.models import Licence, Post, StaffMember, TrainingRecord
from cwis.institutions.tests.factories import LicenceFactory, ResidenceFactory, StaffFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_licence_whose_end_precedes_its_start_is_refused(scope_users):
    with pytest.raises(ValidationError) as exc:
        services.licence_add(actor=scope_users.in_scope,
                             institution_id=scope_users.institution_a.pk,
                             kind="medical_practice", number="PDY1",
                             valid_from=D(2024, 1, 1), valid_to=D(2023, 12, 31))
    assert exc.value.message_dict == {"valid_to": [str(services.MSG_LICENCE_DATES)]}
    assert not Licence.objects.exists()


def test_a_licence_is_added_and_edited_with_its_version(scope_users):
    licence = services.licence_add(
        actor=scope_users.in_scope, institution_id=scope_users.institution_a.pk,
        kind="rehabilitation_designation", number="赣残康定〔2021〕3号",
        valid_from=D(2021, 9, 1),
    )
    assert licence.valid_to is None
    assert licence.is_current
    updated = services.licence_update(
        actor=scope_users.in_scope, licence_id=licence.pk, version=1,
        kind=licence.kind, number=licence.number, valid_from=licence.valid_from,
        valid_to=D(2024, 8, 31),
    )
    assert updated.version == 2
    assert not updated.is_current
    with pytest.raises(StaleVersionError):
        services.licence_update(actor=scope_users.in_scope, licence_id=licence.pk, version=1,
                                kind=licence.kind, number="x", valid_from=D(2021, 9, 1))


def test_licences_of_another_county_are_out_of_reach(scope_users, api):
    licence = LicenceFactory(institution=scope_users.institution_b)
    with pytest.raises(NotFoundError):
        services.licence_update(actor=scope_users.in_scope, licence_id=licence.pk, version=1,
                                kind=licence.kind, number="x", valid_from=D(2021, 9, 1))
    client = api(scope_users.in_scope)
    response = client.put(f"/licences/{licence.pk}", {
        "version": 1, "kind": "school", "number": "x", "valid_from": "2021-09-01"})
    assert response.status_code == 404
    response = client.post(f"/institutions/{scope_users.institution_b.pk}/licences", {
        "kind": "school", "number": "x", "valid_from": "2021-09-01"})
    assert response.status_code == 404


def test_the_api_answers_422_for_licence_dates_in_the_wrong_order(scope_users, api):
    response = api(scope_users.in_scope).post(
        f"/institutions/{scope_users.institution_a.pk}/licences",
        {"kind": "school", "number": "教民1号", "valid_from": "2024-09-01",
         "valid_to": "2024-08-31"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0] == {"loc": ["body", "valid_to"],
                                            "msg": str(services.MSG_LICENCE_DATES)}


def test_a_headcount_below_zero_is_refused(scope_users, api):
    with pytest.raises(ValidationError) as exc:
        services.post_set_headcount(actor=scope_users.in_scope,
                                    institution_id=scope_users.institution_a.pk,
                                    post_type="nurse", headcount_set=-1)
    assert exc.value.message_dict == {"headcount_set": [str(services.MSG_HEADCOUNT_NEGATIVE)]}
    response = api(scope_users.in_scope).put(
        f"/institutions/{scope_users.institution_a.pk}/posts/nurse", {"headcount_set": -3})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == str(services.MSG_HEADCOUNT_NEGATIVE)
    assert not Post.objects.exists()


def test_headcount_set_against_filled(scope_users, api):
    institution = scope_users.institution_a
    client = api(scope_users.in_scope)
    response = client.put(f"/institutions/{institution.pk}/posts/caregiver",
                          {"headcount_set": 3})
    assert response.json() == {"post_type": "caregiver", "headcount_set": 3, "filled": 0,
                               "version": 1}
    StaffFactory(institution=institution, post_type="caregiver")
    StaffFactory(institution=institution, post_type="caregiver", left_on=D(2020, 1, 1))
    StaffFactory(institution=institution, post_type="social_worker")
    rows = {r.post_type: r for r in selectors.post_table(institution)}
    assert (rows["caregiver"].headcount_set, rows["caregiver"].filled) == (3, 1)
    assert (rows["social_worker"].headcount_set, rows["social_worker"].filled) == (0, 1)
    assert client.put(f"/institutions/{institution.pk}/posts/caregiver",
                      {"headcount_set": 4}).status_code == 409  # no version sent
    response = client.put(f"/institutions/{institution.pk}/posts/caregiver",
                          {"headcount_set": 4, "version": 1})
    assert response.json()["headcount_set"] == 4
    detail = client.get(f"/institutions/{institution.pk}").json()
    assert detail["social_work"] == {"department": False, "posts_set": 0, "posts_filled": 1}


def test_the_posts_page_sets_a_headcount_and_shows_a_refusal(scope_users, web):
    institution = scope_users.institution_a
    client = web(scope_users.in_scope)
    response = client.post(f"/institutions/{institution.pk}/posts/teacher/",
                           {"headcount_set": "-2"}, follow=True)
    assert str(services.MSG_HEADCOUNT_NEGATIVE) in response.content.decode()
    client.post(f"/institutions/{institution.pk}/posts/teacher/", {"headcount_set": "2"})
    assert Post.objects.get(institution=institution, post_type="teacher").headcount_set == 2
    assert client.get(f"/institutions/{institution.pk}/staff/").status_code == 200


def test_staff_with_qualifications_and_training(scope_users, api):
    client = api(scope_users.in_scope)
    response = client.post(f"/institutions/{scope_users.institution_a.pk}/staff", {
        "name": "王芳", "post_type": "teacher", "started_on": "2019-09-01"})
    assert response.status_code == 201
    staff_id = response.json()["id"]
    response = client.post(f"/staff/{staff_id}/qualifications", {
        "kind": "teacher", "number": "20193600000001", "issued_on": "2019-06-30"})
    assert response.status_code == 201
    response = client.post(f"/staff/{staff_id}/trainings", {
        "title": "特殊教育教师培训", "started_on": "2024-07-01", "ended_on": "2024-07-05",
        "hours": 40})
    assert response.status_code == 201
    staff = client.get(f"/institutions/{scope_users.institution_a.pk}/staff").json()
    assert staff[0]["qualifications"][0]["kind"] == "teacher"
    assert TrainingRecord.objects.get().hours == 40


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        (lambda a, s: services.training_add(actor=a, staff_id=s.pk, title="t",
                                            started_on=D(2024, 7, 5), ended_on=D(2024, 7, 1)),
         "ended_on", services.MSG_TRAINING_DATES),
        (lambda a, s: services.training_add(actor=a, staff_id=s.pk, title="t", hours=-1,
                                            started_on=D(2024, 7, 1), ended_on=D(2024, 7, 1)),
         "hours", services.MSG_TRAINING_HOURS),
        (lambda a, s: services.qualification_add(actor=a, staff_id=s.pk, kind="nurse",
                                                 number="1", issued_on=D(2020, 1, 1),
                                                 valid_to=D(2019, 1, 1)),
         "valid_to", services.MSG_QUALIFICATION_DATES),
        (lambda a, s: services.staff_update(actor=a, staff_id=s.pk, version=1, name="x",
                                            post_type="nurse", started_on=D(2020, 1, 1),
                                            left_on=D(2019, 1, 1)),
         "left_on", services.MSG_STAFF_DATES),
        (lambda a, s: services.staff_update(actor=a, staff_id=s.pk, version=1, name="x",
                                            post_type="janitor", started_on=D(2020, 1, 1)),
         "post_type", services.MSG_POST_TYPE_UNKNOWN),
    ],
)
def test_bad_staff_records_are_refused(scope_users, call, field, message):
    staff = StaffFactory(institution=scope_users.institution_a)
    with pytest.raises(ValidationError) as exc:
        call(scope_users.in_scope, staff)
    assert exc.value.message_dict == {field: [str(message)]}
    staff.refresh_from_db()
    assert staff.version == 1
    assert not staff.qualifications.exists()


def test_staff_of_another_county_answer_404_and_read_only_roles_403(scope_users, api, web,
                                                                    make_user):
    other = StaffFactory(institution=scope_users.institution_b)
    assert api(scope_users.in_scope).get(f"/institutions/{other.institution_id}/staff"
                                         ).status_code == 404
    assert web(scope_users.in_scope).get(f"/institutions/staff/{other.pk}/").status_code == 404
    ministry = make_user(Role.MINISTRY_OFFICER)
    with pytest.raises(PermissionDeniedError):
        services.staff_add(actor=ministry, institution_id=other.institution_id, name="x",
                           post_type="nurse", started_on=D(2020, 1, 1))
    assert api(ministry).post(f"/institutions/{other.institution_id}/staff", {
        "name": "x", "post_type": "nurse", "started_on": "2020-01-01"}).status_code == 403
    assert StaffMember.objects.count() == 1


def test_the_staff_pages_add_and_edit(scope_users, web):
    client = web(scope_users.in_scope)
    institution = scope_users.institution_a
    response = client.post(f"/institutions/{institution.pk}/staff/new/", {
        "name": "李明", "post_type": "doctor", "started_on": "2020-05-01"})
    staff = StaffMember.objects.get(name="李明")
    assert response["Location"] == f"/institutions/staff/{staff.pk}/"
    response = client.post(f"/institutions/staff/{staff.pk}/edit/", {
        "name": "李明", "post_type": "doctor", "started_on": "2020-05-01",
        "left_on": "2019-01-01", "version": "1"})
    assert response.status_code == 422
    client.post(f"/institutions/staff/{staff.pk}/qualifications/new/", {
        "kind": "physician", "number": "110360000000001", "issued_on": "2019-12-01"})
    page = client.get(f"/institutions/staff/{staff.pk}/").content.decode()
    assert "110360000000001" in page


def test_a_family_residence_needs_the_couple_and_room(scope_users, api):
    institution = scope_users.institution_a
    with pytest.raises(ValidationError) as exc:
        services.residence_add(actor=scope_users.in_scope, institution_id=institution.pk,
                               name="1号居所", capacity=4, carer_father="陈国华")
    assert exc.value.message_dict == {"carer_mother": [str(services.MSG_RESIDENCE_COUPLE)]}
    with pytest.raises(ValidationError) as exc:
        services.residence_add(actor=scope_users.in_scope, institution_id=institution.pk,
                               name="1号居所", capacity=0, carer_father="a", carer_mother="b")
    assert exc.value.message_dict == {"capacity": [str(services.MSG_RESIDENCE_CAPACITY)]}
    client = api(scope_users.in_scope)
    response = client.post(f"/institutions/{institution.pk}/residences", {
        "name": "1号居所", "capacity": 4, "carer_father": "陈国华", "carer_mother": "李春梅",
        "carers_qualified_on": "2023-03-15"})
    assert response.status_code == 201
    duplicate = client.post(f"/institutions/{institution.pk}/residences", {
        "name": "1号居所", "capacity": 4, "carer_father": "a", "carer_mother": "b"})
    assert duplicate.json()["detail"][0]["msg"] == str(services.MSG_RESIDENCE_NAME_TAKEN)
    residence_id = response.json()["id"]
    response = client.put(f"/residences/{residence_id}", {
        "version": 1, "name": "1号居所", "capacity": 5, "is_active": False})
    assert response.json()["capacity"] == 5
    detail = client.get(f"/institutions/{institution.pk}").json()
    assert detail["residences"][0]["is_active"] is False


def test_the_detail_page_lists_licences_posts_and_residences(scope_users, web):
    institution = scope_users.institution_a
    LicenceFactory(institution=institution, number="PDY-SHOWN")
    services.residence_add(actor=scope_users.in_scope, institution_id=institution.pk,
                           name="阳光之家", capacity=6, carer_father="陈", carer_mother="李")
    page = web(scope_users.in_scope).get(f"/institutions/{institution.pk}/").content.decode()
    assert "PDY-SHOWN" in page
    assert "阳光之家" in page


def place_in_residence(child, residence, *, since: dt.date, until: dt.date | None = None):
    """Move the child from the institution into the residence (and out again `until`)."""
    child.placements.filter(ended_on__isnull=True).update(ended_on=since)
    Placement.objects.create(child=child, institution=residence.institution,
                             kind=PlacementKind.FAMILY_RESIDENCE, family_residence=residence,
                             started_on=since, ended_on=until)
    if until is not None:
        Placement.objects.create(child=child, institution=residence.institution,
                                 kind=PlacementKind.INSTITUTION, started_on=until)


def test_a_residence_lists_the_children_placed_there_now(scope_users, web):
    institution = scope_users.institution_a
    residence = ResidenceFactory(institution=institution, name="阳光之家")
    placed = ChildFactory(current_institution=institution, name="李小明")
    moved_out = ChildFactory(current_institution=institution, name="张小红")
    ChildFactory(current_institution=institution, name="赵小刚")  # in the institution itself
    place_in_residence(placed, residence, since=D(2023, 5, 1))
    place_in_residence(moved_out, residence, since=D(2022, 1, 1), until=D(2023, 1, 1))

    residents = selectors.residents_by_residence(actor=scope_users.in_scope,
                                                 residences=[residence])
    assert residents == {residence.pk: [placed]}
    outside = selectors.residents_by_residence(actor=scope_users.out_of_scope,
                                               residences=[residence])
    assert outside == {residence.pk: []}
    page = web(scope_users.in_scope).get(f"/institutions/{institution.pk}/").content.decode()
    cell = page.split('class="residents"')[1].split("</td>")[0]
    assert "李小明" in cell
    assert "张小红" not in cell
    assert "赵小刚" not in cell


def test_the_staff_list_does_not_query_per_row(scope_users, api, django_assert_max_num_queries):
    institution = scope_users.institution_a
    for _ in range(20):
        member = StaffFactory(institution=institution)
        services.qualification_add(actor=scope_users.in_scope, staff_id=member.pk,
                                   kind="caregiver", number="1", issued_on=D(2020, 1, 1))
    client = api(scope_users.in_scope)
    with django_assert_max_num_queries(8):
        staff = client.get(f"/institutions/{institution.pk}/staff").json()
    assert len(staff) == 20
