-- The pair facts' topics by year (migration 0030): PairFactCount's topic months summed per
-- year, as the pair rollup's years sum its months (derived_v6.sql). The settle recounts a
-- stale year's pairs with the yearly rollup's recount, after the months; the full rebuild
-- refills them.

-- v6's recount of a year (NULL: undated), now with the pairs' topics.
CREATE OR REPLACE FUNCTION engagements_rollup_recount_year(recount_year int, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    same_year text := CASE WHEN recount_year IS NULL THEN 'year IS NULL' ELSE 'year = $1' END;
    in_year text := CASE WHEN recount_year IS NULL THEN 'month IS NULL'
                         ELSE 'month >= make_date($1, 1, 1) AND month <= make_date($1, 12, 1)' END;
BEGIN
    DELETE FROM engagements_yearlycount
    WHERE year IS NOT DISTINCT FROM recount_year AND (country_id IS NULL OR country_id = ANY(countries));
    INSERT INTO engagements_yearlycount (year, country_id, dimension, value, n)
    SELECT recount_year, country_id, dimension, value, sum(n) FROM engagements_monthlycount
    WHERE (country_id IS NULL OR country_id = ANY(countries))
      AND CASE WHEN recount_year IS NULL THEN month IS NULL
               ELSE month >= make_date(recount_year, 1, 1) AND month <= make_date(recount_year, 12, 1) END
    GROUP BY country_id, dimension, value;
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

-- v6's full rebuild, now with the pairs' topics by year.
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
