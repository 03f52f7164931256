"""PostgreSQL only: a trigram index on the pinyin of the names, for name-fragment search.

A Chinese name fragment (明华) is searched as its pinyin (%minghua%) through this index and
then checked against the name itself (selectors._search): a two-character fragment has no
trigram of its own, its pinyin has several. Needs the pg_trgm extension (contrib, shipped with
PostgreSQL; creating it needs a superuser once, docs/deployment.md). SQLite scans instead.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS child_search_pinyin_trgm ON children_child "
    "USING gin (search_pinyin gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS child_search_pinyin_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("children", "0004_community_registry")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
