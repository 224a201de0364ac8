"""Indexes for "oldest first" on the agreement and exercise lists.

Their default sort (newest first, undated last) reads 0006's indexes; read backwards those
give undated rows first, so "oldest first, undated last" sorted the whole table per page.
The engagement and readout lists already have an ascending (date, id) index.
"""

from django.db import migrations

INDEXES = [
    ("agrevent_oldest_idx", "engagements_agreementevent"),
    ("exmention_oldest_idx", "engagements_exercisemention"),
]


class Migration(migrations.Migration):
    dependencies = [("engagements", "0007_rollup")]
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} (date ASC NULLS LAST, id ASC)",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table in INDEXES
    ]
