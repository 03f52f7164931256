"""Edits, moves, documents, leaving care, corrections and merges of a child's file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cwis.children import selectors, services
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    DocumentKind,
    LeaveReason,
    PlacementKind,
)
from cwis.children.models import Child, ChildDocument, Placement
from cwis.children.tests.factories import BOY_ID, ChildFactory, registration
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import PERMISSIONS, Perm
from cwis.institutions.models import FamilyResidence
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4 test document"


def pdf(name="doc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(
        actor=staff.caregiver, **registration(staff.users.institution_a)
    )


def open_deadlines(child: Child) -> set[str]:
    return set(child.deadlines.filter(closed_on__isnull=True).values_list("kind", flat=True))


def update(actor, child, reason="", **changes) -> Child:
    return services.child_update(actor=actor, child_id=child.pk, version=child.version,
                                 changes=changes, reason=reason)


# ------------------------------------------------------------------------------ edits


def test_an_edit_saves_with_the_version_read_and_recomputes_the_pinyin(staff, infant):
    child = update(staff.caregiver, infant, name="党晓安", health_summary="体重 3.2 kg")
    assert child.version == infant.version + 1
    assert (child.name_pinyin, child.name_initials) == ("dangxiaoan", "dxa")
    assert Child.objects.get(pk=infant.pk).health_summary == "体重 3.2 kg"


def test_a_stale_version_is_refused_and_nothing_is_written(staff, infant):
    update(staff.caregiver, infant, health_summary="first")
    with pytest.raises(StaleVersionError):
        update(staff.doctor, infant, health_summary="second")  # still holds version 1
    assert Child.objects.get(pk=infant.pk).health_summary == "first"


def test_a_read_only_overseer_cannot_edit(staff, infant):
    for officer in (staff.users.overseer, staff.users.in_scope):
        with pytest.raises(PermissionDeniedError):
            update(officer, infant, health_summary="x")


def test_an_edit_outside_scope_answers_not_found(staff, infant):
    with pytest.raises(NotFoundError):
        update(staff.other_caregiver, infant, health_summary="x")


def test_an_edit_with_bad_input_is_refused_with_its_field(staff, infant):
    with pytest.raises(ValidationError) as info:
        update(staff.caregiver, infant, disability_type="intellectual")
    assert info.value.message_dict["disability_grade"] == [services.MSG_DISABILITY_INCOMPLETE]
    assert Child.objects.get(pk=infant.pk).disability_type == ""


def test_verifying_identity_and_insurance_closes_that_deadline(staff, infant):
    child = update(staff.caregiver, infant, identity_status="unidentifiable",
                   insurance_status="not_enrolled", insurance_checked_on=dt.date(2026, 1, 20))
    assert DeadlineKind.IDENTITY_INSURANCE in open_deadlines(child)  # not enrolled yet
    child = update(staff.caregiver, child, insurance_status="enrolled")
    assert DeadlineKind.IDENTITY_INSURANCE not in open_deadlines(child)
    closed = child.deadlines.get(kind=DeadlineKind.IDENTITY_INSURANCE)
    assert closed.outcome == DeadlineOutcome.DONE


def test_formal_admission_waits_for_the_search_notice_period(staff, infant):
    with pytest.raises(ValidationError) as info:
        update(staff.caregiver, infant, formally_admitted_on=dt.date(2026, 1, 30))
    assert "formally_admitted_on" in info.value.message_dict
    infant.refresh_from_db()
    assert DeadlineKind.SEARCH_NOTICE in open_deadlines(infant)


def test_formal_admission_after_the_notice_closes_the_search_deadline(staff, infant, settings):
    settings.CWIS_SEARCH_NOTICE_DAYS = 20
    child = update(staff.caregiver, infant, formally_admitted_on=dt.date(2026, 1, 26),
                   hukou_type="institution_collective", hukou_division="360121",
                   hukou_registered_on=dt.date(2026, 1, 28))
    assert DeadlineKind.SEARCH_NOTICE not in open_deadlines(child)
    assert child.hukou_division.code == "360121"


# -------------------------------------------------------------------------- documents


def test_the_missing_intake_documents_are_listed_until_kept(staff, infant):
    assert selectors.child_missing_documents(child=infant) == [
        DocumentKind.POLICE_FOUND_REPORT, DocumentKind.SEARCH_NOTICE,
        DocumentKind.ACCEPTANCE_OPINION,
    ]
    for kind in (DocumentKind.POLICE_FOUND_REPORT, DocumentKind.SEARCH_NOTICE):
        services.child_document_add(actor=staff.caregiver, child_id=infant.pk, kind=kind,
                                    file=pdf(), issued_on=dt.date(2026, 1, 6))
    assert DeadlineKind.INTAKE_DOCUMENTS in open_deadlines(infant)
    services.child_document_add(actor=staff.caregiver, child_id=infant.pk,
                                kind=DocumentKind.ACCEPTANCE_OPINION, number="南民字〔2026〕3号")
    assert selectors.child_missing_documents(child=infant) == []
    assert DeadlineKind.INTAKE_DOCUMENTS not in open_deadlines(infant)


def test_a_document_must_be_a_pdf_or_an_image(staff, infant):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as info:
        services.child_document_add(actor=staff.caregiver, child_id=infant.pk,
                                    kind=DocumentKind.OTHER, file=fake)
    assert info.value.message_dict["file"] == [services.MSG_FILE_TYPE]
    assert ChildDocument.objects.count() == 0


def test_a_document_needs_a_file_or_a_number(staff, infant):
    with pytest.raises(ValidationError) as info:
        services.child_document_add(actor=staff.caregiver, child_id=infant.pk,
                                    kind=DocumentKind.OTHER)
    assert info.value.message_dict["file"] == [services.MSG_DOCUMENT_EMPTY]


def test_a_withdrawn_document_is_missing_again_but_kept(staff, director_infant):
    child, document = director_infant
    services.child_document_withdraw(actor=staff.director, child_id=child.pk,
                                     document_id=document.pk, reason="扫描件不清晰")
    assert DocumentKind.POLICE_FOUND_REPORT in selectors.child_missing_documents(child=child)
    assert ChildDocument.objects.get(pk=document.pk).withdrawn_reason == "扫描件不清晰"


@pytest.fixture
def director_infant(staff, infant):
    document = services.child_document_add(
        actor=staff.caregiver, child_id=infant.pk, kind=DocumentKind.POLICE_FOUND_REPORT,
        file=pdf())
    return infant, document


# --------------------------------------------------------------------------- placements


def test_a_move_to_a_family_style_residence_extends_the_timeline(staff, infant):
    home = FamilyResidence.objects.create(institution=staff.users.institution_a, name="阳光之家")
    placement = services.child_move(
        actor=staff.caregiver, child=infant, on=dt.date(2026, 1, 20), reason="家庭式养育",
        kind=PlacementKind.FAMILY_RESIDENCE, family_residence=home,
    )
    timeline = list(selectors.child_placements(child=infant))
    assert timeline[0] == placement
    assert timeline[1].ended_on == dt.date(2026, 1, 20)
    assert Placement.objects.filter(child=infant, ended_on__isnull=True).count() == 1


def test_a_residence_of_another_institution_is_refused(staff, infant):
    other = FamilyResidence.objects.create(institution=staff.users.institution_b, name="温馨之家")
    with pytest.raises(ValidationError) as info:
        services.child_move(actor=staff.caregiver, child=infant, on=dt.date(2026, 1, 20),
                            reason="x", kind=PlacementKind.FAMILY_RESIDENCE,
                            family_residence=other)
    assert info.value.message_dict["family_residence"] == [
        services.MSG_RESIDENCE_NOT_IN_INSTITUTION
    ]


def test_a_move_dated_before_the_current_placement_is_refused(staff, infant):
    with pytest.raises(ValidationError) as info:
        services.child_move(actor=staff.caregiver, child=infant, on=dt.date(2026, 1, 1),
                            reason="x", bed="3-12")
    assert info.value.message_dict["on"] == [services.MSG_MOVE_BEFORE_PLACEMENT]


# ------------------------------------------------------------------------ leaving care


def leave(actor, child, **kwargs) -> Child:
    return services.child_leave_care(actor=actor, child_id=child.pk, version=child.version,
                                     **kwargs)


def test_a_director_records_an_adoption_and_the_file_closes(staff, infant):
    child = leave(staff.director, infant, on=dt.date(2026, 1, 30), reason=LeaveReason.ADOPTION,
                  document_number="赣收登字2026-0012")
    assert child.status == ChildStatus.LEFT_CARE
    assert child.placements.get().ended_on == dt.date(2026, 1, 30)
    assert open_deadlines(child) == set()
    # still readable by the institution, no longer editable by staff
    assert selectors.child_get(actor=staff.caregiver, child_id=child.pk) == child
    with pytest.raises(PermissionDeniedError):
        update(staff.caregiver, child, health_summary="x")


def test_a_caregiver_cannot_record_leaving_care(staff, infant):
    with pytest.raises(PermissionDeniedError):
        leave(staff.caregiver, infant, on=dt.date(2026, 1, 30), reason=LeaveReason.DEATH)


def test_an_adoption_needs_its_certificate(staff, infant):
    with pytest.raises(ValidationError) as info:
        leave(staff.director, infant, on=dt.date(2026, 1, 30), reason=LeaveReason.ADOPTION)
    assert info.value.message_dict["document_number"] == [services.MSG_ADOPTION_CERTIFICATE]
    assert Child.objects.get(pk=infant.pk).status == ChildStatus.IN_CARE


def test_reaching_adulthood_needs_the_age_and_the_placement_chosen(staff):
    child = ChildFactory(current_institution=staff.users.institution_a,
                         birth_date=dt.date(2008, 1, 31))
    with pytest.raises(ValidationError) as info:
        leave(staff.director, child, on=dt.date(2026, 1, 30), reason=LeaveReason.ADULTHOOD)
    assert info.value.message_dict["on"] == [services.MSG_NOT_ADULT]
    assert info.value.message_dict["adult_placement"] == [services.MSG_ADULT_PLACEMENT_REQUIRED]
    child = leave(staff.director, child, on=dt.date(2026, 1, 31), reason=LeaveReason.ADULTHOOD,
                  adult_placement="employment")
    assert child.adult_placement == "employment"


def test_leaving_care_twice_is_refused(staff, infant):
    child = leave(staff.director, infant, on=dt.date(2026, 1, 30), reason=LeaveReason.DEATH)
    with pytest.raises(ValidationError) as info:
        leave(staff.director, child, on=dt.date(2026, 1, 31), reason=LeaveReason.DEATH)
    assert info.value.messages == [services.MSG_NOT_IN_CARE]


def test_a_closed_file_takes_corrections_with_a_reason_from_a_corrector(staff, infant):
    child = leave(staff.director, infant, on=dt.date(2026, 1, 30), reason=LeaveReason.DEATH)
    with pytest.raises(ValidationError) as info:
        update(staff.director, child, ethnicity="01")
    assert info.value.message_dict["reason"] == [services.MSG_CORRECTION_REASON]
    child = update(staff.director, child, reason="补录民族", ethnicity="01")
    assert child.ethnicity == "01"
    assert child.history.first().history_change_reason == "补录民族"


# ------------------------------------------------------------------- errors and merges


def test_a_file_entered_in_error_is_closed_not_deleted(staff, infant):
    with pytest.raises(PermissionDeniedError):
        services.child_mark_entered_in_error(actor=staff.caregiver, child_id=infant.pk,
                                             version=infant.version, reason="重复录入")
    child = services.child_mark_entered_in_error(actor=staff.director, child_id=infant.pk,
                                                 version=infant.version, reason="重复录入")
    assert Child.objects.get(pk=child.pk).status == ChildStatus.ENTERED_IN_ERROR
    assert open_deadlines(child) == set()
    with pytest.raises(ValidationError):
        update(staff.director, child, reason="x", health_summary="x")


def test_a_merge_keeps_both_files_and_both_histories(staff, director_infant):
    duplicate, document = director_infant
    survivor = ChildFactory(name="党小安", sex="female", birth_date=dt.date(2026, 1, 2),
                            current_institution=staff.users.institution_a, citizen_id="")
    assert selectors.child_possible_duplicates(actor=staff.director, child=survivor) == [duplicate]
    merged = services.child_merge(actor=staff.director, survivor_id=survivor.pk,
                                  duplicate_id=duplicate.pk, version=survivor.version,
                                  reason="同一儿童重复建档")
    duplicate.refresh_from_db()
    assert duplicate.status == ChildStatus.MERGED
    assert duplicate.merged_into == merged
    assert merged.found_place == "南昌县莲塘镇汽车站"  # filled from the duplicate
    assert ChildDocument.objects.get(pk=document.pk).child == merged
    history = selectors.child_history(actor=staff.director, child_id=merged.pk)
    files = {(e.kind, e.object_id) for e in history}
    assert {("child", merged.pk), ("child", duplicate.pk)} <= files


def test_files_with_different_id_numbers_are_not_merged(staff):
    a = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    b = ChildFactory(current_institution=staff.users.institution_a,
                     citizen_id="360121201503081245")
    with pytest.raises(ValidationError) as info:
        services.child_merge(actor=staff.director, survivor_id=a.pk, duplicate_id=b.pk,
                             version=a.version, reason="x")
    assert info.value.message_dict["duplicate"] == [services.MSG_MERGE_DIFFERENT_IDS]


def test_a_director_cannot_merge_a_file_of_another_institution(staff):
    a = ChildFactory(current_institution=staff.users.institution_a)
    b = ChildFactory(current_institution=staff.users.institution_b)
    with pytest.raises(NotFoundError):
        services.child_merge(actor=staff.director, survivor_id=a.pk, duplicate_id=b.pk,
                             version=a.version, reason="x")
    assert Child.objects.get(pk=b.pk).status == ChildStatus.IN_CARE


def test_files_in_care_in_two_institutions_are_not_merged(staff, monkeypatch):
    # No role may correct across institutions today; the rule guards the one that will.
    officer = staff.users.in_scope
    monkeypatch.setitem(PERMISSIONS, officer.role,
                        PERMISSIONS[officer.role] | {Perm.CHILD_CORRECT})
    a = ChildFactory(current_institution=staff.users.institution_a)
    b = ChildFactory(current_institution=InstitutionFactory(division_code="360121"))
    with pytest.raises(ValidationError) as info:
        services.child_merge(actor=officer, survivor_id=a.pk, duplicate_id=b.pk,
                             version=a.version, reason="x")
    assert info.value.message_dict["duplicate"] == [services.MSG_MERGE_TWO_INSTITUTIONS]
