"""The given name's pinyin (李晓花: xiaohua) on every file, for a search by the given name,
and the indexes of the lists sorted by birth or registration date in a province.

The backfill reads the files in id order, 5,000 at a time; a given name met before is not
spelled again. On PostgreSQL each batch is one UPDATE ... FROM (VALUES ...); the indexes
are built after it. Ten million files take some minutes.
"""

from functools import lru_cache

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


BATCH = 5000


def backfill(apps, schema_editor):
    from cwis.children.names import given_name_pinyin

    spell = lru_cache(maxsize=200_000)(given_name_pinyin)
    child_model = apps.get_model("children", "Child")
    table = child_model._meta.db_table
    connection = schema_editor.connection
    last = 0
    while True:
        rows = list(child_model.objects.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "name")[:BATCH])
        if not rows:
            return
        last = rows[-1][0]
        values = [(pk, spell(name)) for pk, name in rows if spell(name)]
        if not values:
            continue
        if connection.vendor == "postgresql":
            placeholders = ", ".join(["(%s, %s)"] * len(values))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET given_pinyin = v.g FROM (VALUES {placeholders}) "  # noqa: S608 - placeholders only
                    f"AS v(id, g) WHERE {table}.id = v.id",
                    [item for pair in values for item in pair])
        else:
            child_model.objects.bulk_update(
                [child_model(pk=pk, given_pinyin=given) for pk, given in values],
                ["given_pinyin"], batch_size=400)


class Migration(migrations.Migration):

    dependencies = [
        ('children', '0012_deadline_community_follow_up'),
        ('core', '0002_job'),
        ('institutions', '0003_registry_layout_transformation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='child',
            name='given_pinyin',
            field=models.CharField(default='', editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name='historicalchild',
            name='given_pinyin',
            field=models.CharField(default='', editable=False, max_length=200),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='child',
            index=models.Index(fields=['given_pinyin'], name='child_given_pinyin', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='child',
            index=models.Index(django.db.models.functions.text.Substr('division_code', 1, 2), models.F('birth_date'), models.F('id'), name='child_birth_order_2'),
        ),
        migrations.AddIndex(
            model_name='child',
            index=models.Index(fields=['registered_on'], name='child_registered_on'),
        ),
        migrations.AddIndex(
            model_name='child',
            index=models.Index(django.db.models.functions.text.Substr('division_code', 1, 2), models.F('registered_on'), models.F('id'), name='child_registered_order_2'),
        ),
    ]
