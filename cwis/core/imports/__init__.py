"""The import engine: an Excel template per kind of import, a streaming preview that checks
every row, and an idempotent commit in one transaction, both run as background jobs.

An app declares a kind of import in its `imports.py` (see `registry.import_kind`); the
engine does the rest. docs/screening.md ("The import engine") and ADR 0016 say how.
"""
