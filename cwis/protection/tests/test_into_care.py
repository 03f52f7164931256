"""A community child taken into civil affairs care keeps the one file (DESIGN.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children import services as child_services
from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.models import Child
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Role
from cwis.protection import selectors, services
from cwis.protection.tests.factories import left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def boy(community) -> Child:
    child = services.community_register(actor=community.village_director,
                                        data=left_behind_boy())
    services.community_visit_record(actor=community.village_director, child_id=child.pk,
                                    data={"visited_on": dt.date(2026, 1, 20), "method": "home",
                                          "situation": "奶奶住院，无人照料"})
    return Child.objects.get(pk=child.pk)


def intake(community, child, **overrides) -> dict:
    kwargs = {
        "actor": community.county_officer, "child_id": child.pk, "version": child.version,
        "institution_id": community.users.institution_a.pk, "intake_on": dt.date(2026, 1, 25),
        "intake_category": "temporary_ward", "legal_basis": "mpl2020_93",
        "guardian_kind": "temporary", "guardianship_situation": "mpl92_4",
        "received_from": "莲塘村儿童主任",
    }
    kwargs.update(overrides)
    return kwargs


def test_the_county_takes_a_community_child_into_care_keeping_the_file(community, boy):
    child = services.community_take_into_care(**intake(community, boy))
    child.refresh_from_db()
    assert child.pk == boy.pk
    assert child.status == ChildStatus.IN_CARE
    assert child.current_institution == community.users.institution_a
    assert child.division_code == community.users.institution_a.division_code
    assert (child.registry_closed_on, child.registry_exit_reason) == (dt.date(2026, 1, 25),
                                                                      "into_care")
    assert (child.guardian_kind, child.guardianship_since) == ("temporary", dt.date(2026, 1, 25))
    assert child.intakes.get().legal_basis_law
    assert child.placements.get().ended_on is None
    assert child.community_visits.count() == 1  # the visits stay on the file
    assert not child.deadlines.filter(kind=DeadlineKind.COMMUNITY_VISIT,
                                      closed_on__isnull=True).exists()
    assert child.history.count() == 2  # registered, taken into care: one history
    # The institution now sees the child; the community page still shows the past.
    assert selectors.community_get(actor=community.county_officer, child_id=child.pk) == child
    with pytest.raises(NotFoundError):
        selectors.community_get(actor=community.village_director, child_id=child.pk)


def test_the_intake_rules_apply(community, boy):
    with pytest.raises(ValidationError) as info:
        services.community_take_into_care(**intake(community, boy,
                                                   intake_on=dt.date(2026, 1, 5)))
    assert info.value.message_dict["intake_on"] == [
        str(child_services.MSG_INTAKE_BEFORE_REGISTRATION)]
    with pytest.raises(ValidationError) as info:
        services.community_take_into_care(**intake(community, boy,
                                                   guardianship_situation="mpl94_2"))
    assert "guardianship_situation" in info.value.message_dict
    with pytest.raises(StaleVersionError):
        services.community_take_into_care(**intake(community, boy, version=0))
    boy.refresh_from_db()
    assert (boy.status, boy.intakes.count()) == (ChildStatus.IN_COMMUNITY, 0)


def test_only_a_county_office_takes_a_child_into_its_institutions(community, boy, make_user):
    with pytest.raises(ValidationError) as info:
        services.community_take_into_care(**intake(community, boy,
                                                   actor=community.village_director))
    assert info.value.message_dict["institution"] == [
        str(child_services.MSG_INSTITUTION_OUTSIDE)]
    with pytest.raises(PermissionDeniedError):
        services.community_take_into_care(**intake(community, boy, actor=community.overseer))
    director = make_user(Role.DIRECTOR, institution=community.users.institution_a)
    with pytest.raises(PermissionDeniedError):
        services.community_take_into_care(**intake(community, boy, actor=director))


def test_the_page_and_the_api(community, boy, web, api):
    client = web(community.village_director)
    assert 'id="into-care-link"' not in client.get(f"/community/{boy.pk}/").content.decode()
    assert client.get(f"/community/{boy.pk}/into-care/").status_code == 403
    client = web(community.county_officer)
    assert 'id="into-care-link"' in client.get(f"/community/{boy.pk}/").content.decode()
    assert client.get(f"/community/{boy.pk}/into-care/").status_code == 200
    assert web(community.out_of_scope).get(
        f"/community/{boy.pk}/into-care/").status_code == 404
    response = api(community.county_officer).post(f"/community/{boy.pk}/into-care", {
        "version": boy.version, "institution_id": community.users.institution_a.pk,
        "intake_on": "2026-01-25", "legal_basis": "mpl2020_93",
        "guardianship_situation": "mpl92_4"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_care"
