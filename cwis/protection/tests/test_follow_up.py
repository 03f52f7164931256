"""A visit that finds the child needs follow-up puts the next step on the to-do list
(issue 13, point 12)."""

import datetime as dt

import pytest

from cwis.children.choices import DeadlineKind, DeadlineOutcome
from cwis.core.todo import todo_for
from cwis.protection import services
from cwis.protection.tests.factories import left_behind_boy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def boy(community):
    return services.community_register(actor=community.village_director, data=left_behind_boy())


def visit(actor, child, on, follow_up):
    return services.community_visit_record(actor=actor, child_id=child.pk, data={
        "visited_on": on, "method": "home", "situation": "与奶奶同住", "needs": "冬衣",
        "follow_up_needed": follow_up})


def follow_ups(user, today):
    return [i for i in todo_for(user, today=today) if i.kind == "child.community_follow_up"]


def test_ticking_follow_up_puts_the_next_step_on_the_to_do_list(community, boy, settings):
    settings.CWIS_COMMUNITY_FOLLOW_UP_DAYS = 14
    visit(community.village_director, boy, dt.date(2026, 1, 20), follow_up=True)
    (item,) = follow_ups(community.village_director, dt.date(2026, 2, 1))
    assert item.due == dt.date(2026, 2, 3)
    assert item.url == f"/community/{boy.pk}/"
    assert str(DeadlineKind.COMMUNITY_FOLLOW_UP.label) in item.title
    assert len(follow_ups(community.supervisor, dt.date(2026, 2, 1))) == 1
    # the county sees it once overdue; the province and another county never
    assert follow_ups(community.county_officer, dt.date(2026, 2, 1)) == []
    assert len(follow_ups(community.county_officer, dt.date(2026, 2, 4))) == 1
    assert follow_ups(community.overseer, dt.date(2026, 2, 4)) == []
    assert follow_ups(community.out_of_scope, dt.date(2026, 2, 4)) == []


def test_the_next_visit_does_the_follow_up_and_may_ask_for_another(community, boy):
    visit(community.village_director, boy, dt.date(2026, 1, 20), follow_up=True)
    visit(community.village_director, boy, dt.date(2026, 1, 25), follow_up=False)
    done = boy.deadlines.get(kind=DeadlineKind.COMMUNITY_FOLLOW_UP)
    assert (done.closed_on, done.outcome) == (dt.date(2026, 1, 25), DeadlineOutcome.DONE)
    assert follow_ups(community.village_director, dt.date(2026, 2, 1)) == []
    visit(community.village_director, boy, dt.date(2026, 1, 30), follow_up=True)
    assert len(follow_ups(community.village_director, dt.date(2026, 2, 1))) == 1


def test_a_visit_without_follow_up_puts_nothing_on_the_list(community, boy):
    visit(community.village_director, boy, dt.date(2026, 1, 20), follow_up=False)
    assert not boy.deadlines.filter(kind=DeadlineKind.COMMUNITY_FOLLOW_UP).exists()


def test_the_file_shows_the_follow_up_due_and_removal_cancels_it(community, boy, web):
    visit(community.village_director, boy, dt.date(2026, 1, 20), follow_up=True)
    page = web(community.village_director).get(f"/community/{boy.pk}/").content.decode()
    assert 'id="follow-up-due"' in page
    boy.refresh_from_db()
    services.community_remove(actor=community.village_director, child_id=boy.pk,
                              version=boy.version, reason="moved_away",
                              on=dt.date(2026, 1, 31))
    assert not boy.deadlines.filter(kind=DeadlineKind.COMMUNITY_FOLLOW_UP,
                                    closed_on__isnull=True).exists()
