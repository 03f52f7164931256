"""Family foster care: the registry of families and the check of their conditions, placing
a child through the children app's placement (each refusal), visits and their due dates,
evaluation and ending; family-style couples; scope, roles, pages and API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwis.care.choices_family import FamilyState, FosterEndReason
from cwis.care.models import CarerTraining, FosterFamily, FosterPlacement, ResidenceCouple
from cwis.care.services import foster as services
from cwis.care.services import rules
from cwis.care.tests.factories import FosterFamilyFactory
from cwis.children import services as child_services
from cwis.children.choices import PlacementKind
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions.tests.factories import ResidenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

FAMILY = {"household": "莲塘村刘家", "address": "南昌县莲塘镇莲塘村12号",
          "carer_name": "刘桂英", "carer_birth_date": dt.date(1980, 3, 1),
          "carer_education": "junior_middle", "members": 3, "local_hukou_fixed_home": True,
          "income_at_least_middle": True, "no_disqualifying_illness": True,
          "no_disqualifying_record": True, "capacity": 2, "agreement_number": "JY-1",
          "agreement_from": dt.date(2026, 1, 1), "agreement_to": dt.date(2026, 12, 31)}


def errors(exc: pytest.ExceptionInfo) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


@pytest.fixture
def family(care):
    return FosterFamilyFactory(institution=care.users.institution_a)


def place(care, family, child=None, on=dt.date(2026, 1, 20)):
    return services.foster_place(actor=care.social_worker, child_id=(child or care.child).pk,
                                 family_id=family.pk, on=on, reason="适合家庭养育")


# ------------------------------------------------------------------------ the registry


def test_a_family_is_registered_checked_and_then_takes_children(care):
    family = services.foster_family_register(actor=care.social_worker, data=FAMILY)
    assert (family.institution, family.conditions_checked_on) == (
        care.users.institution_a, None)
    family = services.foster_family_check(actor=care.social_worker, family_id=family.pk,
                                          version=family.version, on=dt.date(2026, 1, 5))
    assert (family.conditions_checked_on, family.conditions_checked_by, family.version) == (
        dt.date(2026, 1, 5), care.social_worker, 2)
    assert family.history.count() == 2


def test_the_check_refuses_every_condition_not_met_at_once(care):
    data = {**FAMILY, "local_hukou_fixed_home": False, "income_at_least_middle": False,
            "carer_birth_date": dt.date(1958, 1, 1), "carer_education": "primary",
            "no_disqualifying_illness": False, "no_disqualifying_record": False,
            "youngest_own_child_born": dt.date(2022, 5, 1)}
    family = services.foster_family_register(actor=care.social_worker, data=data)
    with pytest.raises(ValidationError) as exc:
        services.foster_family_check(actor=care.social_worker, family_id=family.pk,
                                     version=family.version, on=dt.date(2026, 1, 5))
    assert errors(exc) == {
        "local_hukou_fixed_home": [str(services.MSG_HUKOU)],
        "income_at_least_middle": [str(services.MSG_INCOME)],
        "carer_birth_date": [str(services.MSG_CARER_AGE)],
        "carer_education": [str(services.MSG_CARER_EDUCATION)],
        "no_disqualifying_illness": [str(services.MSG_ILLNESS)],
        "no_disqualifying_record": [str(services.MSG_RECORD)],
        "youngest_own_child_born": [str(services.MSG_OWN_CHILD)],
    }
    family.refresh_from_db()
    assert family.conditions_checked_on is None


def test_a_young_carer_and_a_future_check_are_refused(care):
    family = services.foster_family_register(
        actor=care.social_worker, data={**FAMILY, "carer_birth_date": dt.date(2000, 1, 1)})
    with pytest.raises(ValidationError) as exc:
        services.foster_family_check(actor=care.social_worker, family_id=family.pk,
                                     version=family.version, on=dt.date(2026, 3, 1))
    assert errors(exc) == {"on": [str(MSG_DATE_FUTURE)],
                           "carer_birth_date": [str(services.MSG_CARER_AGE)]}


def test_registration_refuses_three_children_and_an_agreement_ending_before_it_starts(care):
    with pytest.raises(ValidationError) as exc:
        services.foster_family_register(actor=care.social_worker, data={
            **FAMILY, "capacity": 3, "agreement_to": dt.date(2025, 12, 1)})
    found = errors(exc)
    assert str(services.MSG_AGREEMENT_ORDER) in found["agreement_to"]
    assert "capacity" in found
    assert not FosterFamily.objects.exists()


def test_a_changed_condition_clears_the_check_and_a_stale_version_is_refused(care, family):
    family = services.foster_family_update(actor=care.social_worker, family_id=family.pk,
                                           version=family.version, data={"phone": "138"})
    assert family.conditions_checked_on == dt.date(2026, 1, 5)  # not a condition
    family = services.foster_family_update(actor=care.social_worker, family_id=family.pk,
                                           version=family.version,
                                           data={"income_at_least_middle": False})
    assert family.conditions_checked_on is None
    with pytest.raises(StaleVersionError):
        services.foster_family_update(actor=care.social_worker, family_id=family.pk,
                                      version=1, data={"phone": "139"})


def test_roles_and_scope(care, family):
    for reader in (care.caregiver, care.therapist):  # no family care role: 403
        with pytest.raises(PermissionDeniedError):
            services.foster_family_register(actor=reader, data=FAMILY)
    with pytest.raises(PermissionDeniedError):  # the read-only province officer
        services.foster_family_check(actor=care.province, family_id=family.pk,
                                     version=family.version, on=dt.date(2026, 1, 5))
    with pytest.raises(NotFoundError):  # another institution's staff
        services.foster_family_check(actor=care.other_therapist, family_id=family.pk,
                                     version=family.version, on=dt.date(2026, 1, 5))


# --------------------------------------------------------------- placing and visiting


def test_a_child_is_placed_with_the_family_through_the_childs_placement(care, family):
    foster = place(care, family)
    placement = foster.placement
    assert (placement.kind, placement.foster_carer, placement.started_on,
            placement.ended_on) == (PlacementKind.FOSTER_FAMILY, "刘桂英",
                                    dt.date(2026, 1, 20), None)
    assert care.child.placements.filter(ended_on=dt.date(2026, 1, 20)).count() == 1
    assert foster.next_visit_due == dt.date(2026, 2, 19)  # CWIS_FOSTER_VISIT_DAYS
    visit = services.foster_visit_record(actor=care.social_worker, foster_id=foster.pk, data={
        "visited_on": dt.date(2026, 1, 30), "findings": "适应良好", "concerns": False})
    foster.refresh_from_db()
    assert (visit.visitor, foster.next_visit_due) == (care.social_worker, dt.date(2026, 3, 1))


@pytest.mark.parametrize(("change", "message"), [
    ({"conditions_checked_on": None}, services.MSG_NOT_CHECKED),
    ({"agreement_to": dt.date(2026, 1, 10)}, services.MSG_AGREEMENT_EXPIRED),
    ({"agreement_to": None, "agreement_from": None}, services.MSG_AGREEMENT_EXPIRED),
    ({"capacity": 1, "full": True}, services.MSG_FAMILY_FULL),
    ({"state": FamilyState.ENDED}, services.MSG_FAMILY_ENDED),
    ({"carer_birth_date": dt.date(1955, 1, 1)}, services.MSG_CARER_AGE),
])
def test_placing_refuses_a_family_that_cannot_take_the_child(care, change, message):
    full = change.pop("full", False)
    family = FosterFamilyFactory(institution=care.users.institution_a, **change)
    if full:
        place(care, family, child=ChildFactory(current_institution=care.users.institution_a))
    with pytest.raises(ValidationError) as exc:
        place(care, family)
    assert str(message) in errors(exc)["family_id"]
    assert not FosterPlacement.objects.filter(child=care.child).exists()
    assert care.child.placements.get(ended_on__isnull=True).kind == PlacementKind.INSTITUTION


def test_placing_refuses_another_institutions_family_and_a_child_already_fostered(care,
                                                                                 family):
    other = FosterFamilyFactory(institution=care.users.institution_b)
    with pytest.raises(NotFoundError):  # out of the social worker's scope
        place(care, other)
    place(care, family)
    second = FosterFamilyFactory(institution=care.users.institution_a)
    with pytest.raises(ValidationError) as exc:
        place(care, second, on=dt.date(2026, 1, 25))
    assert errors(exc)["family_id"] == [str(services.MSG_ALREADY_FOSTERED)]


def test_placing_is_refused_to_other_roles_and_out_of_scope(care, family):
    with pytest.raises(PermissionDeniedError):
        services.foster_place(actor=care.caregiver, child_id=care.child.pk,
                              family_id=family.pk, on=dt.date(2026, 1, 20), reason="x")
    with pytest.raises(NotFoundError):
        services.foster_place(actor=care.other_therapist, child_id=care.child.pk,
                              family_id=family.pk, on=dt.date(2026, 1, 20), reason="x")


def test_ending_moves_the_child_back_and_keeps_the_evaluation(care, family):
    foster = place(care, family)
    foster = services.foster_evaluate(actor=care.social_worker, foster_id=foster.pk,
                                      version=foster.version, data={
                                          "evaluated_on": dt.date(2026, 1, 31),
                                          "evaluation": "good", "evaluation_note": "融洽"})
    with pytest.raises(ValidationError) as exc:
        services.foster_end(actor=care.social_worker, foster_id=foster.pk,
                            version=foster.version, on=dt.date(2026, 1, 10), reason="bogus")
    assert errors(exc) == {"reason": [str(services.MSG_END_REASON)],
                           "on": [str(services.MSG_BEFORE_PLACEMENT)]}
    foster = services.foster_end(actor=care.social_worker, foster_id=foster.pk,
                                 version=foster.version, on=dt.date(2026, 2, 1),
                                 reason=FosterEndReason.CHILD_NEEDS, note="需住院治疗")
    assert (foster.ended_on, foster.next_visit_due, foster.evaluation) == (
        dt.date(2026, 2, 1), None, "good")
    assert care.child.placements.get(ended_on__isnull=True).kind == PlacementKind.INSTITUTION
    with pytest.raises(ValidationError) as exc:
        services.foster_visit_record(actor=care.social_worker, foster_id=foster.pk, data={
            "visited_on": dt.date(2026, 2, 1), "findings": "x"})
    assert exc.value.messages == [str(services.MSG_PLACEMENT_ENDED)]


def test_a_family_with_children_cannot_stop_fostering(care, family):
    place(care, family)
    with pytest.raises(ValidationError) as exc:
        services.foster_family_end(actor=care.social_worker, family_id=family.pk,
                                   version=family.version, on=dt.date(2026, 2, 1), reason="")
    assert errors(exc) == {"reason": [str(rules.MSG_REASON_REQUIRED)],
                           "on": [str(services.MSG_FAMILY_HAS_CHILDREN)]}


def test_the_placement_ends_with_the_childs_file(care, family):
    foster = place(care, family)
    child = care.child
    child.refresh_from_db()
    child_services.child_leave_care(actor=care.director, child_id=child.pk,
                                    version=child.version, on=dt.date(2026, 2, 1),
                                    reason="family", destination="生父母家")
    foster.refresh_from_db()
    assert (foster.ended_on, foster.end_reason) == (dt.date(2026, 2, 1),
                                                    FosterEndReason.LEFT_CARE)


# --------------------------------------------------------------- family-style couples


def test_a_residence_keeps_its_couple_with_training_and_an_evaluation(care):
    residence = ResidenceFactory(institution=care.users.institution_a)
    couple = services.couple_record(actor=care.director, residence_id=residence.pk, data={
        "father_name": "陈国华", "mother_name": "李春梅", "started_on": dt.date(2025, 9, 1)})
    with pytest.raises(ValidationError) as exc:
        services.couple_record(actor=care.director, residence_id=residence.pk, data={
            "father_name": "张", "mother_name": "王", "started_on": dt.date(2026, 1, 1)})
    assert errors(exc) == {"residence_id": [str(services.MSG_COUPLE_PRESENT)]}
    with pytest.raises(ValidationError) as exc:
        services.couple_qualify(actor=care.director, couple_id=couple.pk,
                                version=couple.version, on=dt.date(2025, 9, 1), note=" ")
    assert "note" in errors(exc)
    couple = services.couple_qualify(actor=care.director, couple_id=couple.pk,
                                     version=couple.version, on=dt.date(2025, 9, 1),
                                     note="已婚、身体健康、育儿经验")
    services.carer_training_record(actor=care.social_worker, couple_id=couple.pk, data={
        "held_on": dt.date(2025, 10, 1), "topic": "儿童发展", "hours": 8})
    services.carer_evaluation_record(actor=care.social_worker, couple_id=couple.pk, data={
        "evaluated_on": dt.date(2026, 1, 15), "result": "good", "findings": "尽责"})
    assert (couple.trainings.count(), couple.evaluations.count()) == (1, 1)
    couple = services.couple_end(actor=care.director, couple_id=couple.pk,
                                 version=couple.version, on=dt.date(2026, 1, 31),
                                 reason="退休")
    with pytest.raises(ValidationError):
        services.carer_training_record(actor=care.social_worker, couple_id=couple.pk, data={
            "held_on": dt.date(2026, 1, 31), "topic": "x", "hours": 1})
    assert ResidenceCouple.objects.get().ended_on == dt.date(2026, 1, 31)


def test_couples_are_scoped_and_written_by_the_family_care_roles(care):
    residence = ResidenceFactory(institution=care.users.institution_a)
    data = {"father_name": "陈", "mother_name": "李", "started_on": dt.date(2025, 9, 1)}
    with pytest.raises(PermissionDeniedError):
        services.couple_record(actor=care.caregiver, residence_id=residence.pk, data=data)
    with pytest.raises(NotFoundError):
        services.couple_record(actor=care.other_therapist, residence_id=residence.pk,
                               data=data)
    assert not CarerTraining.objects.exists()


# ----------------------------------------------------------------------- pages, API


def test_the_pages_register_check_and_place(care, family, web):
    client = web(care.social_worker)
    response = client.post("/care/foster/new/", {**FAMILY, "household": "新家",
                                                 "carer_education": "primary"})
    assert response.status_code == 302
    new = FosterFamily.objects.get(household="新家")
    response = client.post(f"/care/foster/{new.pk}/check/", {"version": 1,
                                                             "on": "2026-01-05"})
    assert response.status_code == 422
    assert str(services.MSG_CARER_EDUCATION) in response.content.decode()
    page = client.get("/care/foster/").content.decode()
    assert "新家" in page
    assert family.household in page
    response = client.post(f"/care/foster/place/{care.child.pk}/", {
        "family_id": family.pk, "on": "2026-01-20", "reason": "适合家庭"})
    foster = FosterPlacement.objects.get()
    assert response.url == f"/care/foster/placements/{foster.pk}/"
    page = client.get(f"/care/family/child/{care.child.pk}/").content.decode()
    assert family.household in page
    assert 'id="foster-now"' in page
    response = client.post(f"/care/foster/placements/{foster.pk}/visit/", {
        "visited_on": "2026-01-30", "findings": "很好"})
    assert response.status_code == 302


def test_pages_answer_404_out_of_scope_and_403_to_the_read_only(care, family, web):
    assert web(care.other_therapist).get(f"/care/foster/{family.pk}/").status_code == 404
    province = web(care.province)
    assert province.get(f"/care/foster/{family.pk}/").status_code == 200
    assert province.get(f"/care/foster/{family.pk}/check/").status_code == 403
    assert province.post("/care/foster/new/", FAMILY).status_code == 403


def test_the_list_reads_a_bounded_number_of_queries(care, web):
    client = web(care.social_worker)
    FosterFamilyFactory(institution=care.users.institution_a)
    client.get("/care/foster/")
    with CaptureQueriesContext(connection) as one:
        client.get("/care/foster/")
    FosterFamilyFactory.create_batch(5, institution=care.users.institution_a)
    with CaptureQueriesContext(connection) as six:
        assert client.get("/care/foster/").status_code == 200
    assert len(six) == len(one)


def test_the_api_places_refuses_with_422_and_scopes(care, family, api):
    worker = api(care.social_worker)
    response = worker.post(f"/children/{care.child.pk}/foster-placement", {
        "family_id": family.pk, "on": "2026-01-20", "reason": "适合"})
    assert response.status_code == 201, response.content
    foster_id = response.json()["id"]
    other = FosterFamilyFactory(institution=care.users.institution_a, capacity=1,
                                conditions_checked_on=None)
    response = worker.post(f"/children/{ChildFactory(current_institution=care.users.institution_a).pk}/foster-placement",  # noqa: E501
                           {"family_id": other.pk, "on": "2026-01-20", "reason": "x"})
    assert response.status_code == 422
    assert api(care.other_therapist).get(
        f"/care/foster-placements/{foster_id}").status_code == 404
    assert api(care.province).post(f"/care/foster-placements/{foster_id}/visits", {
        "visited_on": "2026-01-30", "findings": "x"}).status_code == 403
    listed = worker.get("/care/foster-families").json()
    assert [(f["household"], f["children_now"]) for f in listed["items"]
            if f["id"] == family.pk] == [(family.household, 1)]


def test_the_family_care_endpoints_are_in_the_openapi_document_with_their_errors(care, api):
    document = api(care.social_worker).get("/openapi.json").json()
    place_op = document["paths"]["/api/v1/children/{child_id}/foster-placement"]["post"]
    assert {"201", "403", "404", "422"} <= set(place_op["responses"])
    for path in ("/api/v1/care/foster-families", "/api/v1/care/adulthood",
                 "/api/v1/children/{child_id}/adulthood-plans",
                 "/api/v1/care/adulthood-paths/{path_id}/outcome",
                 "/api/v1/care/couples/{couple_id}/qualify"):
        assert path in document["paths"]


def test_an_empty_family_form_is_refused_in_one_round(care, web):
    response = web(care.social_worker).post("/care/foster/new/", {"members": "2",
                                                                  "capacity": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("household", "address", "carer_name", "carer_birth_date",
                  "carer_education"):
        assert f'id="error-{field}"' in page, field
    assert not FosterFamily.objects.exists()
