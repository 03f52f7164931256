"""/api/v1/safety: one router, the endpoints split by task (hazards.py)."""

from cwis.safety.api import (  # noqa: F401
    checklists,
    drills,
    hazards,
    incidents,
    organisations,
)
from cwis.safety.api.router import router

__all__ = ["router"]
