"""The pair facts rollup: per pair of countries, month and kind, its engagements' topics,
exercises, people and publishers (``PairFactCount``).

A relationship's page reads it instead of counting a busy pair's facts from the base tables
(1-4 s cold at 1M for the busiest pairs). sql/derived_v5.sql adds its counting function,
makes the pair recount (derived_v3.sql) and the full rebuild count the facts too, and has a
source's writes and a readout's new publisher queue the months they change; the table is
filled once here from the engagements on record, in one statement.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
INSERT INTO engagements_pairfactcount (month, country_a_id, country_b_id, kind, dimension, value, n)
SELECT f.month, f.country_a, f.country_b, f.kind, f.dimension, f.value, f.n
FROM engagements_pair_fact_counts(NULL, NULL, false, NULL) f
ORDER BY f.country_a, f.country_b, f.dimension, f.month, f.kind, f.value;
ANALYZE engagements_pairfactcount;
"""


def _backward() -> str:
    # v3's pair recount and rebuild, v4's queueing of sources and readouts, then the new function goes.
    return (
        sql_function("derived_v3.sql", "engagements_pair_recount")
        + sql_function("derived_v3.sql", "engagements_derived_rebuild")
        + sql_function("derived_v4.sql", "engagements_sources_written")
        + sql_function("derived_v4.sql", "engagements_readouts_written")
        + "DROP FUNCTION engagements_pair_fact_counts(date, date, boolean, varchar[]);\n"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0024_api_reads"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairFactCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("meeting", "Meeting"),
                            ("call", "Call"),
                            ("visit", "Visit"),
                            ("dialogue", "Dialogue"),
                            ("signing", "Signing"),
                            ("multilateral", "Multilateral"),
                            ("other", "Other"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("topic", "Topic"),
                            ("exercise", "Exercise"),
                            ("person", "Person"),
                            ("publisher", "Publisher"),
                        ],
                        max_length=10,
                    ),
                ),
                ("value", models.CharField(max_length=80)),
                ("n", models.PositiveIntegerField()),
                (
                    "country_a",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engagements.country",
                    ),
                ),
                (
                    "country_b",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engagements.country",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["month", "country_a"], name="pairfactcount_month_idx"),
                    models.Index(fields=["country_b", "month"], name="pairfactcount_second_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country_a", "country_b", "dimension", "month", "kind", "value"),
                        include=("n",),
                        name="pairfactcount_unique",
                        nulls_distinct=False,
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("country_a__lt", models.F("country_b"))), name="pairfactcount_sorted"
                    ),
                ],
            },
        ),
        migrations.RunSQL(sql_file("derived_v5.sql"), reverse_sql=_backward()),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
