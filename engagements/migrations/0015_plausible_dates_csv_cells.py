"""Dates within the plausibility window (engagements.models.dates): field validators, and a
CHECK of the outer bound on engagement and publication dates. And the CSV cell neutraliser
of the COPY export, kept in step with engagements.dashboard.exports.neutralise: a trigger after a byte
order mark or zero-width characters, and the full-width triggers, are neutralised too."""

import datetime

from django.db import migrations, models

import engagements.models.dates
from engagements.derived.sql_files import sql_file

CSV_CELL_BEFORE = r"""
CREATE OR REPLACE FUNCTION engagements_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN left(value, 1) IN ('=', '+', '-', '@', E'\t', E'\r', E'\n')
                THEN '''' || value ELSE value END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0014_indexes_in_meta"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreementevent",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="engagement",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="engagementcountry",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="engagementtopic",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="exercisemention",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="date",
            field=models.DateField(
                blank=True, null=True, validators=[engagements.models.dates.validate_plausible_date]
            ),
        ),
        migrations.AlterField(
            model_name="readout",
            name="published_on",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[engagements.models.dates.validate_plausible_date],
                verbose_name="published",
            ),
        ),
        migrations.AddConstraint(
            model_name="engagement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date__isnull", True),
                    models.Q(("date__gte", datetime.date(1946, 1, 1)), ("date__lte", datetime.date(2100, 12, 31))),
                    _connector="OR",
                ),
                name="engagement_date_plausible",
            ),
        ),
        migrations.AddConstraint(
            model_name="readout",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_on__isnull", True),
                    models.Q(
                        ("published_on__gte", datetime.date(1946, 1, 1)),
                        ("published_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="readout_published_plausible",
            ),
        ),
        migrations.RunSQL(sql_file("summaries_v3.sql"), CSV_CELL_BEFORE),
    ]
