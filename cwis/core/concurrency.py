"""Optimistic version checks for edits, row locks for state changes (DESIGN.md rule 4)."""

from typing import TypeVar

from django.db import models

from cwis.core.errors import StaleVersionError

M = TypeVar("M", bound=models.Model)


def lock_for_update(model: type[M], pk: int) -> M:
    """Lock the row until the surrounding transaction ends; the caller has checked scope."""
    return model._default_manager.select_for_update().get(pk=pk)


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Refuse when the client saw an older version than the locked row now has."""
    if expected_version is None or int(expected_version) != instance.version:
        raise StaleVersionError()


def bump_version(instance: models.Model, actor) -> None:
    instance.version += 1
    instance.updated_by = actor
