"""/api/v1/safety: one router, the endpoints split by task (hazards.py)."""

from cwis.safety.api import hazards  # noqa: F401 - adds its endpoints to the router
from cwis.safety.api.router import router

__all__ = ["router"]
