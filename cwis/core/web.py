"""The web glue every page uses: one view decorator, one way to run a service for a form.

Views stay thin: parse the form, call one service through `run_service`, render. A refusal
puts its reasons beside the fields (all of them at once) and writes nothing:

    @page(methods=("GET", "POST"))
    def child_edit(request, pk):
        child = selectors.child_get(actor=request.user, child_id=pk)  # 404 out of scope
        form = EditForm(request.POST or None, child=child)
        if form.is_bound and form.is_valid():
            saved = run_service(form, lambda: services.child_update(actor=request.user, ...))
            if saved is not None:
                return redirect(...)
        return render_form(request, "children/edit.html", form, {"child": child})
"""

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.core.permissions import Perm, require
from cwis.core.replicas import replica_aliases, replica_reads

T = TypeVar("T")


def page(view=None, *, perm: Perm | None = None, methods: Iterable[str] = ("GET",),
         replica: bool | Callable[..., bool] = False):
    """The one decorator of page views: signed in (else the sign-in page), the HTTP methods
    allowed, the role's permission when `perm` is given (403), and the errors of selectors
    and services turned into pages: out of scope or missing -> 404, wrong role -> 403.
    `replica` (True, or a test of the user such as `above_county`) marks a page whose reads
    tolerate a few seconds of lag: they may go to a read replica (cwis.core.replicas).

    Use as `@page` or `@page(perm=Perm.CHILD_VIEW, methods=("GET", "POST"))`.
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            lag_ok = bool(replica) and bool(replica_aliases()) and (
                replica(request.user) if callable(replica) else True)
            try:
                if perm is not None:
                    require(request.user, perm)
                with replica_reads(enabled=lag_ok):
                    return func(request, *args, **kwargs)
            except NotFoundError as exc:
                raise Http404 from exc
            except PermissionDeniedError as exc:
                raise PermissionDenied(str(exc.message)) from exc

        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate(view) if view is not None else decorate


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call a service for a valid form. On refusal put every reason beside its field (a
    stale version and reasons without a field go at the top of the form) and return None.

    NotFoundError and PermissionDeniedError pass through to `page` (404 / 403).
    """
    try:
        return call()
    except StaleVersionError as exc:
        form.add_error(None, str(exc.message))
    except ValidationError as exc:
        form_add_service_errors(form, exc)
    return None


def form_add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside the field it names. A
    field the form does not show is named at the top of the form, by the label the form
    gives it in `service_labels` ({field: label})."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    labels = getattr(form, "service_labels", {})
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field in labels:
            form.add_error(None, [f"{labels[field]}: {message}"
                                  for message in ValidationError(errors).messages])
        else:
            form.add_error(None, errors)


def render_form(request: HttpRequest, template: str, form: forms.Form,
                context: dict | None = None) -> HttpResponse:
    """Render a page with a form: 422 when a submitted form was refused, else 200."""
    status = 422 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)

