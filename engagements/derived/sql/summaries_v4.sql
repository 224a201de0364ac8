-- Report summaries, fourth version (migration 0024): the engagements' API rows are kept with
-- their summaries, refreshed by the same call for the same queue (derived_v4.sql queues what
-- the API row shows and the summary does not).

-- Each engagement's API row (engagements.api.rows), every field after its id and page link,
-- as PostgreSQL writes JSON: row_to_json and array_to_json are compact, as the API's
-- renderer is (json_build_object and json_agg put spaces in), and the keys come in the
-- serializer's order. Lists of related rows are aggregated once per table for all the
-- engagements asked for, not once per engagement; the engagements of ``ids``, every one
-- when NULL. The same statement for a few engagements (index scans) and for all (hash
-- joins): built per call, so each is planned for what it reads.
CREATE OR REPLACE FUNCTION engagements_api_rows(ids bigint[])
RETURNS TABLE (engagement_id bigint, body text)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    facts text := CASE WHEN ids IS NULL THEN 'true' ELSE 'c.engagement_id = ANY($1)' END;
    chosen text := CASE WHEN ids IS NULL THEN 'true' ELSE 'e.id = ANY($1)' END;
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT e.id, row_to_json(x)::text
        FROM engagements_engagement e
        JOIN engagements_readout r ON r.id = e.readout_id
        LEFT JOIN engagements_forum f ON f.id = e.forum_id
        LEFT JOIN (
            SELECT c.engagement_id, array_to_json(array_agg(row_to_json(d) ORDER BY c.country_id)) AS items
            FROM engagements_engagementcountry c JOIN engagements_country n ON n.code = c.country_id,
            LATERAL (SELECT c.country_id AS code, n.name, c.is_partner AS partner) d
            WHERE %1$s GROUP BY c.engagement_id
        ) countries ON countries.engagement_id = e.id
        LEFT JOIN (
            SELECT c.engagement_id, array_to_json(array_agg(row_to_json(d) ORDER BY c.id)) AS items
            FROM engagements_participation c JOIN engagements_person n ON n.id = c.person_id,
            LATERAL (SELECT c.person_id AS person, n.name, n.country_id AS country, c.title) d
            WHERE %1$s GROUP BY c.engagement_id
        ) participants ON participants.engagement_id = e.id
        LEFT JOIN (
            SELECT c.engagement_id, array_to_json(array_agg(row_to_json(d) ORDER BY c.id)) AS items
            FROM engagements_agreementevent c JOIN engagements_agreement n ON n.id = c.agreement_id,
            LATERAL (SELECT c.agreement_id AS agreement, n.name, n.kind, c.action) d
            WHERE %1$s GROUP BY c.engagement_id
        ) agreements ON agreements.engagement_id = e.id
        LEFT JOIN (
            SELECT c.engagement_id, array_to_json(array_agg(row_to_json(d) ORDER BY c.id)) AS items
            FROM engagements_exercisemention c JOIN engagements_exercise n ON n.id = c.exercise_id,
            LATERAL (SELECT c.exercise_id AS exercise, n.name, n.named) d
            WHERE %1$s GROUP BY c.engagement_id
        ) exercises ON exercises.engagement_id = e.id
        LEFT JOIN (
            SELECT c.engagement_id, array_to_json(array_agg(n.name ORDER BY n.name)) AS items
            FROM engagements_engagementtopic c JOIN engagements_topic n ON n.id = c.topic_id
            WHERE %1$s GROUP BY c.engagement_id
        ) topics ON topics.engagement_id = e.id
        -- The sources after the lead: by publication, the undated last, then as read.
        LEFT JOIN (
            SELECT c.engagement_id, array_agg(row_to_json(d) ORDER BY o.published_on ASC NULLS LAST, o.id) AS items
            FROM engagements_engagementsource c JOIN engagements_readout o ON o.id = c.readout_id
            JOIN engagements_engagement l ON l.id = c.engagement_id AND l.readout_id <> c.readout_id,
            LATERAL (SELECT o.url, o.title, o.published_on, o.publisher_id AS publisher) d
            WHERE %1$s GROUP BY c.engagement_id
        ) sources ON sources.engagement_id = e.id,
        LATERAL (SELECT r.url, r.title, r.published_on, r.publisher_id AS publisher) lead,
        LATERAL (SELECT
            e.date,
            e.kind,
            r.title,
            e.location,
            f.short_name AS forum,
            coalesce(countries.items, '[]') AS countries,
            coalesce(participants.items, '[]') AS participants,
            coalesce(agreements.items, '[]') AS agreements,
            coalesce(exercises.items, '[]') AS exercises,
            coalesce(topics.items, '[]') AS topics,
            array_to_json(ARRAY[row_to_json(lead)] || coalesce(sources.items, '{}')) AS sources
        ) x
        WHERE %2$s
    $q$, facts, chosen) USING ids;
END
$fn$;

-- Store the API rows of these engagements (all when NULL), and drop those of engagements gone.
CREATE OR REPLACE FUNCTION engagements_api_row_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_engagementapirow;
        INSERT INTO engagements_engagementapirow (engagement_id, body)
        SELECT a.engagement_id, a.body FROM engagements_api_rows(NULL) a;
        RETURN;
    END IF;
    DELETE FROM engagements_engagementapirow s
    WHERE s.engagement_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = s.engagement_id);
    INSERT INTO engagements_engagementapirow AS s (engagement_id, body)
    SELECT a.engagement_id, a.body FROM engagements_api_rows(ids) a
    ON CONFLICT (engagement_id) DO UPDATE SET body = excluded.body WHERE s.body IS DISTINCT FROM excluded.body;
END
$fn$;

-- v2's refresh of the summaries, then the API rows of the same engagements.
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
END
$fn$;
