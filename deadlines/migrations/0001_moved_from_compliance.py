"""Deadlines, reminder rules, deliveries and roll-ups (and their history) move here from the
compliance app; their tables keep their names."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("compliance", "0011_weekly_rollup"),
        ('accounts', '0004_invitation'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under these names: only Django's state moves.
            state_operations=[
                migrations.CreateModel(
                    name='ReminderRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('filing', 'License filing or report'), ('payment', 'License payment'), ('insurance', 'Insurance certificate'), ('bond', 'Performance bond'), ('build_out', 'Build-out milestone'), ('renewal', 'License renewal calendar'), ('shot_clock', 'Small-cell shot clock'), ('permit_build_by', 'Permit build-by date'), ('permit_expiry', 'Permit expiry'), ('other', 'Other')], max_length=20, unique=True)),
                        ('offsets', models.JSONField(default=list, help_text='Days before the due date (0 = the due day), e.g. [30, 14, 7, 1, 0].')),
                        ('overdue_daily_days', models.PositiveSmallIntegerField(default=7, help_text='After the due date, remind every day for this many days (0: none).', verbose_name='daily overdue reminders')),
                        ('overdue_every_days', models.PositiveSmallIntegerField(default=7, help_text='After the daily ones, one more reminder N days later, escalated (0: none). Then the deadline is in the weekly Still overdue list instead.', verbose_name='then once more after')),
                        ('escalate_to', models.CharField(blank=True, choices=[('', 'Nobody more'), ('Staff', 'Every Staff user'), ('Legal', 'Every Legal user')], default='Staff', help_text='The repeat after the daily ones, and the weekly Still overdue list, go to this role too.', max_length=20)),
                        ('notify_owner', models.BooleanField(default=True, help_text="The deadline's owner on staff.")),
                        ('notify_staff', models.BooleanField(default=False, help_text='Every Staff user.')),
                        ('notify_legal', models.BooleanField(default=False, help_text='Every Legal user.')),
                        ('notify_provider', models.BooleanField(default=True, help_text="The provider's contacts, for duties the provider must perform.")),
                    ],
                    options={
                        'db_table': 'compliance_reminderrule',
                        'ordering': ['kind'],
                    },
                ),
                migrations.CreateModel(
                    name='Deadline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('filing', 'License filing or report'), ('payment', 'License payment'), ('insurance', 'Insurance certificate'), ('bond', 'Performance bond'), ('build_out', 'Build-out milestone'), ('renewal', 'License renewal calendar'), ('shot_clock', 'Small-cell shot clock'), ('permit_build_by', 'Permit build-by date'), ('permit_expiry', 'Permit expiry'), ('other', 'Other')], max_length=20)),
                        ('title', models.CharField(max_length=300)),
                        ('due_date', models.DateField()),
                        ('state', models.CharField(choices=[('open', 'Open'), ('satisfied', 'Satisfied'), ('waived', 'Waived')], default='open', max_length=10)),
                        ('provider_facing', models.BooleanField(default=False, help_text='The provider must act: its contacts get the reminders too.')),
                        ('citation', models.CharField(blank=True, max_length=300)),
                        ('link', models.CharField(blank=True, help_text="Path of the record's page.", max_length=300)),
                        ('source_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('source_key', models.CharField(blank=True, default='', max_length=60)),
                        ('next_reminder_on', models.DateField(blank=True, null=True)),
                        ('satisfied_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_deadlines', to=settings.AUTH_USER_MODEL)),
                        ('provider', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deadlines', to='accounts.provider')),
                        ('source_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'compliance_deadline',
                        'ordering': ['due_date', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalDeadline',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('filing', 'License filing or report'), ('payment', 'License payment'), ('insurance', 'Insurance certificate'), ('bond', 'Performance bond'), ('build_out', 'Build-out milestone'), ('renewal', 'License renewal calendar'), ('shot_clock', 'Small-cell shot clock'), ('permit_build_by', 'Permit build-by date'), ('permit_expiry', 'Permit expiry'), ('other', 'Other')], max_length=20)),
                        ('title', models.CharField(max_length=300)),
                        ('due_date', models.DateField()),
                        ('state', models.CharField(choices=[('open', 'Open'), ('satisfied', 'Satisfied'), ('waived', 'Waived')], default='open', max_length=10)),
                        ('provider_facing', models.BooleanField(default=False, help_text='The provider must act: its contacts get the reminders too.')),
                        ('citation', models.CharField(blank=True, max_length=300)),
                        ('link', models.CharField(blank=True, help_text="Path of the record's page.", max_length=300)),
                        ('source_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('source_key', models.CharField(blank=True, default='', max_length=60)),
                        ('satisfied_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('provider', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.provider')),
                        ('source_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'historical deadline',
                        'verbose_name_plural': 'historical deadlines',
                        'db_table': 'compliance_historicaldeadline',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReminderRule',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('filing', 'License filing or report'), ('payment', 'License payment'), ('insurance', 'Insurance certificate'), ('bond', 'Performance bond'), ('build_out', 'Build-out milestone'), ('renewal', 'License renewal calendar'), ('shot_clock', 'Small-cell shot clock'), ('permit_build_by', 'Permit build-by date'), ('permit_expiry', 'Permit expiry'), ('other', 'Other')], db_index=True, max_length=20)),
                        ('offsets', models.JSONField(default=list, help_text='Days before the due date (0 = the due day), e.g. [30, 14, 7, 1, 0].')),
                        ('overdue_daily_days', models.PositiveSmallIntegerField(default=7, help_text='After the due date, remind every day for this many days (0: none).', verbose_name='daily overdue reminders')),
                        ('overdue_every_days', models.PositiveSmallIntegerField(default=7, help_text='After the daily ones, one more reminder N days later, escalated (0: none). Then the deadline is in the weekly Still overdue list instead.', verbose_name='then once more after')),
                        ('escalate_to', models.CharField(blank=True, choices=[('', 'Nobody more'), ('Staff', 'Every Staff user'), ('Legal', 'Every Legal user')], default='Staff', help_text='The repeat after the daily ones, and the weekly Still overdue list, go to this role too.', max_length=20)),
                        ('notify_owner', models.BooleanField(default=True, help_text="The deadline's owner on staff.")),
                        ('notify_staff', models.BooleanField(default=False, help_text='Every Staff user.')),
                        ('notify_legal', models.BooleanField(default=False, help_text='Every Legal user.')),
                        ('notify_provider', models.BooleanField(default=True, help_text="The provider's contacts, for duties the provider must perform.")),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical reminder rule',
                        'verbose_name_plural': 'historical reminder rules',
                        'db_table': 'compliance_historicalreminderrule',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ReminderDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('offset', models.SmallIntegerField(help_text='Days before the due date; negative when overdue.')),
                        ('recipient_email', models.EmailField(max_length=254)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed, will retry'), ('cancelled', 'Cancelled: the deadline closed first')], default='pending', max_length=10)),
                        ('claim', models.UUIDField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('cancel_reason', models.CharField(blank=True, max_length=200)),
                        ('message_id', models.CharField(blank=True, help_text='Of the digest that carried it: the same on a re-send after a crash, so mail clients can drop it.', max_length=200, verbose_name='Message-ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('deadline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='deadlines.deadline')),
                        ('recipient_provider', models.ForeignKey(blank=True, help_text="Set when the recipient is one of this provider's people: their digest holds only its deadlines.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.provider')),
                        ('recipient_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'compliance_reminderdelivery',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('week', models.DateField(help_text='The roll-up day (Monday) of the ISO week it belongs to.')),
                        ('recipient_email', models.EmailField(blank=True, max_length=254)),
                        ('provider_key', models.PositiveBigIntegerField(default=0, help_text="The provider's id, or 0 for a City user.")),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed, will retry'), ('cancelled', 'Cancelled: nothing left to list'), ('marker', "The week's roll-up was planned")], default='pending', max_length=10)),
                        ('claim', models.UUIDField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('message_id', models.CharField(blank=True, max_length=200, verbose_name='Message-ID')),
                        ('listed', models.PositiveIntegerField(default=0, help_text='How many long-overdue deadlines it counted when sent.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient_provider', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.provider')),
                        ('recipient_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'compliance_reminderrollup',
                        'ordering': ['-week', 'recipient_email'],
                    },
                ),
                migrations.AddIndex(
                    model_name='deadline',
                    index=models.Index(condition=models.Q(('state', 'open')), fields=['next_reminder_on'], name='deadline_reminder_due_idx'),
                ),
                migrations.AddIndex(
                    model_name='deadline',
                    index=models.Index(fields=['state', 'due_date'], name='deadline_state_due_idx'),
                ),
                migrations.AddIndex(
                    model_name='deadline',
                    index=models.Index(fields=['provider', 'state', 'due_date'], name='deadline_provider_due_idx'),
                ),
                migrations.AddIndex(
                    model_name='deadline',
                    index=models.Index(fields=['owner', 'state', 'due_date'], name='deadline_owner_due_idx'),
                ),
                migrations.AddIndex(
                    model_name='deadline',
                    index=models.Index(condition=models.Q(('state', 'open')), fields=['kind', 'due_date'], name='deadline_open_kind_due_idx'),
                ),
                migrations.AddConstraint(
                    model_name='deadline',
                    constraint=models.UniqueConstraint(fields=('source_type', 'source_id', 'source_key'), name='one_deadline_per_source_and_key'),
                ),
                migrations.AddIndex(
                    model_name='reminderdelivery',
                    index=models.Index(fields=['status', 'recipient_email'], name='delivery_status_idx'),
                ),
                migrations.AddIndex(
                    model_name='reminderdelivery',
                    index=models.Index(fields=['recipient_user', 'read_at'], name='delivery_unread_idx'),
                ),
                migrations.AddConstraint(
                    model_name='reminderdelivery',
                    constraint=models.UniqueConstraint(fields=('deadline', 'offset', 'recipient_email'), name='one_delivery_per_deadline_offset_recipient'),
                ),
                migrations.AddIndex(
                    model_name='reminderrollup',
                    index=models.Index(fields=['status', 'recipient_email'], name='rollup_status_idx'),
                ),
                migrations.AddConstraint(
                    model_name='reminderrollup',
                    constraint=models.UniqueConstraint(fields=('week', 'recipient_email', 'provider_key'), name='one_rollup_per_recipient_and_week'),
                ),
            ],
            database_operations=[],
        ),
    ]
