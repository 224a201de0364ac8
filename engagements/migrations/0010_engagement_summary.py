"""Per-engagement report text (EngagementSummary), kept in step by triggers.

Why triggers: facts are written by the ingest, the admin's inlines, the synthetic loader and
the tests' factories; a summary that one of them forgot would make an export silently
wrong. The database sees every write, so it keeps the summaries, in the writer's own
transaction.

- ``engagements_summary_refresh(ids)``: recompute the summaries of these engagements (all of
  them when ``ids`` is NULL, by one aggregate per fact table rather than one per engagement).
- Statement-level triggers on the five fact tables (with transition tables: one refresh per
  statement, not per row). A bulk writer may defer them for its transaction with
  ``set_config('engagements.defer_summaries', 'on', true)`` and refresh what it wrote.
- Renames of people, agreements, exercises, topics and countries refresh the engagements
  that show the old name; an engagement's delete removes its summary.
- ``engagements_csv_cell(text)``: a spreadsheet formula trigger neutralised, as
  ``engagements.exports.neutralise`` does in Python, for exports that PostgreSQL writes.
"""

import django.db.models.deletion
from django.db import migrations, models

from engagements.derived.sql_files import sql_file

FACT_TABLES = [
    "engagements_engagementcountry",
    "engagements_participation",
    "engagements_engagementtopic",
    "engagements_agreementevent",
    "engagements_exercisemention",
]

# table, its key, the fact table that points at it, the pointing column, the columns shown
NAMED = [
    ("engagements_person", "id", "engagements_participation", "person_id", "name,country_id"),
    ("engagements_agreement", "id", "engagements_agreementevent", "agreement_id", "name"),
    ("engagements_exercise", "id", "engagements_exercisemention", "exercise_id", "name"),
    ("engagements_topic", "id", "engagements_engagementtopic", "topic_id", "label"),
    ("engagements_country", "code", "engagements_engagementcountry", "country_id", "name"),
]


def _drop() -> str:
    statements = [f"DROP TRIGGER summary_{e} ON {t};" for t in FACT_TABLES for e in ("insert", "update", "delete")]
    statements += [f"DROP TRIGGER summary_rename ON {table};" for table, *_ in NAMED]
    statements.append("DROP TRIGGER summary_delete ON engagements_engagement;")
    statements += [
        "DROP FUNCTION engagements_summary_engagements_deleted();",
        "DROP FUNCTION engagements_summary_names_changed();",
        "DROP FUNCTION engagements_summary_facts_changed();",
        "DROP FUNCTION engagements_summary_refresh(bigint[]);",
        "DROP FUNCTION engagements_csv_cell(text);",
    ]
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0009_rollup_person"),
    ]

    operations = [
        migrations.CreateModel(
            name="EngagementSummary",
            fields=[
                (
                    "engagement",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="summary",
                        serialize=False,
                        to="engagements.engagement",
                    ),
                ),
                ("partner_names", models.TextField(default="")),
                ("partner_codes", models.TextField(default="")),
                ("country_codes", models.TextField(default="")),
                ("participants", models.TextField(default="")),
                ("topics", models.TextField(default="")),
                ("agreements", models.TextField(default="")),
                ("exercises", models.TextField(default="")),
            ],
        ),
        migrations.RunSQL(sql_file("summaries_v1.sql") + sql_file("summary_triggers_v1.sql"), reverse_sql=_drop()),
        # The engagements already stored.
        migrations.RunSQL("SELECT engagements_summary_refresh(NULL);", reverse_sql=migrations.RunSQL.noop),
    ]
