# The notices of default and default events move from the loans app to payments, the one
# owner of the note's event log. Only Django's state moves: the tables keep their names
# (loans_defaultnotice, loans_noteevent), their rows and their PostgreSQL append-only
# triggers (loans 0003). loans 0004 then forgets the models on its side.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ('defaultnotice', 'noteevent')


def content_types_to_payments(apps, schema_editor):
    """Keep the content types (and so the permissions given to groups, such as the
    Servicers', and the admin log) of the moved models: relabel them, do not recreate."""
    _relabel(apps, schema_editor, 'loans', 'payments')


def content_types_to_loans(apps, schema_editor):
    _relabel(apps, schema_editor, 'payments', 'loans')


def _relabel(apps, schema_editor, old, new):
    content_type = apps.get_model('contenttypes', 'ContentType')
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not rows.filter(app_label=new, model=model).exists():
            rows.filter(app_label=old, model=model).update(app_label=new)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('loans', '0003_defaultnotice_noteevent'),
        ('payments', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DefaultNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_on', models.DateField()),
                        ('installments', models.JSONField(default=list, help_text='Installment numbers the notice names (all past due if empty).')),
                        ('delivery_method', models.CharField(choices=[('certified_mail', 'Certified mail'), ('registered_mail', 'Registered mail'), ('overnight_courier', 'Overnight courier'), ('hand_delivery', 'Hand delivery'), ('first_class_mail', 'First-class mail'), ('email', 'Email'), ('other', 'Other')], max_length=20)),
                        ('entered_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices_entered', to=settings.AUTH_USER_MODEL)),
                        ('note', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='default_notices', to='loans.note')),
                    ],
                    options={
                        'db_table': 'loans_defaultnotice',
                        'ordering': ['sent_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='NoteEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('bankruptcy_voluntary', 'Voluntary bankruptcy petition'), ('creditors_assignment', 'Assignment for the benefit of creditors'), ('bankruptcy_involuntary', 'Involuntary bankruptcy instituted'), ('bankruptcy_consent', 'Borrower consents to involuntary case'), ('bankruptcy_dismissed', 'Involuntary case dismissed or stayed'), ('judgment', 'Judgment entered'), ('judgment_satisfied', 'Judgment paid, satisfied, discharged, stayed or bonded'), ('borrower_assignment', 'Assignment of the note by the borrower'), ('acceleration', 'Acceleration by the lender'), ('waiver', 'Waiver / rescission by the lender')], max_length=24)),
                        ('date', models.DateField()),
                        ('affiliate', models.BooleanField(default=False, help_text='borrower_assignment: to an affiliate (then no default).')),
                        ('description', models.TextField(blank=True)),
                        ('document', models.FileField(blank=True, upload_to='note-events/')),
                        ('entered_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='note_events_entered', to=settings.AUTH_USER_MODEL)),
                        ('note', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='loans.note')),
                        ('refers_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='payments.noteevent')),
                    ],
                    options={
                        'db_table': 'loans_noteevent',
                        'ordering': ['date', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['bankruptcy_consent', 'bankruptcy_dismissed', 'judgment_satisfied']), ('refers_to__isnull', False)), models.Q(models.Q(('kind__in', ['bankruptcy_consent', 'bankruptcy_dismissed', 'judgment_satisfied']), _negated=True), ('refers_to__isnull', True)), _connector='OR'), name='note_event_refers_to_only_for_follow_ups')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_payments, content_types_to_loans),
    ]
