# The event log refuses TRUNCATE on PostgreSQL: row triggers (0001, 0003, loans 0003)
# do not fire for it.

from django.db import migrations

from loans.append_only import install_truncate_triggers, remove_truncate_triggers

EVENT_TABLES = [
    'payments_payment',
    'payments_paymentreversal',
    'payments_charge',
    'payments_paymentconfirmation',
    'payments_sharetransfer',
    'loans_defaultnotice',
    'loans_noteevent',
]


def refuse_truncate(apps, schema_editor):
    install_truncate_triggers(schema_editor, EVENT_TABLES)


def allow_truncate(apps, schema_editor):
    remove_truncate_triggers(schema_editor, EVENT_TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0003_share_transfer'),
    ]

    operations = [
        migrations.RunPython(refuse_truncate, allow_truncate),
    ]
