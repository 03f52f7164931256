"""Social organisations and volunteers (policy 三(三)): registration with a checked USCC, the
four forms of engagement with their term and amount, volunteers and their hours, scope (404),
the read-only overseer (403), the figures per area; and a care session naming its provider
from the registry (the free-text name stays for old sessions)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cwis.care.services import pattern as care_services
from cwis.care.services import rules as care_rules
from cwis.care.tests.factories import PlanFactory
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.permissions import Role
from cwis.core.validators import MSG_USCC_INVALID
from cwis.safety.models import SocialOrganisation
from cwis.safety.selectors import organisations as selectors
from cwis.safety.services import organisations as services
from cwis.safety.services import rules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def valid_uscc() -> str:
    from stdnum.cn import uscc
    base = "52360121MJB12345"[:17].ljust(17, "0")
    return base + uscc.calc_check_digit(base)


def organisation(**changes) -> dict:
    return {"name": "南昌县阳光社会工作服务中心", "uscc": valid_uscc(),
            "kind": "social_work_agency", "services": "个案辅导、家庭教育指导",
            "contact_person": "黄主任", "phone": "0791-85700000", **changes}


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def test_the_county_registers_an_organisation_and_an_entrusted_service(safety):
    org = services.organisation_register(actor=safety.officer, data=organisation())
    assert (org.county_code, org.institution) == ("360121", None)
    engagement = services.engagement_record(actor=safety.officer, organisation_id=org.pk, data={
        "form": "entrusted", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31),
        "amount": Decimal("120000.00"), "services": "困境儿童个案服务"})
    assert engagement.amount == Decimal("120000.00")
    figures = selectors.organisation_figures(actor=safety.province, prefix="36", width=4,
                                             year=2026)
    assert figures == {"3601": {"organisations": 1, "amount": Decimal("120000.00"),
                                "hours": 0}}


def test_every_refusal_of_an_organisation_and_an_engagement(safety):
    errors = refusal(lambda: services.organisation_register(actor=safety.officer, data=(
        organisation(name="", uscc="123", kind="club", services=""))))
    assert errors["name"] == errors["services"] == [str(rules.MSG_REQUIRED)]
    assert errors["uscc"] == [str(MSG_USCC_INVALID)]
    assert errors["kind"] == [str(rules.MSG_CHOOSE)]
    org = services.organisation_register(actor=safety.officer, data=organisation())
    errors = refusal(lambda: services.engagement_record(
        actor=safety.officer, organisation_id=org.pk,
        data={"form": "project", "starts_on": dt.date(2026, 1, 1), "services": ""}))
    assert errors["ends_on"] == [str(services.MSG_TERM)]
    assert errors["amount"] == [str(services.MSG_AMOUNT_REQUIRED)]
    assert errors["services"] == [str(rules.MSG_REQUIRED)]
    recommended = services.engagement_record(
        actor=safety.officer, organisation_id=org.pk,
        data={"form": "recommended", "starts_on": dt.date(2026, 1, 1), "services": "推介"})
    assert recommended.amount is None


def test_scope_and_the_read_only_overseer(safety):
    org = services.organisation_register(actor=safety.director, data=organisation())
    assert org.institution == safety.institution
    assert selectors.organisation_get(actor=safety.officer, organisation_id=org.pk) == org
    with pytest.raises(NotFoundError):
        selectors.organisation_get(actor=safety.other_director, organisation_id=org.pk)
    with pytest.raises(PermissionDeniedError):
        services.organisation_register(actor=safety.province, data=organisation())
    with pytest.raises(PermissionDeniedError):
        services.engagement_record(actor=safety.caregiver, organisation_id=org.pk, data={})


def test_volunteers_and_their_hours(safety):
    group = services.organisation_register(actor=safety.officer, data=organisation(
        name="南昌县青年志愿者协会", kind="volunteer_group"))
    volunteer = services.volunteer_register(actor=safety.officer, organisation_id=group.pk,
                                            data={"name": "赵志愿", "training": "儿童保护基础"})
    services.volunteer_service_record(actor=safety.officer, volunteer_id=volunteer.pk,
                                      served_on=dt.date(2026, 1, 20), hours=Decimal("3.5"),
                                      activity="陪伴阅读")
    volunteer.refresh_from_db()
    assert volunteer.hours == Decimal("3.5")
    errors = refusal(lambda: services.volunteer_service_record(
        actor=safety.officer, volunteer_id=volunteer.pk, served_on=None, hours=Decimal(30),
        activity=""))
    assert errors["hours"] == [str(services.MSG_HOURS)]
    assert errors["served_on"] == [str(rules.MSG_DATE_REQUIRED)]
    figures = selectors.organisation_figures(actor=safety.officer, prefix="360121", width=6,
                                             year=2026)
    assert figures["360121"]["hours"] == Decimal("3.5")


def test_a_care_session_names_its_provider_from_the_registry(safety, make_user):
    therapist = make_user(Role.THERAPIST, institution=safety.institution)
    org = services.organisation_register(actor=safety.director, data=organisation())
    other = services.organisation_register(actor=safety.other_director, data=organisation(
        name="别县机构"))
    child = ChildFactory(current_institution=safety.institution)
    plan = PlanFactory(child=child, starts_on=dt.date(2026, 1, 12))
    session = care_services.session_record(actor=therapist, plan_id=plan.pk, data={
        "held_on": dt.date(2026, 1, 20), "duration_minutes": 40, "activity": "社工小组活动",
        "provider_organisation_id": org.pk})
    assert (session.provider_organisation, session.provider_name, session.provider_kind,
            session.staff) == (org, org.name, "organisation", None)
    with pytest.raises(ValidationError) as info:
        care_services.session_record(actor=therapist, plan_id=plan.pk, data={
            "held_on": dt.date(2026, 1, 21), "duration_minutes": 40, "activity": "x",
            "provider_organisation_id": other.pk})
    assert info.value.message_dict["provider_organisation_id"] == [
        str(care_rules.MSG_PROVIDER_ORGANISATION)]
    old = care_services.session_record(actor=therapist, plan_id=plan.pk, data={
        "held_on": dt.date(2026, 1, 22), "duration_minutes": 40, "activity": "义诊",
        "provider_kind": "hospital", "provider_name": "县人民医院"})
    assert (old.provider_organisation, old.provider_name) == (None, "县人民医院")
    assert SocialOrganisation.objects.count() == 2


def test_the_pages_and_api(safety, web, api):
    client = web(safety.officer)
    response = client.post("/safety/organisations/new/", organisation())
    org = SocialOrganisation.objects.get()
    assert response.url == f"/safety/organisations/{org.pk}/"
    assert client.post("/safety/organisations/new/", organisation(uscc="1")).status_code == 422
    assert client.post(f"/safety/organisations/{org.pk}/engagements/new/", {
        "form": "incubation", "starts_on": "2026-01-01", "services": "孵化"}).status_code == 302
    for url in ("/safety/organisations/", "/safety/volunteers/", "/safety/organisations/figures/"):
        assert client.get(url).status_code == 200
    assert web(safety.other_director).get(f"/safety/organisations/{org.pk}/").status_code == 404
    assert web(safety.province).get("/safety/organisations/new/").status_code == 403
    officer = api(safety.officer)
    response = officer.post("/safety/volunteers", {"name": "钱志愿"})
    assert response.status_code == 201
    assert officer.post(f"/safety/volunteers/{response.json()['id']}/services", {
        "served_on": "2026-01-30", "hours": "2", "activity": "陪伴"}).status_code == 201
    rows = api(safety.province).get("/safety/organisations/figures", year=2026).json()
    assert [(r["area"], r["organisations"], Decimal(r["amount"]), Decimal(r["hours"]))
            for r in rows] == [("3601", 1, 0, 2)]
    assert api(safety.caregiver).post("/safety/organisations", organisation()).status_code == 403
