"""The search table: each readout's words beside its engagement's date (search_v1.sql).

The newest matches of a search then come from one narrow table's (date, engagement) index,
or its GIN index for a rare word, instead of walking the engagements newest first and
testing each readout's row. Filled here by one INSERT ... SELECT in date order, before the
indexes are built (faster than maintaining them row by row); the triggers are created
first, in the same transaction, so no write between the two is missed.
"""

import re

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file

FILL = """
INSERT INTO engagements_searchentry (readout_id, engagement_id, date, search)
SELECT r.id, e.id, e.date, r.search
FROM engagements_readout r LEFT JOIN engagements_engagement e ON e.readout_id = r.id
ORDER BY e.date DESC NULLS LAST, e.id DESC NULLS LAST, r.id DESC;
"""

DROPS = """
DROP TRIGGER search_added ON engagements_readout;
DROP TRIGGER search_reworded ON engagements_readout;
DROP TRIGGER search_engagement_added ON engagements_engagement;
DROP TRIGGER search_engagement_moved ON engagements_engagement;
DROP TRIGGER search_engagement_deleted ON engagements_engagement;
DROP FUNCTION engagements_search_readout_added();
DROP FUNCTION engagements_search_readout_reworded();
DROP FUNCTION engagements_search_engagement_written();
"""


def _old_rebuild() -> str:
    """0017's rebuild, as derived_v1.sql defines it (it calls no search fill)."""
    match = re.search(
        r"CREATE OR REPLACE FUNCTION engagements_derived_rebuild\(\).*?\n\$fn\$;", sql_file("derived_v1.sql"), re.S
    )
    return match.group(0)


def _backward() -> str:
    return DROPS + _old_rebuild() + "\nDROP FUNCTION engagements_search_fill();"


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0018_feeds"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "readout",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="engagements.readout",
                    ),
                ),
                ("date", models.DateField(null=True)),
                ("search", django.contrib.postgres.search.SearchVectorField()),
                (
                    "engagement",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="search_entries",
                        to="engagements.engagement",
                    ),
                ),
            ],
            options={"verbose_name_plural": "search entries"},
        ),
        migrations.RunSQL(sql_file("search_v1.sql") + sql_file("derived_v2.sql"), reverse_sql=_backward()),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        # Memory to sort the index entries in (this transaction only): the GIN index builds
        # in a fraction of the time.
        migrations.RunSQL("SET LOCAL maintenance_work_mem = '512MB';", reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="searchentry_search_gin"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("engagement_id"), descending=True),
                name="searchentry_newest_idx",
            ),
        ),
        migrations.RunSQL("ANALYZE engagements_searchentry;", reverse_sql=migrations.RunSQL.noop),
    ]
