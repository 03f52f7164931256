"""The upbringing assessment through its services: recorded by the social worker,
confirmed by the director, every refusal, roles and scope, and its path opening the child's
adoption."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.care.choices_adoption import (
    AdoptionState,
    ChildWish,
    LegalStatus,
    UpbringingCloseReason,
    UpbringingPath,
    UpbringingStatus,
)
from cwis.care.models import AdoptionCase, UpbringingAssessment
from cwis.care.services import upbringing as services
from cwis.care.services.upbringing import (
    MSG_NOT_ADOPTABLE,
    MSG_NOTICE_NOT_OVER,
    MSG_WISH_DISAGREES,
    MSG_WISH_REQUIRED,
    MSG_WISHES_TEXT,
)
from cwis.care.tests.permanency import assessment_data
from cwis.children import services as child_services
from cwis.children.tests.factories import ChildFactory
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.validators import MSG_DATE_FUTURE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def errors(exc: pytest.ExceptionInfo) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


def record(perm, **overrides) -> UpbringingAssessment:
    return services.upbringing_record(actor=perm.social_worker, child_id=perm.child.pk,
                                      data=assessment_data(**overrides))


def test_recorded_by_the_social_worker_confirmed_by_the_director(perm):
    assessment = record(perm)
    assert (assessment.status, assessment.assessor) == (UpbringingStatus.PENDING,
                                                        perm.social_worker)
    assert not AdoptionCase.objects.exists()  # nothing follows before the confirmation
    assessment = services.upbringing_confirm(actor=perm.director,
                                             assessment_id=assessment.pk,
                                             version=assessment.version)
    assert (assessment.status, assessment.confirmed_by, assessment.confirmed_on) == (
        UpbringingStatus.CONFIRMED, perm.director, dt.date(2026, 2, 1))
    assert assessment.next_due_on == dt.date(2027, 1, 20)  # a year after the assessment
    case = AdoptionCase.objects.get(child=perm.child)
    assert (case.state, case.opened_on, case.progress_due_on) == (
        AdoptionState.RECOMMENDED, dt.date(2026, 2, 1), dt.date(2026, 8, 1))
    assert assessment.history.count() == 2


def test_a_newer_confirmed_assessment_replaces_the_previous_and_may_withdraw_adoption(perm):
    first = record(perm)
    first = services.upbringing_confirm(actor=perm.director, assessment_id=first.pk,
                                        version=first.version)
    second = record(perm, occasion="change", path=UpbringingPath.INSTITUTION,
                    reasons="需长期医疗照护")
    services.upbringing_confirm(actor=perm.director, assessment_id=second.pk,
                                version=second.version)
    first.refresh_from_db()
    assert (first.status, first.close_reason) == (UpbringingStatus.CLOSED,
                                                  UpbringingCloseReason.SUPERSEDED)
    case = AdoptionCase.objects.get(child=perm.child)
    assert (case.state, case.progress_due_on) == (AdoptionState.WITHDRAWN, None)


def test_every_refusal_at_once_and_nothing_written(perm):
    with pytest.raises(ValidationError) as exc:
        record(perm, assessed_on=dt.date(2026, 3, 1), legal_status=LegalStatus.NOT_ELIGIBLE,
               situation="", reasons="")
    found = errors(exc)
    assert found["assessed_on"] == [str(MSG_DATE_FUTURE)]
    assert found["path"] == [str(MSG_NOT_ADOPTABLE)]
    assert set(found) >= {"situation", "reasons"}
    assert not UpbringingAssessment.objects.exists()


def test_a_child_of_eight_is_asked_and_may_refuse_adoption(perm):
    perm.child.birth_date = dt.date(2016, 1, 1)
    perm.child.save()
    with pytest.raises(ValidationError) as exc:
        record(perm)
    assert errors(exc) == {"wish": [str(MSG_WISH_REQUIRED)], "wishes": [str(MSG_WISHES_TEXT)]}
    with pytest.raises(ValidationError) as exc:
        record(perm, wish=ChildWish.DISAGREES, wishes="想留在院里和朋友一起")
    assert errors(exc) == {"path": [str(MSG_WISH_DISAGREES)]}
    assessment = record(perm, wish=ChildWish.AGREES, wishes="希望有爸爸妈妈")
    assert assessment.wish == ChildWish.AGREES


def test_parents_not_found_only_once_the_search_notice_has_run(perm):
    perm.child.is_orphan, perm.child.search_notice_on = False, dt.date(2026, 1, 10)
    perm.child.save()
    with pytest.raises(ValidationError) as exc:
        record(perm, legal_status=LegalStatus.PARENTS_NOT_FOUND)
    assert errors(exc) == {"legal_status": [str(MSG_NOTICE_NOT_OVER)]}
    perm.child.search_notice_on = dt.date(2025, 12, 1)  # 30 days ran out on 31 December
    perm.child.save()
    assert record(perm, legal_status=LegalStatus.PARENTS_NOT_FOUND).pk


def test_one_assessment_waits_at_a_time_and_a_confirmed_one_no_longer_changes(perm):
    assessment = record(perm)
    with pytest.raises(ValidationError):
        record(perm)
    with pytest.raises(StaleVersionError):
        services.upbringing_update(actor=perm.social_worker, assessment_id=assessment.pk,
                                   version=assessment.version - 1, data={"health": "x"})
    assessment = services.upbringing_update(actor=perm.social_worker,
                                            assessment_id=assessment.pk,
                                            version=assessment.version,
                                            data={"health": "轻度贫血"})
    assessment = services.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                             version=assessment.version)
    with pytest.raises(ValidationError):
        services.upbringing_update(actor=perm.social_worker, assessment_id=assessment.pk,
                                   version=assessment.version, data={"health": "y"})


def test_roles_and_scope(perm):
    with pytest.raises(PermissionDeniedError):  # a caregiver neither assesses ...
        services.upbringing_record(actor=perm.caregiver, child_id=perm.child.pk,
                                   data=assessment_data())
    with pytest.raises(PermissionDeniedError):  # ... nor does the prefecture office
        services.upbringing_record(actor=perm.prefecture, child_id=perm.child.pk,
                                   data=assessment_data())
    with pytest.raises(NotFoundError):  # another institution's social worker: 404
        services.upbringing_record(actor=perm.other_social_worker, child_id=perm.child.pk,
                                   data=assessment_data())
    assessment = record(perm)
    with pytest.raises(PermissionDeniedError):  # the social worker does not confirm
        services.upbringing_confirm(actor=perm.social_worker, assessment_id=assessment.pk,
                                    version=assessment.version)
    with pytest.raises(NotFoundError):
        services.upbringing_confirm(actor=perm.other_social_worker,
                                    assessment_id=assessment.pk, version=assessment.version)


def test_closed_with_the_file(perm):
    assessment = record(perm)
    services.upbringing_confirm(actor=perm.director, assessment_id=assessment.pk,
                                version=assessment.version)
    child = perm.child
    child.refresh_from_db()
    child_services.child_leave_care(actor=perm.director, child_id=child.pk,
                                    version=child.version, on=dt.date(2026, 1, 30),
                                    reason="family", destination="祖父母家")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.close_reason) == (UpbringingStatus.CLOSED,
                                                            UpbringingCloseReason.LEFT_CARE)
    assert AdoptionCase.objects.get(child=child).state == AdoptionState.WITHDRAWN
    other = ChildFactory(current_institution=perm.institution, birth_date=dt.date(2022, 1, 1))
    assert services.upbringing_record(actor=perm.director, child_id=other.pk,
                                      data=assessment_data()).pk
