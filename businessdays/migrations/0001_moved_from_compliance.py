"""ClosureDay (and its history) moves here from the compliance app; its tables keep their names."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("compliance", "0011_weekly_rollup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under these names: only Django's state moves.
            state_operations=[
                migrations.CreateModel(
                    name='ClosureDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True)),
                        ('reason', models.CharField(max_length=200)),
                        ('kind', models.CharField(choices=[('legal_holiday', 'Legal holiday declared by the City or the Commonwealth: moves shot-clock dates and license due dates'), ('office_closure', 'Office closure, e.g. a snow emergency: moves license due dates only, never a federal shot clock')], default='office_closure', max_length=20)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'compliance_closureday',
                        'ordering': ['date'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalClosureDay',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(db_index=True)),
                        ('reason', models.CharField(max_length=200)),
                        ('kind', models.CharField(choices=[('legal_holiday', 'Legal holiday declared by the City or the Commonwealth: moves shot-clock dates and license due dates'), ('office_closure', 'Office closure, e.g. a snow emergency: moves license due dates only, never a federal shot clock')], default='office_closure', max_length=20)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical closure day',
                        'verbose_name_plural': 'historical closure days',
                        'db_table': 'compliance_historicalclosureday',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
