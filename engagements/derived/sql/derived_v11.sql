-- The people within one value of a filter (migration 0035): the scoped rollup counts, per
-- month, scope and kind, each participant's engagements (dimension 'person', value the
-- person's id), so the people list of one region or topic, or of forums, with kinds and
-- dates, is a sum of the rollup: who took part and how often, where it grouped every
-- participation the filter keeps (292,000 for one topic at 1M: 0.7 s). The country rollup's
-- 'person' rows stay as they were: a country's own people only (its leaders chart).
-- A participation written queues its engagement's month (derived_v1.sql), so the settle keeps
-- them.

-- v10's counts within one value of a filter (a forum, a region, a topic), by kind, with people.
CREATE OR REPLACE FUNCTION engagements_scoped_counts(
    date_from date, date_to date, undated boolean, only_scope text, only_values text[]
) RETURNS TABLE (month date, scope text, scope_value text, kind text, dimension text, value text, n bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    -- Built per call: a month is planned as index scans, the whole table as hash joins.
    chosen text := CASE WHEN undated THEN 'e.date IS NULL'
                        WHEN date_from IS NULL AND date_to IS NULL THEN 'true'
                        ELSE 'e.date >= $1 AND e.date <= $2' END;
    wanted text := CASE WHEN only_scope IS NULL THEN 'true' ELSE 'x.scope = $3 AND x.scope_value = ANY($4)' END;
    sorting text := current_setting('enable_sort');
BEGIN
    -- A month's 8,000 engagements (the busiest, at 1M) give some 190,000 rows to count: the
    -- planner, expecting millions, sorts them (350 ms) where hashing takes 140. The whole
    -- table (the rebuild) keeps the planner's choice.
    IF date_from IS NOT NULL OR date_to IS NOT NULL OR undated THEN
        PERFORM set_config('enable_sort', 'off', true);
    END IF;
    RETURN QUERY EXECUTE format($q$
        WITH eng AS (
            SELECT e.id, date_trunc('month', e.date)::date AS month, e.kind, e.forum_id
            FROM engagements_engagement e WHERE %1$s
        ),
        scoped AS (
            SELECT x.id, x.month, x.kind, x.scope, x.scope_value FROM (
                SELECT eng.id, eng.month, eng.kind, 'forum'::text AS scope, eng.forum_id::text AS scope_value
                FROM eng WHERE eng.forum_id IS NOT NULL
                UNION ALL
                -- Once per region, however many of its countries took part.
                SELECT DISTINCT eng.id, eng.month, eng.kind, 'region', c.region::text
                FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id AND ec.is_partner
                JOIN engagements_country c ON c.code = ec.country_id WHERE c.region <> ''
                UNION ALL
                SELECT eng.id, eng.month, eng.kind, 'topic', et.topic_id::text
                FROM eng JOIN engagements_engagementtopic et ON et.engagement_id = eng.id
            ) x WHERE %2$s
        ),
        -- Each engagement's values once (a month's few thousand probe the facts' indexes),
        -- then counted in every scope it is in.
        valued AS (
            SELECT eng.id, 'kind'::text AS dimension, eng.kind::text AS value FROM eng
            UNION ALL
            SELECT eng.id, 'partner', ec.country_id::text
            FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id AND ec.is_partner
            UNION ALL
            SELECT eng.id, 'topic', t.name::text
            FROM eng JOIN engagements_engagementtopic et ON et.engagement_id = eng.id
            JOIN engagements_topic t ON t.id = et.topic_id
            UNION ALL
            SELECT eng.id, 'forum', eng.forum_id::text FROM eng WHERE eng.forum_id IS NOT NULL
            UNION ALL
            SELECT eng.id, 'action', ae.action::text
            FROM eng JOIN engagements_agreementevent ae ON ae.engagement_id = eng.id
            UNION ALL
            SELECT eng.id, 'exercise', em.exercise_id::text
            FROM eng JOIN engagements_exercisemention em ON em.engagement_id = eng.id
            UNION ALL
            SELECT eng.id, 'readout', ''::text
            FROM eng JOIN engagements_engagementsource es ON es.engagement_id = eng.id
            UNION ALL
            -- Every participant, whatever their country (the country rollup counts its own).
            SELECT eng.id, 'person', pa.person_id::text
            FROM eng JOIN engagements_participation pa ON pa.engagement_id = eng.id
        ),
        counted AS (
            SELECT s.month, s.scope, s.scope_value, s.kind::text AS kind, v.dimension, v.value, count(*) AS n
            FROM scoped s JOIN valued v ON v.id = s.id GROUP BY 1, 2, 3, 4, 5, 6
        )
        SELECT * FROM counted
        UNION ALL
        -- Every kind's (kind ''): what a page without kinds reads.
        SELECT month, scope, scope_value, '', dimension, value, sum(n)::bigint FROM counted GROUP BY 1, 2, 3, 5, 6
    $q$, chosen, wanted)
    USING date_from, date_to, only_scope, only_values;
    PERFORM set_config('enable_sort', sorting, true);
END
$fn$;
