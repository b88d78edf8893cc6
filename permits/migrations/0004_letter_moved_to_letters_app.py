"""ClockEvent.letter now points at letters.Letter: the same table, so the column and its
foreign key stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0001_moved_from_compliance'),
        ('permits', '0003_clockevent_letter'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under these names: only Django's state moves.
            state_operations=[
                migrations.AlterField(
                    model_name='clockevent',
                    name='letter',
                    field=models.ForeignKey(blank=True, help_text='The letter that recorded this event, or was linked to it, when it was issued.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='clock_events', to='letters.letter'),
                ),
                migrations.AlterField(
                    model_name='historicalclockevent',
                    name='letter',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='The letter that recorded this event, or was linked to it, when it was issued.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='letters.letter'),
                ),
            ],
            database_operations=[],
        ),
    ]
