"""Rewriting encrypted columns under the current keys (`cwis rotate_keys`, and the migration
that switched encryption on).

Every table with an `EncryptedCharField` is read in primary-key order, a batch at a time; a
row is rewritten when one of its values is stored in plain text or under a key that is no
longer the current one, or when its keyed hash was made with an older search key. Each batch
is one transaction, so the command can be stopped and run again: it continues where rows
still need it and leaves the others alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

from cwis.core.crypto import (
    EncryptedCharField,
    KeyedHashField,
    decrypt,
    encrypt,
    field_keys,
    hash_key_id_of,
    key_id_of,
    keyed_hash,
    search_keys,
)


@dataclass
class Rotated:
    table: str
    rows_read: int = 0
    rows_rewritten: int = 0


def _plan(model: type[models.Model]) -> tuple[list[EncryptedCharField], list[KeyedHashField]]:
    fields = model._meta.concrete_fields
    encrypted = [f for f in fields if isinstance(f, EncryptedCharField)]
    hashed = [f for f in fields if isinstance(f, KeyedHashField)]
    by_name = {f.name for f in encrypted}
    for f in hashed:
        if f.source not in by_name:
            raise ValueError(f"{model.__name__}.{f.name}: its source must be an encrypted column")
    return encrypted, hashed


def _rewrite(row: tuple, encrypted: list[EncryptedCharField], hashed: list[KeyedHashField],
             current: str | None, current_search: str) -> tuple | None:
    stored = dict(zip([f.name for f in encrypted], row[1:1 + len(encrypted)], strict=True))
    hashes = row[1 + len(encrypted):]
    if current is not None and all(
            not v or key_id_of(v) == current for v in stored.values()) and all(
            not h or hash_key_id_of(h) == current_search for h in hashes) and all(
            bool(h) == bool(stored[f.source]) for f, h in zip(hashed, hashes, strict=True)):
        return None  # already under the current keys: nothing to open
    plain = {name: decrypt(value or "", purpose=f.purpose)
             for (name, value), f in zip(stored.items(), encrypted, strict=True)}
    if current is None:  # back to plain text (the migration's reverse)
        new_stored, new_hashes = list(plain.values()), [""] * len(hashed)
    else:
        new_stored = [value if not value or key_id_of(value) == current
                      else encrypt(plain[name], purpose=f.purpose)
                      for (name, value), f in zip(stored.items(), encrypted, strict=True)]
        new_hashes = [keyed_hash(plain[f.source], purpose=f.purpose) for f in hashed]
    if new_stored == list(stored.values()) and new_hashes == list(hashes):
        return None
    return (*new_stored, *new_hashes, row[0])


def _writer(table: str, pk: str, columns: list[str]) -> Callable[[Any, list[tuple]], None]:
    """Rows (new values..., pk) written back: on PostgreSQL one UPDATE joined to a VALUES list
    per batch; elsewhere one UPDATE per row."""
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        update = (f"UPDATE {quote(table)} SET "  # noqa: S608
                  f"{', '.join(f'{quote(c)} = %s' for c in columns)} WHERE {quote(pk)} = %s")
        return lambda cursor, rows: cursor.executemany(update, rows)

    names = [f"c{i}" for i in range(len(columns))]
    one = "(" + ", ".join(["%s::text"] * len(columns) + ["%s::bigint"]) + ")"

    def write(cursor, rows: list[tuple]) -> None:
        cursor.execute(
            f"UPDATE {quote(table)} AS t SET "  # noqa: S608
            f"{', '.join(f'{quote(c)} = v.{n}' for c, n in zip(columns, names, strict=True))} "
            f"FROM (VALUES {', '.join([one] * len(rows))}) AS v({', '.join(names)}, pk) "
            f"WHERE t.{quote(pk)} = v.pk",
            [value for row in rows for value in row])
    return write


def rotate_model(model: type[models.Model], *, batch_size: int = 2000,
                 progress: Callable[[Rotated], None] | None = None,
                 to_plain_text: bool = False) -> Rotated:
    encrypted, hashed = _plan(model)
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    result = Rotated(table)
    if not encrypted:
        return result
    columns = [f.column for f in (*encrypted, *hashed)]
    select = (f"SELECT {quote(pk)}, {', '.join(map(quote, columns))} FROM {quote(table)} "  # noqa: S608
              f"WHERE {quote(pk)} > %s ORDER BY {quote(pk)} LIMIT %s")
    write = _writer(table, pk, columns)
    current = None if to_plain_text else field_keys()[0].id
    current_search = search_keys()[0].id
    last = -1
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                break
            changes = [c for c in (_rewrite(r, encrypted, hashed, current, current_search)
                                   for r in rows) if c]
            if changes:
                write(cursor, changes)
        last = rows[-1][0]
        result.rows_read += len(rows)
        result.rows_rewritten += len(changes)
        if progress:
            progress(result)
    return result


def rotate_all(all_models: Iterable[type[models.Model]], **options) -> list[Rotated]:
    """Every table holding an encrypted column, each brought under the current keys."""
    return [rotate_model(m, **options) for m in all_models
            if not m._meta.proxy and m._meta.managed and _plan(m)[0]]
