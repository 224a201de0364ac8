"""The pair facts' topics by year (``PairTopicYearCount``): PairFactCount's topic months
summed per year.

A relationship page's topics by year summed a busy pair's month rows: JPN-USA at 1M has
38,541, 16 ms; its years hold about 3,000. sql/derived_v7.sql makes the yearly recount and
the full rebuild count them too; the table is filled once here from the pair facts.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
INSERT INTO engagements_pairtopicyearcount (year, country_a_id, country_b_id, kind, topic, n)
SELECT extract(year FROM month)::int, country_a_id, country_b_id, kind, value, sum(n)
FROM engagements_pairfactcount WHERE dimension = 'topic'
GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 3, 1, 4, 5;
ANALYZE engagements_pairtopicyearcount;
"""

BACKWARD = sql_function("derived_v6.sql", "engagements_rollup_recount_year") + sql_function(
    "derived_v6.sql", "engagements_derived_rebuild"
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0029_pair_topic_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairTopicYearCount",
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
                ("topic", models.CharField(max_length=80)),
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country_a", "country_b", "year", "kind", "topic"),
                        include=("n",),
                        name="pairtopicyearcount_unique",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
        migrations.RunSQL(sql_file("derived_v7.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
