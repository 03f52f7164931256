from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from cwis.accounts.services import AuthenticationFailedError, api_token_issue, api_token_user
from cwis.core.schemas import ErrorOut

router = Router(tags=["accounts"])


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(raw=token)
        if user is not None:
            request.user = user
        return user


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_at: str


class DivisionRef(Schema):
    code: str
    name: str
    level: str


class UserInstitutionRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    scope: str
    division: DivisionRef | None
    institution: UserInstitutionRef | None
    language: str


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: ErrorOut})
def token_create(request: HttpRequest, payload: TokenIn):
    """Exchange a username and password for a bearer token."""
    try:
        token, raw = api_token_issue(
            username=payload.username, password=payload.password, request=request
        )
    except AuthenticationFailedError as exc:
        return Status(401, {"detail": str(exc.message)})
    return Status(200, {"token": raw, "expires_at": token.expires_at.isoformat()})


@router.get("/me", response=MeOut)
def me(request: HttpRequest):
    """The caller's role, jurisdiction and institution."""
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "scope": str(user.scope_kind),
        "division": user.division,
        "institution": user.institution,
        "language": getattr(request, "LANGUAGE_CODE", "zh-hans"),
    }
