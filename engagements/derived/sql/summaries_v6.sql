-- Each engagement's facts in one row (migration 0038): its month, kind and forum, and the
-- partners, topics, agreement actions and exercises it counts under, as the rollups count
-- them (derived_v11.sql). A filter no rollup answers lists its engagements and counts their
-- facts (dashboard/charts/listed.py): one row an engagement instead of a probe of four
-- tables for each (at 1M, the 85,169 matches of "maritime security": 550 -> 320 ms).
-- Written with the summaries, by the same queue: every change a rollup counts (an
-- engagement's date, kind or forum, a fact row written) queues the engagement's summary.

-- The rows of these engagements (every engagement's when ids is NULL); those of engagements
-- gone are dropped, and a row is rewritten only where it differs.
CREATE OR REPLACE FUNCTION engagements_fact_row_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    -- Per call, as the summaries' refresh: index probes for a few, hash joins for all.
    facts text := CASE WHEN ids IS NULL THEN 'true' ELSE 'engagement_id = ANY($1)' END;
    chosen text := CASE WHEN ids IS NULL THEN 'true' ELSE 'e.id = ANY($1)' END;
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_engagementfacts;
    ELSE
        DELETE FROM engagements_engagementfacts f
        WHERE f.engagement_id = ANY(ids)
          AND NOT EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = f.engagement_id);
    END IF;
    EXECUTE format($q$
        INSERT INTO engagements_engagementfacts AS f (engagement_id, month, kind, forum_id,
            partners, topics, actions, exercises)
        SELECT e.id, date_trunc('month', e.date)::date, e.kind, e.forum_id,
            coalesce(c.partners, '{}'), coalesce(t.topics, '{}'), coalesce(a.actions, '{}'),
            coalesce(x.exercises, '{}')
        FROM engagements_engagement e
        LEFT JOIN (
            SELECT engagement_id, array_agg(country_id ORDER BY country_id) AS partners
            FROM engagements_engagementcountry WHERE is_partner AND %1$s GROUP BY engagement_id
        ) c ON c.engagement_id = e.id
        LEFT JOIN (
            SELECT engagement_id, array_agg(topic_id ORDER BY topic_id) AS topics
            FROM engagements_engagementtopic WHERE %1$s GROUP BY engagement_id
        ) t ON t.engagement_id = e.id
        LEFT JOIN (
            -- One an event, as the rollups count them: two events of one action count two.
            SELECT engagement_id, array_agg(action ORDER BY action) AS actions
            FROM engagements_agreementevent WHERE %1$s GROUP BY engagement_id
        ) a ON a.engagement_id = e.id
        LEFT JOIN (
            SELECT engagement_id, array_agg(exercise_id ORDER BY exercise_id) AS exercises
            FROM engagements_exercisemention WHERE %1$s GROUP BY engagement_id
        ) x ON x.engagement_id = e.id
        WHERE %2$s
        ON CONFLICT (engagement_id) DO UPDATE SET month = excluded.month, kind = excluded.kind,
            forum_id = excluded.forum_id, partners = excluded.partners, topics = excluded.topics,
            actions = excluded.actions, exercises = excluded.exercises
        WHERE (f.month, f.kind, f.forum_id, f.partners, f.topics, f.actions, f.exercises)
            IS DISTINCT FROM (excluded.month, excluded.kind, excluded.forum_id, excluded.partners,
                excluded.topics, excluded.actions, excluded.exercises)
    $q$, facts, chosen) USING ids;
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
