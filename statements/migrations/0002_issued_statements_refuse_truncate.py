# Issued statements refuse TRUNCATE on PostgreSQL, like the rest of the event log.

from django.db import migrations

from loans.append_only import install_truncate_triggers, remove_truncate_triggers


def refuse_truncate(apps, schema_editor):
    install_truncate_triggers(schema_editor, ["statements_issuedstatement"])


def allow_truncate(apps, schema_editor):
    remove_truncate_triggers(schema_editor, ["statements_issuedstatement"])


class Migration(migrations.Migration):

    dependencies = [
        ('statements', '0001_issued_statement'),
    ]

    operations = [
        migrations.RunPython(refuse_truncate, allow_truncate),
    ]
