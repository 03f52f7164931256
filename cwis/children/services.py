"""Every write on a child's file: intake, edits, moves, leaving care, corrections, merges.

Each service checks the role, finds the records through the scoped selectors, validates
everything before writing, and writes in one transaction (a refusal leaves the database as
it was). Edits take the version the client read; state changes lock the row.
"""

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from cwis.accounts.models import User
from cwis.children import selectors
from cwis.children.choices import (
    CATEGORY_SITUATIONS,
    LIVE_STATUSES,
    PARENTS_NOT_FOUND_CATEGORIES,
    SITUATION_KIND,
    ChildStatus,
    DeadlineKind,
    DeadlineOutcome,
    DocumentKind,
    GuardianshipSituation,
    IdentityStatus,
    InsuranceStatus,
    LeaveReason,
    PlacementKind,
    RegistryExitReason,
)
from cwis.children.legal import LEGAL_BASES, OTHER_BASIS
from cwis.children.models import (
    Child,
    ChildDeadline,
    ChildDocument,
    DuplicateDismissal,
    Intake,
    Placement,
)
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.models import Division
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped, scope
from cwis.core.validators import (
    MSG_DATE_FUTURE,
    citizen_id_birth_date,
    citizen_id_sex,
    validate_citizen_id,
)
from cwis.institutions.models import FamilyResidence, Institution, InstitutionStatus

MSG_INSTITUTION_OUTSIDE = _("Choose an institution inside your jurisdiction.")
MSG_INSTITUTION_NOT_OPERATING = _("This institution is closed or merged: it takes no children.")
MSG_BIRTH_AFTER_INTAKE = _("The date of birth cannot be after the intake date.")
MSG_FOUND_ORDER = _("The child cannot have been found before birth or after intake.")
MSG_BEFORE_BIRTH = _("This date cannot be before the child's birth.")
MSG_ID_BIRTH_MISMATCH = _("The date of birth does not match the one in the ID number.")
MSG_ID_SEX_MISMATCH = _("The sex does not match the ID number (odd 17th digit is male).")
MSG_ID_EXISTS = _(
    "A file with this ID number already exists: one child has one file. Search for it, or "
    "ask your civil affairs office if you cannot see it."
)
MSG_POSSIBLE_DUPLICATE = _(
    "This child may already have a file. Open the possible duplicates and confirm that this "
    "is a different child before registering."
)
MSG_SITUATION_KIND = _("This legal situation belongs to another kind of guardianship.")
MSG_GUARDIANSHIP_CATEGORY = _("This guardianship basis does not fit the intake category.")
MSG_SITUATION_NOTE = _("Name the legal provision in the guardianship note.")
MSG_BASIS_UNKNOWN = _("Choose a legal basis from the list.")
MSG_BASIS_NOT_IN_FORCE = _(
    "This legal basis was not in force on the intake date: choose the version in force then."
)
MSG_BASIS_CATEGORY = _("This legal basis does not cover the intake category.")
MSG_BASIS_GUARDIANSHIP = _("This legal basis does not fit the kind of guardianship.")
MSG_BASIS_NOTE = _("Name the law, article and item in the legal basis note.")
MSG_DISABILITY_INCOMPLETE = _("Give both the type and the grade of the disability.")
MSG_ADMISSION_BEFORE_NOTICE_END = _(
    "Formal admission can only follow the end of the search-for-family notice period "
    "(%(days)s days after intake)."
)
MSG_CORRECTION_REASON = _("This file is closed: give the reason for the correction.")
MSG_FILE_READ_ONLY = _("This file is closed and can no longer be changed.")
MSG_NOT_IN_CARE = _("The child is not in care.")
MSG_LEAVE_BEFORE_PLACEMENT = _("The child cannot leave care before the current placement began.")
MSG_NOT_ADULT = _("The child is not 18 on this date.")
MSG_ADULT_PLACEMENT_REQUIRED = _("Record the placement chosen on reaching adulthood.")
MSG_ADOPTION_CERTIFICATE = _("Give the number of the adoption registration certificate.")
MSG_DESTINATION_REQUIRED = _("Say where, or to whom, the child went.")
MSG_REASON_REQUIRED = _("Give the reason.")
MSG_CHOOSE = _("Choose one of the listed options.")
MSG_MOVE_BEFORE_PLACEMENT = _("A move cannot be dated before the current placement began.")
MSG_RESIDENCE_NOT_IN_INSTITUTION = _(
    "Choose a family-style residence of the institution that is in use."
)
MSG_FOSTER_CARER_REQUIRED = _("Name the foster carer.")
MSG_MERGE_SAME = _("A file cannot be merged into itself.")
MSG_MERGE_CLOSED = _("Only live files can be merged.")
MSG_MERGE_TWO_INSTITUTIONS = _(
    "Both files are in care in different institutions: record the transfer or leaving care "
    "of one first."
)
MSG_MERGE_INTO_LEFT = _(
    "The duplicate is in care: keep the file that is in care and merge the other into it."
)
MSG_MERGE_DIFFERENT_IDS = _("The two files carry different ID numbers: they are not one child.")
MSG_DOCUMENT_EMPTY = _("Attach the file or give the document's number.")
MSG_FILE_TYPE = _("Upload a PDF, JPEG or PNG file.")
MSG_FILE_TOO_LARGE = _("The file is larger than %(mb)s MB.")
MSG_PHOTO_TYPE = _("Upload the photo as a JPEG or PNG file.")
MSG_INTAKE_BEFORE_REGISTRATION = _(
    "The intake cannot be dated before the child's registration in the community."
)

MAX_UPLOAD_MB = 20
TURNS_18_NOTICE_DAYS = 180  # the adult placement needs planning months ahead

# Fields of the file a worker sets; everything else is set by the services themselves.
EDITABLE_FIELDS = frozenset(
    {
        "name", "former_names", "sex", "birth_date", "birth_date_estimated", "ethnicity",
        "citizen_id", "identity_status", "photo", "hukou_division", "hukou_address",
        "hukou_type", "hukou_registered_on", "found_on", "found_place", "found_circumstances",
        "police_case_number", "search_notice_on", "formally_admitted_on", "guardian_kind",
        "guardianship_situation", "guardianship_note", "guardian_name", "guardianship_since",
        "is_orphan", "is_parents_not_found", "is_de_facto_unsupported", "is_left_behind",
        "is_in_difficulty", "disability_type", "disability_grade", "disability_certificate",
        "health_summary", "insurance_status", "insurance_checked_on", "education_status",
        "school_name",
    }
)
# Copied from a merged duplicate where the surviving file has nothing.
MERGE_FILL_FIELDS = (
    "former_names", "ethnicity", "hukou_division", "hukou_address", "hukou_registered_on",
    "found_on", "found_place", "found_circumstances", "police_case_number",
    "search_notice_on", "disability_type", "disability_grade", "disability_certificate",
    "health_summary", "education_status", "school_name", "photo",
)

_TEXT_FIELDS = frozenset(
    f.name for f in Child._meta.fields
    if isinstance(f, (models.CharField, models.TextField)) and not f.null
)
_FILE_SIGNATURES = {b"%PDF": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


class PossibleDuplicateError(ValidationError):
    """Files that may be this child's; the worker must dismiss them to register anyway."""

    def __init__(self, candidates: list[Child], outside_scope: int) -> None:
        super().__init__({"duplicates": [MSG_POSSIBLE_DUPLICATE]})
        self.candidates = candidates
        self.outside_scope = outside_scope


# ----------------------------------------------------------------------------- helpers


def _today() -> dt.date:
    return timezone.localdate()


def _attribute(instance, actor: User, reason: str = "") -> None:
    """Who made this change, and why, for django-simple-history."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]


def name_search_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower case, letters only: 张小明 → zhangxiaoming, zxm."""
    syllables = [s.lower() for s in lazy_pinyin(name or "", style=Style.NORMAL) if s.strip()]
    syllables = ["".join(ch for ch in s if ch.isascii() and ch.isalnum()) for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(syllables)[:200], "".join(s[0] for s in syllables)[:50]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        return day.replace(year=day.year + years, month=3, day=1)


def _errors_raise(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def _add(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def _sniff(upload: UploadedFile) -> str | None:
    head = upload.read(8)
    upload.seek(0)
    return next((ext for sig, ext in _FILE_SIGNATURES.items() if head.startswith(sig)), None)


def _check_upload(upload: UploadedFile, field: str, *, images_only: bool = False) -> None:
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            {field: ValidationError(MSG_FILE_TOO_LARGE, params={"mb": MAX_UPLOAD_MB})}
        )
    kind = _sniff(upload)
    if kind is None or (images_only and kind == ".pdf"):
        raise field_error(field, MSG_PHOTO_TYPE if images_only else MSG_FILE_TYPE)


def _institution_for(actor: User, institution_id) -> Institution:
    try:
        institution = get_scoped(Institution.objects.all(), actor, pk=institution_id)
    except NotFoundError as exc:
        raise field_error("institution", MSG_INSTITUTION_OUTSIDE) from exc
    if institution.status != InstitutionStatus.OPERATING:
        raise field_error("institution", MSG_INSTITUTION_NOT_OPERATING)
    return institution


def _lock(actor: User, child_id: int) -> Child:
    """The child's row, in the actor's scope, locked until the transaction ends."""
    selectors.child_get(actor=actor, child_id=child_id)  # 404 when out of scope
    return Child.objects.select_for_update().get(pk=child_id)


# ------------------------------------------------------------------------- validation


def _assign(child: Child, data: Mapping[str, Any]) -> None:
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if field == "hukou_division":
            child.hukou_division = _division_or_none(value)
        elif field == "photo":
            if value:
                _check_upload(value, "photo", images_only=True)
                child.photo = value
        elif isinstance(value, str):
            setattr(child, field, value.strip())
        elif value is None and field in _TEXT_FIELDS:
            setattr(child, field, "")  # an API client's null clears a text field
        else:
            setattr(child, field, value)
    child.citizen_id = (child.citizen_id or "").strip().upper().replace(" ", "")
    if child.disability_grade == "":
        child.disability_grade = None
    set_search_keys(child)


def set_search_keys(child: Child) -> None:
    """The denormalised search columns, from the name and the former names."""
    child.name_pinyin, child.name_initials = name_search_keys(child.name)
    former = [name_search_keys(n)[0] for n in re.split(r"[,，、;；\s]+", child.former_names or "")]
    child.search_pinyin = "|".join([child.name_pinyin, *(f for f in former if f)])[:500]


def _division_or_none(value) -> Division | None:
    if not value:
        return None
    if isinstance(value, Division):
        return value
    from cwis.core.validators import validate_division_code

    try:
        return validate_division_code(str(value))
    except ValidationError as exc:
        raise ValidationError({"hukou_division": exc.messages}) from exc


def _check_identity(child: Child, errors: dict, today: dt.date) -> None:
    if child.birth_date and child.birth_date > today:
        _add(errors, "birth_date", MSG_DATE_FUTURE)
    if not child.citizen_id:
        return
    try:
        child.citizen_id = validate_citizen_id(child.citizen_id, today=today)
    except ValidationError as exc:
        for message in exc.messages:
            _add(errors, "citizen_id", message)
        return
    if child.birth_date and citizen_id_birth_date(child.citizen_id) != child.birth_date:
        _add(errors, "birth_date", MSG_ID_BIRTH_MISMATCH)
    if child.sex and citizen_id_sex(child.citizen_id) != child.sex:
        _add(errors, "sex", MSG_ID_SEX_MISMATCH)


def _check_dates(child: Child, errors: dict, today: dt.date) -> None:
    birth = child.birth_date
    for field in ("guardianship_since", "hukou_registered_on", "search_notice_on",
                  "formally_admitted_on", "insurance_checked_on", "found_on"):
        value = getattr(child, field)
        if value is None:
            continue
        if value > today:
            _add(errors, field, MSG_DATE_FUTURE)
        elif birth and value < birth:
            _add(errors, field, MSG_FOUND_ORDER if field == "found_on" else MSG_BEFORE_BIRTH)


def _check_against_intake(child: Child, intake: Intake, errors: dict) -> None:
    """Rules that tie the file to its intake (a community child, later, has none)."""
    if not intake.intake_on:
        return
    if child.birth_date and child.birth_date > intake.intake_on:
        _add(errors, "birth_date", MSG_BIRTH_AFTER_INTAKE)
    if child.found_on and child.found_on > intake.intake_on:
        _add(errors, "found_on", MSG_FOUND_ORDER)
    situation = child.guardianship_situation
    if (situation and SITUATION_KIND.get(situation) == child.guardian_kind
            and situation not in CATEGORY_SITUATIONS.get(intake.category, ())):
        _add(errors, "guardianship_situation", MSG_GUARDIANSHIP_CATEGORY)
    _check_admission(child, intake, errors)


def _check_admission(child: Child, intake: Intake, errors: dict) -> None:
    if child.formally_admitted_on is None or intake.category not in PARENTS_NOT_FOUND_CATEGORIES:
        return
    days = settings.CWIS_SEARCH_NOTICE_DAYS
    if child.formally_admitted_on < intake.intake_on + dt.timedelta(days=days):
        _add(
            errors,
            "formally_admitted_on",
            ValidationError(MSG_ADMISSION_BEFORE_NOTICE_END, params={"days": days}),
        )


_NEEDS_NOTE = frozenset(
    {GuardianshipSituation.OTHER, GuardianshipSituation.LT_OTHER, GuardianshipSituation.TMP_OTHER}
)


def _check_guardianship(child: Child, errors: dict) -> None:
    situation = child.guardianship_situation
    if not situation or not child.guardian_kind:
        return  # full_clean names the missing field
    if SITUATION_KIND.get(situation) != child.guardian_kind:
        _add(errors, "guardianship_situation", MSG_SITUATION_KIND)
    if situation in _NEEDS_NOTE and not child.guardianship_note:
        _add(errors, "guardianship_note", MSG_SITUATION_NOTE)


def _check_disability(child: Child, errors: dict) -> None:
    if bool(child.disability_type) != (child.disability_grade is not None):
        _add(errors, "disability_grade", MSG_DISABILITY_INCOMPLETE)


def _check_legal_basis(intake: Intake, guardian_kind: str, errors: dict) -> None:
    basis = LEGAL_BASES.get(intake.legal_basis)
    if basis is None:
        _add(errors, "legal_basis", MSG_BASIS_UNKNOWN)
        return
    if intake.intake_on and not basis.in_force_on(intake.intake_on):
        _add(errors, "legal_basis", MSG_BASIS_NOT_IN_FORCE)
    elif intake.category not in basis.categories:
        _add(errors, "legal_basis", MSG_BASIS_CATEGORY)
    elif guardian_kind and guardian_kind not in basis.guardianship:
        _add(errors, "legal_basis", MSG_BASIS_GUARDIANSHIP)
    if basis.code == OTHER_BASIS and not intake.legal_basis_note:
        _add(errors, "legal_basis_note", MSG_BASIS_NOTE)


def _validate_file(child: Child, intake: Intake | None, today: dt.date) -> None:
    """Every rule of the file at once, so a form can show all its errors together."""
    errors: dict[str, list] = {}
    try:
        child.full_clean(exclude=["division_code", "current_institution", "photo"],
                         validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    _check_identity(child, errors, today)
    _check_dates(child, errors, today)
    _check_guardianship(child, errors)
    _check_disability(child, errors)
    if intake is not None:
        _check_against_intake(child, intake, errors)
    _errors_raise(errors)


def _check_id_unique(child: Child) -> None:
    if not child.citizen_id:
        return
    others = Child.objects.filter(citizen_id=child.citizen_id, status__in=LIVE_STATUSES)
    if child.pk:
        others = others.exclude(pk=child.pk)
    if others.exists():
        raise field_error("citizen_id", MSG_ID_EXISTS, code="id_exists")


def _save_child(child: Child, **kwargs) -> None:
    """Save; the database's one-live-file-per-ID rule catches a registration racing ours."""
    try:
        with transaction.atomic():
            child.save(**kwargs)
    except IntegrityError as exc:
        if child.citizen_id and "citizen_id" in str(exc).lower():
            raise field_error("citizen_id", MSG_ID_EXISTS, code="id_exists") from exc
        raise


# ----------------------------------------------------------------------------- deadlines


def _deadline_open(child: Child, kind: str, *, start: dt.date, due: dt.date,
                   visible_from: dt.date | None = None, actor: User | None = None) -> None:
    if child.deadlines.filter(kind=kind, closed_on__isnull=True).exists():
        return
    deadline = ChildDeadline(child=child, kind=kind, started_on=start, due_on=due,
                             visible_from=visible_from or start, created_by=actor)
    _attribute(deadline, actor)
    deadline.save()


def _deadline_close(child: Child, kind: str, *, on: dt.date, outcome: str, actor: User) -> None:
    for deadline in child.deadlines.filter(kind=kind, closed_on__isnull=True):
        deadline.closed_on, deadline.outcome, deadline.updated_by = on, outcome, actor
        _attribute(deadline, actor)
        deadline.save(update_fields=["closed_on", "outcome", "updated_by", "updated_at"])


def _deadlines_cancel_all(child: Child, *, on: dt.date, actor: User) -> None:
    for kind in DeadlineKind.values:
        _deadline_close(child, kind, on=on, outcome=DeadlineOutcome.CANCELLED, actor=actor)


def _deadlines_refresh(child: Child, *, actor: User, today: dt.date) -> None:
    """Bring the stored deadlines in line with the file: close what is done, date what moved."""
    if child.status != ChildStatus.IN_CARE:
        return
    if child.formally_admitted_on:
        _deadline_close(child, DeadlineKind.SEARCH_NOTICE, on=child.formally_admitted_on,
                        outcome=DeadlineOutcome.DONE, actor=actor)
    if (child.identity_status != IdentityStatus.PENDING
            and child.insurance_status == InsuranceStatus.ENROLLED):
        _deadline_close(child, DeadlineKind.IDENTITY_INSURANCE, on=today,
                        outcome=DeadlineOutcome.DONE, actor=actor)
    _documents_deadline_refresh(child, actor=actor, today=today)
    _turns_18_refresh(child, actor=actor)


def _documents_deadline_refresh(child: Child, *, actor: User, today: dt.date) -> None:
    intake = child.intakes.order_by("-intake_on", "-id").first()
    if intake is None:
        return
    if selectors.child_missing_documents(child=child, intake=intake):
        _deadline_open(child, DeadlineKind.INTAKE_DOCUMENTS, start=intake.intake_on,
                       due=intake.intake_on, actor=actor)
    else:
        _deadline_close(child, DeadlineKind.INTAKE_DOCUMENTS, on=today,
                        outcome=DeadlineOutcome.DONE, actor=actor)


def _turns_18_refresh(child: Child, *, actor: User) -> None:
    due = add_years(child.birth_date, 18)
    visible = due - dt.timedelta(days=TURNS_18_NOTICE_DAYS)
    deadline = child.deadlines.filter(kind=DeadlineKind.TURNS_18, closed_on__isnull=True).first()
    if deadline is None:
        _deadline_open(child, DeadlineKind.TURNS_18, start=child.birth_date, due=due,
                       visible_from=visible, actor=actor)
    elif deadline.due_on != due:
        deadline.due_on, deadline.visible_from, deadline.updated_by = due, visible, actor
        _attribute(deadline, actor)
        deadline.save(update_fields=["due_on", "visible_from", "updated_by", "updated_at"])


def _intake_deadlines(child: Child, intake: Intake, *, actor: User) -> None:
    if intake.category in PARENTS_NOT_FOUND_CATEGORIES:
        start = intake.intake_on
        _deadline_open(child, DeadlineKind.SEARCH_NOTICE, start=start,
                       due=start + dt.timedelta(days=settings.CWIS_SEARCH_NOTICE_DAYS),
                       actor=actor)
        _deadline_open(child, DeadlineKind.IDENTITY_INSURANCE, start=start,
                       due=start + dt.timedelta(days=settings.CWIS_IDENTITY_INSURANCE_CHECK_DAYS),
                       actor=actor)


# ------------------------------------------------------------------------------ intake


@transaction.atomic
def child_register(
    *,
    actor: User,
    institution_id: int,
    intake_on: dt.date,
    intake_category: str,
    legal_basis: str,
    data: Mapping[str, Any],
    legal_basis_note: str = "",
    received_from: str = "",
    intake_note: str = "",
    bed: str = "",
    dismissed_duplicates: Collection[int] = (),
) -> Child:
    """Open the file of a child an institution receives (收留抚养).

    `data` holds the file's fields (`EDITABLE_FIELDS`). Refuses an ID number that already
    has a live file; raises `PossibleDuplicateError` while files with the same name, sex and
    birth date (or the same finding) are not in `dismissed_duplicates`.
    """
    require(actor, Perm.CHILD_REGISTER)
    institution = _institution_for(actor, institution_id)
    today = _today()
    child = Child(created_by=actor, updated_by=actor, current_institution=institution,
                  division_code=institution.division_code, status=ChildStatus.IN_CARE)
    _assign(child, data)
    intake = Intake(institution=institution, intake_on=intake_on, category=intake_category,
                    legal_basis=legal_basis, legal_basis_note=legal_basis_note.strip(),
                    received_from=received_from.strip(), note=intake_note.strip(),
                    created_by=actor, updated_by=actor)
    errors: dict[str, list] = {}
    if intake_on and intake_on > today:
        _add(errors, "intake_on", MSG_DATE_FUTURE)
    _check_legal_basis(intake, child.guardian_kind, errors)
    try:
        _validate_file(child, intake, today)
    except ValidationError as exc:
        errors.update({k: [*errors.get(k, []), *v] for k, v in exc.message_dict.items()})
    _errors_raise(errors)
    _check_id_unique(child)
    dismissed = _check_duplicates(actor, child, dismissed_duplicates)

    _attribute(child, actor)
    _save_child(child)
    _intake_save(intake, child, actor)
    placement = Placement(child=child, institution=institution, kind=PlacementKind.INSTITUTION,
                          bed=bed.strip(), started_on=intake_on, start_reason=str(_("Intake")),
                          created_by=actor, updated_by=actor)
    _attribute(placement, actor)
    placement.save()
    duplicates_dismiss(actor=actor, child=child, others=dismissed)
    _intake_deadlines(child, intake, actor=actor)
    _deadlines_refresh(child, actor=actor, today=today)
    return child


def _intake_save(intake: Intake, child: Child, actor: User) -> None:
    basis = LEGAL_BASES[intake.legal_basis]
    intake.child = child
    intake.legal_basis_law, intake.legal_basis_version = basis.law, basis.version
    intake.legal_basis_article, intake.legal_basis_item = basis.article, basis.item
    intake.legal_basis_text = basis.text
    _attribute(intake, actor)
    intake.save()


def _check_duplicates(actor: User, child: Child, dismissed: Collection[int]) -> list[Child]:
    """Refuse while a possible duplicate is not dismissed; return the dismissed ones."""
    found = selectors.child_duplicates(
        actor=actor, name=child.name, sex=child.sex, birth_date=child.birth_date,
        found_on=child.found_on, found_place=child.found_place, exclude_id=child.pk,
    )
    dismissed_ids = {int(i) for i in dismissed}
    waiting = [c for c in found.candidates if c.pk not in dismissed_ids]
    # Files outside the actor's scope cannot be opened, so they cannot be dismissed either:
    # they are counted for the worker (and the civil affairs office) but do not block.
    if waiting:
        raise PossibleDuplicateError(waiting, found.outside_scope)
    return found.candidates


# ------------------------------------------------------------------------------- edits


@transaction.atomic
def child_update(
    *, actor: User, child_id: int, version: int, changes: Mapping[str, Any], reason: str = ""
) -> Child:
    """Change the file. A closed file takes only corrections, by a role that may correct,
    with a reason. `version` is the one the client read; an older one is refused."""
    child = _lock(actor, child_id)
    _require_edit(actor, child, reason)
    check_version(child, version)
    _assign(child, changes)
    intake = child.intakes.order_by("-intake_on", "-id").first()
    _validate_file(child, intake, _today())
    _check_id_unique(child)
    bump_version(child, actor)
    _attribute(child, actor, reason.strip())
    _save_child(child)
    _deadlines_refresh(child, actor=actor, today=_today())
    return child


def _require_edit(actor: User, child: Child, reason: str) -> None:
    if child.status == ChildStatus.IN_CARE:
        require(actor, Perm.CHILD_EDIT)
        return
    if child.status != ChildStatus.LEFT_CARE:
        raise ValidationError(MSG_FILE_READ_ONLY, code="read_only")
    require(actor, Perm.CHILD_CORRECT)
    if not reason.strip():
        raise field_error("reason", MSG_CORRECTION_REASON)


# ----------------------------------------------------------------------- placements


@transaction.atomic
def child_move(
    *,
    actor: User,
    child: Child,
    on: dt.date,
    reason: str,
    to_institution: Institution | None = None,
    kind: str = PlacementKind.INSTITUTION,
    family_residence: FamilyResidence | None = None,
    foster_carer: str = "",
    foster_address: str = "",
    bed: str = "",
    expected_version: int | None = None,
) -> Placement:
    """End the child's open placement on `on` and open the next one.

    Within the child's institution (a bed, a family-style residence, a foster family) the
    actor needs CHILD_EDIT and the child in scope. To another institution (the transfers
    module, inside its own transaction, on receipt) the actor needs TRANSFER_RECEIVE and
    the receiving institution in scope; the child's institution and division change with it.
    """
    locked = Child.objects.select_for_update().get(pk=child.pk)
    target = to_institution or locked.current_institution
    if target is None:
        raise field_error("institution", MSG_INSTITUTION_OUTSIDE)
    _require_move(actor, locked, target)
    if expected_version is not None:
        check_version(locked, expected_version)
    if locked.status != ChildStatus.IN_CARE:
        raise ValidationError(MSG_NOT_IN_CARE, code="not_in_care")
    current = locked.placements.filter(ended_on__isnull=True).first()
    _check_move(locked, current, target, on=on, reason=reason, kind=kind,
                family_residence=family_residence, foster_carer=foster_carer)
    if current is not None:
        current.ended_on, current.end_reason, current.updated_by = on, reason.strip(), actor
        _attribute(current, actor)
        current.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    placement = Placement(
        child=locked, institution=target, kind=kind,
        family_residence=family_residence if kind == PlacementKind.FAMILY_RESIDENCE else None,
        foster_carer=foster_carer.strip(), foster_address=foster_address.strip(),
        bed=bed.strip(), started_on=on, start_reason=reason.strip(),
        created_by=actor, updated_by=actor,
    )
    _attribute(placement, actor)
    placement.save()
    locked.current_institution, locked.division_code = target, target.division_code
    bump_version(locked, actor)
    _attribute(locked, actor)
    locked.save(update_fields=["current_institution", "division_code", "version",
                               "updated_by", "updated_at"])
    child.refresh_from_db()
    return placement


def _require_move(actor: User, child: Child, target: Institution) -> None:
    if target.pk == child.current_institution_id:
        require(actor, Perm.CHILD_EDIT)
        if not scope(Child.objects.filter(pk=child.pk), actor).exists():
            raise NotFoundError()
        return
    require(actor, Perm.TRANSFER_RECEIVE)
    _institution_for(actor, target.pk)


def _check_move(child: Child, current: Placement | None, target: Institution, *, on: dt.date,
                reason: str, kind: str, family_residence: FamilyResidence | None,
                foster_carer: str) -> None:
    errors: dict[str, list] = {}
    if on > _today():
        _add(errors, "on", MSG_DATE_FUTURE)
    if current is not None and on < current.started_on:
        _add(errors, "on", MSG_MOVE_BEFORE_PLACEMENT)
    if not reason.strip():
        _add(errors, "reason", MSG_REASON_REQUIRED)
    if kind not in PlacementKind.values:
        _add(errors, "kind", MSG_CHOOSE)
    if kind == PlacementKind.FAMILY_RESIDENCE and (
        family_residence is None
        or family_residence.institution_id != target.pk
        or not family_residence.is_active
    ):
        _add(errors, "family_residence", MSG_RESIDENCE_NOT_IN_INSTITUTION)
    if kind == PlacementKind.FOSTER_FAMILY and not foster_carer.strip():
        _add(errors, "foster_carer", MSG_FOSTER_CARER_REQUIRED)
    _errors_raise(errors)


# ---------------------------------------------------------------------- leaving care


@transaction.atomic
def child_leave_care(
    *,
    actor: User,
    child_id: int,
    version: int,
    on: dt.date,
    reason: str,
    note: str = "",
    adult_placement: str = "",
    destination: str = "",
    document_number: str = "",
) -> Child:
    """Close the file: the child left care. The file stays, read-only but for corrections."""
    require(actor, Perm.CHILD_LEAVE_CARE)
    child = _lock(actor, child_id)
    check_version(child, version)
    if child.status != ChildStatus.IN_CARE:
        raise ValidationError(MSG_NOT_IN_CARE, code="not_in_care")
    current = child.placements.filter(ended_on__isnull=True).first()
    _check_leave(child, current, on=on, reason=reason, adult_placement=adult_placement,
                 destination=destination, document_number=document_number)
    label = str(LeaveReason(reason).label)
    if current is not None:
        current.ended_on, current.end_reason, current.updated_by = on, label, actor
        _attribute(current, actor)
        current.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    _deadlines_cancel_all(child, on=on, actor=actor)
    child.status, child.left_care_on, child.leave_reason = ChildStatus.LEFT_CARE, on, reason
    child.adult_placement = adult_placement if reason == LeaveReason.ADULTHOOD else ""
    child.leave_destination, child.leave_note = destination.strip(), note.strip()
    child.leave_document_number = document_number.strip()
    bump_version(child, actor)
    _attribute(child, actor, label)
    child.save()
    return child


def _check_leave(child: Child, current: Placement | None, *, on: dt.date, reason: str,
                 adult_placement: str, destination: str, document_number: str) -> None:
    errors: dict[str, list] = {}
    if reason not in LeaveReason.values:
        _add(errors, "reason", MSG_REASON_REQUIRED)
    if on > _today():
        _add(errors, "on", MSG_DATE_FUTURE)
    elif current is not None and on < current.started_on:
        _add(errors, "on", MSG_LEAVE_BEFORE_PLACEMENT)
    if reason == LeaveReason.ADULTHOOD:
        if on < add_years(child.birth_date, 18):
            _add(errors, "on", MSG_NOT_ADULT)
        if not adult_placement:
            _add(errors, "adult_placement", MSG_ADULT_PLACEMENT_REQUIRED)
    if reason == LeaveReason.ADOPTION and not document_number.strip():
        _add(errors, "document_number", MSG_ADOPTION_CERTIFICATE)
    if reason in (LeaveReason.FAMILY, LeaveReason.TRANSFER) and not destination.strip():
        _add(errors, "destination", MSG_DESTINATION_REQUIRED)
    _errors_raise(errors)


# ------------------------------------------------------------------------ corrections


@transaction.atomic
def child_mark_entered_in_error(*, actor: User, child_id: int, version: int, reason: str) -> Child:
    """Close a file that should never have existed. Nothing is deleted."""
    require(actor, Perm.CHILD_CORRECT)
    child = _lock(actor, child_id)
    check_version(child, version)
    if child.status not in (ChildStatus.IN_CARE, ChildStatus.LEFT_CARE):
        raise ValidationError(MSG_FILE_READ_ONLY, code="read_only")
    if not reason.strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    _close_file(child, actor=actor, status=ChildStatus.ENTERED_IN_ERROR, reason=reason.strip())
    return child


def _close_file(child: Child, *, actor: User, status: str, reason: str,
                merged_into: Child | None = None) -> None:
    today = _today()
    for placement in child.placements.filter(ended_on__isnull=True):
        placement.ended_on = max(today, placement.started_on)
        placement.end_reason, placement.updated_by = reason[:300], actor
        _attribute(placement, actor)
        placement.save(update_fields=["ended_on", "end_reason", "updated_by", "updated_at"])
    _deadlines_cancel_all(child, on=today, actor=actor)
    child.status, child.closed_reason, child.merged_into = status, reason[:500], merged_into
    bump_version(child, actor)
    _attribute(child, actor, reason)
    child.save()


@transaction.atomic
def child_merge(
    *, actor: User, survivor_id: int, duplicate_id: int, version: int, reason: str
) -> Child:
    """Merge the duplicate file into the survivor. The duplicate is kept, marked merged,
    with its history; its documents move to the survivor; blanks are filled from it."""
    require(actor, Perm.CHILD_CORRECT)
    if survivor_id == duplicate_id:
        raise field_error("duplicate", MSG_MERGE_SAME)
    for pk in sorted((survivor_id, duplicate_id)):  # one lock order: no deadlock
        _lock(actor, pk)
    survivor = Child.objects.get(pk=survivor_id)
    duplicate = Child.objects.get(pk=duplicate_id)
    check_version(survivor, version)
    _check_merge(survivor, duplicate, reason)
    fill = {f: getattr(duplicate, f) for f in MERGE_FILL_FIELDS
            if getattr(duplicate, f) and not getattr(survivor, f)}
    moved_id = duplicate.citizen_id if not survivor.citizen_id else ""
    for document in duplicate.documents.all():
        document.child, document.updated_by = survivor, actor
        _attribute(document, actor, reason)
        document.save(update_fields=["child", "updated_by", "updated_at"])
    _close_file(duplicate, actor=actor, status=ChildStatus.MERGED, reason=reason.strip(),
                merged_into=survivor)
    for field, value in fill.items():
        setattr(survivor, field, value)
    if moved_id:
        survivor.citizen_id = moved_id
    bump_version(survivor, actor)
    _attribute(survivor, actor, reason.strip())
    _save_child(survivor)
    _deadlines_refresh(survivor, actor=actor, today=_today())
    return survivor


def _check_merge(survivor: Child, duplicate: Child, reason: str) -> None:
    live = (ChildStatus.IN_CARE, ChildStatus.LEFT_CARE)
    if survivor.status not in live or duplicate.status not in live:
        raise field_error("duplicate", MSG_MERGE_CLOSED)
    both_in_care = survivor.is_open and duplicate.is_open
    if both_in_care and survivor.current_institution_id != duplicate.current_institution_id:
        raise field_error("duplicate", MSG_MERGE_TWO_INSTITUTIONS)
    if duplicate.is_open and not survivor.is_open:
        raise field_error("duplicate", MSG_MERGE_INTO_LEFT)
    if survivor.citizen_id and duplicate.citizen_id and survivor.citizen_id != duplicate.citizen_id:
        raise field_error("duplicate", MSG_MERGE_DIFFERENT_IDS)
    if not reason.strip():
        raise field_error("reason", MSG_REASON_REQUIRED)


# -------------------------------------------------------------------------- documents


@transaction.atomic
def child_document_add(
    *,
    actor: User,
    child_id: int,
    kind: str,
    file: UploadedFile | None = None,
    issued_on: dt.date | None = None,
    number: str = "",
    note: str = "",
) -> ChildDocument:
    """Keep a document on the file; a missing intake document stops being missing."""
    child = _lock(actor, child_id)
    _require_document(actor, child)
    errors: dict[str, list] = {}
    if kind not in DocumentKind.values:
        _add(errors, "kind", MSG_CHOOSE)
    if file is None and not number.strip():
        _add(errors, "file", MSG_DOCUMENT_EMPTY)
    if issued_on and issued_on > _today():
        _add(errors, "issued_on", MSG_DATE_FUTURE)
    _errors_raise(errors)
    if file is not None:
        _check_upload(file, "file")
    document = ChildDocument(child=child, kind=kind, issued_on=issued_on, number=number.strip(),
                             note=note.strip(), created_by=actor, updated_by=actor,
                             original_name=(file.name if file else "")[:200])
    if file is not None:
        document.file = file
    _attribute(document, actor)
    document.save()
    _deadlines_refresh(child, actor=actor, today=_today())
    return document


def _require_document(actor: User, child: Child) -> None:
    if child.status == ChildStatus.IN_CARE:
        require(actor, Perm.CHILD_EDIT)
    elif child.status == ChildStatus.LEFT_CARE:
        # Whoever records leaving care may file its documents (an adoption certificate).
        if not has_perm(actor, Perm.CHILD_LEAVE_CARE):
            require(actor, Perm.CHILD_CORRECT)
    else:
        raise ValidationError(MSG_FILE_READ_ONLY, code="read_only")


@transaction.atomic
def child_document_withdraw(
    *, actor: User, child_id: int, document_id: int, reason: str
) -> ChildDocument:
    """Withdraw a wrong document (it stays, marked, with the reason)."""
    require(actor, Perm.CHILD_CORRECT)
    child = _lock(actor, child_id)
    document = child.documents.filter(pk=document_id, withdrawn_reason="").first()
    if document is None:
        raise NotFoundError()
    if not reason.strip():
        raise field_error("reason", MSG_REASON_REQUIRED)
    document.withdrawn_reason, document.updated_by = reason.strip()[:300], actor
    _attribute(document, actor, reason.strip())
    document.save(update_fields=["withdrawn_reason", "updated_by", "updated_at"])
    _deadlines_refresh(child, actor=actor, today=_today())
    return document


# ---------------------------------------------------- shared with the community registry
# One child, one file: the community registry (cwis.protection) writes the same `Child`
# records and must apply the same identity, duplicate and deadline rules.


def file_errors(child: Child, *, today: dt.date) -> dict[str, list]:
    """Every rule of the file that does not depend on an intake, as {field: [messages]}."""
    try:
        _validate_file(child, None, today)
    except ValidationError as exc:
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {}


def id_unique_check(child: Child) -> None:
    """Refuse an ID number that another live file (in care or in the community) holds."""
    _check_id_unique(child)


def duplicates_check(*, actor: User, child: Child, dismissed: Collection[int]) -> list[Child]:
    """Raise PossibleDuplicateError while a possible duplicate (any live file) is not
    dismissed; return the dismissed ones, for `duplicates_dismiss` once the file is saved."""
    return _check_duplicates(actor, child, dismissed)


def duplicates_dismiss(*, actor: User, child: Child, others: Collection[Child]) -> None:
    for other in others:
        DuplicateDismissal.objects.get_or_create(child=child, other=other,
                                                 defaults={"dismissed_by": actor})


def child_save(child: Child, *, actor: User, reason: str = "", **kwargs) -> None:
    """Save with the history user and reason; an ID number racing ours is a field error."""
    _attribute(child, actor, reason)
    _save_child(child, **kwargs)


def deadline_open(child: Child, kind: str, *, start: dt.date, due: dt.date,
                  actor: User) -> None:
    _deadline_open(child, kind, start=start, due=due, actor=actor)


def deadline_close(child: Child, kind: str, *, on: dt.date, outcome: str, actor: User) -> None:
    _deadline_close(child, kind, on=on, outcome=outcome, actor=actor)


def deadlines_cancel_all(child: Child, *, on: dt.date, actor: User) -> None:
    _deadlines_cancel_all(child, on=on, actor=actor)


def attribute(instance, actor: User, reason: str = "") -> None:
    """Who made this change, and why, for django-simple-history."""
    _attribute(instance, actor, reason)


def child_intake_existing(
    *,
    actor: User,
    child: Child,
    institution_id: int,
    intake_on: dt.date,
    intake_category: str,
    legal_basis: str,
    guardian_kind: str,
    guardianship_situation: str,
    guardianship_note: str = "",
    legal_basis_note: str = "",
    received_from: str = "",
    intake_note: str = "",
    bed: str = "",
) -> Child:
    """Receive into care a child whose file already exists in the community registry: the
    same intake rules as `child_register`, on the same file (one identity, one history).

    For the community registry's `community_take_into_care`, which has checked the role,
    locked the row in the actor's scope and checked the version, inside its transaction.
    """
    institution = _institution_for(actor, institution_id)
    today = _today()
    child.guardian_kind, child.guardianship_situation = guardian_kind, guardianship_situation
    child.guardianship_note = guardianship_note.strip() or child.guardianship_note
    child.guardianship_since = intake_on
    intake = Intake(institution=institution, intake_on=intake_on, category=intake_category,
                    legal_basis=legal_basis, legal_basis_note=legal_basis_note.strip(),
                    received_from=received_from.strip(), note=intake_note.strip(),
                    created_by=actor, updated_by=actor)
    errors: dict[str, list] = {}
    if intake_on and intake_on > today:
        _add(errors, "intake_on", MSG_DATE_FUTURE)
    elif intake_on and child.registered_on and intake_on < child.registered_on:
        _add(errors, "intake_on", MSG_INTAKE_BEFORE_REGISTRATION)
    _check_legal_basis(intake, child.guardian_kind, errors)
    try:
        _validate_file(child, intake, today)
    except ValidationError as exc:
        errors.update({k: [*errors.get(k, []), *v] for k, v in exc.message_dict.items()})
    _errors_raise(errors)

    _deadline_close(child, DeadlineKind.COMMUNITY_VISIT, on=intake_on,
                    outcome=DeadlineOutcome.CANCELLED, actor=actor)
    child.status, child.current_institution = ChildStatus.IN_CARE, institution
    child.division_code = institution.division_code
    child.registry_closed_on = intake_on
    child.registry_exit_reason = RegistryExitReason.TAKEN_INTO_CARE
    bump_version(child, actor)
    _attribute(child, actor, str(_("Intake")))
    _save_child(child)
    _intake_save(intake, child, actor)
    placement = Placement(child=child, institution=institution, kind=PlacementKind.INSTITUTION,
                          bed=bed.strip(), started_on=intake_on, start_reason=str(_("Intake")),
                          created_by=actor, updated_by=actor)
    _attribute(placement, actor)
    placement.save()
    _intake_deadlines(child, intake, actor=actor)
    _deadlines_refresh(child, actor=actor, today=today)
    return child
