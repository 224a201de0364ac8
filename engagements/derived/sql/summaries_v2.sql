-- Report summaries, second version (migration 0011): the readout's title, URL, date and
-- publisher join them; a new engagement and a readout's change refresh them too.
CREATE OR REPLACE FUNCTION engagements_summary_refresh(ids bigint[]) RETURNS void
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
        INSERT INTO engagements_engagementsummary AS s (engagement_id, title, url, published_on,
            publisher_id, partner_names, partner_codes, country_codes, participants, topics,
            agreements, exercises)
        SELECT e.id, r.title, r.url, r.published_on, r.publisher_id,
            coalesce(c.partner_names, ''), coalesce(c.partner_codes, ''),
            coalesce(c.country_codes, ''), coalesce(p.participants, ''), coalesce(t.topics, ''),
            coalesce(a.agreements, ''), coalesce(x.exercises, '')
        FROM engagements_engagement e
        JOIN engagements_readout r ON r.id = e.readout_id
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
        ON CONFLICT (engagement_id) DO UPDATE SET title = excluded.title, url = excluded.url,
            published_on = excluded.published_on, publisher_id = excluded.publisher_id,
            partner_names = excluded.partner_names, partner_codes = excluded.partner_codes,
            country_codes = excluded.country_codes, participants = excluded.participants,
            topics = excluded.topics, agreements = excluded.agreements, exercises = excluded.exercises
    $q$, facts, chosen) USING ids;
END
$fn$;

-- TG_ARGV: this table's key, the table pointing at it, the pointing column, the
-- comma-separated columns the summaries show, and (when not engagement_id) the pointing
-- table's engagement column. Not deferred: a rename is rare, and a bulk writer that renames
-- (the ingest keeps a person's fullest name) still needs it.
CREATE OR REPLACE FUNCTION engagements_summary_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    shown_new text;
    shown_old text;
BEGIN
    SELECT string_agg('n.' || quote_ident(c), ', '), string_agg('o.' || quote_ident(c), ', ')
    INTO shown_new, shown_old FROM unnest(string_to_array(TG_ARGV[3], ',')) AS c;
    EXECUTE format(
        'SELECT array_agg(DISTINCT f.%6$I) FROM %2$I f JOIN new_rows n ON f.%3$I = n.%1$I '
        'JOIN old_rows o ON o.%1$I = n.%1$I WHERE (%4$s, NULL) IS DISTINCT FROM (%5$s, NULL)',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], shown_new, shown_old, coalesce(TG_ARGV[4], 'engagement_id'))
        INTO ids;
    IF ids IS NOT NULL THEN
        PERFORM engagements_summary_refresh(ids);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION engagements_summary_engagements_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('engagements.defer_summaries', true) = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM engagements_summary_refresh(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;

CREATE TRIGGER summary_insert AFTER INSERT ON engagements_engagement REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_summary_engagements_added();
CREATE TRIGGER summary_rename AFTER UPDATE ON engagements_readout
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_summary_names_changed(
        'id', 'engagements_engagement', 'readout_id', 'title,url,published_on,publisher_id', 'id');
