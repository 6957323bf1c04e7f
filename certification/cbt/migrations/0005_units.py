# Per-unit quotas of a blueprint (docs/cbt.md). Numbered 0004: the integrator chains it after 0003.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cbt', '0004_proctoring'),
        ('competency', '0002_selfassessment_units'),
    ]

    operations = [
        migrations.CreateModel(
            name='BlueprintUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('items', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(300)], verbose_name='number of items')),
                ('blueprint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='unit_quotas', to='cbt.blueprint')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='competency.unit', verbose_name='unit of competency')),
            ],
            options={
                'verbose_name': 'unit quota',
                'verbose_name_plural': 'unit quotas',
                'ordering': ['blueprint', 'unit__order', 'unit_id'],
                'constraints': [models.UniqueConstraint(fields=('blueprint', 'unit'), name='cbt_blueprint_unit_once')],
            },
        ),
    ]
