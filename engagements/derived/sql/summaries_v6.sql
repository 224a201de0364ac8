-- Each engagement's facts in one row (migration 0038): its month, kind and forum, and the
-- partners, topics, agreement actions and exercises it counts under, as the rollups count
-- them (derived_v11.sql). A filter no rollup answers lists its engagements and counts their
-- facts (dashboard/charts/listed.py): one row an engagement instead of a probe of four
-- tables for each (at 1M, the 85,169 matches of "maritime security": 550 -> 320 ms).
-- Written with the summaries, by the same queue: every change a rollup counts (an
-- engagement's date, kind or forum, a fact row written) queues the engagement's summary.

-- Each engagement's row as it should be. Each list is read by its own index probe: the
-- refresh of a few engagements (an import's settle, an editor's save) reads a few rows, in a
-- plan PL/pgSQL keeps (0.3 ms an engagement at 1M, where building the statement anew each
-- call took 0.64), and all of them, for a rebuild, take 6 s at 1M.
CREATE VIEW engagements_fact_rows AS
    SELECT e.id AS engagement_id, date_trunc('month', e.date)::date AS month, e.kind, e.forum_id,
        ARRAY(SELECT ec.country_id FROM engagements_engagementcountry ec
              WHERE ec.engagement_id = e.id AND ec.is_partner ORDER BY 1)::varchar[] AS partners,
        ARRAY(SELECT et.topic_id FROM engagements_engagementtopic et
              WHERE et.engagement_id = e.id ORDER BY 1) AS topics,
        -- One an event, as the rollups count them: two events of one action count two.
        ARRAY(SELECT ae.action FROM engagements_agreementevent ae
              WHERE ae.engagement_id = e.id ORDER BY 1)::varchar[] AS actions,
        ARRAY(SELECT em.exercise_id FROM engagements_exercisemention em
              WHERE em.engagement_id = e.id ORDER BY 1) AS exercises
    FROM engagements_engagement e;

-- The rows of these engagements (every engagement's when ids is NULL); those of engagements
-- gone are dropped, and a row is rewritten only where it differs.
CREATE OR REPLACE FUNCTION engagements_fact_row_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_engagementfacts;
        INSERT INTO engagements_engagementfacts (engagement_id, month, kind, forum_id, partners,
            topics, actions, exercises)
        SELECT r.engagement_id, r.month, r.kind, r.forum_id, r.partners, r.topics, r.actions, r.exercises
        FROM engagements_fact_rows r;
        RETURN;
    END IF;
    DELETE FROM engagements_engagementfacts f
    WHERE f.engagement_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = f.engagement_id);
    INSERT INTO engagements_engagementfacts AS f (engagement_id, month, kind, forum_id, partners,
        topics, actions, exercises)
    SELECT r.engagement_id, r.month, r.kind, r.forum_id, r.partners, r.topics, r.actions, r.exercises
    FROM engagements_fact_rows r WHERE r.engagement_id = ANY(ids)
    ON CONFLICT (engagement_id) DO UPDATE SET month = excluded.month, kind = excluded.kind,
        forum_id = excluded.forum_id, partners = excluded.partners, topics = excluded.topics,
        actions = excluded.actions, exercises = excluded.exercises
    WHERE (f.month, f.kind, f.forum_id, f.partners, f.topics, f.actions, f.exercises)
        IS DISTINCT FROM (excluded.month, excluded.kind, excluded.forum_id, excluded.partners,
            excluded.topics, excluded.actions, excluded.exercises);
END
$fn$;

-- v5's summary refresh, now with the fact rows.
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
    PERFORM engagements_api_row_refresh(ids);
    PERFORM engagements_readout_country_refresh(ids);
    PERFORM engagements_fact_row_refresh(ids);
END
$fn$;
