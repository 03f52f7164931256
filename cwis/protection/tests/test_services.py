"""The community registry's services: register, update, visit, remove, and their refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children import services as child_services
from cwis.children.choices import ChildStatus, DeadlineKind, DeadlineOutcome
from cwis.children.models import Child, ChildDeadline, DuplicateDismissal
from cwis.children.selectors import child_actions
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.todo import todo_for
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.protection import selectors, services
from cwis.protection.models import CommunityVisit
from cwis.protection.tests.factories import (
    BOY_BIRTH,
    OTHER_TOWNSHIP,
    OTHER_VILLAGE,
    TOWNSHIP,
    VILLAGE,
    left_behind_boy,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def register(actor, **overrides) -> Child:
    return services.community_register(actor=actor, data=left_behind_boy(**overrides))


@pytest.fixture
def boy(community) -> Child:
    return register(community.village_director)


def visit(actor, child, on=dt.date(2026, 1, 20), **overrides):
    data = {"visited_on": on, "method": "home", "situation": "与奶奶同住，按时上学",
            "needs": "冬衣", "follow_up_needed": True, **overrides}
    return services.community_visit_record(actor=actor, child_id=child.pk, data=data)


# ---------------------------------------------------------------------------- register


def test_a_village_director_registers_a_left_behind_child(community, boy):
    boy.refresh_from_db()
    assert boy.status == ChildStatus.IN_COMMUNITY
    assert boy.current_institution is None
    assert boy.division_code == VILLAGE
    assert boy.guardian_kind == "other"
    assert boy.guardianship_since == BOY_BIRTH
    assert (boy.name_pinyin, boy.name_initials) == ("liliuliu", "lll")
    deadline = boy.deadlines.get()
    assert deadline.kind == DeadlineKind.COMMUNITY_VISIT
    assert (deadline.started_on, deadline.due_on) == (dt.date(2026, 1, 10), dt.date(2026, 4, 10))
    assert boy.history.first().history_user == community.village_director


def test_the_visit_interval_is_a_setting(community, settings):
    settings.CWIS_COMMUNITY_VISIT_DAYS = 30
    child = register(community.supervisor)
    assert child.deadlines.get().due_on == dt.date(2026, 2, 9)


def test_a_supervisor_registers_in_any_village_of_the_township(community):
    child = register(community.supervisor, division=OTHER_VILLAGE)
    assert child.division_code == OTHER_VILLAGE
    child = register(community.county_officer, division=TOWNSHIP, name="王散居", citizen_id="",
                     is_left_behind=False, is_orphan=True, guardian_relation="relative")
    assert child.division_code == TOWNSHIP
    assert child.left_behind_situation == ""


def test_a_file_needs_a_category(community):
    errors = refusal(lambda: register(community.village_director, is_left_behind=False))
    assert errors["categories"] == [str(services.MSG_NO_CATEGORY)]
    assert Child.objects.count() == 0


def test_a_left_behind_child_is_under_16(community):
    errors = refusal(lambda: register(community.village_director, citizen_id="",
                                      birth_date=dt.date(2010, 1, 10)))
    assert errors["is_left_behind"] == [str(services.MSG_LEFT_BEHIND_AGE)]
    # The day before the 16th birthday the child still counts.
    child = register(community.village_director, citizen_id="",
                     birth_date=dt.date(2010, 1, 11))
    assert child.is_left_behind


def test_a_left_behind_child_needs_the_situation(community):
    errors = refusal(lambda: register(community.village_director, left_behind_situation=""))
    assert errors["left_behind_situation"] == [str(services.MSG_LEFT_BEHIND_SITUATION)]


def test_a_child_in_difficulty_needs_the_kind(community):
    errors = refusal(lambda: register(community.village_director, is_left_behind=False,
                                      is_in_difficulty=True, difficulty_kind=""))
    assert errors["difficulty_kind"] == [str(services.MSG_DIFFICULTY_KIND)]


def test_registration_dates_are_checked(community):
    errors = refusal(lambda: register(community.village_director,
                                      registered_on=dt.date(2026, 2, 2)))
    assert errors["registered_on"] == [str(MSG_DATE_FUTURE)]
    errors = refusal(lambda: register(community.village_director,
                                      registered_on=dt.date(2018, 5, 9)))
    assert errors["registered_on"] == [str(services.MSG_BEFORE_BIRTH)]
    errors = refusal(lambda: register(community.village_director, registered_on=None))
    assert errors["registered_on"] == [str(services.MSG_REGISTERED_ON_REQUIRED)]


def test_the_division_must_be_a_township_or_village_in_scope(community):
    errors = refusal(lambda: register(community.county_officer, division=OTHER_TOWNSHIP))
    assert errors["division"] == [str(services.MSG_DIVISION_OUTSIDE)]
    errors = refusal(lambda: register(community.village_director, division=OTHER_VILLAGE))
    assert errors["division"] == [str(services.MSG_DIVISION_OUTSIDE)]
    errors = refusal(lambda: register(community.county_officer, division="360121"))
    assert errors["division"] == [str(services.MSG_DIVISION_LEVEL)]
    errors = refusal(lambda: register(community.county_officer, division="360121999"))
    assert errors["division"] == [str(services.MSG_DIVISION_LEVEL)]


def test_all_the_errors_come_together(community):
    errors = refusal(lambda: register(community.village_director, division="360121",
                                      sex="female", guardian_relation=""))
    assert set(errors) == {"division", "sex", "guardian_relation"}
    assert errors["sex"] == [str(child_services.MSG_ID_SEX_MISMATCH)]


def test_an_id_number_has_one_live_file_in_care_or_in_the_community(community, boy):
    errors = refusal(lambda: register(community.supervisor, name="李另外"))
    assert errors["citizen_id"] == [str(child_services.MSG_ID_EXISTS)]
    assert Child.objects.count() == 1


def test_a_possible_duplicate_in_an_institution_is_refused_until_dismissed(community):
    ChildFactory(name="李留留", sex="male", birth_date=BOY_BIRTH,
                 current_institution=community.users.institution_b)
    near = ChildFactory(name="李留留", sex="male", birth_date=BOY_BIRTH,
                        current_institution=community.users.institution_a)
    with pytest.raises(child_services.PossibleDuplicateError) as info:
        register(community.county_officer, citizen_id="")
    # County B's institution is outside county A: nothing is told about its file.
    assert info.value.candidates == [near]
    assert info.value.message_dict == {
        "duplicates": [str(child_services.MSG_POSSIBLE_DUPLICATE)]}
    child = services.community_register(actor=community.county_officer,
                                        data=left_behind_boy(citizen_id=""),
                                        dismissed_duplicates=[near.pk])
    assert DuplicateDismissal.objects.filter(child=child, other=near).exists()


def test_only_community_workers_register(community):
    with pytest.raises(PermissionDeniedError):
        register(community.overseer)
    assert Child.objects.count() == 0


# ------------------------------------------------------------------------------ update


def test_the_file_is_updated_and_moved_to_another_village(community, boy):
    child = services.community_update(
        actor=community.supervisor, child_id=boy.pk, version=boy.version,
        data={"division": OTHER_VILLAGE, "home_address": "东村一组", "is_in_difficulty": True,
              "difficulty_kind": "poverty"})
    assert (child.division_code, child.home_address, child.version) == (OTHER_VILLAGE,
                                                                        "东村一组", 2)
    assert child.history.first().history_user == community.supervisor
    # The first village's director no longer sees the file.
    with pytest.raises(NotFoundError):
        selectors.community_get(actor=community.village_director, child_id=boy.pk)


def test_a_corrected_registration_date_moves_the_first_visit(community, boy):
    services.community_update(actor=community.village_director, child_id=boy.pk, version=1,
                              data={"registered_on": dt.date(2026, 1, 2)})
    deadline = boy.deadlines.get()
    assert (deadline.started_on, deadline.due_on) == (dt.date(2026, 1, 2), dt.date(2026, 4, 2))


def test_a_stale_version_is_refused(community, boy):
    services.community_update(actor=community.village_director, child_id=boy.pk, version=1,
                              data={"guardian_phone": "13900000000"})
    with pytest.raises(StaleVersionError):
        services.community_update(actor=community.supervisor, child_id=boy.pk, version=1,
                                  data={"guardian_phone": "13700000000"})
    assert Child.objects.get(pk=boy.pk).guardian_phone == "13900000000"


def test_an_update_is_validated_and_half_nothing_is_written(community, boy):
    errors = refusal(lambda: services.community_update(
        actor=community.village_director, child_id=boy.pk, version=1,
        data={"home_address": "新地址", "division": OTHER_TOWNSHIP}))
    assert errors["division"] == [str(services.MSG_DIVISION_OUTSIDE)]
    boy.refresh_from_db()
    assert (boy.home_address, boy.division_code, boy.version) == ("莲塘村三组12号", VILLAGE, 1)


def test_out_of_scope_and_read_only_users_cannot_update(community, boy):
    with pytest.raises(NotFoundError):
        services.community_update(actor=community.out_of_scope, child_id=boy.pk, version=1,
                                  data={"home_address": "x"})
    with pytest.raises(PermissionDeniedError):
        services.community_update(actor=community.overseer, child_id=boy.pk, version=1,
                                  data={"home_address": "x"})


# ------------------------------------------------------------------------------ visits


def test_a_visit_closes_the_deadline_and_opens_the_next(community, boy):
    recorded = visit(community.village_director, boy)
    assert recorded.visited_by == community.village_director
    visits = ChildDeadline.objects.filter(child=boy, kind=DeadlineKind.COMMUNITY_VISIT)
    done = visits.get(closed_on__isnull=False)
    assert (done.outcome, done.closed_on) == (DeadlineOutcome.DONE, dt.date(2026, 1, 20))
    current = visits.get(closed_on__isnull=True)
    assert (current.started_on, current.due_on) == (dt.date(2026, 1, 20), dt.date(2026, 4, 20))
    # An older visit recorded late does not pull the next one earlier.
    visit(community.supervisor, boy, on=dt.date(2026, 1, 15), method="telephone")
    current = visits.get(closed_on__isnull=True)
    assert current.due_on == dt.date(2026, 4, 20)
    assert [v.visited_on for v in selectors.community_visits(child=boy)] == [
        dt.date(2026, 1, 20), dt.date(2026, 1, 15)]


def test_a_visit_is_not_before_registration_nor_in_the_future(community, boy):
    errors = refusal(lambda: visit(community.village_director, boy, on=dt.date(2026, 1, 9)))
    assert errors["visited_on"] == [str(services.MSG_VISIT_BEFORE_REGISTRATION)]
    errors = refusal(lambda: visit(community.village_director, boy, on=dt.date(2026, 2, 2),
                                   situation="", method="fax"))
    assert errors == {"visited_on": [str(MSG_DATE_FUTURE)],
                      "situation": [str(services.MSG_SITUATION_REQUIRED)],
                      "method": [str(services.MSG_CHOOSE)]}
    assert CommunityVisit.objects.count() == 0


def test_the_overseer_cannot_record_a_visit(community, boy):
    with pytest.raises(PermissionDeniedError):
        visit(community.overseer, boy)
    with pytest.raises(NotFoundError):
        visit(community.out_of_scope, boy)


# ----------------------------------------------------------------------------- removal


def test_a_child_is_removed_from_the_registry_and_the_file_kept(community, boy):
    child = services.community_remove(actor=community.village_director, child_id=boy.pk,
                                      version=1, reason="moved_away", on=dt.date(2026, 1, 30),
                                      note="随父母去广东")
    assert (child.status, child.registry_closed_on, child.registry_exit_reason) == (
        ChildStatus.OFF_REGISTER, dt.date(2026, 1, 30), "moved_away")
    assert child.deadlines.get().outcome == DeadlineOutcome.CANCELLED
    assert selectors.community_get(actor=community.village_director, child_id=boy.pk) == child
    # Removed: no more visits or edits.
    with pytest.raises(ValidationError) as info:
        visit(community.village_director, child)
    assert info.value.messages == [str(services.MSG_NOT_IN_REGISTRY)]


def test_removal_needs_a_reason_and_a_sensible_date(community, boy):
    errors = refusal(lambda: services.community_remove(
        actor=community.village_director, child_id=boy.pk, version=1, reason="",
        on=dt.date(2026, 1, 5), note=""))
    assert errors == {"reason": [str(services.MSG_REASON_REQUIRED)],
                      "on": [str(services.MSG_REMOVAL_BEFORE_REGISTRATION)]}
    errors = refusal(lambda: services.community_remove(
        actor=community.village_director, child_id=boy.pk, version=1, reason="other",
        on=dt.date(2026, 1, 30), note=" "))
    assert errors == {"note": [str(services.MSG_NOTE_REQUIRED)]}
    with pytest.raises(StaleVersionError):
        services.community_remove(actor=community.village_director, child_id=boy.pk,
                                  version=0, reason="death", on=dt.date(2026, 1, 30))
    assert Child.objects.get(pk=boy.pk).status == ChildStatus.IN_COMMUNITY


# -------------------------------------------------- institution actions on a community file


def test_institution_actions_are_refused_for_a_community_file(community, boy):
    officer = community.county_officer
    actions = child_actions(actor=officer, child=boy)
    assert not (actions.edit)
    assert not (actions.correct)
    assert not (actions.leave)
    assert not (actions.move)
    assert not (actions.add_document)
    with pytest.raises(ValidationError):
        child_services.child_update(actor=community.village_director, child_id=boy.pk,
                                    version=1, changes={"school_name": "x"})
    with pytest.raises((ValidationError, PermissionDeniedError)):
        child_services.child_leave_care(actor=community.village_director, child_id=boy.pk,
                                        version=1, on=dt.date(2026, 1, 30), reason="family",
                                        destination="家")
    from cwis.transfers import services as transfer_services

    with pytest.raises(ValidationError) as info:
        transfer_services.transfer_draft(
            actor=officer, child_id=boy.pk, to_institution_id=community.users.institution_a.pk,
            reason="x", planned_on=dt.date(2026, 2, 10))
    assert "child" in info.value.message_dict


def test_institution_staff_do_not_see_community_files(community, boy, make_user):
    from cwis.core.permissions import Role

    director = make_user(Role.DIRECTOR, institution=community.users.institution_a)
    with pytest.raises(NotFoundError):
        selectors.community_get(actor=director, child_id=boy.pk)
    assert not selectors.community_list(actor=director).exists()


# ------------------------------------------------------------------------------- to-do


def test_visits_are_on_the_to_do_list_of_who_acts_and_overdue_of_the_county(community, boy,
                                                                              frozen_today):
    def items(user, today=frozen_today):
        return [i for i in todo_for(user, today=today) if i.kind == "child.community_visit"]

    (item,) = items(community.village_director)
    assert item.due == dt.date(2026, 4, 10)
    assert item.url == f"/community/{boy.pk}/"
    assert "李留留" in item.title
    assert str(DeadlineKind.COMMUNITY_VISIT.label) in item.title
    assert len(items(community.supervisor)) == 1
    assert items(community.county_officer) == []  # not overdue yet: the village acts
    later = dt.date(2026, 4, 11)
    assert len(items(community.county_officer, later)) == 1
    # The province follows the registry through its figures, not each home visit.
    assert items(community.overseer, later) == []
    assert items(community.out_of_scope, later) == []


# ------------------------------------------------------------------------------ list


def test_the_list_filters(community, boy, frozen_today):
    orphan = register(community.supervisor, division=OTHER_VILLAGE, name="王散居", citizen_id="",
                      is_left_behind=False, is_orphan=True, guardian_relation="relative",
                      registered_on=dt.date(2025, 9, 1))

    def names(actor=community.supervisor, **filters):
        return [c.name for c in selectors.community_list(actor=actor, filters=filters,
                                                         today=frozen_today)]

    assert names() == ["李留留", "王散居"]
    assert names(community.village_director) == ["李留留"]
    assert names(category="orphan") == ["王散居"]
    assert names(division=OTHER_VILLAGE) == ["王散居"]
    assert names(overdue=True) == ["王散居"]
    assert names(q="wsj") == ["王散居"]
    assert names(community.out_of_scope) == []
    assert names(community.overseer) == ["李留留", "王散居"]
    row = selectors.community_list(actor=community.supervisor, filters={"q": "wsj"}).get()
    assert row.visit_due == dt.date(2025, 11, 30)
    assert row.last_visit_on is None
    services.community_remove(actor=community.supervisor, child_id=orphan.pk, version=1,
                              reason="age", on=frozen_today)
    assert names() == ["李留留"]
    assert names(status="off_register") == ["王散居"]
