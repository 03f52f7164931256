from django.db import migrations

from cwis.core.key_rotation import rotate_model

# Encrypts the ID numbers and telephones already stored (and their history), and fills the
# keyed hash; at national scale `cwis rotate_keys` does the same work in resumable batches.


def encrypt_rows(apps, schema_editor):
    for name in ("Child", "HistoricalChild"):
        rotate_model(apps.get_model("children", name))


def decrypt_rows(apps, schema_editor):
    for name in ("Child", "HistoricalChild"):
        rotate_model(apps.get_model("children", name), to_plain_text=True)


class Migration(migrations.Migration):

    dependencies = [
        ("children", "0009_encrypt_id_numbers_and_phones"),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
