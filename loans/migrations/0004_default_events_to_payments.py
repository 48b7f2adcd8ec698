# The other half of payments 0002: the notices of default and default events now belong
# to the payments app (the note's event log). State only: the tables stay as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('loans', '0003_defaultnotice_noteevent'),
        ('payments', '0002_default_events_from_loans'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='NoteEvent'),
                migrations.DeleteModel(name='DefaultNotice'),
            ],
            database_operations=[],
        ),
    ]
