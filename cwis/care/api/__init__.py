"""/api/v1 care services: a child's care per line (/children/{id}/care/{line}), the records
of the pattern and of each line (/care/...). Every module adds its endpoints to `router`."""

from cwis.care.api import family, lines, pattern  # noqa: F401 - their endpoints join the router
from cwis.care.api.router import router

__all__ = ["router"]
