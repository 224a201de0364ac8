"""Trigram indexes for name search (people, agreements, exercises), where pg_trgm exists.

The embedded server from pgserver ships without contrib extensions, so this migration adds
the extension and its indexes only when the server offers them; name search falls back to
a sequential ILIKE there, which is fine at a laptop's data sizes.
"""

from django.db import migrations

INDEXES = [
    ("person_name_trgm", "engagements_person", "name"),
    ("agreement_name_trgm", "engagements_agreement", "name"),
    ("exercise_name_trgm", "engagements_exercise", "name"),
]


def trigram_available(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def add_trigram_indexes(apps, schema_editor):
    if not trigram_available(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (upper({column}) gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("engagements", "0004_groups")]
    operations = [migrations.RunPython(add_trigram_indexes, drop_trigram_indexes)]
