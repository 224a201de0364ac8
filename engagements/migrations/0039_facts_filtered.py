"""Each engagement's row of facts also holds its date and every country taking part, and its
countries, partners and topics are indexed (GIN): a filter of countries, regions, topics,
forums, kinds and dates finds and counts its engagements in these rows alone
(``EngagementFilter.facts_condition``). sql/summaries_v7.sql writes the new columns; they are
filled here in one statement, before the indexes are built.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

from engagements.derived.sql_files import sql_file

FILL = """
SELECT engagements_fact_row_refresh(NULL);
ANALYZE engagements_engagementfacts;
"""

# v6's view and functions, whole (the view first goes: its columns change).
BACKWARD = "DROP VIEW engagements_fact_rows;\n" + sql_file("summaries_v6.sql")


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0038_engagement_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagementfacts",
            name="countries",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=3), default=list, size=None
            ),
        ),
        migrations.AddField(
            model_name="engagementfacts",
            name="date",
            field=models.DateField(null=True),
        ),
        migrations.RunSQL(sql_file("summaries_v7.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="engagementfacts",
            index=django.contrib.postgres.indexes.GinIndex(fields=["countries"], name="engagementfacts_countries_gin"),
        ),
        migrations.AddIndex(
            model_name="engagementfacts",
            index=django.contrib.postgres.indexes.GinIndex(fields=["partners"], name="engagementfacts_partners_gin"),
        ),
        migrations.AddIndex(
            model_name="engagementfacts",
            index=django.contrib.postgres.indexes.GinIndex(fields=["topics"], name="engagementfacts_topics_gin"),
        ),
    ]
