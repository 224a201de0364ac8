"""The pair rollup by year (``PairYearCount``): PairCount's months summed per year.

The relationships index and the network sum every pair's counts over the chosen dates: at
1M, 393k month rows (70-120 ms) where the years hold 114k. sql/derived_v6.sql makes the
yearly recount (derived_v1.sql) and the full rebuild (derived_v5.sql) count them too; the
table is filled once here from the pair rollup, in one statement.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
INSERT INTO engagements_pairyearcount (year, country_a_id, country_b_id, kind, n)
SELECT extract(year FROM month)::int, country_a_id, country_b_id, kind, sum(n) FROM engagements_paircount
GROUP BY 1, 2, 3, 4;
ANALYZE engagements_pairyearcount;
"""

BACKWARD = sql_function("derived_v1.sql", "engagements_rollup_recount_year") + sql_function(
    "derived_v5.sql", "engagements_derived_rebuild"
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0025_pair_facts"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairYearCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.IntegerField(null=True)),
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
                    models.Index(
                        fields=["year", "country_a", "country_b"], include=("kind", "n"), name="pairyearcount_year_idx"
                    ),
                    models.Index(fields=["country_b", "year"], name="pairyearcount_second_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country_a", "country_b", "year", "kind"),
                        include=("n",),
                        name="pairyearcount_unique",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(sql_file("derived_v6.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
