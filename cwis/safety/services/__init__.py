"""Every write of the safety module (see docs/safety.md): hazards.py (inspections and hazards
to closure); rules.py (what they share)."""
