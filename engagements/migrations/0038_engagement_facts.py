"""Each engagement's facts in one row (``EngagementFacts``).

A filter no rollup answers counted its listed engagements' facts by probing four fact tables
for each: at 1M, 550 ms for the 85,169 matches of "maritime security". sql/summaries_v6.sql
writes the rows with the summaries, by their queue; they are filled here in one statement.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
SELECT engagements_fact_row_refresh(NULL);
ANALYZE engagements_engagementfacts;
"""

BACKWARD = (
    sql_function("summaries_v5.sql", "engagements_summary_refresh")
    + "DROP FUNCTION engagements_fact_row_refresh(bigint[]);\n"
    + "DROP VIEW engagements_fact_rows;\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0037_rollup_counts_in_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="EngagementFacts",
            fields=[
                (
                    "engagement",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="engagements.engagement",
                    ),
                ),
                ("month", models.DateField(null=True)),
                ("kind", models.CharField(max_length=12)),
                (
                    "partners",
                    django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), size=None),
                ),
                ("topics", django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)),
                (
                    "actions",
                    django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=12), size=None),
                ),
                (
                    "exercises",
                    django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None),
                ),
                (
                    "forum",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="engagements.forum",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(sql_file("summaries_v6.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
