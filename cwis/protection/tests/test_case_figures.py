"""Figures of the protection casework: the dashboard panel and its table per area (today,
in the reader's scope, counts only) and the yearly report's section (31 December)."""

import datetime as dt
import re

import pytest

from cwis.children.tests.factories import CommunityChildFactory
from cwis.conftest import COUNTY_A, COUNTY_B, PREFECTURE
from cwis.oversight import figures as report_figures
from cwis.protection.models import (
    CaseConference,
    ConferenceDecision,
    GuardianshipAssessment,
    ProtectionCase,
)
from cwis.protection.selectors import cases as case_selectors
from cwis.protection.selectors import figures
from cwis.protection.tests.factories import OTHER_TOWNSHIP, SHANGHAI, VILLAGE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

FIGURE = re.compile(r'<a href="([^"]+)" class="figure-link" data-value="(\d+)"')


def _case(officer, county: str, situation: str, opened_on: dt.date,
          closed_on: dt.date | None = None) -> ProtectionCase:
    village = VILLAGE if county == COUNTY_A else OTHER_TOWNSHIP + "201"
    at = dt.datetime.combine(opened_on, dt.time(9), tzinfo=SHANGHAI)
    return ProtectionCase.objects.create(
        child=CommunityChildFactory(division_code=village), county_code=county,
        state="closed" if closed_on else "open", opened_on=opened_on, closed_on=closed_on,
        opened_by=officer, situation=situation, reported_by="village_committee",
        reported_at=at, circumstances="（情况）", safety_check="（检查）",
        placement="institution", placed_at=at,
        first_assessment_due=opened_on + dt.timedelta(days=30))


def _assess(case, on: dt.date) -> None:
    GuardianshipAssessment.objects.create(
        case=case, assessed_on=on, assessed_by=case.opened_by, guardian_situation="-",
        guardian_capacity="-", risks="-", child_views="-", recommendation="other",
        reassess_on=on + dt.timedelta(days=90))


def _conference(case, held_on: dt.date, *decisions: tuple[dt.date, dt.date | None]) -> None:
    conference = CaseConference.objects.create(case=case, held_on=held_on, situation="-")
    for due_on, done_on in decisions:
        ConferenceDecision.objects.create(conference=conference, action="（决定）",
                                          department="school", responsible="李老师",
                                          due_on=due_on, done_on=done_on)


@pytest.fixture
def cases(case_users):
    """Today is 2026-02-01. County A: two neglect cases opened in January 2026 (one first
    assessment overdue), a case of an unidentified child from November 2025 (assessed, a
    conference with a decision overdue, one done late, one not yet due), a crime case
    opened and closed in 2025, a guardian-missing case from 25 November 2025 assessed late
    on 10 January. County B: a serious-harm case of January 2026 with a conference."""
    worker = case_users.worker
    _case(worker, COUNTY_A, "neglect", dt.date(2026, 1, 1))  # due 1-31: overdue
    _case(worker, COUNTY_A, "neglect", dt.date(2026, 1, 25))
    unidentified = _case(worker, COUNTY_A, "unidentified", dt.date(2025, 11, 1))
    _assess(unidentified, dt.date(2025, 11, 20))
    _conference(unidentified, dt.date(2025, 11, 15),
                (dt.date(2025, 12, 20), dt.date(2026, 1, 5)),  # overdue at the year's end
                (dt.date(2026, 1, 10), None),  # overdue today
                (dt.date(2026, 3, 1), None))
    crime = _case(worker, COUNTY_A, "crime", dt.date(2025, 3, 1), closed_on=dt.date(2025, 8, 1))
    _assess(crime, dt.date(2025, 3, 20))
    _conference(crime, dt.date(2025, 4, 1), (dt.date(2025, 5, 1), None))  # the case closed
    missing = _case(worker, COUNTY_A, "guardian_missing", dt.date(2025, 11, 25))
    _assess(missing, dt.date(2026, 1, 10))  # due 12-25: overdue on 31 December
    harm = _case(case_users.out_of_scope, COUNTY_B, "serious_harm", dt.date(2026, 1, 10))
    _conference(harm, dt.date(2026, 1, 15))


def _today(actor, prefix: str) -> dict[str, int]:
    return figures.case_figures(actor=actor, prefix=prefix, day=dt.date(2026, 2, 1))


def test_the_county_counts_its_cases_by_situation_and_what_is_overdue(case_users, cases):
    counts = _today(case_users.worker, COUNTY_A)
    assert counts["cases_open"] == 4
    assert counts["cases_opened"] == 2
    assert counts["cases_opened_neglect"] == 2
    assert counts["cases_opened_serious_harm"] == 0  # county B's
    assert counts["first_assessments_overdue"] == 1
    assert counts["assessments_done"] == 1
    assert counts["conferences_held"] == 0
    assert counts["decisions_overdue"] == 1


def test_each_linked_figure_equals_the_county_case_list(case_users, cases):
    worker = case_users.worker
    counts = _today(worker, COUNTY_A)
    for key, figure in figures.FIGURES.items():
        if figure.list_filters is None:
            continue
        listed = case_selectors.case_list(actor=worker, filters=dict(figure.list_filters),
                                          today=dt.date(2026, 2, 1))
        assert listed.count() == counts[key], key


def test_another_county_sees_only_its_own_cases(case_users, cases):
    counts = _today(case_users.out_of_scope, "")
    assert counts["cases_open"] == 1
    assert counts["cases_opened_serious_harm"] == 1
    assert counts["conferences_held"] == 1
    assert counts["cases_opened_neglect"] == 0
    by_area = figures.case_figures_by_area(actor=case_users.out_of_scope, prefix="36",
                                           width=6, day=dt.date(2026, 2, 1))
    assert list(by_area) == [COUNTY_B]


def test_the_prefecture_counts_per_county(case_users, cases):
    counts = _today(case_users.prefecture, PREFECTURE[:4])
    assert (counts["cases_open"], counts["cases_opened"], counts["conferences_held"]) == (5, 3, 1)
    by_area = figures.case_figures_by_area(actor=case_users.prefecture, prefix="3601",
                                           width=6, day=dt.date(2026, 2, 1))
    assert by_area[COUNTY_A]["cases_open"] == 4
    assert by_area[COUNTY_B]["cases_open"] == 1
    assert by_area[COUNTY_B]["decisions_overdue"] == 0
    assert by_area[COUNTY_A]["first_assessments_overdue"] == 1


def test_a_village_director_counts_nothing(case_users, cases):
    assert set(_today(case_users.village_director, "").values()) == {0}
    assert figures.case_figures_by_area(actor=case_users.village_director, prefix="",
                                        width=2, day=dt.date(2026, 2, 1)) == {}


def test_the_yearly_report_reads_the_state_on_31_december(cases):
    found = report_figures.compute_all(prefix="36", moment=report_figures.year_end(2025))
    assert found["cases_open"] == 2  # the crime case closed in August
    assert found["cases_opened"] == 3
    assert found["cases_opened_unidentified"] == 1
    assert found["cases_opened_crime"] == 1
    assert found["cases_opened_guardian_missing"] == 1
    assert found["cases_opened_neglect"] == 0  # opened in 2026
    assert found["first_assessments_overdue"] == 1  # assessed on 10 January only
    assert found["assessments_done"] == 2
    assert found["conferences_held"] == 2
    assert found["decisions_overdue"] == 1  # done on 5 January; the closed case's not
    assert report_figures.SECTIONS["protection_cases"]


def test_the_yearly_report_of_another_province_counts_none(cases):
    found = report_figures.compute_all(prefix="43", moment=report_figures.year_end(2025))
    assert found["cases_opened"] == 0


def _figures(page: str) -> list[tuple[str, int]]:
    return [(url.replace("&amp;", "&"), int(value)) for url, value in FIGURE.findall(page)]


def _panel(page: str) -> str:
    start = page.index('id="panel-protection_cases"')
    return page[start:page.index("</table>", start)]


def test_the_county_panel_links_to_the_case_list(case_users, cases, web):
    page = web(case_users.worker).get("/oversight/dashboard/").content.decode()
    found = _figures(_panel(page))
    assert found[0] == ("/protection/cases/", 4)  # the open cases
    assert ("/protection/cases/?overdue=1", 1) in found
    assert "protection_cases-areas" not in page  # nothing below a county to group


def test_the_province_sees_counts_per_area_and_no_case(case_users, cases, web):
    client = web(case_users.province)
    page = client.get("/oversight/dashboard/", {"division": PREFECTURE}).content.decode()
    panel = _figures(_panel(page))
    # the counts per county, and the county work's own figures page
    assert {url for url, _value in panel} == {"/protection/cases/", "/protection/figures/"}
    assert sum(value for _url, value in panel) > 0
    assert 'id="protection_cases-areas"' in page
    table = page[page.index('id="protection_cases-areas"'):]
    assert "南昌县" in table
    assert "进贤县" in table
    assert not re.search(r"/protection/cases/\d+/", page)
    assert case_users.child.name not in page
    names = [c.child.name for c in ProtectionCase.objects.select_related("child")]
    assert not any(name in page for name in names)


def test_the_api_gives_the_case_figures_per_area(case_users, cases, api):
    data = api(case_users.prefecture).get("/dashboard").json()
    table = next(t for t in data["area_tables"] if t["key"] == "protection_cases")
    open_column = table["columns"].index(str(figures.FIGURES["cases_open"].label))
    values = {area["code"]: area["values"][open_column] for area in table["areas"]}
    assert values == {COUNTY_A: 4, COUNTY_B: 1}
    panel = next(p for p in data["panels"] if p["key"] == "protection_cases")
    assert panel["cells"][0]["value"] == 5


def test_the_out_of_scope_county_cannot_open_the_other_dashboard(case_users, cases, web):
    response = web(case_users.out_of_scope).get("/oversight/dashboard/",
                                                {"division": COUNTY_A})
    assert response.status_code == 404


@pytest.fixture
def work_around_cases(case_users, cases):
    """County A, besides its cases: two referrals of the unidentified child's case (one
    delivered in January, one unanswered since 10 January, due the 20th), the crime case's
    referral of 2025; the guardian-missing case returned home on 20 January; a policy talk
    on 15 January; 莲塘镇's workstation guided twice in January (one workstation)."""
    from cwis.protection.models import Referral
    from cwis.protection.services import county_work as work_services
    from cwis.protection.tests.factories import guidance, talk, workstation

    worker = case_users.worker
    unidentified = ProtectionCase.objects.get(situation="unidentified")

    def refer(case, sent_on, **steps):
        return Referral.objects.create(
            case=case, recipient_kind="organisation", department="social_organisation",
            recipient_name="阳光社工站", service="psychological", request="（请求）",
            sent_on=sent_on, sent_by=worker, answer_due=sent_on + dt.timedelta(days=10),
            **steps)

    refer(unidentified, dt.date(2026, 1, 2), state="delivered",
          answered_on=dt.date(2026, 1, 5), answered_by=worker,
          delivered_on=dt.date(2026, 1, 25), delivered_by=worker, outcome="（结果）")
    refer(unidentified, dt.date(2026, 1, 10))  # due the 20th: overdue today
    refer(ProtectionCase.objects.get(situation="crime"), dt.date(2025, 3, 5))  # closed case
    ProtectionCase.objects.filter(situation="guardian_missing").update(
        outcome="returned", exit_on=dt.date(2026, 1, 20), exit_by=worker)
    work_services.talk_record(actor=worker, data=talk())
    station = work_services.workstation_register(actor=worker, data=workstation())
    for on in (dt.date(2026, 1, 10), dt.date(2026, 1, 20)):
        work_services.guidance_visit_record(actor=worker, workstation_id=station.pk,
                                            data=guidance(visited_on=on))


def test_referrals_exits_talks_and_guided_workstations_are_counted(case_users,
                                                                   work_around_cases):
    counts = _today(case_users.worker, COUNTY_A)
    assert counts["referrals_sent"] == 2  # this year's
    assert counts["referrals_delivered"] == 1
    assert counts["referral_answers_overdue"] == 1  # not the closed case's
    assert counts["exits"] == 1
    assert counts["exits_returned"] == 1
    assert counts["exits_long_term"] == 0
    assert counts["talks_held"] == 1
    assert counts["workstations_guided"] == 1  # two visits, one workstation
    assert set(_today(case_users.out_of_scope, "").values()) - {0} == {1}  # county B: its own
    assert _today(case_users.out_of_scope, "")["talks_held"] == 0
    by_area = figures.case_figures_by_area(actor=case_users.prefecture, prefix="3601",
                                           width=6, day=dt.date(2026, 2, 1))
    assert by_area[COUNTY_A]["talks_held"] == 1
    assert by_area[COUNTY_A]["referral_answers_overdue"] == 1
    assert by_area[COUNTY_B]["workstations_guided"] == 0


def test_the_talk_and_workstation_figures_link_to_the_county_work_figures(
        case_users, work_around_cases, web):
    for user in (case_users.worker, case_users.province):
        page = web(user).get("/oversight/dashboard/").content.decode()
        found = dict(_figures(_panel(page)))
        assert found["/protection/figures/"] == 1  # talks, then workstations guided: both 1
        assert web(user).get("/protection/figures/").status_code == 200
