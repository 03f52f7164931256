"""Checks on identifiers and dates, used by every service (DESIGN.md rule 3).

Messages are module constants, translated; tests assert them.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

MSG_ID_LENGTH = _("A citizen ID number has 18 characters: 17 digits and a digit or X.")
MSG_ID_FORMAT = _("A citizen ID number has 17 digits followed by a digit or X.")
MSG_ID_CHECKSUM = _("The check character of this ID number is wrong; please check the number.")
MSG_ID_BIRTH_DATE = _("The birth date in this ID number is not a real date.")
MSG_ID_BIRTH_FUTURE = _("The birth date in this ID number is in the future.")
MSG_ID_REGION = _("The first six digits of this ID number are not a known division code.")
MSG_USCC_INVALID = _("This is not a valid unified social credit code.")
MSG_DIVISION_UNKNOWN = _("Unknown division code.")
MSG_DIVISION_FORMAT = _("A division code has 6, 9 or 12 digits.")
MSG_DATE_FUTURE = _("This date is in the future.")
MSG_DATE_ORDER = _("%(later)s cannot be before %(earlier)s.")
MSG_DATE_TOO_EARLY = _("This date is before 1900; please check the year.")
MSG_DATE_TOO_LATE = _("This date is too far in the future; please check the year.")

# The plausible range of any date CWIS records: nothing before 1900, nothing more than a
# century ahead (a planned date); a date outside it is a typing error, and arithmetic on it
# (a birthday plus 18 years) would overflow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_YEARS_AHEAD = 100


def citizen_id_normalize(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def _region_known(region: str) -> bool:
    """A region is known if CWIS's own table has it (current or withdrawn) or stdnum's does.

    CWIS's table has the newest codes; stdnum's has the historical ones that older ID
    numbers still carry.
    """
    from cwis.core.models import Division

    if Division.objects.filter(code=region).exists():
        return True
    try:
        ric.get_birth_place(region + "19000101" + "0000")
    except (stdnum_errors.ValidationError, KeyError):
        return False
    return True


def citizen_id_birth_date(number: str) -> dt.date:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(MSG_ID_BIRTH_DATE, code="id_birth_date") from exc


def validate_citizen_id(value: str, *, today: dt.date | None = None) -> str:
    """Validate a GB 11643 citizen ID number; return it normalised (upper-case X)."""
    number = citizen_id_normalize(value)
    if len(number) != 18:
        raise ValidationError(MSG_ID_LENGTH, code="id_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(MSG_ID_FORMAT, code="id_format")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(MSG_ID_CHECKSUM, code="id_checksum")
    birth = citizen_id_birth_date(number)
    if birth > (today or timezone.localdate()):
        raise ValidationError(MSG_ID_BIRTH_FUTURE, code="id_birth_future")
    if not _region_known(number[:6]):
        raise ValidationError(MSG_ID_REGION, code="id_region")
    return number


def citizen_id_sex(number: str) -> str:
    """'male' or 'female' from the sequence digit (odd is male)."""
    return "male" if int(number[16]) % 2 else "female"


def validate_uscc(value: str) -> str:
    """Validate a unified social credit code (GB 32100); return it normalised."""
    try:
        return uscc.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(MSG_USCC_INVALID, code="uscc") from exc


def validate_division_code(code: str, *, valid_only: bool = True):
    """Return the Division with this code, or raise; withdrawn codes only if asked."""
    from cwis.core.models import Division

    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise ValidationError(MSG_DIVISION_FORMAT, code="division_format")
    divisions = Division.objects.filter(code=code)
    if valid_only:
        divisions = divisions.filter(valid_to__isnull=True)
    division = divisions.order_by("-valid_from").first()
    if division is None:
        raise ValidationError(MSG_DIVISION_UNKNOWN, code="division_unknown")
    return division


def validate_not_future(value: dt.date, *, today: dt.date | None = None) -> dt.date:
    if value > (today or timezone.localdate()):
        raise ValidationError(MSG_DATE_FUTURE, code="date_future")
    return value


def validate_plausible_date(value: dt.date, *, today: dt.date | None = None,
                            past: bool = False) -> dt.date:
    """Refuse a date before 1900 or, with `past` (a birth, an event that happened), after
    today; any date more than a century ahead is refused too."""
    today = today or timezone.localdate()
    if value < EARLIEST_DATE:
        raise ValidationError(MSG_DATE_TOO_EARLY, code="date_too_early")
    if past and value > today:
        raise ValidationError(MSG_DATE_FUTURE, code="date_future")
    if value.year > today.year + LATEST_YEARS_AHEAD:
        raise ValidationError(MSG_DATE_TOO_LATE, code="date_too_late")
    return value


def date_range_errors(values: dict[str, dt.date | None], *, today: dt.date | None = None,
                      past: frozenset[str] | set[str] = frozenset()) -> dict[str, list]:
    """`validate_plausible_date` over several fields: {field: [messages]} of the refused."""
    errors: dict[str, list] = {}
    for field, value in values.items():
        if isinstance(value, dt.date):
            try:
                validate_plausible_date(value, today=today, past=field in past)
            except ValidationError as exc:
                errors[field] = list(exc.messages)
    return errors


def record_date_errors(record: models.Model) -> dict[str, list]:
    """`date_range_errors` over every date field of a record about to be saved: a service
    that validates the whole record (full_clean) refuses an implausible date the same way,
    whichever input brought it."""
    return date_range_errors({
        field.name: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    })


def check_plausible_dates(dates: dict[str, dt.date | None], *,
                          past: frozenset[str] | set[str] = frozenset(),
                          today: dt.date | None = None) -> None:
    """For services: refuse, all at once and by field, every date of `dates` outside the
    plausible range (`past` names the dates of things that happened: not after today).
    Call it before any arithmetic on the dates (a year 9999 plus a week overflows)."""
    errors = date_range_errors(dates, today=today, past=past)
    if errors:
        raise ValidationError(errors)


def validate_date_order(earlier: dt.date | None, later: dt.date | None, *, earlier_label,
                        later_label) -> None:
    """Refuse `later` before `earlier` (both optional: a missing one is not compared)."""
    if earlier is None or later is None:
        return
    if later < earlier:
        raise ValidationError(
            MSG_DATE_ORDER,
            code="date_order",
            params={"earlier": earlier_label, "later": later_label},
        )
