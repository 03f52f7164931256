"""The pages for 400, 403 (and a refused form token), 404 and 500: in the site's layout and
the user's language, with a way back, and never Django's debug page (`cwis demo` and
production run with DEBUG off).

The 500 page is rendered without the request's context: the context processors read the
session, the user and the database, any of which may be what failed. If even that fails, a
fixed page in both languages answers.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from cwis.core.errors import MSG_PERMISSION_DENIED

logger = logging.getLogger(__name__)

# The last resort when the 500 template itself cannot be rendered: no template, no
# translation machinery, no static file, both languages.
FALLBACK_500 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    "<title>500 · CWIS</title></head><body>"
    "<h1>系统出错了 · Something went wrong</h1>"
    "<p>请稍后再试；如果问题仍然存在，请联系系统管理员。</p>"
    "<p>Please try again later; if it keeps happening, tell your system administrator.</p>"
    '<p><a href="/">返回首页 · Home page</a></p></body></html>'
)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The services' refusals are written for the user (`PermissionDeniedError`); anything
    # else (Django's own PermissionDenied with no text) gets the general sentence.
    reason = str(exception) if str(exception) else str(MSG_PERMISSION_DENIED)
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its valid security token: most often a page left open past the
    session's end. Django's own page is English only and names the technical reason."""
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The exception's text is not shown: it may name a model or a query.
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render({"plain": True})
    except Exception:  # the page of last resort must not fail in turn
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponseServerError(body)
