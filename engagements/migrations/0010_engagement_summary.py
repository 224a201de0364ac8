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

FUNCTIONS = r"""
CREATE FUNCTION engagements_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN left(value, 1) IN ('=', '+', '-', '@', E'\t', E'\r', E'\n')
                THEN '''' || value ELSE value END
$$;

CREATE FUNCTION engagements_summary_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    -- The same statement for a few engagements (index scans) and for all (hash joins):
    -- built per call, so each is planned for what it reads.
    facts text := CASE WHEN ids IS NULL THEN 'true' ELSE 'engagement_id = ANY($1)' END;
    chosen text := CASE WHEN ids IS NULL THEN 'true' ELSE 'e.id = ANY($1)' END;
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_engagementsummary;
    ELSE
        DELETE FROM engagements_engagementsummary s
        WHERE s.engagement_id = ANY(ids)
          AND NOT EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = s.engagement_id);
    END IF;
    EXECUTE format($q$
        INSERT INTO engagements_engagementsummary AS s (engagement_id, partner_names, partner_codes,
            country_codes, participants, topics, agreements, exercises)
        SELECT e.id, coalesce(c.partner_names, ''), coalesce(c.partner_codes, ''),
            coalesce(c.country_codes, ''), coalesce(p.participants, ''), coalesce(t.topics, ''),
            coalesce(a.agreements, ''), coalesce(x.exercises, '')
        FROM engagements_engagement e
        LEFT JOIN (
            SELECT ec.engagement_id,
                string_agg(co.name, '; ' ORDER BY co.name COLLATE "C", co.code) FILTER (WHERE ec.is_partner)
                    AS partner_names,
                string_agg(co.code, '; ' ORDER BY co.name COLLATE "C", co.code) FILTER (WHERE ec.is_partner)
                    AS partner_codes,
                string_agg(co.code, '; ' ORDER BY co.code COLLATE "C") AS country_codes
            FROM engagements_engagementcountry ec JOIN engagements_country co ON co.code = ec.country_id
            WHERE %1$s GROUP BY ec.engagement_id
        ) c ON c.engagement_id = e.id
        LEFT JOIN (
            SELECT pa.engagement_id,
                string_agg(pe.name || coalesce(' (' || nullif(concat_ws(', ', nullif(pa.title, ''),
                    pe.country_id), '') || ')', ''), '; ' ORDER BY pa.id) AS participants
            FROM engagements_participation pa JOIN engagements_person pe ON pe.id = pa.person_id
            WHERE %1$s GROUP BY pa.engagement_id
        ) p ON p.engagement_id = e.id
        LEFT JOIN (
            SELECT et.engagement_id, string_agg(tp.label, '; ' ORDER BY tp.label COLLATE "C") AS topics
            FROM engagements_engagementtopic et JOIN engagements_topic tp ON tp.id = et.topic_id
            WHERE %1$s GROUP BY et.engagement_id
        ) t ON t.engagement_id = e.id
        LEFT JOIN (
            SELECT ae.engagement_id,
                string_agg(ag.name || ' (' || ae.action || ')', '; ' ORDER BY ae.id) AS agreements
            FROM engagements_agreementevent ae JOIN engagements_agreement ag ON ag.id = ae.agreement_id
            WHERE %1$s GROUP BY ae.engagement_id
        ) a ON a.engagement_id = e.id
        LEFT JOIN (
            SELECT xm.engagement_id, string_agg(ex.name, '; ' ORDER BY xm.id) AS exercises
            FROM engagements_exercisemention xm JOIN engagements_exercise ex ON ex.id = xm.exercise_id
            WHERE %1$s GROUP BY xm.engagement_id
        ) x ON x.engagement_id = e.id
        WHERE %2$s
        ON CONFLICT (engagement_id) DO UPDATE SET partner_names = excluded.partner_names,
            partner_codes = excluded.partner_codes, country_codes = excluded.country_codes,
            participants = excluded.participants, topics = excluded.topics,
            agreements = excluded.agreements, exercises = excluded.exercises
    $q$, facts, chosen) USING ids;
END
$fn$;

CREATE FUNCTION engagements_summary_facts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('engagements.defer_summaries', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM engagements_summary_refresh(ARRAY(SELECT DISTINCT engagement_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM engagements_summary_refresh(ARRAY(SELECT DISTINCT engagement_id FROM old_rows));
    ELSE
        PERFORM engagements_summary_refresh(
            ARRAY(SELECT engagement_id FROM new_rows UNION SELECT engagement_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;

-- TG_ARGV: this table's key, the fact table pointing at it, the pointing column, and the
-- comma-separated columns the summaries show. Not deferred: a rename is rare, and a bulk
-- writer that renames (the ingest keeps a person's fullest name) still needs it.
CREATE FUNCTION engagements_summary_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    shown_new text;
    shown_old text;
BEGIN
    SELECT string_agg('n.' || quote_ident(c), ', '), string_agg('o.' || quote_ident(c), ', ')
    INTO shown_new, shown_old FROM unnest(string_to_array(TG_ARGV[3], ',')) AS c;
    EXECUTE format(
        'SELECT array_agg(DISTINCT f.engagement_id) FROM %2$I f JOIN new_rows n ON f.%3$I = n.%1$I '
        'JOIN old_rows o ON o.%1$I = n.%1$I WHERE (%4$s, NULL) IS DISTINCT FROM (%5$s, NULL)',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], shown_new, shown_old) INTO ids;
    IF ids IS NOT NULL THEN
        PERFORM engagements_summary_refresh(ids);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION engagements_summary_engagements_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM engagements_engagementsummary WHERE engagement_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END
$$;
"""


def _triggers() -> str:
    statements = []
    for table in FACT_TABLES:
        for event, tables in [
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ]:
            statements.append(
                f"CREATE TRIGGER summary_{event.lower()} AFTER {event} ON {table} REFERENCING {tables} "
                "FOR EACH STATEMENT EXECUTE FUNCTION engagements_summary_facts_changed();"
            )
    for table, key, fact_table, column, shown in NAMED:
        statements.append(
            f"CREATE TRIGGER summary_rename AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION engagements_summary_names_changed('{key}', '{fact_table}', '{column}', '{shown}');"
        )
    statements.append(
        "CREATE TRIGGER summary_delete AFTER DELETE ON engagements_engagement REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION engagements_summary_engagements_deleted();"
    )
    return "\n".join(statements)


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
        migrations.RunSQL(FUNCTIONS + _triggers(), reverse_sql=_drop()),
        # The engagements already stored.
        migrations.RunSQL("SELECT engagements_summary_refresh(NULL);", reverse_sql=migrations.RunSQL.noop),
    ]
