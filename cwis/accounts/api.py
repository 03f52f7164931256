from datetime import datetime

from django.contrib.auth import logout
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from cwis.accounts.services import (
    AuthenticationFailedError,
    api_token_issue,
    api_token_list,
    api_token_revoke,
    password_change,
)
from cwis.accounts.token_cache import token_in_use
from cwis.core.schemas import ErrorOut

router = Router(tags=["accounts"])


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        in_use = token_in_use(raw=token)
        if in_use is None:
            return None
        request.user = in_use.user
        request.api_token = in_use  # the token in use, which sign-out revokes
        return in_use.user


class TokenIn(Schema):
    username: str
    password: str
    # The current code of the authenticator app, or an unused recovery code: needed (and
    # only then) when the account has two-factor sign-in turned on.
    otp_code: str = ""


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


class ApiTokenOut(Schema):
    id: int
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    current: bool  # the token this request came with


class PasswordChangeIn(Schema):
    old_password: str
    new_password: str


@router.post(
    "/auth/token", auth=None,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Exchange a username and password (and, for an account with two-factor sign-in, the
    code as `otp_code`) for a bearer token. 401: wrong credentials or code; 403: the
    password must be changed, or the account must turn on two-factor sign-in, on the web
    first; 429: too many failed attempts, the account or address is locked."""
    try:
        token, raw = api_token_issue(
            username=payload.username, password=payload.password,
            otp_code=payload.otp_code, request=request,
        )
    except AuthenticationFailedError as exc:
        return Status(exc.status, {"detail": str(exc.message)})
    return Status(200, {"token": raw, "expires_at": token.expires_at.isoformat()})


@router.post("/auth/logout", response={204: None})
def sign_out(request: HttpRequest):
    """Sign out: revoke the bearer token this request came with (or end the browser
    session)."""
    token = getattr(request, "api_token", None)
    if token is not None:
        api_token_revoke(actor=request.auth, token_id=token.pk, request=request)
    else:
        logout(request)
    return Status(204, None)


@router.get("/auth/tokens", response=list[ApiTokenOut])
def token_list(request: HttpRequest):
    """The caller's own tokens, newest first, live and past."""
    current = getattr(getattr(request, "api_token", None), "pk", None)
    return [
        {**{f: getattr(t, f) for f in ("id", "prefix", "created_at", "expires_at",
                                       "last_used_at", "revoked_at")},
         "current": t.pk == current}
        for t in api_token_list(actor=request.auth)
    ]


@router.post("/auth/tokens/{token_id}/revoke", response={204: None, 404: ErrorOut})
def token_revoke(request: HttpRequest, token_id: int):
    """Revoke one of the caller's own tokens (another user's token: 404)."""
    api_token_revoke(actor=request.auth, token_id=token_id, request=request)
    return Status(204, None)


@router.post("/auth/password", response={204: None})
def password_set(request: HttpRequest, payload: PasswordChangeIn):
    """Change the caller's own password (the current one, then a new one that passes the
    password rules). Every token of the caller is revoked, the one in use too: ask for a
    new one with the new password."""
    password_change(actor=request.auth, old_password=payload.old_password,
                    new_password=payload.new_password, request=request)
    return Status(204, None)


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
