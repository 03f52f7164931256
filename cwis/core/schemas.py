"""API schemas shared by every app: the version a client read, and the error body."""

from ninja import Schema


class VersionIn(Schema):
    version: int


class ErrorItemOut(Schema):
    """One refused field: where (["body", field] or ["query", name]) and why."""

    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    """Every error answer: `detail` is a message (401, 403, 404, 409), or for 422 the list of
    refused fields."""

    detail: str | list[ErrorItemOut]
