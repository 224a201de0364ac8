-- The pair facts rollup (migration 0025): per pair of an engagement's countries (codes
-- sorted), month and kind, how many times its engagements raised each topic, mentioned each
-- exercise, had each person of either country take part, and were reported by a readout of
-- each publisher (every source counted; '' for a readout without one). A relationship's
-- page reads it instead of counting a busy pair's hundred thousand engagements' facts.
--
-- Kept as the pair rollup is (derived_v3.sql), by the same queue and settle: the recount of
-- a stale month's pairs recounts their facts too, and the full rebuild refills the table.
-- Two writes the queue did not date before now queue the months they change: a source
-- joining or leaving an engagement, and a new publisher of a readout that is a source.

-- Pairs are counted when both their countries are in countries (when not NULL): a stale
-- month's countries name every country of every engagement a transaction touched (and
-- any it removed), so a pair whose count changed has both of them there.
CREATE OR REPLACE FUNCTION engagements_pair_fact_counts(
    date_from date, date_to date, undated boolean, countries varchar[]
) RETURNS TABLE (month date, country_a text, country_b text, kind text, dimension text, value text, n bigint)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    chosen text := CASE WHEN undated THEN 'e.date IS NULL'
                        WHEN date_from IS NULL AND date_to IS NULL THEN 'true'
                        ELSE 'e.date >= $1 AND e.date <= $2' END;
    scoped text := CASE WHEN countries IS NULL THEN 'true'
                        ELSE 'a.country_id = ANY($3) AND b.country_id = ANY($3)' END;
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH pairs AS MATERIALIZED (
            SELECT e.id, date_trunc('month', e.date)::date AS month, e.kind::text AS kind,
                a.country_id::text AS ca, b.country_id::text AS cb
            FROM engagements_engagement e
            JOIN engagements_engagementcountry a ON a.engagement_id = e.id
            JOIN engagements_engagementcountry b ON b.engagement_id = e.id AND b.country_id > a.country_id
            WHERE %1$s AND %2$s
        )
        SELECT p.month, p.ca, p.cb, p.kind, 'topic'::text, t.name::text, count(*)
            FROM pairs p JOIN engagements_engagementtopic et ON et.engagement_id = p.id
            JOIN engagements_topic t ON t.id = et.topic_id GROUP BY 1, 2, 3, 4, 6
        UNION ALL
        SELECT p.month, p.ca, p.cb, p.kind, 'exercise', em.exercise_id::text, count(*)
            FROM pairs p JOIN engagements_exercisemention em ON em.engagement_id = p.id GROUP BY 1, 2, 3, 4, 6
        UNION ALL
        SELECT p.month, p.ca, p.cb, p.kind, 'person', pa.person_id::text, count(*)
            FROM pairs p JOIN engagements_participation pa ON pa.engagement_id = p.id
            JOIN engagements_person pe ON pe.id = pa.person_id AND pe.country_id IN (p.ca, p.cb)
            GROUP BY 1, 2, 3, 4, 6
        UNION ALL
        SELECT p.month, p.ca, p.cb, p.kind, 'publisher', coalesce(r.publisher_id, '')::text, count(*)
            FROM pairs p JOIN engagements_engagementsource s ON s.engagement_id = p.id
            JOIN engagements_readout r ON r.id = s.readout_id GROUP BY 1, 2, 3, 4, 6
    $q$, chosen, scoped)
    USING date_from, date_to, countries;
END
$fn$;

-- v3's recount of one month's pairs, now with their facts. The rows to replace are found
-- by "month = m" (or "month IS NULL"), which the month indexes answer; v3's "IS NOT
-- DISTINCT FROM" read the whole table (a third of a second for the facts at 1M).
CREATE OR REPLACE FUNCTION engagements_pair_recount(recount_month date, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    month_end date := (recount_month + interval '1 month' - interval '1 day')::date;
    same_month text := CASE WHEN recount_month IS NULL THEN 'month IS NULL' ELSE 'month = $1' END;
BEGIN
    IF coalesce(cardinality(countries), 0) = 0 THEN
        RETURN;  -- the "all" scope alone: no engagement with countries was touched
    END IF;
    EXECUTE format('DELETE FROM engagements_paircount WHERE %s '
        'AND (country_a_id = ANY($2) OR country_b_id = ANY($2))', same_month) USING recount_month, countries;
    INSERT INTO engagements_paircount (month, country_a_id, country_b_id, kind, n)
    SELECT p.month, p.country_a, p.country_b, p.kind, p.n
    FROM engagements_pair_counts(recount_month, month_end, recount_month IS NULL, countries) p;
    EXECUTE format('DELETE FROM engagements_pairfactcount WHERE %s '
        'AND country_a_id = ANY($2) AND country_b_id = ANY($2)', same_month) USING recount_month, countries;
    INSERT INTO engagements_pairfactcount (month, country_a_id, country_b_id, kind, dimension, value, n)
    SELECT f.month, f.country_a, f.country_b, f.kind, f.dimension, f.value, f.n
    FROM engagements_pair_fact_counts(recount_month, month_end, recount_month IS NULL, countries) f;
END
$fn$;

-- v3's full rebuild, now with the pairs' facts.
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

    -- Only what this transaction can see: another writer's queue is theirs to settle.
    DELETE FROM engagements_stalemonth;
    DELETE FROM engagements_stalesummary;
END
$fn$;

-- v4's sources' statements, now queueing the engagements' months too (their publishers are
-- counted per pair), not their summaries alone.
CREATE OR REPLACE FUNCTION engagements_sources_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT engagements_derived_bulk() THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM engagements_derived_queue(array_agg(e.id), array_agg(e.date), array_agg(NULL::varchar))
            FROM (SELECT DISTINCT engagement_id FROM new_rows) s JOIN engagements_engagement e ON e.id = s.engagement_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            -- An engagement deleted with its sources is queued by its own delete.
            PERFORM engagements_derived_queue(array_agg(e.id), array_agg(e.date), array_agg(NULL::varchar))
            FROM (SELECT DISTINCT engagement_id FROM old_rows) s JOIN engagements_engagement e ON e.id = s.engagement_id;
        END IF;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- v4's readouts' statements: a readout's new publisher is also a new count in the pair facts
-- of every engagement it is a source of.
CREATE OR REPLACE FUNCTION engagements_readouts_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF engagements_derived_bulk() THEN
        PERFORM engagements_derived_mark();
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO engagements_stalesummary (engagement_id)
        SELECT e.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN engagements_engagement e ON e.readout_id = n.id
        WHERE (n.title, n.url, n.published_on, n.publisher_id) IS DISTINCT FROM
              (o.title, o.url, o.published_on, o.publisher_id)
        UNION
        SELECT s.engagement_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN engagements_engagementsource s ON s.readout_id = n.id
        WHERE (n.title, n.url, n.published_on, n.publisher_id) IS DISTINCT FROM
              (o.title, o.url, o.published_on, o.publisher_id);
        PERFORM engagements_derived_queue(array_agg(e.id), array_agg(e.date), array_agg(NULL::varchar))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN engagements_engagementsource s ON s.readout_id = n.id
        JOIN engagements_engagement e ON e.id = s.engagement_id
        WHERE n.publisher_id IS DISTINCT FROM o.publisher_id;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;
