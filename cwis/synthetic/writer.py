"""Fast row writing: PostgreSQL COPY (psycopg 3) or bulk_create elsewhere; step markers.

Rows are Django model instances built in memory one batch at a time; the writer takes each
concrete column's database value (`get_db_prep_save`), so defaults and adapters are Django's
own. Primary keys are reserved up front (`reserve_ids`) so child rows and the rows pointing
at them can be written in the same batch without reading anything back.

Progress of a run is kept in a small table of markers (`cwis_synthetic_marker`, created by
the generator itself, outside the migrations: it is bookkeeping of generated data, not part of
the domain). A batch and its marker are written in one transaction, so a run that stops is
resumed by running the same command again.
"""

from collections.abc import Iterable

from django.db import connection, models

from cwis.core.crypto import KeyedHashField

MARKER_TABLE = "cwis_synthetic_marker"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def markers_ensure() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS cwis_synthetic_marker "
            "(key varchar(100) PRIMARY KEY, done_at varchar(40) NOT NULL)"
        )


def marker_done(key: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cwis_synthetic_marker WHERE key = %s", [key])
        return cursor.fetchone() is not None


def marker_set(key: str) -> None:
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cwis_synthetic_marker (key, done_at) VALUES (%s, %s)",
            [key, timezone.now().isoformat()],
        )


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model` (call inside the batch's transaction)."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def assign_ids(model: type[models.Model], objects: list[models.Model]) -> None:
    """Give each unsaved object of `model` a reserved primary key, in order."""
    for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
        obj.pk = pk


def _fields(model: type[models.Model], with_pk: bool) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields
        if with_pk or not f.primary_key
    ]


def _value(field: models.Field, obj: models.Model):
    # A keyed hash is computed from its encrypted column as the row is written (as `save`
    # and `bulk_create` do); other columns are written as they are set.
    return field.pre_save(obj, True) if isinstance(field, KeyedHashField) else getattr(
        obj, field.attname)


def write(model: type[models.Model], objects: Iterable[models.Model], *, with_pk: bool = True
          ) -> int:
    """Insert `objects` (instances of `model`): COPY on PostgreSQL, bulk_create elsewhere."""
    objects = list(objects)
    if not objects:
        return 0
    if not is_postgres():
        model.objects.bulk_create(objects, batch_size=500)
        return len(objects)
    fields = _fields(model, with_pk)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(_value(f, obj), connection) for f in fields])
    return len(objects)


def history_of(model: type[models.Model], obj: models.Model, *, when, reason: str | None = None
               ) -> models.Model:
    """A simple-history '+' (created) row for `obj`, as if it had been saved at `when`."""
    history_model = model.history.model
    values = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if f.attname in {h.attname for h in history_model._meta.concrete_fields}
    }
    return history_model(
        **values, history_date=when, history_type="+", history_change_reason=reason,
        history_user_id=None,
    )


def columns_of(model: type[models.Model], *, with_pk: bool = True) -> list[str]:
    return [f.column for f in _fields(model, with_pk)]


def prepared_defaults(model: type[models.Model], obj: models.Model, *, with_pk: bool = True
                      ) -> list:
    """The database values of `obj`'s columns, in `columns_of` order: a template row that
    the tuple writer copies and changes only where a generated row differs."""
    return [f.get_db_prep_save(getattr(obj, f.attname), connection)
            for f in _fields(model, with_pk)]


def write_rows(table: str, columns: list[str], rows: list[list]) -> int:
    """Insert plain rows (lists of database values) without building model instances: the
    path for millions of rows (COPY on PostgreSQL, executemany elsewhere)."""
    if not rows:
        return 0
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            raw = cursor.cursor
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
                               rows)
    return len(rows)


class TemplateTable:
    """Rows of one model and of its history table, each a copy of a template row (the
    database values of `template`) changed where the generated record differs; written with
    `write_rows`, each with its simple-history "+" row (at `now` and by nobody unless the
    row was added with `history_date` and `history_user`).

    A row that points at a row of another table not written yet names it with `link`: the
    parent table is written first (its ids reserved then) and the link is filled in as this
    table is written, so a batch of parents and children is built without reading back.
    """

    def __init__(self, model: type[models.Model], template: models.Model, now):
        self.model = model
        self.columns = columns_of(model)
        self.template = prepared_defaults(model, template)
        self.at = {c: i for i, c in enumerate(self.columns)}
        history = model.history.model
        own = {f.column for f in history._meta.concrete_fields} - {"history_id"}
        self.history_columns = [c for c in self.columns if c in own] + [
            "history_date", "history_type", "history_change_reason", "history_user_id"]
        self.history_from = [self.at[c] for c in self.columns if c in own]
        self.history_tail = [now, "+", None, None]
        self.rows: list[list] = []
        self.tails: dict[int, list] = {}  # row number: its own history tail
        self.links: list[tuple[list, int, list, int]] = []
        self.reserved = False  # ids given already (a table others point at)

    def add(self, *, history_date=None, history_user=None, **values) -> list:
        row = list(self.template)
        for column, value in values.items():
            row[self.at[column]] = value
        if history_date is not None or history_user is not None:
            self.tails[len(self.rows)] = [history_date or self.history_tail[0], "+", None,
                                          history_user]
        self.rows.append(row)
        return row

    def link(self, row: list, column: str, parent: "TemplateTable", parent_row: list) -> None:
        """`row[column]` is the id of `parent_row` of `parent`, once `parent` is written."""
        self.links.append((row, self.at[column], parent_row, parent.at["id"]))

    def write(self) -> int:
        if not self.reserved:
            for row, pk in zip(self.rows, reserve_ids(self.model, len(self.rows)),
                               strict=True):
                row[self.at["id"]] = pk
        self.reserved = False
        for row, column, parent_row, parent_id in self.links:
            row[column] = parent_row[parent_id]
        write_rows(self.model._meta.db_table, self.columns, self.rows)
        history = [[row[i] for i in self.history_from] + self.tails.get(n, self.history_tail)
                   for n, row in enumerate(self.rows)]
        write_rows(self.model.history.model._meta.db_table, self.history_columns, history)
        written = len(self.rows)
        self.rows, self.tails, self.links = [], {}, []
        return written


# Secondary indexes dropped during a bulk load and rebuilt after it (PostgreSQL): building an
# index once over ten million rows is far faster than updating it row by row. The
# definitions wait in a table of their own, so a run that stops mid-load rebuilds them when
# it is resumed.
INDEX_TABLE = "cwis_synthetic_indexdef"


def indexes_drop(tables: list[str]) -> int:
    if not is_postgres():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {INDEX_TABLE} "
                       "(name varchar(200) PRIMARY KEY, definition text NOT NULL)")
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        found = cursor.fetchall()
        for name, definition in found:
            cursor.execute(f"INSERT INTO {INDEX_TABLE} (name, definition) VALUES (%s, %s) "  # noqa: S608
                           "ON CONFLICT (name) DO NOTHING", [name, definition])
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return len(found)


def indexes_restore(out=None) -> int:
    if not is_postgres():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [INDEX_TABLE])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"SELECT name, definition FROM {INDEX_TABLE} ORDER BY name")  # noqa: S608
        saved = cursor.fetchall()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in saved:
            if out:
                out(f"index        {name}\n")
            definition = definition.replace("INDEX ", "INDEX IF NOT EXISTS ", 1)
            cursor.execute(definition)
            cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE name = %s", [name])  # noqa: S608
    return len(saved)
