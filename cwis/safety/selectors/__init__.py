"""Reads of the safety module, every one scoped (cwis.core.scoping) on the institution the
record belongs to: institution staff their own institution's, the offices their
jurisdiction's. Inspections and hazards: hazards.py."""
