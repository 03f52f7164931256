import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from cwis.core import selectors, services, validators

router = Router(tags=["divisions"])


class DivisionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = None

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


@router.get("/divisions", response=list[DivisionOut])
def division_list(request: HttpRequest, parent: str | None = None):
    """Children of division `parent`; without it, the provinces."""
    return list(selectors.division_children(parent_code=parent).select_related("parent"))


class DivisionIn(Schema):
    code: str
    name: str
    parent_code: str


@router.post("/divisions", response={201: DivisionOut})
def division_create(request: HttpRequest, payload: DivisionIn):
    """Add a township (9 digits) under a county or a village (12) under a township."""
    division = services.division_create(
        actor=request.auth, code=payload.code, name=payload.name,
        parent_code=payload.parent_code,
    )
    return Status(201, division)


class CitizenIdOut(Schema):
    number: str
    birth_date: dt.date
    sex: str


@router.get("/validate/citizen-id", response=CitizenIdOut)
def citizen_id_check(request: HttpRequest, number: str):
    """Check a citizen ID number (GB 11643): 200 with what it encodes, or 422 with the reason."""
    try:
        normalised = validators.validate_citizen_id(number)
    except ValidationError as exc:
        raise ValidationError({"number": exc.messages}) from exc
    return {
        "number": normalised,
        "birth_date": validators.citizen_id_birth_date(normalised),
        "sex": validators.citizen_id_sex(normalised),
    }
