"""Services to children outside the institution (policy 二(七)): agreed by the child's side,
opened by the delivering institution, whose staff then read the child's summary and that
service's records only (logged); closed by either side, after which access ends (404)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.care.choices import CloseReason, OutsideState, PlanStatus
from cwis.care.services import outside as services
from cwis.care.services import pattern
from cwis.care.tests.factories import PlanFactory
from cwis.children.tests.factories import CommunityChildFactory
from cwis.conftest import PREFECTURE
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory, LicenceFactory
from cwis.protection.tests.factories import ensure_divisions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def provider(make_user):
    """The prefecture institution (with a medical practice licence) and its staff."""
    home = InstitutionFactory(name="南昌市儿童福利院", division_code=PREFECTURE,
                              level="prefecture")
    LicenceFactory(institution=home)
    return {
        "institution": home,
        "director": make_user(Role.DIRECTOR, institution=home, display_name="周院长"),
        "therapist": make_user(Role.THERAPIST, institution=home, display_name="孙康复师"),
        "doctor": make_user(Role.DOCTOR, institution=home, display_name="郑医生"),
    }


@pytest.fixture
def community_child():
    ensure_divisions()
    return CommunityChildFactory(name="李小康", birth_date=dt.date(2021, 4, 1),
                                 disability_type="intellectual", disability_grade=2,
                                 guardian_name="李奶奶", guardian_phone="13900000000")


def agree(care, child, provider, line="rehabilitation", **overrides):
    kwargs = {"actor": care.users.in_scope, "child_id": child.pk,
              "provider_id": provider["institution"].pk, "line": line,
              "purpose": "每周两次康复训练", "agreed_on": dt.date(2026, 1, 20)}
    kwargs.update(overrides)
    return services.outside_service_agree(**kwargs)


def test_a_community_child_is_served_while_the_service_is_open(care, provider, community_child,
                                                               api, web):
    therapist = api(provider["therapist"])
    # Before any agreement the institution does not see the child at all.
    assert therapist.get(f"/children/{community_child.pk}").status_code == 404
    service = agree(care, community_child, provider)
    assert (service.state, service.agreed_by) == (OutsideState.AGREED, care.users.in_scope)
    opened = services.outside_service_open(actor=provider["director"], service_id=service.pk,
                                           version=1)
    assert opened.state == OutsideState.OPEN
    # The summary and this service's records; never the file itself.
    page = web(provider["therapist"]).get(f"/care/outside/{service.pk}/").content.decode()
    assert "李奶奶" in page.split('id="child-summary"')[1]
    assert therapist.get(f"/children/{community_child.pk}").status_code == 404
    assert web(provider["therapist"]).get(
        f"/care/child/{community_child.pk}/rehabilitation/").status_code == 404
    assert AccessLog.objects.filter(user=provider["therapist"],
                                    object_type="care_outside_service").count() == 1
    plan = pattern.plan_create(actor=provider["therapist"], child_id=None,
                               line="rehabilitation", service_id=service.pk, data={
                                   "goals": "认知训练", "services": "个训", "frequency": "每周2次",
                                   "starts_on": dt.date(2026, 1, 25),
                                   "review_due_on": dt.date(2026, 4, 25)})
    with pytest.raises(NotFoundError):  # another institution's director sees nothing of it
        pattern.plan_approve(actor=care.director, plan_id=plan.pk, version=1)
    pattern.plan_approve(actor=provider["director"], plan_id=plan.pk, version=1)
    pattern.session_record(actor=provider["therapist"], plan_id=plan.pk, data={
        "held_on": dt.date(2026, 1, 28), "duration_minutes": 45, "activity": "认知训练"})
    assert therapist.get(f"/care/plans/{plan.pk}").status_code == 200
    # The child's own office sees the service on the file.
    tab = web(care.users.in_scope).get(f"/care/child/{community_child.pk}/rehabilitation/")
    assert provider["institution"].name in tab.content.decode().split(
        'id="outside-of-child"')[1]
    # The county closes it: the plan closes, and the institution's access ends.
    services.outside_service_close(actor=care.users.in_scope, service_id=service.pk,
                                   version=2, note="家长带回老家")
    plan.refresh_from_db()
    assert (plan.status, plan.close_reason) == (PlanStatus.CLOSED, CloseReason.SERVICE_CLOSED)
    assert therapist.get(f"/care/plans/{plan.pk}").status_code == 404
    assert web(provider["therapist"]).get(f"/care/outside/{service.pk}/").status_code == 404
    assert web(care.users.in_scope).get(f"/care/outside/{service.pk}/").status_code == 200


def test_a_child_of_another_institution_shows_only_the_service_records(care, provider, api):
    own = PlanFactory(child=care.child, goals="院内方案")
    service = agree(care, care.child, provider, line="medical", actor=care.director)
    services.outside_service_open(actor=provider["director"], service_id=service.pk, version=1)
    doctor = api(provider["doctor"])
    assert doctor.get(f"/care/plans/{own.pk}").status_code == 404
    response = doctor.post(f"/children/{care.child.pk}/care/medical/plans", {
        "goals": "g", "services": "s", "frequency": "f", "starts_on": "2026-02-01",
        "review_due_on": "2026-05-01"})
    assert response.status_code == 404  # the child is not theirs: only through the service
    plan = pattern.plan_create(actor=provider["doctor"], child_id=care.child.pk,
                               line="medical", service_id=service.pk, data={
                                   "goals": "哮喘随访", "services": "复诊", "frequency": "每月",
                                   "starts_on": dt.date(2026, 2, 1),
                                   "review_due_on": dt.date(2026, 8, 1)})
    assert doctor.get(f"/care/plans/{plan.pk}").status_code == 200
    with pytest.raises(PermissionDeniedError):  # approved by the delivering institution only
        pattern.plan_approve(actor=care.director, plan_id=plan.pk, version=1)
    # The child's own institution sees the service's plan on the file.
    tab = api(care.director).get(f"/children/{care.child.pk}/care/medical").json()
    assert plan.pk in [p["id"] for p in tab["plans"]]


def test_every_refusal_of_an_agreement(care, provider, community_child, make_user):
    unlicensed = InstitutionFactory(name="无执照福利院", division_code=PREFECTURE,
                                    level="prefecture")
    with pytest.raises(ValidationError) as exc:
        agree(care, community_child, {"institution": unlicensed}, line="medical")
    assert exc.value.message_dict["provider_id"] == [str(services.MSG_LICENCE)]
    with pytest.raises(ValidationError) as exc:
        agree(care, community_child, provider, line="social_work")
    assert exc.value.message_dict["line"] == [str(services.MSG_OUTSIDE_LINE)]
    with pytest.raises(ValidationError) as exc:
        agree(care, care.child, {"institution": care.users.institution_a}, line="education",
              actor=care.director)
    assert exc.value.message_dict["provider_id"] == [str(services.MSG_PROVIDER_OWN)]
    agree(care, community_child, provider)
    with pytest.raises(ValidationError) as exc:
        agree(care, community_child, provider)
    assert exc.value.message_dict["provider_id"] == [str(services.MSG_LIVE)]
    with pytest.raises(PermissionDeniedError):
        agree(care, care.child, provider, actor=care.therapist)
    with pytest.raises(NotFoundError):
        agree(care, community_child, provider, actor=care.users.out_of_scope)
    with pytest.raises(PermissionDeniedError):  # the province sees the child, may not agree
        agree(care, community_child, provider, actor=care.province, line="education")


def test_only_the_delivering_director_opens_and_only_once(care, provider, community_child):
    service = agree(care, community_child, provider)
    with pytest.raises(NotFoundError):
        services.outside_service_open(actor=care.director, service_id=service.pk, version=1)
    with pytest.raises(PermissionDeniedError):
        services.outside_service_open(actor=provider["therapist"], service_id=service.pk,
                                      version=1)
    services.outside_service_open(actor=provider["director"], service_id=service.pk, version=1)
    with pytest.raises(ValidationError) as exc:
        services.outside_service_open(actor=provider["director"], service_id=service.pk,
                                      version=2)
    assert exc.value.messages == [str(services.MSG_NOT_AGREED)]
    with pytest.raises(NotFoundError):  # not county A institution's to serve
        pattern.assessment_record(actor=care.therapist, child_id=None, line="rehabilitation",
                                  service_id=service.pk, data={})
    services.outside_service_close(actor=provider["director"], service_id=service.pk,
                                   version=2)
    with pytest.raises(NotFoundError):  # closed: the delivering institution no longer sees it
        pattern.assessment_record(actor=provider["therapist"], child_id=None,
                                  line="rehabilitation", service_id=service.pk, data={})


def test_a_declined_service_gives_no_access(care, provider, community_child, web):
    service = agree(care, community_child, provider)
    with pytest.raises(ValidationError) as exc:
        services.outside_service_decline(actor=provider["director"], service_id=service.pk,
                                         version=1, note="")
    assert exc.value.message_dict["note"]
    services.outside_service_decline(actor=provider["director"], service_id=service.pk,
                                     version=1, note="床位已满")
    assert web(provider["director"]).get(f"/care/outside/{service.pk}/").status_code == 404


def test_an_agreed_service_shows_no_summary_until_it_is_opened(care, provider, community_child,
                                                               web):
    service = agree(care, community_child, provider)
    director = web(provider["director"])
    page = director.get(f"/care/outside/{service.pk}/").content.decode()
    # Enough to decide: who the request is about, what to deliver and who agreed...
    assert "李小康" in page
    assert "每周两次康复训练" in page
    assert 'id="service-open"' in page
    # ...but not the child's summary: no guardian, telephone or disability before opening.
    assert 'id="child-summary"' not in page
    assert 'id="summary-waits"' in page
    assert "李奶奶" not in page
    assert "13900000000" not in page
    services.outside_service_open(actor=provider["director"], service_id=service.pk, version=1)
    page = director.get(f"/care/outside/{service.pk}/").content.decode()
    assert "李奶奶" in page.split('id="child-summary"')[1]
    assert 'id="summary-waits"' not in page


def test_the_services_records_are_seen_by_the_delivering_institution_only_while_open(
        care, provider, community_child, api):
    """The service's records follow its state: none while agreed (a plan put there by hand
    stays hidden), all while open, none once closed; the child's side sees them always."""
    service = agree(care, community_child, provider)
    plan = PlanFactory(child=community_child, outside_service=service)
    therapist, director = api(provider["therapist"]), api(provider["director"])
    assert therapist.get(f"/care/plans/{plan.pk}").status_code == 404
    assert director.get(f"/care/plans/{plan.pk}").status_code == 404
    services.outside_service_open(actor=provider["director"], service_id=service.pk, version=1)
    assert therapist.get(f"/care/plans/{plan.pk}").status_code == 200
    services.outside_service_close(actor=provider["director"], service_id=service.pk,
                                   version=2)
    assert therapist.get(f"/care/plans/{plan.pk}").status_code == 404
    assert director.get(f"/care/plans/{plan.pk}").status_code == 404


def test_opening_or_declining_shows_the_childs_name_only_and_is_logged(
        care, provider, community_child, web):
    service = agree(care, community_child, provider)
    director = web(provider["director"])
    for action in ("open", "decline"):
        page = director.get(f"/care/outside/{service.pk}/{action}/").content.decode()
        child_line = page.split('id="action-child"')[1].split("</p>")[0]
        assert "李小康" in child_line
        assert f"/children/{community_child.pk}/" not in child_line  # a file it cannot open
        assert str(community_child.get_status_display()) not in child_line
        assert "李奶奶" not in page
        assert "13900000000" not in page
    assert AccessLog.objects.filter(user=provider["director"], object_id=service.pk,
                                    object_type="care_outside_service").count() == 2
    # The child's own office sees the file's state and its link on the same page.
    own = web(care.users.in_scope).get(f"/care/outside/{service.pk}/close/").content.decode()
    assert f"/children/{community_child.pk}/" in own.split('id="action-child"')[1]


def test_an_agreed_then_closed_service_is_404_to_the_delivering_institution(
        care, provider, community_child, web):
    service = agree(care, community_child, provider)
    assert web(provider["therapist"]).get(f"/care/outside/{service.pk}/").status_code == 200
    services.outside_service_close(actor=care.users.in_scope, service_id=service.pk,
                                   version=1, note="家长已另行安排")
    for user in (provider["director"], provider["therapist"]):
        assert web(user).get(f"/care/outside/{service.pk}/").status_code == 404
        assert web(user).get(f"/care/outside/{service.pk}/open/").status_code == 404
