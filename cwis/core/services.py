import csv
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.core.divisions import division_names_forget
from cwis.core.errors import field_error
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope
from cwis.core.validators import validate_division_code

if TYPE_CHECKING:
    from cwis.accounts.models import User

DIVISIONS_CSV = Path(__file__).parent / "data" / "divisions.csv"

MSG_CODE_EXISTS = _("A valid division with this code already exists.")
MSG_CODE_NOT_UNDER_PARENT = _("The code must begin with the parent's code.")
MSG_PARENT_LEVEL = _("Townships go under a county and villages under a township.")
MSG_NAME_REQUIRED = _("Enter the division's name.")
MSG_OUTSIDE_JURISDICTION = _("This division is outside your jurisdiction.")

_CHILD_LEVEL = {
    DivisionLevel.COUNTY: (DivisionLevel.TOWNSHIP, 9),
    DivisionLevel.TOWNSHIP: (DivisionLevel.VILLAGE, 12),
}


def divisions_load(*, path: Path = DIVISIONS_CSV) -> int:
    """Load the GB/T 2260 table; idempotent (existing codes are left as they are)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    existing = set(Division.objects.filter(valid_to__isnull=True).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        by_code = {d.code: d for d in Division.objects.filter(valid_to__isnull=True)}
        for level in (DivisionLevel.PROVINCE, DivisionLevel.PREFECTURE, DivisionLevel.COUNTY):
            new = [
                Division(
                    code=row["code"],
                    name=row["name"],
                    level=level,
                    parent=by_code.get(row["parent"]),
                )
                for row in rows
                if row["level"] == level and row["code"] not in existing
            ]
            Division.objects.bulk_create(new, batch_size=1000)
            created += len(new)
            by_code.update(
                {d.code: d for d in Division.objects.filter(level=level, valid_to__isnull=True)}
            )
    division_names_forget()
    return created


@transaction.atomic
def division_create(*, actor: "User", code: str, name: str, parent_code: str) -> Division:
    """Add a township (9 digits) under a county, or a village (12) under a township."""
    require(actor, Perm.DIVISION_MANAGE)
    try:
        parent = validate_division_code(parent_code)
    except ValidationError as exc:
        raise ValidationError({"parent_code": exc.messages}) from exc
    if not division_in_scope(actor, parent.code):
        raise field_error("parent_code", MSG_OUTSIDE_JURISDICTION)
    if parent.level not in _CHILD_LEVEL:
        raise field_error("parent_code", MSG_PARENT_LEVEL)
    level, length = _CHILD_LEVEL[parent.level]
    code = (code or "").strip()
    if not code.isdigit() or len(code) != length or not code.startswith(parent.code):
        raise field_error("code", MSG_CODE_NOT_UNDER_PARENT)
    if not (name or "").strip():
        raise field_error("name", MSG_NAME_REQUIRED)
    if Division.objects.filter(code=code, valid_to__isnull=True).exists():
        raise field_error("code", MSG_CODE_EXISTS)
    division = Division(code=code, name=name.strip(), level=level, parent=parent)
    division.full_clean()
    division.save()
    division_names_forget()
    return division
