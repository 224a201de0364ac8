"""The API's reads at 1M: each engagement's row kept as JSON, and the people list's indexes.

- ``EngagementApiRow``: every engagement's API row, written by the database with its summary
  (sql/summaries_v4.sql) and queued by what it shows (sql/derived_v4.sql: its location, its
  forum's name, an agreement's kind, an exercise's "named", its sources and their readouts,
  beyond what a summary shows); a page of the API reads the stored rows. Filled here from
  the engagements on record, in one statement: about 57 s at 1M (the table: 936 MB).

- ``person_name_idx``: a page of people by name read from its cursor's position on, instead
  of every person kept and sorted to find the page (90-340 ms at 50% down).
- ``participation_latest_idx``: each person's count and last date read from the index alone
  (the person/date index lacks the id the count reads, so each of a page's participations
  was a heap read), and their latest title from their first titled row.

The indexes were built in about 3 s at 1M; the whole migration took 61 s on the bench database.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file, sql_function

FILL = """
SELECT engagements_api_row_refresh(NULL);
ANALYZE engagements_engagementapirow;
"""

# Backward: v2's summary refresh (no API rows) and v1's queueing of engagements and readouts,
# the agreements' and exercises' rename triggers on their names alone, the new ones gone.
BACKWARD_SUMMARIES = (
    sql_function("summaries_v2.sql", "engagements_summary_refresh")
    + """
DROP FUNCTION engagements_api_row_refresh(bigint[]);
DROP FUNCTION engagements_api_rows(bigint[]);
"""
)
BACKWARD_QUEUE = (
    """
DROP TRIGGER derived_insert ON engagements_engagementsource;
DROP TRIGGER derived_update ON engagements_engagementsource;
DROP TRIGGER derived_delete ON engagements_engagementsource;
DROP TRIGGER derived_rename ON engagements_forum;
DROP FUNCTION engagements_sources_written();
DROP FUNCTION engagements_forums_renamed();
DROP TRIGGER derived_rename ON engagements_agreement;
DROP TRIGGER derived_rename ON engagements_exercise;
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_agreement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_agreementevent', 'agreement_id', 'name');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_exercise
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_exercisemention', 'exercise_id', 'name');
"""
    + sql_function("derived_v1.sql", "engagements_engagements_written")
    + sql_function("derived_v1.sql", "engagements_readouts_written")
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0023_search_every_source"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                models.F("person"),
                models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="participation_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "id"], name="person_name_idx"),
        ),
        migrations.CreateModel(
            name="EngagementApiRow",
            fields=[
                (
                    "engagement",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="api_row",
                        serialize=False,
                        to="engagements.engagement",
                    ),
                ),
                ("body", models.TextField()),
            ],
        ),
        migrations.RunSQL(sql_file("summaries_v4.sql"), reverse_sql=BACKWARD_SUMMARIES),
        migrations.RunSQL(sql_file("derived_v4.sql"), reverse_sql=BACKWARD_QUEUE),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
