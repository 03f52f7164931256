"""/api/v1/safety: one router, the endpoints split by task (hazards.py)."""

from cwis.safety.api import drills, hazards, incidents  # noqa: F401 - add endpoints
from cwis.safety.api.router import router

__all__ = ["router"]
