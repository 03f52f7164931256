"""Text CWIS accepts: no NUL and no other control character, wherever it comes from.

One stored control character would break every export above it (Office files are XML) and
a NUL is refused by PostgreSQL; so they are refused at the door with 422: in every page
form's text fields (`cwis.core.forms.BaseForm`), in the API's query parameters and form
fields (`TextParser`, the API's parser), in the query string of every page and the JSON body
of every API call (`ControlCharacterMiddleware`), and by the services (`check_text`) for
callers that skip those.
Newline, carriage return and tab stay allowed in multi-line text (notes, circumstances).
"""

import json
import re
from collections.abc import Collection, Mapping
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from ninja import Field
from ninja.errors import ValidationError as ApiValidationError
from ninja.parser import Parser

MSG_CONTROL_CHARACTER = _("This text contains a control character (an invisible character); "
                          "remove it and try again.")

# An id the API takes as a parameter: a database bigint (a larger one overflowed SQLite: 500).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]

_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")


def has_control_character(text: str, *, multiline: bool = False) -> bool:
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_SINGLE_LINE
    return bool(pattern.search(text))


class TextValidator:
    """Refuse control characters (newline, carriage return and tab allowed in multi-line)."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_character(value, multiline=self.multiline):
            raise ValidationError(MSG_CONTROL_CHARACTER, code="control_character")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((TextValidator, self.multiline))


def check_text(data: Mapping[str, Any], *, multiline: Collection[str] = ()) -> None:
    """A service's check of the text it is given: every field with a control character is
    refused (fields named in `multiline` may hold newlines and tabs)."""
    errors = {
        field: [ValidationError(MSG_CONTROL_CHARACTER, code="control_character")]
        for field, value in data.items()
        if isinstance(value, str) and has_control_character(value, multiline=field in multiline)
    }
    if errors:
        raise ValidationError(errors)


def _bad_paths(value: Any, path: tuple) -> list[tuple]:
    """Where in a parsed JSON document text holds a control character (keys included)."""
    if isinstance(value, str):
        return [path] if has_control_character(value, multiline=True) else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if isinstance(key, str) and has_control_character(key, multiline=True):
                found.append((*path, key))
            found.extend(_bad_paths(item, (*path, key)))
        return found
    if isinstance(value, list):
        return [bad for index, item in enumerate(value) for bad in _bad_paths(item, (*path, index))]
    return []


def _refuse(paths: list[tuple]) -> ApiValidationError:
    return ApiValidationError([
        {"loc": list(path), "msg": str(MSG_CONTROL_CHARACTER), "type": "control_character"}
        for path in paths
    ])


class TextParser(Parser):
    """The API's parser of query parameters and form fields: the default one, refusing
    control characters with 422. (A JSON body is checked by `ControlCharacterMiddleware`:
    ninja turns any error of the body parser into a 400.)"""

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str],
                        request: HttpRequest) -> dict[str, Any]:
        where = "query" if data is request.GET else "form"
        multiline = where == "form"
        bad = [(where, key) for key, values in data.lists()  # files too: only text is checked
               if has_control_character(key, multiline=multiline)
               or any(isinstance(v, str) and has_control_character(v, multiline=multiline)
                      for v in values)]
        if bad:
            raise _refuse(bad)
        return super().parse_querydict(data, list_fields, request)


class ControlCharacterMiddleware:
    """A page's query parameters (filters, searches) and an API call's JSON body hold no
    control character: 422 (the API's in its JSON shape; its query parameters and form
    fields are checked by `TextParser`)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            bad = _json_body_errors(request)
            if bad:
                return JsonResponse({"detail": _refuse(bad).errors}, status=422)
        elif any(has_control_character(key) or any(has_control_character(v) for v in values)
                 for key, values in request.GET.lists()):
            return HttpResponse(str(MSG_CONTROL_CHARACTER), status=422,
                                content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _json_body_errors(request: HttpRequest) -> list[tuple]:
    if request.content_type != "application/json" or not request.body:
        return []
    try:
        data = json.loads(request.body)
    except ValueError:
        return []  # ninja answers a body it cannot parse
    return _bad_paths(data, ("body",))
