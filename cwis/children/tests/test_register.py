"""Intake: a child's file is opened with its legal basis, documents and deadlines, or
refused with a clear reason and nothing written."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cwis.children import services
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    GuardianKind,
    GuardianshipSituation,
    IntakeCategory,
)
from cwis.children.models import Child, ChildDeadline, DuplicateDismissal, Intake, Placement
from cwis.children.tests.factories import (
    BOY_BIRTH,
    BOY_ID,
    ChildFactory,
    found_infant,
    registration,
)
from cwis.core.errors import PermissionDeniedError
from cwis.core.validators import MSG_ID_CHECKSUM
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def register(actor, institution, **overrides) -> Child:
    return services.child_register(actor=actor, **registration(institution, **overrides))


def refused(actor, institution, field: str, **overrides) -> list[str]:
    """Register expecting a refusal on `field`; check nothing was written; return messages."""
    before = (Child.objects.count(), Intake.objects.count(), Placement.objects.count(),
              ChildDeadline.objects.count())
    with pytest.raises(ValidationError) as info:
        register(actor, institution, **overrides)
    after = (Child.objects.count(), Intake.objects.count(), Placement.objects.count(),
             ChildDeadline.objects.count())
    assert after == before
    return info.value.message_dict[field]


def boy(**overrides) -> dict:
    data = {"name": "李明", "sex": "male", "birth_date": BOY_BIRTH, "birth_date_estimated": False,
            "citizen_id": BOY_ID, "found_on": None, "found_place": ""}
    return found_infant(**{**data, **overrides})


def test_a_caregiver_registers_a_found_infant_with_basis_placement_and_deadlines(staff):
    child = register(staff.caregiver, staff.users.institution_a)

    assert child.status == ChildStatus.IN_CARE
    assert child.current_institution == staff.users.institution_a
    assert child.division_code == staff.users.institution_a.division_code
    assert (child.name_pinyin, child.name_initials) == ("dangxiaoan", "dxa")
    intake = child.intakes.get()
    assert intake.legal_basis_article == "第九条"
    assert intake.legal_basis_item == "第（一）项"
    assert intake.legal_basis_text == "无法查明父母或者其他监护人的儿童"
    assert "民政部令第63号" in intake.citation
    placement = child.placements.get()
    assert placement.ended_on is None
    assert placement.started_on == dt.date(2026, 1, 6)
    due = {d.kind: d.due_on for d in child.deadlines.filter(closed_on__isnull=True)}
    assert due == {
        DeadlineKind.SEARCH_NOTICE: dt.date(2026, 2, 5),
        DeadlineKind.IDENTITY_INSURANCE: dt.date(2026, 1, 21),
        DeadlineKind.INTAKE_DOCUMENTS: dt.date(2026, 2, 5),  # 30 days to complete them
        DeadlineKind.TURNS_18: dt.date(2044, 1, 2),
    }
    assert child.history.get().history_user == staff.caregiver


def test_the_deadlines_follow_the_settings(staff, settings):
    settings.CWIS_SEARCH_NOTICE_DAYS = 60
    settings.CWIS_IDENTITY_INSURANCE_CHECK_DAYS = 7
    settings.CWIS_INTAKE_DOCUMENTS_DAYS = 10
    child = register(staff.caregiver, staff.users.institution_a)
    due = dict(child.deadlines.values_list("kind", "due_on"))
    assert due[DeadlineKind.SEARCH_NOTICE] == dt.date(2026, 3, 7)
    assert due[DeadlineKind.IDENTITY_INSURANCE] == dt.date(2026, 1, 13)
    assert due[DeadlineKind.INTAKE_DOCUMENTS] == dt.date(2026, 1, 16)


def test_a_child_whose_parents_died_gets_no_search_deadlines(staff):
    child = register(
        staff.caregiver, staff.users.institution_a, data=boy(
            guardianship_situation=GuardianshipSituation.LT_DEAD, is_parents_not_found=False),
        intake_category=IntakeCategory.PARENTS_DEAD, legal_basis="m2018_9_2",
    )
    assert set(child.deadlines.values_list("kind", flat=True)) == {DeadlineKind.TURNS_18}


def test_an_invalid_id_number_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "citizen_id",
                       data=boy(citizen_id=BOY_ID[:-1] + "2"))
    assert messages == [MSG_ID_CHECKSUM]


def test_a_birth_date_that_does_not_match_the_id_number_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "birth_date",
                       data=boy(birth_date=dt.date(2015, 3, 9)))
    assert messages == [services.MSG_ID_BIRTH_MISMATCH]


def test_a_birth_date_after_intake_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "birth_date",
                       data=found_infant(birth_date=dt.date(2026, 1, 7),
                                         found_on=dt.date(2026, 1, 7)))
    assert services.MSG_BIRTH_AFTER_INTAKE in messages


def test_a_birth_date_in_the_future_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "birth_date",
                       intake_on=dt.date(2026, 2, 1),
                       data=found_infant(birth_date=dt.date(2026, 3, 1), found_on=None))
    assert services.MSG_DATE_FUTURE in messages


def test_an_intake_date_in_the_future_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "intake_on",
                       intake_on=dt.date(2026, 2, 2))
    assert messages == [services.MSG_DATE_FUTURE]


def test_a_finding_after_intake_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "found_on",
                       data=found_infant(found_on=dt.date(2026, 1, 20)))
    assert messages == [services.MSG_FOUND_ORDER]


def test_a_legal_basis_not_in_force_on_the_intake_date_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "legal_basis",
                       legal_basis="m2026_1_1")
    assert messages == [services.MSG_BASIS_NOT_IN_FORCE]


def test_the_2018_measures_are_refused_after_the_revision_took_effect(staff):
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        messages = refused(staff.caregiver, staff.users.institution_a, "legal_basis",
                           intake_on=dt.date(2026, 4, 20))
        child = register(staff.caregiver, staff.users.institution_a,
                         intake_on=dt.date(2026, 4, 20), legal_basis="m2026_1_1")
    assert messages == [services.MSG_BASIS_NOT_IN_FORCE]
    assert child.intakes.get().legal_basis_item == "（一）1"


def test_a_legal_basis_for_another_category_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "legal_basis",
                       legal_basis="m2018_9_4")
    assert messages == [services.MSG_BASIS_CATEGORY]


def test_a_long_term_basis_for_a_temporary_guardianship_is_refused(staff):
    data = found_infant(guardian_kind=GuardianKind.TEMPORARY,
                        guardianship_situation=GuardianshipSituation.TMP_UNIDENTIFIED)
    messages = refused(staff.caregiver, staff.users.institution_a, "legal_basis", data=data)
    assert messages == [services.MSG_BASIS_GUARDIANSHIP]
    child = register(staff.caregiver, staff.users.institution_a, data=data,
                     legal_basis="mpl2020_93")
    assert child.guardian_kind == GuardianKind.TEMPORARY


def test_a_guardianship_situation_of_the_other_kind_is_refused(staff):
    data = found_infant(guardianship_situation=GuardianshipSituation.TMP_UNIDENTIFIED)
    messages = refused(staff.caregiver, staff.users.institution_a, "guardianship_situation",
                       data=data)
    assert messages == [services.MSG_SITUATION_KIND]


def test_a_guardianship_situation_that_does_not_fit_the_category_is_refused(staff):
    data = found_infant(guardianship_situation=GuardianshipSituation.LT_REVOKED)
    messages = refused(staff.caregiver, staff.users.institution_a, "guardianship_situation",
                       data=data)
    assert messages == [services.MSG_GUARDIANSHIP_CATEGORY]


def test_another_legal_basis_needs_its_note(staff):
    messages = refused(staff.caregiver, staff.users.institution_a, "legal_basis_note",
                       legal_basis="other")
    assert messages == [services.MSG_BASIS_NOTE]


def test_a_second_file_for_the_same_id_number_is_refused(staff):
    register(staff.caregiver, staff.users.institution_a, data=boy(), legal_basis="m2018_9_1")
    messages = refused(staff.caregiver, staff.users.institution_a, "citizen_id",
                       data=boy(name="李小明"))
    assert messages == [services.MSG_ID_EXISTS]


def test_the_same_id_number_is_refused_in_another_jurisdiction_too(staff):
    ChildFactory(citizen_id=BOY_ID, current_institution=staff.users.institution_b)
    messages = refused(staff.caregiver, staff.users.institution_a, "citizen_id", data=boy())
    assert messages == [services.MSG_ID_EXISTS]


def test_registering_into_an_institution_outside_ones_jurisdiction_is_refused(staff):
    messages = refused(staff.caregiver, staff.users.institution_b, "institution")
    assert messages == [services.MSG_INSTITUTION_OUTSIDE]


def test_a_closed_institution_takes_no_children(staff, make_user):
    closed = InstitutionFactory(status="closed")
    director = make_user("director", institution=closed)
    with pytest.raises(ValidationError) as info:
        register(director, closed)
    assert info.value.message_dict["institution"] == [services.MSG_INSTITUTION_NOT_OPERATING]


@pytest.mark.parametrize("who", ["overseer", "in_scope"])
def test_officers_cannot_register(staff, who):
    with pytest.raises(PermissionDeniedError):
        register(getattr(staff.users, who), staff.users.institution_a)
    assert Child.objects.count() == 0


def test_a_possible_duplicate_must_be_dismissed_before_registering(staff):
    first = register(staff.caregiver, staff.users.institution_a)
    with pytest.raises(services.PossibleDuplicateError) as info:
        register(staff.caregiver, staff.users.institution_a,
                 data=found_infant(found_on=None, found_place=""))
    assert info.value.candidates == [first]
    assert info.value.message_dict["duplicates"] == [services.MSG_POSSIBLE_DUPLICATE]
    assert Child.objects.count() == 1

    second = register(staff.caregiver, staff.users.institution_a,
                      data=found_infant(found_on=None, found_place=""),
                      dismissed_duplicates=[first.pk])
    assert DuplicateDismissal.objects.filter(child=second, other=first).exists()


def test_the_same_finding_is_a_possible_duplicate_even_under_another_name(staff):
    register(staff.caregiver, staff.users.institution_a)
    with pytest.raises(services.PossibleDuplicateError):
        register(staff.caregiver, staff.users.institution_a, data=found_infant(name="国小宁"))


def test_a_possible_duplicate_outside_scope_is_not_told_and_does_not_block(staff):
    ChildFactory(name="党小安", sex="female", birth_date=dt.date(2026, 1, 2),
                 current_institution=staff.users.institution_b)
    child = register(staff.caregiver, staff.users.institution_a)
    assert child.pk
    from cwis.children.selectors import child_duplicates

    found = child_duplicates(actor=staff.caregiver, name="党小安", sex="female",
                             birth_date=dt.date(2026, 1, 2))
    assert (found.candidates, found.id_number_elsewhere) == ([child], False)
