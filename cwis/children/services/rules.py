"""The rules of a child's file and their messages, shared by every service that writes one.

One child, one file: the child registry's services and the community registry
(`cwis.protection`) apply the same identity, ID-number, duplicate and date rules. Each check
adds its messages to an `errors` dict ({field: [messages]}) so a form shows them all at once.
"""

import datetime as dt
import re
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children import selectors
from cwis.children.choices import (
    CATEGORY_SITUATIONS,
    LIVE_STATUSES,
    PARENTS_NOT_FOUND_CATEGORIES,
    SITUATION_KIND,
    GuardianshipSituation,
)
from cwis.children.legal import LEGAL_BASES, OTHER_BASIS
from cwis.children.models import Child, DuplicateDismissal, Intake, citizen_id_q
from cwis.children.names import given_name_pinyin, syllables_of
from cwis.core import uploads
from cwis.core.errors import NotFoundError, field_error
from cwis.core.history import record_change
from cwis.core.input import check_text
from cwis.core.models import Division
from cwis.core.scoping import get_scoped
from cwis.core.uploads import MSG_FILE_TOO_LARGE as MSG_FILE_TOO_LARGE
from cwis.core.uploads import MSG_FILE_TYPE as MSG_FILE_TYPE
from cwis.core.uploads import MSG_PHOTO_TYPE as MSG_PHOTO_TYPE
from cwis.core.validators import (
    MSG_DATE_FUTURE,
    citizen_id_birth_date,
    citizen_id_sex,
    date_range_errors,
    validate_citizen_id,
    validate_division_code,
)
from cwis.institutions.models import Institution, InstitutionStatus

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
MSG_REQUIRED = _("This field is required.")
MSG_DATE_REQUIRED = _("Enter the date.")
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
MSG_INTAKE_BEFORE_REGISTRATION = _(
    "The intake cannot be dated before the child's registration in the community."
)


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
# Text columns that hold "" rather than NULL: an API client's null clears them.
TEXT_FIELDS = frozenset(
    f.name for f in Child._meta.fields
    if isinstance(f, (models.CharField, models.TextField)) and not f.null
)
MULTILINE_FIELDS = frozenset(f.name for f in Child._meta.fields if isinstance(f, models.TextField))
DATE_FIELDS = tuple(f.name for f in Child._meta.fields if isinstance(f, models.DateField)
                    and not isinstance(f, models.DateTimeField) and f.editable)
# Dates of what has happened (a birth, a finding): never after today.
PAST_DATES = frozenset({"birth_date", "found_on"})
_NEEDS_NOTE = frozenset(
    {GuardianshipSituation.OTHER, GuardianshipSituation.LT_OTHER, GuardianshipSituation.TMP_OTHER}
)


class PossibleDuplicateError(ValidationError):
    """Files that may be this child's; the worker must dismiss them to register anyway."""

    def __init__(self, candidates: list[Child]) -> None:
        super().__init__({"duplicates": [MSG_POSSIBLE_DUPLICATE]})
        self.candidates = candidates


# ----------------------------------------------------------------------------- helpers


def today() -> dt.date:
    return timezone.localdate()


def add_error(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def name_search_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower case, letters only: 张小明 → zhangxiaoming, zxm."""
    syllables = syllables_of(name)
    return "".join(syllables)[:200], "".join(s[0] for s in syllables)[:50]


def set_search_keys(child: Child) -> None:
    """The denormalised search columns, from the name and the former names."""
    child.name_pinyin, child.name_initials = name_search_keys(child.name)
    child.given_pinyin = given_name_pinyin(child.name)
    former = [name_search_keys(n)[0] for n in re.split(r"[,，、;；\s]+", child.former_names or "")]
    child.search_pinyin = "|".join([child.name_pinyin, *(f for f in former if f)])[:500]


def add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # an implausible date, refused elsewhere
        return dt.date.max if years > 0 else dt.date.min
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        return day.replace(year=year, month=3, day=1)


def institution_in_scope(actor: User, institution_id) -> Institution:
    """The institution a child is received into, inside the actor's jurisdiction."""
    try:
        return get_scoped(Institution.objects.all(), actor, pk=institution_id)
    except NotFoundError as exc:
        raise field_error("institution", MSG_INSTITUTION_OUTSIDE) from exc


def institution_checked(actor: User, institution_id, errors: dict) -> Institution | None:
    """`institution_in_scope` and operating, its refusal added to `errors` (None then), so
    that it is reported with every other refusal of the form."""
    if institution_id is None:
        add_error(errors, "institution", MSG_REQUIRED)
        return None
    try:
        institution = institution_in_scope(actor, institution_id)
        check_operating(institution)
    except ValidationError as exc:
        merge_errors(errors, exc.message_dict)
        return None
    return institution


def check_operating(institution: Institution) -> None:
    if institution.status != InstitutionStatus.OPERATING:
        raise field_error("institution", MSG_INSTITUTION_NOT_OPERATING)


# ------------------------------------------------------------------------ the file


def assign(child: Child, data: Mapping[str, Any], errors: dict[str, list] | None = None) -> None:
    """Set the worker's fields (`EDITABLE_FIELDS`) on the file, cleaned as stored. A hukou
    division or a photo that cannot be taken is refused: into `errors` when given (to be
    reported with every other refusal), else at once."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for field, value in data.items():
        if field in ("hukou_division", "photo"):
            try:
                _assign_checked(child, field, value)
            except ValidationError as exc:
                if errors is None:
                    raise
                merge_errors(errors, exc.message_dict)
        elif isinstance(value, str):
            setattr(child, field, value.strip())
        elif value is None and field in TEXT_FIELDS:
            setattr(child, field, "")
        else:
            setattr(child, field, value)
    child.citizen_id = (child.citizen_id or "").strip().upper().replace(" ", "")
    if child.disability_grade == "":
        child.disability_grade = None
    set_search_keys(child)


def _assign_checked(child: Child, field: str, value) -> None:
    if field == "hukou_division":
        child.hukou_division = _division_or_none(value)
    elif value:
        child.photo = uploads.clean_image(value, "photo")


def _division_or_none(value) -> Division | None:
    if not value:
        return None
    if isinstance(value, Division):
        return value
    try:
        return validate_division_code(str(value))
    except ValidationError as exc:
        raise ValidationError({"hukou_division": exc.messages}) from exc


def birth_known(child: Child, errors: dict) -> dt.date | None:
    """The birth date to compare other dates with: none while it is missing or refused, so
    that a wrong birth date is reported once, beside its own field, and not again beside
    every date the user never touched."""
    return None if "birth_date" in errors else child.birth_date


def _check_identity(child: Child, errors: dict, on: dt.date) -> None:
    if child.birth_date and child.birth_date > on and "birth_date" not in errors:
        add_error(errors, "birth_date", MSG_DATE_FUTURE)
    if not child.citizen_id:
        return
    try:
        child.citizen_id = validate_citizen_id(child.citizen_id, today=on)
    except ValidationError as exc:
        for message in exc.messages:
            add_error(errors, "citizen_id", message)
        return
    birth = birth_known(child, errors)
    if birth and citizen_id_birth_date(child.citizen_id) != birth:
        add_error(errors, "birth_date", MSG_ID_BIRTH_MISMATCH)
    if child.sex and citizen_id_sex(child.citizen_id) != child.sex:
        add_error(errors, "sex", MSG_ID_SEX_MISMATCH)


def _check_dates(child: Child, errors: dict, on: dt.date) -> None:
    birth = birth_known(child, errors)
    for field in ("guardianship_since", "hukou_registered_on", "search_notice_on",
                  "formally_admitted_on", "insurance_checked_on", "found_on"):
        value = getattr(child, field)
        if value is None or field in errors:  # refused once already (date_range_errors)
            continue
        if value > on:
            add_error(errors, field, MSG_DATE_FUTURE)
        elif birth and value < birth:
            add_error(errors, field, MSG_FOUND_ORDER if field == "found_on" else MSG_BEFORE_BIRTH)


def _check_against_intake(child: Child, intake: Intake, errors: dict) -> None:
    """Rules that tie the file to its intake (a community file has none)."""
    if not intake.intake_on:
        return
    birth = birth_known(child, errors)
    if birth and birth > intake.intake_on:
        add_error(errors, "birth_date", MSG_BIRTH_AFTER_INTAKE)
    if child.found_on and child.found_on > intake.intake_on:
        add_error(errors, "found_on", MSG_FOUND_ORDER)
    situation = child.guardianship_situation
    if (situation and SITUATION_KIND.get(situation) == child.guardian_kind
            and situation not in CATEGORY_SITUATIONS.get(intake.category, ())):
        add_error(errors, "guardianship_situation", MSG_GUARDIANSHIP_CATEGORY)
    _check_admission(child, intake, errors)


def _check_admission(child: Child, intake: Intake, errors: dict) -> None:
    if child.formally_admitted_on is None or intake.category not in PARENTS_NOT_FOUND_CATEGORIES:
        return
    days = settings.CWIS_SEARCH_NOTICE_DAYS
    if child.formally_admitted_on < intake.intake_on + dt.timedelta(days=days):
        add_error(
            errors,
            "formally_admitted_on",
            ValidationError(MSG_ADMISSION_BEFORE_NOTICE_END, params={"days": days}),
        )


def _check_guardianship(child: Child, errors: dict) -> None:
    situation = child.guardianship_situation
    if not situation or not child.guardian_kind:
        return  # full_clean names the missing field
    if SITUATION_KIND.get(situation) != child.guardian_kind:
        add_error(errors, "guardianship_situation", MSG_SITUATION_KIND)
    if situation in _NEEDS_NOTE and not child.guardianship_note:
        add_error(errors, "guardianship_note", MSG_SITUATION_NOTE)


def _check_disability(child: Child, errors: dict) -> None:
    if bool(child.disability_type) != (child.disability_grade is not None):
        add_error(errors, "disability_grade", MSG_DISABILITY_INCOMPLETE)


def check_legal_basis(intake: Intake, guardian_kind: str, errors: dict) -> None:
    """The intake's legal basis: known, in force on the intake date, fitting the category
    and the kind of guardianship."""
    basis = LEGAL_BASES.get(intake.legal_basis)
    if basis is None:
        add_error(errors, "legal_basis", MSG_BASIS_UNKNOWN)
        return
    if intake.intake_on and not basis.in_force_on(intake.intake_on):
        add_error(errors, "legal_basis", MSG_BASIS_NOT_IN_FORCE)
    elif intake.category not in basis.categories:
        add_error(errors, "legal_basis", MSG_BASIS_CATEGORY)
    elif guardian_kind and guardian_kind not in basis.guardianship:
        add_error(errors, "legal_basis", MSG_BASIS_GUARDIANSHIP)
    if basis.code == OTHER_BASIS and not intake.legal_basis_note:
        add_error(errors, "legal_basis_note", MSG_BASIS_NOTE)


def file_errors(child: Child, *, today: dt.date, intake: Intake | None = None
                ) -> dict[str, list]:
    """Every rule of the file (and of its intake, when given) as {field: [messages]}: all
    at once, so a form shows every error together."""
    errors = model_errors(child, exclude=["division_code", "current_institution", "photo"])
    merge_errors(errors, text_errors(child))
    merge_errors(errors, date_range_errors(
        {field: getattr(child, field) for field in DATE_FIELDS}, today=today, past=PAST_DATES))
    # The rules below compare with the birth date only while it stands (`birth_known`).
    _check_identity(child, errors, today)
    _check_dates(child, errors, today)
    _check_guardianship(child, errors)
    _check_disability(child, errors)
    if intake is not None:
        _check_against_intake(child, intake, errors)
    return errors


def model_errors(instance: models.Model, *, exclude: list[str]) -> dict[str, list]:
    """The model's own checks (`full_clean`) as {field: [messages]}; an empty required
    field reads "This field is required." whether it is blank text or an empty date."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        return {
            field: [message for error in field_errors for message in (
                [MSG_REQUIRED] if error.code in ("blank", "null") else error.messages)]
            for field, field_errors in exc.error_dict.items()
        }
    return {}


def text_errors(child: Child) -> dict[str, list]:
    """The file's text fields holding a control character (for callers that skip the forms'
    and the API's checks)."""
    try:
        check_text({field: getattr(child, field) for field in TEXT_FIELDS},
                   multiline=MULTILINE_FIELDS)
    except ValidationError as exc:
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {}


def merge_errors(errors: dict[str, list], more: dict[str, list]) -> None:
    for field, messages in more.items():
        errors.setdefault(field, []).extend(messages)


def id_unique_check(child: Child) -> None:
    """Refuse an ID number that another live file (in care or in the community) holds."""
    errors: dict[str, list] = {}
    id_unique_errors(child, errors)
    if errors:
        raise field_error("citizen_id", MSG_ID_EXISTS, code="id_exists")


def id_unique_errors(child: Child, errors: dict[str, list]) -> None:
    """`id_unique_check` into `errors`, with the file's other refusals (a number the rules
    already refused is not looked up)."""
    if not child.citizen_id or "citizen_id" in errors:
        return
    others = Child.objects.filter(citizen_id_q(child.citizen_id), status__in=LIVE_STATUSES)
    if child.pk:
        others = others.exclude(pk=child.pk)
    if others.exists():
        add_error(errors, "citizen_id", MSG_ID_EXISTS)


def duplicates_check(*, actor: User, child: Child, dismissed: Collection[int]) -> list[Child]:
    """Raise PossibleDuplicateError while a possible duplicate (any live file) is not
    dismissed; return the dismissed ones, for `duplicates_dismiss` once the file is saved."""
    found = selectors.child_duplicates(
        actor=actor, name=child.name, sex=child.sex, birth_date=child.birth_date,
        found_on=child.found_on, found_place=child.found_place, exclude_id=child.pk,
    )
    dismissed_ids = {int(i) for i in dismissed}
    waiting = [c for c in found.candidates if c.pk not in dismissed_ids]
    # Files outside the actor's scope cannot be opened, so they cannot be dismissed either:
    # they do not block, and nothing about them is told (child_duplicates says why).
    if waiting:
        raise PossibleDuplicateError(waiting)
    return found.candidates


def duplicates_dismiss(*, actor: User, child: Child, others: Collection[Child]) -> None:
    for other in others:
        DuplicateDismissal.objects.get_or_create(child=child, other=other,
                                                 defaults={"dismissed_by": actor})


def child_save(child: Child, *, actor: User, reason: str = "", **kwargs) -> None:
    """Save with the history user and reason. The database's one-live-file-per-ID rule
    catches a registration racing ours: that is the ID number's field error too."""
    record_change(child, actor, reason)
    try:
        with transaction.atomic():
            child.save(**kwargs)
    except IntegrityError as exc:
        if child.citizen_id and "citizen_id" in str(exc).lower():
            raise field_error("citizen_id", MSG_ID_EXISTS, code="id_exists") from exc
        raise
