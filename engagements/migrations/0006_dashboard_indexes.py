"""Indexes for the dashboard: its default sort, and its partner-country aggregates.

The lists order by ``date DESC NULLS LAST, id DESC`` (engagements/filters.py NEWEST), so an
undated engagement does not head the list. The model indexes are ``date DESC`` (nulls
first), which PostgreSQL cannot use for that order: without these, the first page of an
unfiltered list sorts the whole table.

Every partner chart (the map, partners per year, the countries index, the timeline by
partner) counts ``engagementcountry`` rows WHERE is_partner: a partial index on
(country, date) lets those counts read the index alone.

Raw SQL like 0005: the model state is unchanged, so makemigrations stays quiet; the lead may
move them into each model's Meta.indexes.
"""

from django.db import migrations

INDEXES = [
    # Engagement list, default sort (and "oldest first", read backwards).
    ("engagement_newest_idx", "engagements_engagement", "date"),
    # Agreement-event and exercise-mention lists, default sort.
    ("agrevent_newest_idx", "engagements_agreementevent", "date"),
    ("exmention_newest_idx", "engagements_exercisemention", "date"),
    # Readout list, default sort by publication date.
    ("readout_newest_idx", "engagements_readout", "published_on"),
]


PARTNER_INDEX = "engcountry_partner_date_idx"


class Migration(migrations.Migration):
    dependencies = [("engagements", "0005_trigram_search")]
    operations = [
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column} DESC NULLS LAST, id DESC)",
                f"DROP INDEX IF EXISTS {name}",
            )
            for name, table, column in INDEXES
        ),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {PARTNER_INDEX} ON engagements_engagementcountry (country_id, date) "
            "WHERE is_partner",
            f"DROP INDEX IF EXISTS {PARTNER_INDEX}",
        ),
    ]
