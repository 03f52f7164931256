"""Helpers for page views: turn service errors into what a person sees.

Views stay thin: parse the form, call one service through `run_service`, render. A refusal
puts its reason beside the field (or at the top of the page) and writes nothing.
"""

import functools
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError

T = TypeVar("T")


def run_service(request, call: Callable[[], T], *, form=None) -> tuple[T | None, bool]:
    """Call a service. On refusal show the reason and return (None, False)."""
    try:
        return call(), True
    except ValidationError as exc:
        _show_errors(request, exc, form)
    except StaleVersionError as exc:
        messages.error(request, exc.message)
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except NotFoundError as exc:
        raise Http404 from exc
    return None, False


def _show_errors(request, exc: ValidationError, form) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
        return
    for field, field_messages in exc.message_dict.items():
        for message in field_messages:
            if form is not None and (field in form.fields or field == "__all__"):
                form.add_error(None if field == "__all__" else field, message)
            else:
                messages.error(request, message)


def not_found_as_404(view):
    """Let a view call selectors freely: NotFoundError becomes a 404 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404 from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc.message)) from exc

    return wrapper
