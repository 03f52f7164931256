"""/api/v1/safety: one router, the endpoints split by task (hazards.py)."""

from cwis.safety.api import drills, hazards  # noqa: F401 - add their endpoints
from cwis.safety.api.router import router

__all__ = ["router"]
