-- Each readout's countries beside its publication date (migration 0028): the countries of the
-- engagement it is a source of, written anew with the engagement's summary, by the same
-- queue. A country row, a source joining or leaving, and a readout's new date queue the
-- engagements concerned (derived_v1.sql, derived_v4.sql, derived_v5.sql); an engagement
-- deleted is queued by its own delete, and its readouts' rows go with it here.

-- The rows of these engagements' readouts (every readout's when ids is NULL).
CREATE OR REPLACE FUNCTION engagements_readout_country_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_readoutcountry;
        INSERT INTO engagements_readoutcountry (readout_id, engagement_id, country_id, published_on)
        SELECT s.readout_id, s.engagement_id, ec.country_id, r.published_on
        FROM engagements_engagementsource s
        JOIN engagements_engagementcountry ec ON ec.engagement_id = s.engagement_id
        JOIN engagements_readout r ON r.id = s.readout_id
        -- In the index's order: its entries are appended.
        ORDER BY ec.country_id, r.published_on;
        RETURN;
    END IF;
    DELETE FROM engagements_readoutcountry WHERE engagement_id = ANY(ids);
    INSERT INTO engagements_readoutcountry (readout_id, engagement_id, country_id, published_on)
    SELECT s.readout_id, s.engagement_id, ec.country_id, r.published_on
    FROM engagements_engagementsource s
    JOIN engagements_engagementcountry ec ON ec.engagement_id = s.engagement_id
    JOIN engagements_readout r ON r.id = s.readout_id
    WHERE s.engagement_id = ANY(ids);
END
$fn$;

-- v4's summary refresh, now with the readouts' countries.
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
END
$fn$;
