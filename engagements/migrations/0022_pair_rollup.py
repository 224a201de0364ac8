"""The pair rollup: engagements per pair of countries, month and kind (``PairCount``).

The relationship pages and the network of defence ties read it instead of joining the
engagements' country rows to themselves. sql/derived_v3.sql adds its counting functions and
makes the month's recount (derived_v1.sql) and the full rebuild (derived_v2.sql) count pairs too; the table
is filled once here from the engagements on record, in one statement.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
INSERT INTO engagements_paircount (month, country_a_id, country_b_id, kind, n)
SELECT p.month, p.country_a, p.country_b, p.kind, p.n FROM engagements_pair_counts(NULL, NULL, false, NULL) p;
ANALYZE engagements_paircount;
"""


def _backward() -> str:
    # v1's recount and v2's rebuild again, then the pair functions go.
    return (
        sql_function("derived_v1.sql", "engagements_rollup_recount")
        + sql_function("derived_v2.sql", "engagements_derived_rebuild")
        + "DROP FUNCTION engagements_pair_recount(date, varchar[]);\n"
        + "DROP FUNCTION engagements_pair_counts(date, date, boolean, varchar[]);\n"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0021_api_tokens"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairCount",
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
                ("n", models.PositiveIntegerField()),
                (
                    "country_a",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engagements.country",
                    ),
                ),
                (
                    "country_b",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="engagements.country",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["month", "country_a", "country_b"], include=("kind", "n"), name="paircount_month_idx"
                    ),
                    models.Index(fields=["country_b", "country_a", "month"], name="paircount_second_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country_a", "country_b", "month", "kind"),
                        name="paircount_unique",
                        nulls_distinct=False,
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("country_a__lt", models.F("country_b"))), name="paircount_sorted"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["meeting", "call", "visit", "dialogue", "signing", "multilateral", "other"])
                        ),
                        name="paircount_kind_valid",
                    ),
                ],
            },
        ),
        migrations.RunSQL(sql_file("derived_v3.sql"), reverse_sql=_backward()),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
