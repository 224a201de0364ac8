-- The people of the rollups (migration 0035): both rollups count, per month, scope and kind,
-- each participant's engagements (dimension 'person', value the person's id), whatever the
-- person's country, so the people list of a country, of kinds or dates alone, of one region
-- or topic, or of forums is a sum of a rollup: who took part and how often, where it grouped
-- every participation the filters keep (one topic at 1M, 292,000: 0.7 s; a country, 0.9 s).
-- The country rollup's 'person' rows were a country's own people only: they are its 'leader'
-- rows now (the country page's leaders chart). A participation written queues its
-- engagement's month (derived_v1.sql), a person's new country their engagements' months, so
-- the settle keeps them.

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

-- v10's counts of a date range, by kind, with every participant.
CREATE OR REPLACE FUNCTION engagements_rollup_counts(
    date_from date, date_to date, undated boolean, with_all boolean, countries varchar[]
) RETURNS TABLE (month date, country text, kind text, dimension text, value text, n bigint)
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
            SELECT eng.id, eng.month, eng.kind, NULL::text AS country FROM eng WHERE %3$s
            UNION ALL
            SELECT eng.id, eng.month, eng.kind, ec.country_id::text
            FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id WHERE %2$s
        ),
        counted AS (
            SELECT s.month, s.country, s.kind::text AS kind, 'kind'::text AS dimension, s.kind::text AS value,
                count(*) AS n
                FROM scope s GROUP BY 1, 2, 3
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'partner', p.country_id::text, count(*)
                FROM scope s JOIN partners p ON p.id = s.id GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'topic', t.name::text, count(*)
                FROM scope s JOIN engagements_engagementtopic et ON et.engagement_id = s.id
                JOIN engagements_topic t ON t.id = et.topic_id GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'forum', e.forum_id::text, count(*)
                FROM scope s JOIN eng e ON e.id = s.id WHERE e.forum_id IS NOT NULL GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'action', ae.action::text, count(*)
                FROM scope s JOIN engagements_agreementevent ae ON ae.engagement_id = s.id GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'person', pa.person_id::text, count(*)
                FROM scope s JOIN engagements_participation pa ON pa.engagement_id = s.id GROUP BY 1, 2, 3, 5
            UNION ALL
            -- A country's own people apart (its leaders chart): among all, a country of many
            -- partners would read thousands of others' rows to find its own.
            SELECT s.month, s.country, s.kind::text, 'leader', pa.person_id::text, count(*)
                FROM scope s JOIN engagements_participation pa ON pa.engagement_id = s.id
                JOIN engagements_person pe ON pe.id = pa.person_id AND pe.country_id = s.country
                GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'exercise', em.exercise_id::text, count(*)
                FROM scope s JOIN engagements_exercisemention em ON em.engagement_id = s.id GROUP BY 1, 2, 3, 5
            UNION ALL
            SELECT s.month, s.country, s.kind::text, 'readout', ''::text, count(*)
                FROM scope s JOIN engagements_engagementsource es ON es.engagement_id = s.id GROUP BY 1, 2, 3
        )
        SELECT * FROM counted
        UNION ALL
        -- Every kind's (kind ''): what a page without kinds reads.
        SELECT month, country, '', dimension, value, sum(n)::bigint FROM counted GROUP BY 1, 2, 4, 5
    $q$, chosen, scoped, CASE WHEN with_all THEN 'true' ELSE 'false' END)
    USING date_from, date_to, countries;
END
$fn$;
