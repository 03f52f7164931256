"""Pages of care services (split by task)."""
