"""Adoption through its services: listing, the application and its adopter assessment, the
match, the registration closing the child's care with the reason "adopted" (consistent
with the yearly report), the visits after it; every refusal, roles and the narrow scope of
adopters' data."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.care import selectors
from cwis.care.choices_adoption import (
    AdoptionKind,
    AdoptionState,
    ApplicationState,
    MatchState,
    UpbringingStatus,
)
from cwis.care.models import AdopterApplication, AdoptionCase, AdoptionFollowUp, AdoptionMatch
from cwis.care.services import adoption as services
from cwis.care.services import upbringing
from cwis.care.services.adoption import MSG_COUNTRY, MSG_NOT_LISTED, MSG_NOT_SUITABLE
from cwis.care.tests.permanency import application_data, assessment_data
from cwis.children.choices import ChildStatus, LeaveReason
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.scoping import scope, scope_for_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def errors(exc: pytest.ExceptionInfo) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


def recommended(perm) -> AdoptionCase:
    assessment = upbringing.upbringing_record(actor=perm.social_worker, child_id=perm.child.pk,
                                              data=assessment_data())
    upbringing.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                  version=assessment.version)
    return AdoptionCase.objects.get(child=perm.child)


def listed(perm) -> AdoptionCase:
    case = recommended(perm)
    return services.adoption_list(actor=perm.social_worker, case_id=case.pk,
                                  version=case.version, listed_on=dt.date(2026, 2, 1))


def suitable(perm, **overrides) -> AdopterApplication:
    application = services.application_record(actor=perm.social_worker,
                                               data=application_data(**overrides))
    return services.application_assess(
        actor=perm.social_worker, application_id=application.pk, version=application.version,
        data={"assessed_by": "entrusted", "assessor_name": "南昌市社会工作服务中心",
              "assessed_on": dt.date(2026, 1, 25), "outcome": "suitable",
              "assessment_summary": "家庭和睦，经济稳定，适合收养"})


def matched(perm) -> AdoptionMatch:
    case, application = listed(perm), suitable(perm)
    return services.match_make(actor=perm.social_worker, case_id=case.pk,
                               application_id=application.pk,
                               data={"matched_on": dt.date(2026, 2, 1),
                                     "reasons": "申请人希望收养6岁以下女孩，儿童适应良好"})


def test_from_listing_to_registration_and_the_visits(perm):
    match = matched(perm)
    case = match.case
    assert (case.state, case.progress_due_on) == (AdoptionState.MATCHED, dt.date(2026, 8, 1))
    assert match.application.state == ApplicationState.MATCHED
    match = services.adoption_register(actor=perm.director, match_id=match.pk,
                                       version=match.version, data={
                                           "registration_office": "南昌市民政局",
                                           "certificate_number": "赣收字2026-001",
                                           "registered_on": dt.date(2026, 2, 1)})
    assert match.state == MatchState.REGISTERED
    child = perm.child
    child.refresh_from_db()
    # The child's care closes through the children app's leaving: the reason the yearly
    # report counts adoptions by.
    assert (child.status, child.leave_reason, child.left_care_on,
            child.leave_document_number) == (ChildStatus.LEFT_CARE, LeaveReason.ADOPTION,
                                             dt.date(2026, 2, 1), "赣收字2026-001")
    case.refresh_from_db()
    assert (case.state, case.progress_due_on) == (AdoptionState.REGISTERED, None)
    assert AdopterApplication.objects.get().state == ApplicationState.ADOPTED
    assert child.upbringing_assessments.get().status == UpbringingStatus.CLOSED
    assert [f.due_on for f in AdoptionFollowUp.objects.order_by("due_on")] == [
        dt.date(2026, 3, 1), dt.date(2026, 8, 1), dt.date(2027, 2, 1)]
    visit = AdoptionFollowUp.objects.order_by("due_on").first()
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(actor=perm.social_worker, follow_up_id=visit.pk,
                                  version=visit.version, data={"visited_on": None,
                                                               "findings": ""})
    assert set(errors(exc)) == {"visited_on", "findings"}
    visit = services.follow_up_record(actor=perm.social_worker, follow_up_id=visit.pk,
                                      version=visit.version, data={
                                          "visited_on": dt.date(2026, 2, 1),
                                          "findings": "孩子适应良好"})
    assert visit.visitor == perm.social_worker


def test_refusals(perm):
    case = recommended(perm)
    application = suitable(perm)
    with pytest.raises(ValidationError) as exc:  # not listed yet
        services.match_make(actor=perm.social_worker, case_id=case.pk,
                            application_id=application.pk,
                            data={"matched_on": dt.date(2026, 2, 1), "reasons": "x"})
    assert exc.value.messages == [str(MSG_NOT_LISTED)]
    with pytest.raises(ValidationError) as exc:
        services.application_record(actor=perm.social_worker, data=application_data(
            kind=AdoptionKind.INTERCOUNTRY, applicants="", received_on=dt.date(2026, 3, 1)))
    assert errors(exc)["country"] == [str(MSG_COUNTRY)]
    assert set(errors(exc)) == {"country", "applicants", "received_on"}
    unsuitable = services.application_record(actor=perm.social_worker,
                                             data=application_data())
    case = services.adoption_list(actor=perm.social_worker, case_id=case.pk,
                                  version=case.version, listed_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:  # not assessed
        services.match_make(actor=perm.social_worker, case_id=case.pk,
                            application_id=unsuitable.pk,
                            data={"matched_on": dt.date(2026, 2, 1), "reasons": "x"})
    assert errors(exc) == {"application_id": [str(MSG_NOT_SUITABLE)]}
    with pytest.raises(ValidationError) as exc:  # the assessment: everything at once
        services.application_assess(actor=perm.social_worker, application_id=unsuitable.pk,
                                    version=unsuitable.version,
                                    data={"assessed_by": "entrusted",
                                          "assessed_on": dt.date(2026, 1, 1)})
    assert set(errors(exc)) == {"assessor_name", "outcome", "assessment_summary",
                                "assessed_on"}
    with pytest.raises(StaleVersionError):
        services.adoption_list(actor=perm.social_worker, case_id=case.pk, version=1,
                               listed_on=dt.date(2026, 2, 1))
    assert AdoptionMatch.objects.count() == 0


def test_a_match_that_ends_lists_the_child_again(perm):
    match = matched(perm)
    with pytest.raises(ValidationError):
        services.match_end(actor=perm.social_worker, match_id=match.pk,
                           version=match.version, reason=" ")
    services.match_end(actor=perm.social_worker, match_id=match.pk, version=match.version,
                       reason="申请人放弃")
    assert AdoptionCase.objects.get().state == AdoptionState.LISTED
    assert AdopterApplication.objects.get().state == ApplicationState.SUITABLE


def test_roles(perm):
    match = matched(perm)
    with pytest.raises(PermissionDeniedError):  # the registration closes care: the director
        services.adoption_register(actor=perm.social_worker, match_id=match.pk,
                                   version=match.version, data={})
    with pytest.raises(PermissionDeniedError):  # a caregiver keeps no adoption record
        services.application_record(actor=perm.caregiver, data=application_data())
    with pytest.raises(PermissionDeniedError):  # the prefecture office reads, not writes
        services.application_record(actor=perm.prefecture, data=application_data())
    with pytest.raises(NotFoundError):  # another institution: 404
        services.match_end(actor=perm.other_social_worker, match_id=match.pk,
                           version=match.version, reason="x")


def test_adopters_data_is_seen_by_the_institution_and_the_office_that_runs_it(perm):
    application = suitable(perm)
    queryset = AdopterApplication.objects.all()
    assert list(scope(queryset, perm.social_worker)) == [application]
    assert list(scope(queryset, perm.prefecture)) == [application]  # runs the institution
    assert not scope(queryset, perm.province).exists()  # the office above: counts only
    assert not scope(queryset, perm.ministry).exists()
    assert not scope(queryset, perm.other_social_worker).exists()
    assert scope_for_counts(queryset, perm.province).count() == 1
    assert scope_for_counts(queryset, perm.ministry).count() == 1
    assert scope_for_counts(queryset, perm.other_social_worker).count() == 0
    with pytest.raises(NotFoundError):
        selectors.application_get(actor=perm.province, application_id=application.pk)
    with pytest.raises(PermissionDeniedError):  # the caregiver: no role for it
        selectors.application_get(actor=perm.caregiver, application_id=application.pk)
    counts = selectors.adoption_counts(actor=perm.province)
    assert (counts["applications"], counts["suitable"]) == (1, 1)
