"""The proctor console (issue 16, item 4): a test can be paused (`paused_at`, `paused_seconds`), extended by the
proctor (`proctor_minutes`) and ended by the proctor (submit reason "proctor")."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cbt', '0003_drawn_forms'),
    ]

    operations = [
        migrations.AddField(
            model_name='attempt',
            name='paused_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='attempt',
            name='paused_seconds',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='attempt',
            name='proctor_minutes',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='submit_reason',
            field=models.CharField(blank=True, choices=[('candidate', 'Submitted by the candidate'), ('time', 'Time ran out'), ('proctor', 'Ended by the proctor')], max_length=10),
        ),
    ]
