"""Background jobs: long work (exports, imports, report prefill) run by `cwis worker`.

Module authors use two names: `cwis.core.jobs.registry.job_kind` to declare what a kind of
job does (in their app's `jobs.py`, found at start-up) and `cwis.core.jobs.services.job_start`
to start one. See docs/development.md, "Writing a job".
"""
