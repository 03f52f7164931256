"""CWIS benchmarks: run with `uv run cwis bench` against a generated database (see README)."""
