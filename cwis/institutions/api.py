from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from cwis.institutions import selectors

router = Router(tags=["institutions"])


class InstitutionOut(Schema):
    id: int
    name: str
    uscc: str | None
    level: str
    kind: str
    status: str
    division_code: str
    address: str
    beds: int
    version: int


class InstitutionFilters(Schema):
    level: str | None = None
    kind: str | None = None
    status: str | None = None
    division: str | None = None
    q: str | None = None


@router.get("/institutions", response=list[InstitutionOut])
@paginate(LimitOffsetPagination)
def institution_list(request: HttpRequest, filters: Query[InstitutionFilters]):
    return selectors.institution_list(actor=request.auth, filters=filters.dict())


@router.get("/institutions/{institution_id}", response=InstitutionOut)
def institution_get(request: HttpRequest, institution_id: int):
    return selectors.institution_get(actor=request.auth, institution_id=institution_id)
