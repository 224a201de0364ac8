"""The readout's title, URL, date and publisher join the engagements' summaries.

A filtered report then reads the engagements and their summaries only: the readouts' table,
with every text and search vector, is the largest in the database, and a cold export spent
most of its time reading it. New triggers: a new engagement gets its summary at once (until
its facts arrive it holds the readout's fields alone), and a change to a readout's title,
URL, date or publisher refreshes its engagement's summary.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file


def _previous() -> str:
    """0010's functions again (its triggers never changed)."""
    return (
        "DROP TRIGGER summary_rename ON engagements_readout;\n"
        "DROP TRIGGER summary_insert ON engagements_engagement;\n"
        "DROP FUNCTION engagements_summary_engagements_added();\n" + sql_file("summaries_v1.sql")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0010_engagement_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagementsummary",
            name="published_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="engagementsummary",
            name="publisher",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="engagements.country",
            ),
        ),
        migrations.AddField(
            model_name="engagementsummary",
            name="title",
            field=models.TextField(default=""),
        ),
        migrations.AddField(
            model_name="engagementsummary",
            name="url",
            field=models.TextField(default=""),
        ),
        migrations.RunSQL(sql_file("summaries_v2.sql"), reverse_sql=_previous()),
        migrations.RunSQL("SELECT engagements_summary_refresh(NULL);", reverse_sql=migrations.RunSQL.noop),
    ]
