"""Dated categories (CategoryPeriod): kept by the registry's services, closed by a change of
situation with a date and reason, counted by the yearly report as they stood on 31
December; and a child who left care going back to the registry on the same file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.children.choices import ChildStatus, DeadlineKind
from cwis.children.tests.factories import ChildFactory, CommunityChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.validators import MSG_DATE_FUTURE
from cwis.oversight.figures import compute_all, year_end
from cwis.protection import services
from cwis.protection.models import CategoryEndReason, CategoryPeriod
from cwis.protection.services import registry
from cwis.protection.tests.factories import VILLAGE, left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def periods(child) -> list[tuple]:
    return list(CategoryPeriod.objects.filter(child=child).order_by("category", "started_on")
                .values_list("category", "started_on", "ended_on", "end_reason"))


@pytest.fixture
def boy(community):
    """Left behind and in difficulty (poverty), registered 2026-01-10."""
    return services.community_register(actor=community.village_director, data=left_behind_boy(
        is_in_difficulty=True, difficulty_kind="poverty"))


def close(actor, child, **overrides):
    kwargs = {"category": "left_behind", "on": dt.date(2026, 1, 25),
              "reason": "parent_returned", "note": "", "version": child.version, **overrides}
    return registry.community_category_close(actor=actor, child_id=child.pk, **kwargs)


def test_registration_opens_a_period_per_category(boy):
    assert periods(boy) == [("in_difficulty", dt.date(2026, 1, 10), None, ""),
                            ("left_behind", dt.date(2026, 1, 10), None, "")]
    assert CategoryPeriod.objects.get(child=boy, category="in_difficulty").detail == "poverty"


def test_a_parent_coming_home_closes_the_left_behind_category_with_date_and_reason(
        community, boy):
    child = close(community.supervisor, boy)
    assert not child.is_left_behind
    assert child.left_behind_situation == ""
    assert child.is_in_difficulty
    assert child.status == ChildStatus.IN_COMMUNITY
    assert periods(boy)[1] == ("left_behind", dt.date(2026, 1, 10), dt.date(2026, 1, 25),
                               "parent_returned")
    reason = child.history.first().history_change_reason
    assert str(CategoryEndReason.PARENT_RETURNED.label) in reason


def test_closing_a_category_refuses_every_bad_input_at_once(community, boy):
    errors = refusal(lambda: close(community.supervisor, boy, category="orphan",
                                   reason="left_registry", on=dt.date(2026, 3, 1)))
    assert errors == {"category": [registry.MSG_CATEGORY_NOT_HELD],
                      "reason": [str(registry.rules.MSG_REASON_REQUIRED)],
                      "on": [str(MSG_DATE_FUTURE)]}
    errors = refusal(lambda: close(community.supervisor, boy, on=dt.date(2026, 1, 5),
                                   reason="other"))
    assert set(errors) == {"on", "note"}
    assert len(periods(boy)) == 2
    assert all(p[2] is None for p in periods(boy))


def test_the_only_category_cannot_be_closed_the_child_is_removed_instead(community):
    child = services.community_register(actor=community.village_director,
                                        data=left_behind_boy())
    errors = refusal(lambda: close(community.village_director, child))
    assert errors == {"category": [str(registry.MSG_CATEGORY_LAST)]}


def test_closing_a_category_checks_role_scope_and_version(community, boy):
    with pytest.raises(NotFoundError):
        close(community.out_of_scope, boy)
    with pytest.raises(PermissionDeniedError):
        close(community.overseer, boy)
    with pytest.raises(StaleVersionError):
        close(community.supervisor, boy, version=boy.version - 1)


def test_an_update_unticking_a_category_ends_its_period_and_removal_ends_all(community, boy):
    services.community_update(actor=community.supervisor, child_id=boy.pk,
                              version=boy.version, data={"is_in_difficulty": False})
    assert periods(boy)[0][2:] == (dt.date(2026, 2, 1), "corrected")
    boy.refresh_from_db()
    services.community_remove(actor=community.supervisor, child_id=boy.pk,
                              version=boy.version, reason="moved_away",
                              on=dt.date(2026, 1, 30))
    assert periods(boy)[1][2:] == (dt.date(2026, 1, 30), "left_registry")


def test_the_yearly_figures_count_categories_as_they_stood_on_31_december(community):
    child = CommunityChildFactory(division_code=VILLAGE, registered_on=dt.date(2024, 3, 1),
                                  is_in_difficulty=True, difficulty_kind="poverty")
    # The parent came home in 2025: 2024's report still counts the child left behind.
    CategoryPeriod.objects.filter(child=child, category="left_behind").update(
        ended_on=dt.date(2025, 4, 1), end_reason="parent_returned")
    type(child).objects.filter(pk=child.pk).update(is_left_behind=False)
    CommunityChildFactory(division_code=VILLAGE, registered_on=dt.date(2024, 3, 1),
                          registry_closed_on=dt.date(2024, 6, 1), status="off_register",
                          registry_exit_reason="moved_away")
    figures_2024 = compute_all(prefix="36", moment=year_end(2024))
    figures_2025 = compute_all(prefix="36", moment=year_end(2025))
    assert figures_2024["community_left_behind"] == 1
    assert figures_2025["community_left_behind"] == 0
    assert figures_2024["community_in_difficulty_poverty"] == 1
    assert figures_2025["community_in_difficulty"] == 1


# ------------------------------------------------------------------- back from care


@pytest.fixture
def went_home(community):
    """A child of county A's institution who left care to the family on 2026-01-15."""
    child = ChildFactory(current_institution=community.users.institution_a,
                         birth_date=dt.date(2016, 4, 1))
    type(child).objects.filter(pk=child.pk).update(
        status=ChildStatus.LEFT_CARE, left_care_on=dt.date(2026, 1, 15), leave_reason="family")
    child.refresh_from_db()
    return child


def back(actor, child, **overrides):
    data = {"registered_on": dt.date(2026, 1, 20), "guardian_relation": "grandparent",
            "guardian_name": "张奶奶", "home_address": "莲塘村五组", "is_in_difficulty": True,
            "difficulty_kind": "poverty", **overrides.pop("data", {})}
    kwargs = {"version": child.version, "division": VILLAGE, "data": data, **overrides}
    return registry.community_return(actor=actor, child_id=child.pk, **kwargs)


def test_a_child_who_went_home_goes_back_to_the_registry_on_the_same_file(community,
                                                                          went_home):
    child = back(community.county_officer, went_home)
    assert child.pk == went_home.pk
    assert (child.status, child.division_code, child.current_institution) == (
        ChildStatus.IN_COMMUNITY, VILLAGE, None)
    assert child.intakes.exists()  # the care history stays on the file
    assert child.deadlines.get(kind=DeadlineKind.COMMUNITY_VISIT,
                               closed_on__isnull=True).due_on == dt.date(2026, 4, 20)
    assert periods(child) == [("in_difficulty", dt.date(2026, 1, 20), None, "")]


def test_going_back_refuses_a_date_before_leaving_and_a_file_not_left_to_the_family(
        community, went_home):
    errors = refusal(lambda: back(community.county_officer, went_home,
                                  data={"registered_on": dt.date(2026, 1, 10)}))
    assert errors["registered_on"] == [str(registry.MSG_RETURN_BEFORE_LEAVING)]
    type(went_home).objects.filter(pk=went_home.pk).update(leave_reason="adoption")
    errors = refusal(lambda: back(community.county_officer, went_home))
    assert errors == {"__all__": [str(registry.MSG_RETURN_NOT_LEFT_CARE)]}
    went_home.refresh_from_db()
    assert went_home.status == ChildStatus.LEFT_CARE


def test_going_back_refuses_the_out_of_scope_and_read_only_users(community, went_home):
    with pytest.raises(NotFoundError):
        back(community.out_of_scope, went_home)
    with pytest.raises(PermissionDeniedError):
        back(community.overseer, went_home)
