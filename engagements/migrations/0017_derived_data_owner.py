"""One owner for derived data: the database (engagements/derived/sql/derived_v1.sql).

Until now four mechanisms kept derived data in step (writers copying dates and partner
flags, per-statement summary triggers, the writers' rollup refresh calls, the rollup's
highest id as the data version), and edits that skipped one left it wrong. The triggers
loaded here own all of it: copied columns as each row is written, summaries, rollup
months and the data version when the writing transaction commits.

The summary triggers of 0010 and 0011 are replaced by the new ones (their refresh
function stays); the existing data is rebuilt once, which also writes the data version.
"""

from django.db import migrations, models

from engagements.derived.sql_files import sql_file

FACT_TABLES = [
    "engagements_engagementcountry",
    "engagements_participation",
    "engagements_engagementtopic",
    "engagements_agreementevent",
    "engagements_exercisemention",
]
NAMED = [
    "engagements_person",
    "engagements_agreement",
    "engagements_exercise",
    "engagements_topic",
    "engagements_country",
]
SHOWN = [*NAMED, "engagements_forum", "engagements_agreement_countries", "engagements_exercise_countries"]

# The triggers and trigger functions of 0010 and 0011; their summary refresh stays.
OLD_SUMMARY_TRIGGERS = "\n".join(
    [
        *(
            f"DROP TRIGGER summary_{event} ON {table};"
            for table in FACT_TABLES
            for event in ("insert", "update", "delete")
        ),
        *(f"DROP TRIGGER summary_rename ON {table};" for table in [*NAMED, "engagements_readout"]),
        "DROP TRIGGER summary_delete ON engagements_engagement;",
        "DROP TRIGGER summary_insert ON engagements_engagement;",
        "DROP FUNCTION engagements_summary_engagements_added();",
        "DROP FUNCTION engagements_summary_engagements_deleted();",
        "DROP FUNCTION engagements_summary_names_changed();",
        "DROP FUNCTION engagements_summary_facts_changed();",
    ]
)

NEW_TRIGGERS = "\n".join(
    [
        "DROP TRIGGER derived_settle ON engagements_pendingsettle;",
        *(f"DROP TRIGGER derived_{e} ON {t};" for t in FACT_TABLES for e in ("copy", "insert", "update", "delete")),
        *(f"DROP TRIGGER derived_{e} ON engagements_engagement;" for e in ("moved", "insert", "update", "delete")),
        *(f"DROP TRIGGER derived_{e} ON engagements_readout;" for e in ("republished", "update", "insert", "delete")),
        *(f"DROP TRIGGER derived_rename ON {table};" for table in NAMED),
        *(f"DROP TRIGGER derived_written ON {table};" for table in SHOWN),
    ]
)
NEW_FUNCTIONS = [
    "engagements_derived_settle_trigger()",
    "engagements_derived_settle()",
    "engagements_derived_rebuild()",
    "engagements_shown_written()",
    "engagements_names_written()",
    "engagements_readouts_written()",
    "engagements_engagements_written()",
    "engagements_facts_written()",
    "engagements_readout_republished()",
    "engagements_engagement_moved()",
    "engagements_fact_copy()",
    "engagements_derived_queue(bigint[], date[], varchar[])",
    "engagements_derived_mark()",
    "engagements_derived_bulk()",
    "engagements_rollup_recount_year(int, varchar[])",
    "engagements_rollup_recount(date, varchar[])",
    "engagements_rollup_counts(date, date, boolean, boolean, varchar[])",
]


def _forward() -> str:
    return OLD_SUMMARY_TRIGGERS + "\n" + sql_file("derived_v1.sql")


def _backward() -> str:
    drops = NEW_TRIGGERS + "\n" + "\n".join(f"DROP FUNCTION {f};" for f in NEW_FUNCTIONS)
    # 0010's and 0011's functions and triggers again, in their order.
    return (
        drops + "\n" + sql_file("summaries_v1.sql") + sql_file("summaries_v2.sql") + sql_file("summary_triggers_v1.sql")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0016_revision_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(db_default=0)),
                ("rebuild_needed", models.BooleanField(db_default=False)),
            ],
        ),
        migrations.CreateModel(
            name="PendingSettle",
            fields=[
                ("xact", models.BigIntegerField(primary_key=True, serialize=False)),
                ("bulk", models.BooleanField(db_default=False)),
            ],
        ),
        migrations.CreateModel(
            name="StaleMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(null=True)),
                ("country_id", models.CharField(max_length=3, null=True)),
            ],
        ),
        migrations.CreateModel(
            name="StaleSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("engagement_id", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(_forward(), reverse_sql=_backward()),
        migrations.RunSQL("SELECT engagements_derived_rebuild();", reverse_sql=migrations.RunSQL.noop),
    ]
