"""Risk flags on community children, with the time frozen (conftest: 2026-02-01): each rule
flags, explains itself, leads to its next step and clears once its cause is resolved."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from cwis.children.tests.factories import CommunityChildFactory
from cwis.core.permissions import PERMISSIONS
from cwis.protection import flags, services
from cwis.protection.selectors import community_list
from cwis.protection.selectors.registry import flag_counts
from cwis.protection.tests.factories import SHANGHAI, VILLAGE, left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def codes(child, actor, today=dt.date(2026, 2, 1)) -> list[str]:
    child.refresh_from_db()
    perms = PERMISSIONS[actor.role]
    return [f.rule.code for f in flags.flags_of(child, today=today, perms=perms)]


def register(actor, **overrides):
    return services.community_register(actor=actor, data=left_behind_boy(**overrides))


def test_every_rule_is_registered_with_a_label_and_a_next_step():
    assert list(flags.RULES) == ["visit_overdue", "out_of_school", "guardian_changed",
                                 "turning_16", "no_id_number", "disability_no_rehab"]
    assert all(rule.label and rule.steps for rule in flags.RULES.values())


def test_a_visit_overdue_is_flagged_and_clears_with_the_visit(community):
    boy = register(community.village_director, registered_on=dt.date(2025, 10, 1))
    assert codes(boy, community.village_director) == ["visit_overdue"]
    flag = flags.flags_of(boy, today=dt.date(2026, 2, 1),
                          perms=PERMISSIONS[community.village_director.role])[0]
    assert "2025-12-30" in flag.why
    assert [url for _label, url in flag.steps] == [f"/community/{boy.pk}/visit/"]
    services.community_visit_record(actor=community.village_director, child_id=boy.pk, data={
        "visited_on": dt.date(2026, 1, 31), "method": "home", "situation": "在家"})
    assert codes(boy, community.village_director) == []


def test_out_of_school_is_flagged_until_the_school_status_is_updated(community):
    boy = register(community.village_director, education_status="not_attending")
    assert codes(boy, community.supervisor) == ["out_of_school"]
    services.community_update(actor=community.supervisor, child_id=boy.pk,
                              version=boy.version, data={"education_status": "primary"})
    assert codes(boy, community.supervisor) == []


def test_a_change_of_guardian_is_flagged_until_the_next_visit(community):
    boy = register(community.village_director)
    services.community_update(actor=community.village_director, child_id=boy.pk,
                              version=boy.version, data={"guardian_relation": "relative",
                                                         "guardian_name": "李叔叔"})
    assert codes(boy, community.village_director) == ["guardian_changed"]
    assert "2026-02-01" in flags.RULES["guardian_changed"].explain(boy, dt.date(2026, 2, 1))
    services.community_visit_record(actor=community.village_director, child_id=boy.pk, data={
        "visited_on": dt.date(2026, 2, 1), "method": "home", "situation": "叔叔照顾"})
    assert codes(boy, community.village_director) == []


def test_nobody_looking_after_the_child_is_flagged_and_leads_to_a_case(case_users):
    boy = register(case_users.village_director, guardian_relation="none", guardian_name="")
    found = flags.flags_of(boy, today=dt.date(2026, 2, 1),
                           perms=PERMISSIONS[case_users.worker.role])
    assert [f.rule.code for f in found] == ["guardian_changed"]
    assert f"/protection/cases/open/{boy.pk}/" in [url for _label, url in found[0].steps]
    # The village director may not open a case: the step is not offered to them.
    director = flags.flags_of(boy, today=dt.date(2026, 2, 1),
                              perms=PERMISSIONS[case_users.village_director.role])
    assert all("cases/open" not in url for _label, url in director[0].steps)


def test_turning_16_is_flagged_a_month_before_and_clears_when_the_category_closes(community):
    girl = register(community.village_director, name="李大妹", sex="female",
                    birth_date=dt.date(2010, 2, 20), citizen_id="", is_in_difficulty=True,
                    difficulty_kind="poverty")
    assert "turning_16" in codes(girl, community.supervisor)
    assert "turning_16" not in codes(girl, community.supervisor, today=dt.date(2026, 1, 15))
    from cwis.protection.services.registry import community_category_close

    community_category_close(actor=community.supervisor, child_id=girl.pk,
                             version=girl.version, category="left_behind",
                             on=dt.date(2026, 2, 1), reason="age")
    assert "turning_16" not in codes(girl, community.supervisor)


@override_settings(CWIS_COMMUNITY_ID_NUMBER_DAYS=20)
def test_no_id_number_after_the_set_days_is_flagged_until_one_is_entered(community):
    boy = register(community.village_director, citizen_id="")
    assert codes(boy, community.supervisor) == ["no_id_number"]  # 22 days after 2026-01-10
    with override_settings(CWIS_COMMUNITY_ID_NUMBER_DAYS=60):
        assert codes(boy, community.supervisor) == []
    from cwis.protection.tests.factories import BOY_ID

    services.community_update(actor=community.supervisor, child_id=boy.pk,
                              version=boy.version, data={"citizen_id": BOY_ID})
    assert codes(boy, community.supervisor) == []


def test_a_disability_without_rehabilitation_is_flagged_until_assistance_is_applied(
        community):
    from cwis.care.models import RehabAssistance

    boy = register(community.village_director, disability_type="intellectual",
                   disability_grade=2)
    assert codes(boy, community.supervisor) == ["disability_no_rehab"]
    RehabAssistance.objects.create(child=boy, applied_on=dt.date(2026, 1, 20),
                                   federation="南昌县残联", created_by=community.county_officer,
                                   updated_by=community.county_officer)
    assert codes(boy, community.supervisor) == []


def test_the_area_counts_and_list_by_flag_are_scoped(community):
    CommunityChildFactory(division_code=VILLAGE, education_status="not_attending")
    CommunityChildFactory(division_code="360124100201", education_status="not_attending")
    today = dt.date(2026, 2, 1)
    assert flag_counts(actor=community.county_officer, today=today)["out_of_school"] == 1
    assert flag_counts(actor=community.overseer, today=today)["out_of_school"] == 2
    assert flag_counts(actor=community.out_of_scope, today=today)["out_of_school"] == 1
    listed = community_list(actor=community.village_director,
                            filters={"flag": "out_of_school"}, today=today)
    assert listed.count() == 1


def test_flags_move_with_time_not_with_the_clock_of_the_test_run(community):
    boy = register(community.village_director)
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=SHANGHAI), tick=False):
        assert codes(boy, community.supervisor, today=dt.date(2026, 4, 20)) == [
            "visit_overdue"]
    assert codes(boy, community.supervisor) == []
