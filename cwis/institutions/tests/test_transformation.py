"""The transformation of a county child welfare institution: planned → handing over →
transformed, driven by a checklist computed from data."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.html import escape

from cwis.conftest import COUNTY_A, PREFECTURE, PROVINCE
from cwis.core.errors import PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.institutions import services, transformation
from cwis.institutions.models import (
    ChangeReason,
    Institution,
    InstitutionKind,
    IntegrationOutcome,
    ProtectionDuty,
    TransformationState,
)
from cwis.institutions.tests.factories import (
    InstitutionFactory,
    ReceiverFactory,
    StaffFactory,
    TransformationFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate


@pytest.fixture
def province(make_user):
    return make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)


@pytest.fixture
def county(scope_users):
    return scope_users.in_scope


@pytest.fixture
def institution(scope_users):
    """南昌县's child welfare institution, still raising one child."""
    from cwis.children.tests.factories import ChildFactory

    ChildFactory(current_institution=scope_users.institution_a)
    return scope_users.institution_a


@pytest.fixture
def receiver():
    prefecture = InstitutionFactory(name="南昌市儿童福利院", level="prefecture",
                                    division_code=PREFECTURE)
    return ReceiverFactory(county_code=COUNTY_A, receiver=prefecture)


@pytest.fixture
def handing_over(institution, county, receiver):
    TransformationFactory(institution=institution, new_name="南昌县未成年人救助保护中心")
    return services.transformation_start(actor=county, institution_id=institution.pk,
                                         version=1)


@pytest.fixture
def transfers_done(monkeypatch):
    """Stand in for the transfers module's records: everything handed over."""
    for key in ("children_transferred", "archives_handed_over", "property_handed_over"):
        item = transformation._ITEMS[key]
        monkeypatch.setitem(transformation._ITEMS, key,
                            dataclasses.replace(item, check=lambda _i: (True, "handed over")))


def integrate(actor, institution, *, duties=tuple(ProtectionDuty)):
    StaffFactory(institution=institution, integration_outcome=IntegrationOutcome.RETAINED,
                 integration_on=TODAY())
    services.integration_fact_record(actor=actor, institution_id=institution.pk,
                                     kind="premises", effective_on=TODAY(),
                                     description="原福利院综合楼")
    for duty in duties:
        services.integration_fact_record(actor=actor, institution_id=institution.pk,
                                         kind="duty", duty=duty, effective_on=TODAY(),
                                         description="救助保护部")


def entry(institution, key):
    return next(e for e in transformation.checklist(institution) if e.key == key)


# --- plan and start ----------------------------------------------------------------------

def test_the_province_plans_a_county_child_welfare_institution(province, institution):
    plan = services.transformation_plan(actor=province, institution_id=institution.pk,
                                        target_handover_date=D(2025, 6, 30),
                                        target_completion_date=D(2025, 12, 31))
    assert plan.state == TransformationState.PLANNED
    with pytest.raises(StaleVersionError):
        services.transformation_plan(actor=province, institution_id=institution.pk,
                                     target_handover_date=D(2025, 7, 31),
                                     target_completion_date=D(2025, 12, 31))
    plan = services.transformation_plan(actor=province, institution_id=institution.pk,
                                        target_handover_date=D(2025, 7, 31),
                                        target_completion_date=D(2026, 3, 31), version=1)
    assert plan.is_after_policy_deadline


def test_planning_is_refused_for_the_wrong_institution_role_or_dates(province, county,
                                                                    institution):
    prefecture = InstitutionFactory(level="prefecture", division_code=PREFECTURE)
    with pytest.raises(ValidationError) as exc:
        services.transformation_plan(actor=province, institution_id=prefecture.pk,
                                     target_handover_date=D(2025, 6, 30),
                                     target_completion_date=D(2025, 12, 31))
    assert exc.value.message_dict == {"institution": [str(services.MSG_NOT_TRANSFORMABLE)]}
    with pytest.raises(ValidationError) as exc:
        services.transformation_plan(actor=province, institution_id=institution.pk,
                                     target_handover_date=D(2025, 12, 31),
                                     target_completion_date=D(2025, 6, 30))
    assert exc.value.message_dict == {"target_completion_date": [
        str(services.MSG_TARGETS_ORDER)]}
    with pytest.raises(PermissionDeniedError):
        services.transformation_plan(actor=county, institution_id=institution.pk,
                                     target_handover_date=D(2025, 6, 30),
                                     target_completion_date=D(2025, 12, 31))
    assert not hasattr(Institution.objects.get(pk=institution.pk), "transformation")


def test_handing_over_needs_the_receiver_of_the_countys_children(county, institution):
    TransformationFactory(institution=institution)
    with pytest.raises(ValidationError) as exc:
        services.transformation_start(actor=county, institution_id=institution.pk, version=1)
    assert exc.value.message_dict == {"receiver": [str(services.MSG_NO_RECEIVER)]}
    institution.refresh_from_db()
    assert institution.kind == InstitutionKind.CHILD_WELFARE


def test_starting_makes_the_institution_in_transformation_and_says_so_in_history(
    handing_over, institution, county
):
    assert handing_over.state == TransformationState.HANDING_OVER
    assert handing_over.started_on == TODAY()
    institution.refresh_from_db()
    assert institution.kind == InstitutionKind.IN_TRANSFORMATION
    latest = institution.history.first()
    assert latest.history_change_reason == ChangeReason.TRANSFORMATION_STARTED
    assert latest.history_user == county
    with pytest.raises(ValidationError) as exc:
        services.transformation_start(actor=county, institution_id=institution.pk, version=2)
    assert exc.value.message_dict == {"state": [str(services.MSG_NOT_PLANNED)]}


# --- the checklist -----------------------------------------------------------------------

def test_completing_with_open_items_is_refused_with_the_list(handing_over, institution,
                                                            county):
    with pytest.raises(ValidationError) as exc:
        services.transformation_complete(actor=county, institution_id=institution.pk,
                                         version=2)
    messages = exc.value.message_dict["checklist"]
    assert messages[0] == str(services.MSG_CHECKLIST_OPEN)
    labels = [str(item.label) for item in transformation.checklist_items()]
    assert [m.split(":")[0] for m in messages[1:]] == labels  # every item is open
    assert "1" in messages[1]  # the child still in its care
    archives = transformation._ITEMS["archives_handed_over"].check(institution)
    assert not archives[0]
    assert archives[1] in messages[2]  # read from the transfers module
    institution.refresh_from_db()
    handing_over.refresh_from_db()
    assert institution.kind == InstitutionKind.IN_TRANSFORMATION
    assert handing_over.state == TransformationState.HANDING_OVER


def test_completing_when_every_item_is_done_changes_the_kind(handing_over, institution,
                                                            county, transfers_done):
    integrate(county, institution)
    plan = services.transformation_complete(actor=county, institution_id=institution.pk,
                                            version=2)
    assert plan.state == TransformationState.TRANSFORMED
    assert plan.completed_on == TODAY()
    assert all(item["done"] for item in plan.checklist_at_completion)
    institution.refresh_from_db()
    assert institution.kind == InstitutionKind.MINORS_PROTECTION
    assert institution.name == "南昌县未成年人救助保护中心"
    latest = institution.history.first()
    assert latest.history_change_reason == ChangeReason.TRANSFORMATION_COMPLETED
    assert latest.prev_record.kind == InstitutionKind.IN_TRANSFORMATION
    with pytest.raises(ValidationError) as exc:
        services.integration_fact_record(actor=county, institution_id=institution.pk,
                                         kind="premises", effective_on=TODAY(),
                                         description="x")
    assert exc.value.message_dict == {"state": [str(services.MSG_FACT_CLOSED)]}


def test_one_missing_duty_keeps_the_transformation_open(handing_over, institution, county,
                                                       transfers_done):
    integrate(county, institution, duties=list(ProtectionDuty)[1:])
    with pytest.raises(ValidationError) as exc:
        services.transformation_complete(actor=county, institution_id=institution.pk,
                                         version=2)
    (missing,) = exc.value.message_dict["checklist"][1:]
    assert str(ProtectionDuty.TEMPORARY_GUARDIANSHIP.label) in missing


def test_staff_integration_is_read_from_each_staff_members_outcome(handing_over, institution,
                                                                  county):
    stays = StaffFactory(institution=institution)
    moves = StaffFactory(institution=institution)
    StaffFactory(institution=institution, left_on=D(2020, 1, 1))  # left long ago: not counted
    assert not entry(institution, "staff_integrated").done
    services.staff_record_outcome(actor=county, staff_id=moves.pk, version=1,
                                  outcome="left", decided_on=TODAY())
    assert not entry(institution, "staff_integrated").done  # nobody stays yet
    services.staff_record_outcome(actor=county, staff_id=stays.pk, version=1,
                                  outcome="retained", decided_on=TODAY())
    assert entry(institution, "staff_integrated").done
    moves.refresh_from_db()
    assert moves.left_on == TODAY()


def test_a_staff_member_moves_only_to_an_institution_of_the_same_province(
    handing_over, institution, county, receiver
):
    member = StaffFactory(institution=institution)
    hunan = InstitutionFactory(level="prefecture", division_code="430100")
    with pytest.raises(ValidationError) as exc:
        services.staff_record_outcome(actor=county, staff_id=member.pk, version=1,
                                      outcome="transferred", decided_on=TODAY(),
                                      transferred_to_id=hunan.pk)
    assert exc.value.message_dict == {"transferred_to_id": [
        str(services.MSG_TRANSFERRED_TO_REQUIRED)]}
    # the prefecture's institution is outside the county officer's scope, yet a valid target
    moved = services.staff_record_outcome(actor=county, staff_id=member.pk, version=1,
                                          outcome="transferred", decided_on=TODAY(),
                                          transferred_to_id=receiver.receiver_id)
    assert moved.transferred_to == receiver.receiver
    assert moved.left_on == TODAY()


def test_staff_outcomes_need_a_transformation_under_way(scope_users, county):
    member = StaffFactory(institution=scope_users.institution_a)
    with pytest.raises(ValidationError) as exc:
        services.staff_record_outcome(actor=county, staff_id=member.pk, version=1,
                                      outcome="retained", decided_on=TODAY())
    assert exc.value.message_dict == {"integration_outcome": [
        str(services.MSG_OUTCOME_NEEDS_TRANSFORMATION)]}


def test_integration_facts_are_dated_and_withdrawn_not_deleted(handing_over, institution,
                                                               county):
    with pytest.raises(ValidationError) as exc:
        services.integration_fact_record(actor=county, institution_id=institution.pk,
                                         kind="premises", description="x",
                                         effective_on=TODAY() + dt.timedelta(days=1))
    assert exc.value.message_dict == {"effective_on": [str(MSG_DATE_FUTURE)]}
    with pytest.raises(ValidationError) as exc:
        services.integration_fact_record(actor=county, institution_id=institution.pk,
                                         kind="duty", description="x", effective_on=TODAY())
    assert exc.value.message_dict == {"duty": [str(services.MSG_FACT_DUTY_REQUIRED)]}
    fact = services.integration_fact_record(actor=county, institution_id=institution.pk,
                                            kind="premises", description="综合楼",
                                            effective_on=TODAY())
    assert entry(institution, "premises_integrated").done
    services.integration_fact_withdraw(actor=county, fact_id=fact.pk, version=1,
                                       reason="地址录错")
    assert not entry(institution, "premises_integrated").done
    fact.refresh_from_db()
    assert fact.withdrawn_reason == "地址录错"
    with pytest.raises(ValidationError) as exc:
        services.integration_fact_withdraw(actor=county, fact_id=fact.pk, version=2,
                                           reason="again")
    assert exc.value.message_dict == {"state": [str(services.MSG_FACT_WITHDRAWN)]}


def test_the_children_item_is_open_while_a_child_is_in_its_care(institution):
    entry = transformation.checklist(institution)[0]
    assert entry.key == "children_transferred"
    assert not entry.done
    institution.children.update(status="left_care")
    assert transformation.checklist(institution)[0].done


def test_each_item_is_computed_by_the_module_that_holds_its_data():
    items = transformation.checklist_items()
    assert [(item.key, item.label) for item in items] == list(transformation.CHECKLIST)
    assert {item.key: item.check.__module__ for item in items} == {
        "children_transferred": "cwis.transfers.checklist",
        "archives_handed_over": "cwis.transfers.checklist",
        "property_handed_over": "cwis.transfers.checklist",
        "staff_integrated": "cwis.institutions.transformation",
        "premises_integrated": "cwis.institutions.transformation",
        "duties_integrated": "cwis.institutions.transformation",
    }
    assert transformation.check_every_item_registered() == []


def test_an_item_nobody_registered_is_reported_and_stops_the_checklist(institution,
                                                                        monkeypatch):
    item = transformation._ITEMS["archives_handed_over"]
    monkeypatch.setitem(transformation._ITEMS, item.key, dataclasses.replace(item, check=None))
    (error,) = transformation.check_every_item_registered()
    assert error.id == "institutions.E001"
    assert "archives_handed_over" in error.msg
    with pytest.raises(ImproperlyConfigured):
        transformation.checklist(institution)


def test_an_item_is_replaced_by_registering_its_key_again(institution, monkeypatch):
    monkeypatch.setattr(transformation, "_ITEMS", dict(transformation._ITEMS))
    keys = [item.key for item in transformation.checklist_items()]

    @transformation.register_checklist_item("archives_handed_over")
    def archives(_institution):
        return True, "12 of 12 files received"

    assert [item.key for item in transformation.checklist_items()] == keys
    archives_entry = entry(institution, "archives_handed_over")
    assert archives_entry.done
    assert archives_entry.detail == "12 of 12 files received"
    assert archives_entry.label == str(dict(transformation.CHECKLIST)["archives_handed_over"])
    transformation.register_checklist_item("extra", lambda _i: (False, "x"), label="Extra")
    assert transformation.checklist_items()[-1].key == "extra"


# --- API, pages, to-do ---------------------------------------------------------------------

def test_the_api_walks_the_transformation(province, county, institution, receiver, api,
                                         transfers_done):
    response = api(province).put(f"/institutions/{institution.pk}/transformation", {
        "target_handover_date": "2025-06-30", "target_completion_date": "2025-12-31"})
    assert response.status_code == 200
    assert response.json()["state"] == "planned"
    client = api(county)
    body = client.post(f"/institutions/{institution.pk}/transformation/start",
                       {"version": 1}).json()
    assert body["state"] == "handing_over"
    assert body["receiver"]["id"] == receiver.receiver_id
    refused = client.post(f"/institutions/{institution.pk}/transformation/complete",
                          {"version": 2})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == str(services.MSG_CHECKLIST_OPEN)
    StaffFactory(institution=institution, integration_outcome="retained",
                 integration_on=TODAY())
    for duty in ["", *ProtectionDuty.values]:
        response = client.post(f"/institutions/{institution.pk}/transformation/facts", {
            "kind": "duty" if duty else "premises", "duty": duty,
            "effective_on": TODAY().isoformat(), "description": "x"})
        assert response.status_code == 201
    state = client.get(f"/institutions/{institution.pk}/transformation").json()
    assert state["open_items"] == 0
    done = client.post(f"/institutions/{institution.pk}/transformation/complete",
                       {"version": 2})
    assert done.status_code == 200
    assert done.json()["state"] == "transformed"
    assert client.get(f"/institutions/{institution.pk}").json()["kind"] == "minors_protection"
    latest = client.get(f"/institutions/{institution.pk}/history").json()[0]
    assert latest["reason"] == str(ChangeReason.TRANSFORMATION_COMPLETED.label)
    kind_change = {"old": str(InstitutionKind.IN_TRANSFORMATION.label),
                   "new": str(InstitutionKind.MINORS_PROTECTION.label)}
    assert kind_change in [{"old": c["old"], "new": c["new"]} for c in latest["changes"]]


def test_the_api_refuses_out_of_scope_and_roles_that_may_not_act(handing_over, institution,
                                                                  scope_users, make_user, api):
    other = api(scope_users.out_of_scope)
    assert other.get(f"/institutions/{institution.pk}/transformation").status_code == 404
    assert other.post(f"/institutions/{institution.pk}/transformation/complete",
                      {"version": 2}).status_code == 404
    caregiver = api(make_user(Role.CAREGIVER, institution=institution))
    assert caregiver.get(f"/institutions/{institution.pk}/transformation").status_code == 200
    assert caregiver.post(f"/institutions/{institution.pk}/transformation/complete",
                          {"version": 2}).status_code == 403
    ministry = api(make_user(Role.MINISTRY_OFFICER))
    assert ministry.put(f"/institutions/{institution.pk}/transformation", {
        "target_handover_date": "2025-06-30", "target_completion_date": "2025-12-31",
        "version": 2}).status_code == 403


def test_the_page_shows_the_checklist_and_the_refusal(handing_over, institution, county, web):
    client = web(county)
    page = client.get(f"/institutions/{institution.pk}/transformation/").content.decode()
    assert page.count('class="list-group-item d-flex gap-2 checklist-item open"') == 6
    response = client.post(f"/institutions/{institution.pk}/transformation/complete/",
                           {"version": "2"})
    assert response.status_code == 422
    assert 'id="transition-errors"' in response.content.decode()
    assert escape(str(services.MSG_CHECKLIST_OPEN)) in response.content.decode()


def test_the_pages_plan_start_and_record_facts(province, county, institution, receiver, web):
    assert web(province).post(f"/institutions/{institution.pk}/transformation/plan/", {
        "target_handover_date": "2025-06-30", "target_completion_date": "2025-12-31",
    }).status_code == 302
    client = web(county)
    assert client.get(f"/institutions/{institution.pk}/transformation/plan/").status_code == 403
    assert client.post(f"/institutions/{institution.pk}/transformation/start/",
                       {"version": "1"}).status_code == 302
    response = client.post(f"/institutions/{institution.pk}/transformation/facts/new/", {
        "kind": "premises", "effective_on": TODAY().isoformat(), "description": "综合楼"})
    assert response.status_code == 302
    page = client.get(f"/institutions/{institution.pk}/transformation/").content.decode()
    assert "综合楼" in page
    assert page.count("checklist-item done") == 1


def test_the_deadlines_are_on_the_to_do_list(handing_over, institution, county, province,
                                            make_user):
    def transformation_items(user, **kwargs):
        return [i for i in todo_for(user, **kwargs) if i.kind == "institution.transformation"]

    (item,) = transformation_items(county, today=D(2026, 1, 1))
    assert item.due == D(2025, 12, 31)
    assert item.is_overdue(D(2026, 1, 1))
    assert item.institution == institution.name
    assert len(transformation_items(province)) == 1
    assert transformation_items(make_user(Role.CAREGIVER, institution=institution)) == []
