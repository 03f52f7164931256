from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("children", "0010_encrypt_existing_rows"),
    ]

    operations = [
        migrations.AddIndex(
            model_name='child',
            index=models.Index(fields=['citizen_id_hash'], name='child_citizen_id_hash'),
        ),
        migrations.AddConstraint(
            model_name='child',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('citizen_id_hash', ''), _negated=True), ('status__in', ['in_care', 'left_care', 'in_community', 'off_register'])), fields=('citizen_id_hash',), name='child_citizen_id_one_live_file'),
        ),
    ]
