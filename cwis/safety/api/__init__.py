"""/api/v1/safety: one router, the endpoints split by task (hazards.py)."""

from cwis.safety.api import drills, hazards, incidents, organisations  # noqa: F401
from cwis.safety.api.router import router

__all__ = ["router"]
