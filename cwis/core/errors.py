"""Errors raised by services and selectors; views and the API turn them into responses.

Selectors raise `NotFoundError` both for "no such record" and "outside your jurisdiction"
so that nobody can learn whether a record exists (DESIGN.md rule 1).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MSG_NOT_FOUND = _("Not found.")
MSG_PERMISSION_DENIED = _("Your role does not allow this action.")
MSG_STALE_VERSION = _(
    "Someone else saved this record after you opened it. Reload it, check their changes, "
    "and make yours again."
)


class NotFoundError(Exception):
    """No such record, or not in the actor's jurisdiction: the two are never told apart."""

    def __init__(self, message: str = str(MSG_NOT_FOUND)) -> None:
        super().__init__(message)


class PermissionDeniedError(Exception):
    """The record is in scope but the actor's role may not do this to it."""

    def __init__(self, message=MSG_PERMISSION_DENIED) -> None:
        super().__init__(str(message))
        self.message = message


class StaleVersionError(Exception):
    """The record changed since the client read it (DESIGN.md rule 4)."""

    def __init__(self, message=MSG_STALE_VERSION) -> None:
        super().__init__(str(message))
        self.message = message


def field_error(field: str, message, code: str = "invalid") -> ValidationError:
    """A validation error attached to one input field."""
    return ValidationError({field: ValidationError(message, code=code)})


def error_items(exc: ValidationError) -> list[dict[str, str]]:
    """Flatten a ValidationError into [{"field": ..., "message": ...}], messages translated."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]
