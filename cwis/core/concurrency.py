"""Optimistic version checks for edits (DESIGN.md rule 4). The row is locked first, in scope,
by `cwis.core.scoping.get_scoped(..., for_update=True)`."""

from django.db import models

from cwis.core.errors import StaleVersionError


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Refuse when the client saw an older version than the locked row now has."""
    if expected_version is None or int(expected_version) != instance.version:
        raise StaleVersionError()


def bump_version(instance: models.Model, actor) -> None:
    instance.version += 1
    instance.updated_by = actor
