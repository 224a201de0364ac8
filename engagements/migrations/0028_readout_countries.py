"""Each readout's countries beside its publication date (``ReadoutCountry``).

The readouts list filtered by a country and dates joined every readout of the period to its
source and that engagement's countries: 557 / 608 ms cold at 1M for Australia over six
years (the count). sql/summaries_v5.sql writes the rows with the summaries, by their queue;
they are filled here from the readouts on record, in one statement.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
SELECT engagements_readout_country_refresh(NULL);
ANALYZE engagements_readoutcountry;
"""

BACKWARD = (
    sql_function("summaries_v4.sql", "engagements_summary_refresh")
    + "DROP FUNCTION engagements_readout_country_refresh(bigint[]);\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0027_agreement_state_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReadoutCountry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("published_on", models.DateField(null=True)),
                (
                    "country",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="engagements.country",
                    ),
                ),
                (
                    "engagement",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="engagements.engagement",
                    ),
                ),
                (
                    "readout",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="engagements.readout",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["country", "published_on"], include=("readout",), name="readoutcountry_idx"),
                    models.Index(fields=["readout", "country"], name="readoutcountry_readout_idx"),
                ],
            },
        ),
        migrations.RunSQL(sql_file("summaries_v5.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
