-- The readouts of the counted engagements (migration 0033): both rollups count, per month and
-- scope, the engagements' sources (dimension 'readout', value ''), so the readouts list filtered
-- by a country or one value of a filter, without publication dates, is a sum of the rollup,
-- not a count of hundreds of thousands of joined rows (430 ms for one kind at 1M). A source
-- written queues its engagement's month (derived_v5.sql), so the settle keeps them.

-- v8's counts within one value of a filter, with the engagements' readouts.
CREATE OR REPLACE FUNCTION engagements_scoped_counts(
    date_from date, date_to date, undated boolean, only_scope text, only_values text[]
) RETURNS TABLE (month date, scope text, scope_value text, dimension text, value text, n bigint)
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
            SELECT x.id, x.month, x.scope, x.scope_value FROM (
                SELECT eng.id, eng.month, 'kind'::text AS scope, eng.kind::text AS scope_value FROM eng
                UNION ALL
                SELECT eng.id, eng.month, 'forum', eng.forum_id::text FROM eng WHERE eng.forum_id IS NOT NULL
                UNION ALL
                -- Once per region, however many of its countries took part.
                SELECT DISTINCT eng.id, eng.month, 'region', c.region::text
                FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id AND ec.is_partner
                JOIN engagements_country c ON c.code = ec.country_id WHERE c.region <> ''
                UNION ALL
                SELECT eng.id, eng.month, 'topic', et.topic_id::text
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
        )
        SELECT s.month, s.scope, s.scope_value, v.dimension, v.value, count(*)
        FROM scoped s JOIN valued v ON v.id = s.id GROUP BY 1, 2, 3, 4, 5
    $q$, chosen, wanted)
    USING date_from, date_to, only_scope, only_values;
    PERFORM set_config('enable_sort', sorting, true);
END
$fn$;

-- v8's counts of a date range, with the engagements' readouts.
CREATE OR REPLACE FUNCTION engagements_rollup_counts(
    date_from date, date_to date, undated boolean, with_all boolean, countries varchar[]
) RETURNS TABLE (month date, country text, dimension text, value text, n bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    -- Built per call, as the summaries' refresh is: a month is planned as index scans, the
    -- whole table as hash joins.
    chosen text := CASE WHEN undated THEN 'e.date IS NULL'
                        WHEN date_from IS NULL AND date_to IS NULL THEN 'true'
                        ELSE 'e.date >= $1 AND e.date <= $2' END;
    scoped text := CASE WHEN countries IS NULL THEN 'true' ELSE 'ec.country_id = ANY($3)' END;
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH eng AS (
            SELECT e.id, date_trunc('month', e.date)::date AS month, e.kind, e.forum_id
            FROM engagements_engagement e WHERE %1$s
        ),
        -- The partners of the chosen engagements first: joined to the scopes instead, the
        -- planner hashed every country row of the table (350 ms for one month at 1M, now 100).
        partners AS (
            SELECT eng.id, ec.country_id FROM eng
            JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id AND ec.is_partner
        ),
        scope AS (
            SELECT eng.id, eng.month, NULL::text AS country FROM eng WHERE %3$s
            UNION ALL
            SELECT eng.id, eng.month, ec.country_id::text
            FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id WHERE %2$s
        )
        SELECT s.month, s.country, 'kind'::text, e.kind::text, count(*)
            FROM scope s JOIN eng e ON e.id = s.id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'partner', p.country_id::text, count(*)
            FROM scope s JOIN partners p ON p.id = s.id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'topic', t.name::text, count(*)
            FROM scope s JOIN engagements_engagementtopic et ON et.engagement_id = s.id
            JOIN engagements_topic t ON t.id = et.topic_id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'forum', e.forum_id::text, count(*)
            FROM scope s JOIN eng e ON e.id = s.id WHERE e.forum_id IS NOT NULL GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'action', ae.action::text, count(*)
            FROM scope s JOIN engagements_agreementevent ae ON ae.engagement_id = s.id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'person', pa.person_id::text, count(*)
            FROM scope s JOIN engagements_participation pa ON pa.engagement_id = s.id
            JOIN engagements_person pe ON pe.id = pa.person_id AND pe.country_id = s.country
            GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'exercise', em.exercise_id::text, count(*)
            FROM scope s JOIN engagements_exercisemention em ON em.engagement_id = s.id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'readout', ''::text, count(*)
            FROM scope s JOIN engagements_engagementsource es ON es.engagement_id = s.id GROUP BY 1, 2
    $q$, chosen, scoped, CASE WHEN with_all THEN 'true' ELSE 'false' END)
    USING date_from, date_to, countries;
END
$fn$;
