"""The round of every page that registers a child (the intake of a child in care, the
community registry, a child registered for a protection case): the service may refuse with
files that may be this child's (`PossibleDuplicateError`); the page then lists them, their
view logged as a duplicate check, for the worker to open one or dismiss them and submit
again."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cwis.children.models import Child
from cwis.children.services import PossibleDuplicateError
from cwis.core.audit import access_log_children
from cwis.core.web import render_form, run_service


def register_page(request: HttpRequest, form, register: Callable[[], Child], *,
                  template: str, done: str, next_url: Callable[[Child], str],
                  context: dict | None = None) -> HttpResponse:
    """Run `register` for a valid form: on success the message `done` and a redirect to
    `next_url(child)`; refused, the form again with every reason and any possible
    duplicates (`candidates` in the template's context)."""
    refused: list[PossibleDuplicateError] = []

    def call() -> Child:
        try:
            return register()
        except PossibleDuplicateError as exc:
            refused.append(exc)
            raise

    if form.is_bound and form.is_valid():
        child = run_service(form, call)
        if child is not None:
            messages.success(request, done)
            return redirect(next_url(child))
    candidates = refused[0].candidates if refused else []
    if candidates:
        access_log_children(actor=request.user, children=candidates, request=request,
                            action="duplicate_check")
    return render_form(request, template, form, {**(context or {}), "candidates": candidates})
