"""/api/v1 care services: a child's care per line (/children/{id}/care/{line}), the records
of the pattern and of each line (/care/...). Every module adds its endpoints to `router`."""

from cwis.care.api import (  # noqa: F401 - their endpoints join the router
    adoption,
    family,
    lines,
    pattern,
)
from cwis.care.api.router import router

__all__ = ["router"]
