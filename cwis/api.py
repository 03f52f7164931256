"""The HTTP API under /api/v1/ (django-ninja). Session auth for the browser, bearer tokens
for programs. Service errors map to one response shape: 404 for anything not found or out
of jurisdiction, 403 for a role that may not act, 409 for a stale version, 422 for bad
input with the field and the reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import django_auth

from cwis.accounts.api import BearerTokenAuth
from cwis.accounts.api import router as accounts_router
from cwis.care.api import router as care_router
from cwis.children.api import router as children_router
from cwis.core.api import router as core_router
from cwis.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    error_items,
)
from cwis.core.input import TextParser
from cwis.core.jobs.api import router as jobs_router
from cwis.core.openapi import document_errors
from cwis.institutions.api import router as institutions_router
from cwis.oversight.api import router as oversight_router
from cwis.partners.api import router as partners_router
from cwis.protection.api import router as protection_router
from cwis.protection.api_cases import router as protection_cases_router
from cwis.protection.api_casework import router as protection_casework_router
from cwis.protection.api_county_work import router as protection_work_router
from cwis.protection.api_registry import router as protection_registry_router
from cwis.safety.api import router as safety_router
from cwis.screening.api import router as screening_router
from cwis.transfers.api import router as transfers_router


class CwisAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs))


api = CwisAPI(
    title="CWIS API",
    version="1",
    description="儿童福利信息系统 — child welfare information system",
    auth=[BearerTokenAuth(), django_auth],
    urls_namespace="api",
    parser=TextParser(),  # refuses control characters in query, form and JSON input (422)
)


@api.exception_handler(NotFoundError)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDeniedError)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc.message)}, status=403)


@api.exception_handler(StaleVersionError)
def stale_version(request, exc):
    return api.create_response(request, {"detail": str(exc.message)}, status=409)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors = error_items(exc)
    return api.create_response(
        request,
        {"detail": [{"loc": ["body", e["field"]], "msg": e["message"]} for e in errors]},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Sign in or send a valid bearer token.")}, status=401
    )


api.add_router("", core_router)
api.add_router("", accounts_router)
api.add_router("", institutions_router)
api.add_router("", children_router)
api.add_router("", oversight_router)
api.add_router("", transfers_router)
api.add_router("", protection_router)
api.add_router("", protection_cases_router)
api.add_router("", protection_casework_router)
api.add_router("", protection_work_router)
api.add_router("", protection_registry_router)
api.add_router("", care_router)
api.add_router("", safety_router)
api.add_router("", partners_router)
api.add_router("", screening_router)
api.add_router("", jobs_router)
