-- The pair rollup (migration 0022): engagements per pair of their countries, month and kind,
-- kept like the monthly rollup (derived_v1.sql) by the same queue and the same settle. A
-- transaction's stale (month, country) entries name every country of every engagement it
-- touched (and any country it removed), so recounting, in each stale month, the pairs with
-- a stale country recounts every pair it could have changed.
--
-- The third version of derived_v1.sql: it adds the pair functions and replaces v1's month
-- recount and v2's full rebuild (which fills the search table), so that both count pairs
-- too; the other functions and the triggers stay as they are.

-- What the pair rollup counts, for engagements dated date_from..date_to (every engagement
-- when both are NULL, the undated ones when undated): each engagement once per pair of its
-- countries (codes sorted), under its kind; only the pairs with a country in countries,
-- when not NULL.
CREATE OR REPLACE FUNCTION engagements_pair_counts(
    date_from date, date_to date, undated boolean, countries varchar[]
) RETURNS TABLE (month date, country_a text, country_b text, kind text, n bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    chosen text := CASE WHEN undated THEN 'e.date IS NULL'
                        WHEN date_from IS NULL AND date_to IS NULL THEN 'true'
                        ELSE 'e.date >= $1 AND e.date <= $2' END;
    scoped text := CASE WHEN countries IS NULL THEN 'true'
                        ELSE '(a.country_id = ANY($3) OR b.country_id = ANY($3))' END;
BEGIN
    RETURN QUERY EXECUTE format($q$
        SELECT date_trunc('month', e.date)::date, a.country_id::text, b.country_id::text, e.kind::text, count(*)
        FROM engagements_engagement e
        JOIN engagements_engagementcountry a ON a.engagement_id = e.id
        JOIN engagements_engagementcountry b ON b.engagement_id = e.id AND b.country_id > a.country_id
        WHERE %1$s AND %2$s
        GROUP BY 1, 2, 3, 4
    $q$, chosen, scoped)
    USING date_from, date_to, countries;
END
$fn$;

-- Recount one month's pairs (NULL: the undated engagements) that have one of these countries.
CREATE OR REPLACE FUNCTION engagements_pair_recount(recount_month date, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    IF coalesce(cardinality(countries), 0) = 0 THEN
        RETURN;  -- the "all" scope alone: no engagement with countries was touched
    END IF;
    DELETE FROM engagements_paircount
    WHERE month IS NOT DISTINCT FROM recount_month
      AND (country_a_id = ANY(countries) OR country_b_id = ANY(countries));
    INSERT INTO engagements_paircount (month, country_a_id, country_b_id, kind, n)
    SELECT p.month, p.country_a, p.country_b, p.kind, p.n
    FROM engagements_pair_counts(recount_month, (recount_month + interval '1 month' - interval '1 day')::date,
        recount_month IS NULL, countries) p;
END
$fn$;

-- v1's recount of a month (the settle calls it for every stale month), now with its pairs.
CREATE OR REPLACE FUNCTION engagements_rollup_recount(recount_month date, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM engagements_monthlycount
    WHERE month IS NOT DISTINCT FROM recount_month AND (country_id IS NULL OR country_id = ANY(countries));
    INSERT INTO engagements_monthlycount (month, country_id, dimension, value, n)
    SELECT c.month, c.country, c.dimension, c.value, c.n
    FROM engagements_rollup_counts(recount_month, (recount_month + interval '1 month' - interval '1 day')::date,
        recount_month IS NULL, true, countries) c;
    PERFORM engagements_pair_recount(recount_month, countries);
END
$fn$;


-- v2's full rebuild (v1's with the search table), now with the pairs.
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
    TRUNCATE engagements_paircount;
    INSERT INTO engagements_paircount (month, country_a_id, country_b_id, kind, n)
    SELECT p.month, p.country_a, p.country_b, p.kind, p.n FROM engagements_pair_counts(NULL, NULL, false, NULL) p;

    -- Only what this transaction can see: another writer's queue is theirs to settle.
    DELETE FROM engagements_stalemonth;
    DELETE FROM engagements_stalesummary;
END
$fn$;
