"""The protection case pages: open, detail (access log), correct, assess, confirm, the list
and counts, the reasoned opening by the prefecture, the village worker's badge."""

import datetime as dt

import pytest

from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog
from cwis.protection.models import (
    CaseAccessReason,
    ConferenceDecision,
    GuardianshipAssessment,
    ProtectionCase,
)
from cwis.protection.services import cases as services
from cwis.protection.services import conferences as conference_services
from cwis.protection.tests.factories import found_alone, guardian_able

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def form(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, dt.datetime):
            out[key] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        elif value is not None:
            out[key] = str(value)
    return out


@pytest.fixture
def case(case_users) -> ProtectionCase:
    return services.case_open(actor=case_users.worker, child_id=case_users.child.pk,
                              data=found_alone())


def case_reads(user) -> int:
    return AccessLog.objects.filter(object_type="protection_case", user=user).count()


def test_a_worker_opens_a_case_from_the_community_file(case_users, web):
    client = web(case_users.worker)
    page = client.get(f"/community/{case_users.child.pk}/").content.decode()
    assert 'id="open-case-link"' in page
    assert 'id="open-case-badge"' not in page

    response = client.post(f"/protection/cases/open/{case_users.child.pk}/",
                           form(found_alone()))
    case = ProtectionCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/protection/cases/{case.pk}/"
    page = client.get(f"/community/{case_users.child.pk}/").content.decode()
    assert 'id="open-case-badge"' in page
    assert 'id="open-case-link"' not in page


def test_the_intake_form_shows_every_refusal_beside_its_field(case_users, web):
    response = web(case_users.worker).post(
        f"/protection/cases/open/{case_users.child.pk}/",
        form(found_alone(situation="", circumstances="", police_reference="")))
    assert response.status_code == 422
    html = response.content.decode()
    for message in (services.MSG_TEXT_REQUIRED, services.MSG_POLICE_REFERENCE):
        assert str(message) in html
    assert html.count("is-invalid") >= 3
    assert not ProtectionCase.objects.exists()


def test_every_read_of_a_case_is_in_the_access_log(case_users, web, case):
    response = web(case_users.officer).get(f"/protection/cases/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "儿童独自在家三天" in html
    assert 'id="history"' in html
    assert case_reads(case_users.officer) == 1


def test_another_county_and_the_village_get_not_found(case_users, web, case):
    for user in (case_users.out_of_scope, case_users.village_director, case_users.ministry):
        client = web(user)
        assert client.get(f"/protection/cases/{case.pk}/").status_code == 404
        assert client.post(f"/protection/cases/{case.pk}/", {"reason": "x"}).status_code == 404
    assert web(case_users.out_of_scope).get(
        f"/protection/cases/open/{case_users.child.pk}/").status_code == 404
    assert not AccessLog.objects.filter(object_type="protection_case").exists()


def test_the_village_director_sees_the_badge_but_not_the_case(case_users, web, case):
    page = web(case_users.village_director).get(f"/community/{case_users.child.pk}/")
    html = page.content.decode()
    assert 'id="open-case-badge"' in html
    assert f"/protection/cases/{case.pk}/" not in html
    assert "儿童独自在家三天" not in html
    assert 'id="open-case-link"' not in html
    assert web(case_users.village_director).get(
        f"/protection/cases/open/{case_users.child.pk}/").status_code == 403


def test_the_prefecture_opens_a_case_only_with_a_reason(case_users, web, case):
    client = web(case_users.prefecture)
    response = client.get(f"/protection/cases/{case.pk}/")
    assert response.status_code == 200
    assert "儿童独自在家三天" not in response.content.decode()
    assert 'id="reason-form"' in response.content.decode()

    refused = client.post(f"/protection/cases/{case.pk}/", {"reason": " "})
    assert refused.status_code == 422
    assert str(services.MSG_REASON_REQUIRED) in refused.content.decode()
    assert case_reads(case_users.prefecture) == 0

    opened = client.post(f"/protection/cases/{case.pk}/", {"reason": "督办信访件"})
    assert opened.status_code == 200
    html = opened.content.decode()
    assert "儿童独自在家三天" in html
    assert 'id="reasoned"' in html
    assert 'id="assess-link"' not in html
    assert CaseAccessReason.objects.get().reason == "督办信访件"
    assert case_reads(case_users.prefecture) == 1


def test_the_list_for_the_county_and_the_counts_for_the_offices_above(case_users, web, case):
    html = web(case_users.worker).get("/protection/cases/?sort=opened").content.decode()
    assert "王小安" in html
    assert 'id="case-table"' in html
    assert "王小安" not in web(case_users.worker).get(
        "/protection/cases/?state=closed").content.decode()
    assert 'id="nav-cases"' in html
    for user in (case_users.prefecture, case_users.province, case_users.ministry):
        html = web(user).get("/protection/cases/").content.decode()
        assert 'id="nav-cases"' in html
        assert 'id="case-counts"' in html
        assert "王小安" not in html
    assert web(case_users.village_director).get("/protection/cases/").status_code == 403
    assert 'id="nav-cases"' not in web(case_users.village_director).get(
        "/community/").content.decode()
    assert "王小安" not in web(case_users.out_of_scope).get(
        "/protection/cases/").content.decode()


def test_the_intake_is_corrected_and_a_stale_form_is_refused(case_users, web, case):
    client = web(case_users.officer)
    assert client.get(f"/protection/cases/{case.pk}/edit/").status_code == 200
    data = form({**found_alone(placement="relatives"), "version": 1})
    assert client.post(f"/protection/cases/{case.pk}/edit/", data).status_code == 302
    stale = web(case_users.worker).post(f"/protection/cases/{case.pk}/edit/",
                                        form({**found_alone(), "version": 1}))
    assert stale.status_code == 422
    assert str(MSG_STALE_VERSION) in stale.content.decode()
    assert ProtectionCase.objects.get().placement == "relatives"


def test_read_only_offices_cannot_write(case_users, web, case):
    for user in (case_users.prefecture, case_users.province):
        client = web(user)
        assert client.post(f"/protection/cases/{case.pk}/assess/",
                           form(guardian_able())).status_code == 403
        assert client.get(f"/protection/cases/{case.pk}/edit/").status_code == 403
    assert not GuardianshipAssessment.objects.exists()


def test_an_assessment_is_recorded_and_confirmed(case_users, web, case):
    response = web(case_users.worker).post(f"/protection/cases/{case.pk}/assess/",
                                           form(guardian_able(risks="")))
    assert response.status_code == 422
    assert str(services.MSG_TEXT_REQUIRED) in response.content.decode()
    response = web(case_users.worker).post(f"/protection/cases/{case.pk}/assess/",
                                           form(guardian_able()))
    assert response.status_code == 302
    assessment = GuardianshipAssessment.objects.get()
    page = web(case_users.officer).get(f"/protection/cases/{case.pk}/").content.decode()
    assert "confirm-assessment" in page
    assert web(case_users.worker).post(
        f"/protection/cases/assessments/{assessment.pk}/confirm/",
        {"version": 1}).status_code == 403
    confirmed = web(case_users.officer).post(
        f"/protection/cases/assessments/{assessment.pk}/confirm/", {"version": 1})
    assert confirmed.status_code == 302
    assessment.refresh_from_db()
    assert assessment.confirmed_by == case_users.officer


def test_the_protection_case_tab_is_on_the_file_for_the_county_only(case_users, web, case):
    tab = f"/protection/cases/child/{case_users.child.pk}/"
    file_page = web(case_users.worker).get(f"/children/{case_users.child.pk}/")
    assert 'id="tab-protection_case"' in file_page.content.decode()
    response = web(case_users.worker).get(tab)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="case-timeline"' in html
    assert "儿童独自在家三天" in html
    assert case_reads(case_users.worker) == 1
    for user in (case_users.village_director, case_users.prefecture):
        page = web(user).get(f"/children/{case_users.child.pk}/").content.decode()
        assert 'id="tab-protection_case"' not in page
        assert web(user).get(tab).status_code == 403
    assert web(case_users.out_of_scope).get(tab).status_code == 404


def test_a_conference_is_recorded_and_a_decision_marked_done(case_users, web, case):
    client = web(case_users.worker)
    assert client.get(f"/protection/cases/{case.pk}/conference/").status_code == 200
    refused = client.post(f"/protection/cases/{case.pk}/conference/", {
        "held_on": "2026-01-31", "situation": "父亲失联",
        "participant_0_department": "school", "participant_0_name": "李老师",
        "decision_2_action": "安排心理辅导", "decision_2_department": "social_organisation",
        "decision_2_responsible": "", "decision_2_due_on": "2026-02-10"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="error-decision_2_responsible"' in html
    assert str(conference_services.MSG_WHO_REQUIRED) in html
    saved = client.post(f"/protection/cases/{case.pk}/conference/", {
        "held_on": "2026-01-31", "situation": "父亲失联",
        "participant_0_department": "school", "participant_0_name": "李老师",
        "participant_3_department": "police", "participant_3_name": "张警官",
        "decision_0_action": "安排心理辅导", "decision_0_department": "social_organisation",
        "decision_0_responsible": "阳光社工站", "decision_0_due_on": "2026-02-10",
        "decision_1_action": "联系父亲返乡", "decision_1_department": "village_committee",
        "decision_1_responsible": "王主任", "decision_1_due_on": "2026-02-20"})
    assert saved.status_code == 302
    decision = ConferenceDecision.objects.order_by("due_on").first()
    page = client.get(f"/protection/cases/{case.pk}/").content.decode()
    assert page.count('class="decision"') == 2
    assert page.index("timeline-opened") < page.index(f'id="conference-{decision.conference_id}"')
    assert client.post(f"/protection/cases/decisions/{decision.pk}/done/", {
        "version": 1, "done_on": "2026-02-01", "note": "每周一次"}).status_code == 302
    stale = client.post(f"/protection/cases/decisions/{decision.pk}/done/", {
        "version": 1, "done_on": "2026-02-01", "note": "再次"})
    assert stale.status_code == 422
    decision.refresh_from_db()
    assert decision.done_note == "每周一次"
    assert web(case_users.province).post(f"/protection/cases/{case.pk}/conference/",
                                         {}).status_code == 403
    assert web(case_users.out_of_scope).get(
        f"/protection/cases/decisions/{decision.pk}/done/").status_code == 404


def test_an_unconfirmed_assessment_is_corrected_with_the_version_read(case_users, web, case):
    assessment = services.assessment_record(actor=case_users.worker, case_id=case.pk,
                                            data=guardian_able())
    client = web(case_users.worker)
    url = f"/protection/cases/assessments/{assessment.pk}/edit/"
    assert 'class="small assessment-edit-link"' in client.get(
        f"/protection/cases/{case.pk}/").content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {**form(guardian_able(risks="住房简陋")), "version": 1}
                       ).status_code == 302
    stale = web(case_users.officer).post(url, {**form(guardian_able()), "version": 1})
    assert stale.status_code == 422
    assert str(MSG_STALE_VERSION) in stale.content.decode()
    assessment.refresh_from_db()
    assert assessment.risks == "住房简陋"
    assert web(case_users.out_of_scope).get(url).status_code == 404
    assert web(case_users.province).get(url).status_code == 403


def test_the_prefecture_opens_a_case_by_its_number_with_a_reason(case_users, web, case):
    client = web(case_users.prefecture)
    assert 'id="open-case-form"' in client.get("/protection/cases/").content.decode()
    response = client.get(f"/protection/cases/?case={case.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/protection/cases/{case.pk}/"
    assert 'id="open-case-form"' not in web(case_users.ministry).get(
        "/protection/cases/").content.decode()
