"""PostgreSQL only: finer planner statistics on `children_child.division_code`.

With the default (100) the planner estimated a county's `division_code LIKE '360824%'` at
~200 rows when it held 13, and walked the whole list-order index for a filtered county page
(60 ms at national scale instead of 2 ms; benchmarks/RESULTS.md, fix F5).
"""

from django.db import migrations


def _set(target: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            "ALTER TABLE children_child ALTER COLUMN division_code SET STATISTICS %s" % target
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("children", "0002_child_list_order")]

    operations = [migrations.RunPython(_set(1000), _set(-1))]
