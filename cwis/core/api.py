from django.http import HttpRequest
from ninja import Router, Schema

from cwis.core import selectors

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
