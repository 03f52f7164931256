"""Screening campaigns (摸底排查) of the community registry, imported from Excel
(docs/screening.md)."""
