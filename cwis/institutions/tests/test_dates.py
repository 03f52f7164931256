"""Every date the institutions module takes (licences, staff, qualifications, training,
residences, transformation targets and facts) must be plausible: 0001-01-01 or 9999-12-31
answers 422 with the field's message, never 500, and nothing is stored."""

import pytest

from cwis.conftest import PROVINCE
from cwis.core.permissions import Role
from cwis.core.validators import MSG_DATE_FUTURE, MSG_DATE_TOO_EARLY, MSG_DATE_TOO_LATE
from cwis.institutions.models import (
    FamilyResidence,
    IntegrationFact,
    Licence,
    StaffMember,
    StaffQualification,
    TrainingRecord,
    Transformation,
)
from cwis.institutions.tests.factories import StaffFactory, TransformationFactory

pytestmark = pytest.mark.django_db

EARLY, LATE = "0001-01-01", "9999-12-31"


def messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"] == ["body", field]]


def refused(response, field: str, message) -> None:
    assert response.status_code == 422, response.content
    assert messages(response, field) == [str(message)], response.content


@pytest.mark.parametrize(("day", "message"), [(EARLY, MSG_DATE_TOO_EARLY),
                                              (LATE, MSG_DATE_TOO_LATE)])
def test_records_with_implausible_dates_are_refused(scope_users, api, day, message):
    client = api(scope_users.in_scope)
    institution = scope_users.institution_a
    staff = StaffFactory(institution=institution)
    refused(client.post(f"/institutions/{institution.pk}/licences", {
        "kind": "school", "number": "教民1", "valid_from": day}), "valid_from", message)
    refused(client.post(f"/institutions/{institution.pk}/licences", {
        "kind": "school", "number": "教民1", "valid_from": "2020-01-01", "valid_to": LATE}),
        "valid_to", MSG_DATE_TOO_LATE)
    refused(client.post(f"/institutions/{institution.pk}/staff", {
        "name": "王芳", "post_type": "teacher", "started_on": day}), "started_on", message)
    refused(client.put(f"/staff/{staff.pk}", {
        "version": 1, "name": "王芳", "post_type": "teacher", "started_on": "2019-09-01",
        "left_on": LATE}), "left_on", MSG_DATE_TOO_LATE)
    refused(client.post(f"/staff/{staff.pk}/qualifications", {
        "kind": "teacher", "number": "1", "issued_on": day}), "issued_on", message)
    refused(client.post(f"/staff/{staff.pk}/trainings", {
        "title": "培训", "started_on": EARLY, "ended_on": "2024-07-05"}),
        "started_on", MSG_DATE_TOO_EARLY)
    refused(client.post(f"/staff/{staff.pk}/trainings", {
        "title": "培训", "started_on": "2024-07-01", "ended_on": LATE}),
        "ended_on", MSG_DATE_TOO_LATE)
    refused(client.post(f"/institutions/{institution.pk}/residences", {
        "name": "一号家庭", "capacity": 6, "carer_father": "张强", "carer_mother": "李梅",
        "carers_qualified_on": day}),
        "carers_qualified_on", message if day == EARLY else MSG_DATE_FUTURE)  # happened
    assert not Licence.objects.exists()
    assert not StaffQualification.objects.exists()
    assert not TrainingRecord.objects.exists()
    assert not FamilyResidence.objects.exists()
    assert list(StaffMember.objects.values_list("version", "left_on")) == [(1, None)]


def test_implausible_transformation_targets_are_refused(scope_users, api, make_user):
    province = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    client = api(province)
    url = f"/institutions/{scope_users.institution_a.pk}/transformation"
    refused(client.put(url, {"target_handover_date": "2026-06-30",
                             "target_completion_date": LATE}),
            "target_completion_date", MSG_DATE_TOO_LATE)
    refused(client.put(url, {"target_handover_date": EARLY,
                             "target_completion_date": "2026-12-31"}),
            "target_handover_date", MSG_DATE_TOO_EARLY)
    assert not Transformation.objects.exists()


@pytest.mark.parametrize(("day", "message"), [(EARLY, MSG_DATE_TOO_EARLY),
                                              (LATE, MSG_DATE_FUTURE)])
def test_an_integration_fact_on_an_implausible_date_is_refused(scope_users, api, day,
                                                               message):
    institution = scope_users.institution_a
    TransformationFactory(institution=institution)
    response = api(scope_users.in_scope).post(
        f"/institutions/{institution.pk}/transformation/facts",
        {"kind": "premises", "effective_on": day, "description": "房产移交"})
    refused(response, "effective_on", message)
    assert not IntegrationFact.objects.exists()


def test_the_staff_page_refuses_an_implausible_date(scope_users, web):
    institution = scope_users.institution_a
    response = web(scope_users.in_scope).post(f"/institutions/{institution.pk}/staff/new/", {
        "name": "李明", "post_type": "doctor", "started_on": EARLY})
    assert response.status_code == 422
    assert str(MSG_DATE_TOO_EARLY) in response.content.decode()
    assert not StaffMember.objects.exists()
