-- The rollup within one value of a filter (migration 0032): the monthly rollup's counts of
-- the engagements of one kind, of one forum, with a partner in one region or on one topic,
-- so a page filtered by one of them reads a few hundred rows, not the facts of hundreds of
-- thousands of engagements. The settle recounts a stale month's (and year's) scoped rows
-- with the "all" scope's, which every change queues; the full rebuild refills them.
--
-- What pays for it, in the settle of one edit: the recounts find a month's and a year's rows
-- by the month and year indexes (migration 0032) where IS NOT DISTINCT FROM scanned every
-- row, and the counts of a month find its partners from its engagements.

-- What a page filtered by one value counts, per month (NULL: undated), scope and value:
-- the same dimensions as engagements_rollup_counts (derived_v1.sql) but people, which are
-- counted in their own country's scope only. ``only_scope``/``only_values`` keep some values
-- of one scope (the partial months at the ends of a page's date range); NULL: every scope.
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
        )
        SELECT s.month, s.scope, s.scope_value, v.dimension, v.value, count(*)
        FROM scoped s JOIN valued v ON v.id = s.id GROUP BY 1, 2, 3, 4, 5
    $q$, chosen, wanted)
    USING date_from, date_to, only_scope, only_values;
    PERFORM set_config('enable_sort', sorting, true);
END
$fn$;

-- v1's counts of a date range, with the partners found from the chosen engagements.
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
    $q$, chosen, scoped, CASE WHEN with_all THEN 'true' ELSE 'false' END)
    USING date_from, date_to, countries;
END
$fn$;

-- v3's recount of a month (the settle calls it for every stale month, the "all" scope's
-- always), now with the scoped rows of that month.
CREATE OR REPLACE FUNCTION engagements_rollup_recount(recount_month date, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    -- "=" or "IS NULL", not IS NOT DISTINCT FROM, which no index serves: the month's rows
    -- come from the month indexes (migration 0032), not a scan of every row (350 ms at 1M).
    same_month text := CASE WHEN recount_month IS NULL THEN 'month IS NULL' ELSE 'month = $1' END;
BEGIN
    EXECUTE format('DELETE FROM engagements_monthlycount WHERE %s '
        'AND (country_id IS NULL OR country_id = ANY($2))', same_month) USING recount_month, countries;
    INSERT INTO engagements_monthlycount (month, country_id, dimension, value, n)
    SELECT c.month, c.country, c.dimension, c.value, c.n
    FROM engagements_rollup_counts(recount_month, (recount_month + interval '1 month' - interval '1 day')::date,
        recount_month IS NULL, true, countries) c;
    EXECUTE format('DELETE FROM engagements_scopedmonthlycount WHERE %s', same_month) USING recount_month;
    INSERT INTO engagements_scopedmonthlycount (month, scope, scope_value, dimension, value, n)
    SELECT c.month, c.scope, c.scope_value, c.dimension, c.value, c.n
    FROM engagements_scoped_counts(recount_month, (recount_month + interval '1 month' - interval '1 day')::date,
        recount_month IS NULL, NULL, NULL) c;
    PERFORM engagements_pair_recount(recount_month, countries);
END
$fn$;

-- v7's recount of a year (NULL: undated), now with the scoped rows.
CREATE OR REPLACE FUNCTION engagements_rollup_recount_year(recount_year int, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    same_year text := CASE WHEN recount_year IS NULL THEN 'year IS NULL' ELSE 'year = $1' END;
    in_year text := CASE WHEN recount_year IS NULL THEN 'month IS NULL'
                         ELSE 'month >= make_date($1, 1, 1) AND month <= make_date($1, 12, 1)' END;
BEGIN
    -- As the months' recount: predicates the year and month indexes serve.
    EXECUTE format('DELETE FROM engagements_yearlycount WHERE %s '
        'AND (country_id IS NULL OR country_id = ANY($2))', same_year) USING recount_year, countries;
    EXECUTE format('INSERT INTO engagements_yearlycount (year, country_id, dimension, value, n) '
        'SELECT $1, country_id, dimension, value, sum(n) FROM engagements_monthlycount '
        'WHERE %s AND (country_id IS NULL OR country_id = ANY($2)) GROUP BY 2, 3, 4', in_year)
        USING recount_year, countries;
    EXECUTE format('DELETE FROM engagements_scopedyearlycount WHERE %s', same_year) USING recount_year;
    EXECUTE format('INSERT INTO engagements_scopedyearlycount (year, scope, scope_value, dimension, value, n) '
        'SELECT $1, scope, scope_value, dimension, value, sum(n) FROM engagements_scopedmonthlycount '
        'WHERE %s GROUP BY 2, 3, 4, 5', in_year) USING recount_year;
    IF coalesce(cardinality(countries), 0) = 0 THEN
        RETURN;
    END IF;
    EXECUTE format('DELETE FROM engagements_pairyearcount WHERE %s '
        'AND (country_a_id = ANY($2) OR country_b_id = ANY($2))', same_year) USING recount_year, countries;
    EXECUTE format('INSERT INTO engagements_pairyearcount (year, country_a_id, country_b_id, kind, n) '
        'SELECT $1, country_a_id, country_b_id, kind, sum(n) FROM engagements_paircount '
        'WHERE %s AND (country_a_id = ANY($2) OR country_b_id = ANY($2)) GROUP BY 2, 3, 4', in_year)
        USING recount_year, countries;
    -- A pair's facts change only when both its countries are stale (derived_v5.sql).
    EXECUTE format('DELETE FROM engagements_pairtopicyearcount WHERE %s '
        'AND country_a_id = ANY($2) AND country_b_id = ANY($2)', same_year) USING recount_year, countries;
    EXECUTE format('INSERT INTO engagements_pairtopicyearcount (year, country_a_id, country_b_id, kind, topic, n) '
        'SELECT $1, country_a_id, country_b_id, kind, value, sum(n) FROM engagements_pairfactcount '
        'WHERE %s AND dimension = ''topic'' AND country_a_id = ANY($2) AND country_b_id = ANY($2) '
        'GROUP BY 2, 3, 4, 5', in_year)
        USING recount_year, countries;
END
$fn$;

-- v7's full rebuild, now with the scoped rows.
CREATE OR REPLACE FUNCTION engagements_derived_rebuild() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock(7402911);
    -- Paid from here on: a settle that the updates below set off must not rebuild again.
    UPDATE engagements_pendingsettle SET bulk = false WHERE xact = pg_current_xact_id()::text::bigint;
    INSERT INTO engagements_dataversion AS v (id, version, rebuild_needed) VALUES (1, 1, false)
    ON CONFLICT (id) DO UPDATE SET version = v.version + 1, rebuild_needed = false;
    UPDATE engagements_engagementcountry ec
    SET date = e.date, is_partner = ec.country_id IS DISTINCT FROM r.publisher_id
    FROM engagements_engagement e JOIN engagements_readout r ON r.id = e.readout_id
    WHERE e.id = ec.engagement_id
      AND (ec.date IS DISTINCT FROM e.date OR ec.is_partner IS DISTINCT FROM (ec.country_id IS DISTINCT FROM r.publisher_id));
    UPDATE engagements_participation f SET date = e.date FROM engagements_engagement e
    WHERE e.id = f.engagement_id AND f.date IS DISTINCT FROM e.date;
    UPDATE engagements_engagementtopic f SET date = e.date FROM engagements_engagement e
    WHERE e.id = f.engagement_id AND f.date IS DISTINCT FROM e.date;
    UPDATE engagements_agreementevent f SET date = e.date FROM engagements_engagement e
    WHERE e.id = f.engagement_id AND f.date IS DISTINCT FROM e.date;
    UPDATE engagements_exercisemention f SET date = e.date FROM engagements_engagement e
    WHERE e.id = f.engagement_id AND f.date IS DISTINCT FROM e.date;

    PERFORM engagements_search_fill();
    PERFORM engagements_summary_refresh(NULL);
    TRUNCATE engagements_monthlycount, engagements_yearlycount;
    INSERT INTO engagements_monthlycount (month, country_id, dimension, value, n)
    SELECT c.month, c.country, c.dimension, c.value, c.n FROM engagements_rollup_counts(NULL, NULL, false, true, NULL) c;
    INSERT INTO engagements_yearlycount (year, country_id, dimension, value, n)
    SELECT extract(year FROM month)::int, country_id, dimension, value, sum(n) FROM engagements_monthlycount
    GROUP BY 1, 2, 3, 4;
    TRUNCATE engagements_scopedmonthlycount, engagements_scopedyearlycount;
    INSERT INTO engagements_scopedmonthlycount (month, scope, scope_value, dimension, value, n)
    SELECT c.month, c.scope, c.scope_value, c.dimension, c.value, c.n
    FROM engagements_scoped_counts(NULL, NULL, false, NULL, NULL) c
    ORDER BY c.scope, c.scope_value, c.dimension, c.month, c.value;
    INSERT INTO engagements_scopedyearlycount (year, scope, scope_value, dimension, value, n)
    SELECT extract(year FROM month)::int, scope, scope_value, dimension, value, sum(n)
    FROM engagements_scopedmonthlycount GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 3, 4, 1, 5;
    TRUNCATE engagements_paircount, engagements_pairfactcount;
    INSERT INTO engagements_paircount (month, country_a_id, country_b_id, kind, n)
    SELECT p.month, p.country_a, p.country_b, p.kind, p.n FROM engagements_pair_counts(NULL, NULL, false, NULL) p;
    INSERT INTO engagements_pairfactcount (month, country_a_id, country_b_id, kind, dimension, value, n)
    SELECT f.month, f.country_a, f.country_b, f.kind, f.dimension, f.value, f.n
    FROM engagements_pair_fact_counts(NULL, NULL, false, NULL) f
    -- In the unique index's order: its entries are appended, not inserted (53 s at 1M, not 70).
    ORDER BY f.country_a, f.country_b, f.dimension, f.month, f.kind, f.value;
    TRUNCATE engagements_pairyearcount, engagements_pairtopicyearcount;
    INSERT INTO engagements_pairyearcount (year, country_a_id, country_b_id, kind, n)
    SELECT extract(year FROM month)::int, country_a_id, country_b_id, kind, sum(n) FROM engagements_paircount
    GROUP BY 1, 2, 3, 4;
    INSERT INTO engagements_pairtopicyearcount (year, country_a_id, country_b_id, kind, topic, n)
    SELECT extract(year FROM month)::int, country_a_id, country_b_id, kind, value, sum(n)
    FROM engagements_pairfactcount WHERE dimension = 'topic'
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 3, 1, 4, 5;

    -- Only what this transaction can see: another writer's queue is theirs to settle.
    DELETE FROM engagements_stalemonth;
    DELETE FROM engagements_stalesummary;
END
$fn$;

-- A country's region decides the region scopes its engagements count in: a change of it
-- queues them, as a change of its name does (derived_v1.sql).
DROP TRIGGER derived_rename ON engagements_country;
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_country
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('code', 'engagements_engagementcountry', 'country_id', 'name,region');
