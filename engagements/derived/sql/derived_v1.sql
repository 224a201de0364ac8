-- One owner for derived data (migration 0017): the database keeps every copy and count in
-- step, whichever code wrote the rows (admin, ingest, synthetic loader, a shell).
--
-- * Copied columns, at once: a fact row's date is its engagement's, and a country row's
--   is_partner says whether the country is not the readout's publisher. Set as each fact
--   row is written, and rewritten when an engagement's date or a readout's publisher changes.
-- * Counts and report text, at commit: each writing statement queues the rollup months and
--   the summaries it changed (engagements_stalemonth, engagements_stalesummary) and marks its
--   transaction (engagements_pendingsettle); a deferred trigger on that mark settles the
--   queue once, just before the transaction commits, so the counts commit with the facts
--   or not at all (an import killed half-way leaves nothing owed). The settle also moves the
--   data version that the figure caches key on.
-- * Bulk mode (set_config('engagements.bulk_load', 'on', true), the synthetic loader): the
--   triggers only note that the transaction owes a full rebuild, which the loader runs once
--   at the end; if it never gets there, the next settle runs it.

-- What the rollup counts, for engagements dated date_from..date_to (every engagement when
-- both are NULL, the undated ones when undated): each engagement once in the "all" scope
-- (when with_all) and once in each of its countries' scopes (those in countries, when not
-- NULL), under every dimension. People count in their own country's scope only.
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
        scope AS (
            SELECT eng.id, eng.month, NULL::text AS country FROM eng WHERE %3$s
            UNION ALL
            SELECT eng.id, eng.month, ec.country_id::text
            FROM eng JOIN engagements_engagementcountry ec ON ec.engagement_id = eng.id WHERE %2$s
        )
        SELECT s.month, s.country, 'kind'::text, e.kind::text, count(*)
            FROM scope s JOIN eng e ON e.id = s.id GROUP BY 1, 2, 4
        UNION ALL
        SELECT s.month, s.country, 'partner', ec.country_id::text, count(*)
            FROM scope s JOIN engagements_engagementcountry ec ON ec.engagement_id = s.id AND ec.is_partner
            GROUP BY 1, 2, 4
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

-- Recount one month (NULL: the undated engagements) in the "all" scope and these countries'
-- scopes.
CREATE OR REPLACE FUNCTION engagements_rollup_recount(recount_month date, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM engagements_monthlycount
    WHERE month IS NOT DISTINCT FROM recount_month AND (country_id IS NULL OR country_id = ANY(countries));
    INSERT INTO engagements_monthlycount (month, country_id, dimension, value, n)
    SELECT c.month, c.country, c.dimension, c.value, c.n
    FROM engagements_rollup_counts(recount_month, (recount_month + interval '1 month' - interval '1 day')::date,
        recount_month IS NULL, true, countries) c;
END
$fn$;

-- The yearly table is the monthly one summed: a year (NULL: undated) recounted from its months.
CREATE OR REPLACE FUNCTION engagements_rollup_recount_year(recount_year int, countries varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM engagements_yearlycount
    WHERE year IS NOT DISTINCT FROM recount_year AND (country_id IS NULL OR country_id = ANY(countries));
    INSERT INTO engagements_yearlycount (year, country_id, dimension, value, n)
    SELECT recount_year, country_id, dimension, value, sum(n) FROM engagements_monthlycount
    WHERE (country_id IS NULL OR country_id = ANY(countries))
      AND CASE WHEN recount_year IS NULL THEN month IS NULL
               ELSE month >= make_date(recount_year, 1, 1) AND month <= make_date(recount_year, 12, 1) END
    GROUP BY country_id, dimension, value;
END
$fn$;

-- Bulk mode: rows written without their derived data (the synthetic loader's COPY).
CREATE OR REPLACE FUNCTION engagements_derived_bulk() RETURNS boolean
LANGUAGE sql STABLE AS $fn$
    SELECT coalesce(current_setting('engagements.bulk_load', true), '') = 'on'
$fn$;

-- Mark this transaction as one that wrote: its settle runs at commit (the deferred trigger
-- below fires for the first mark after each settle). Called after queueing, so that a
-- settle made immediate (SET CONSTRAINTS) runs after the queue is written. In bulk mode,
-- mark that the transaction owes a full rebuild.
CREATE OR REPLACE FUNCTION engagements_derived_mark() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO engagements_pendingsettle AS p (xact, bulk)
    VALUES (pg_current_xact_id()::text::bigint, engagements_derived_bulk())
    ON CONFLICT (xact) DO UPDATE SET bulk = true WHERE excluded.bulk AND NOT p.bulk;
END
$fn$;

-- Queue the summaries of these engagements and the rollup months they count in: the month
-- of the date given (a fact row's copied date, or an engagement's old or new one), in the
-- "all" scope, the scope of each of the engagement's countries, and the extra country
-- given (a country row just removed, a person's former country).
CREATE OR REPLACE FUNCTION engagements_derived_queue(ids bigint[], days date[], extra varchar[])
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO engagements_stalesummary (engagement_id) SELECT DISTINCT unnest(ids);
    INSERT INTO engagements_stalemonth (month, country_id)
    SELECT DISTINCT date_trunc('month', t.day)::date, c.country
    FROM unnest(ids, days, extra) AS t(id, day, country)
    CROSS JOIN LATERAL (
        SELECT NULL::varchar AS country
        UNION SELECT t.country WHERE t.country IS NOT NULL
        UNION SELECT ec.country_id FROM engagements_engagementcountry ec WHERE ec.engagement_id = t.id
    ) c;
END
$fn$;

-- A fact row as it is written: its engagement's date, and (country rows) whether the
-- country is a partner, i.e. not the readout's publisher.
CREATE OR REPLACE FUNCTION engagements_fact_copy() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    day date;
    publisher varchar;
BEGIN
    SELECT e.date, r.publisher_id INTO day, publisher
    FROM engagements_engagement e JOIN engagements_readout r ON r.id = e.readout_id
    WHERE e.id = NEW.engagement_id;
    IF FOUND THEN
        NEW.date := day;
        IF TG_TABLE_NAME = 'engagements_engagementcountry' THEN
            NEW.is_partner := NEW.country_id IS DISTINCT FROM publisher;
        END IF;
    END IF;
    RETURN NEW;
END
$fn$;

-- An engagement's new date (or readout) reaches its fact rows; their own trigger copies it.
CREATE OR REPLACE FUNCTION engagements_engagement_moved() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE engagements_engagementcountry SET date = NEW.date WHERE engagement_id = NEW.id;
    UPDATE engagements_participation SET date = NEW.date
        WHERE engagement_id = NEW.id AND date IS DISTINCT FROM NEW.date;
    UPDATE engagements_engagementtopic SET date = NEW.date
        WHERE engagement_id = NEW.id AND date IS DISTINCT FROM NEW.date;
    UPDATE engagements_agreementevent SET date = NEW.date
        WHERE engagement_id = NEW.id AND date IS DISTINCT FROM NEW.date;
    UPDATE engagements_exercisemention SET date = NEW.date
        WHERE engagement_id = NEW.id AND date IS DISTINCT FROM NEW.date;
    RETURN NULL;
END
$fn$;

-- A readout's new publisher turns its engagement's country rows into partners or not.
CREATE OR REPLACE FUNCTION engagements_readout_republished() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE engagements_engagementcountry ec SET is_partner = ec.country_id IS DISTINCT FROM NEW.publisher_id
    FROM engagements_engagement e
    WHERE e.readout_id = NEW.id AND ec.engagement_id = e.id
      AND ec.is_partner IS DISTINCT FROM (ec.country_id IS DISTINCT FROM NEW.publisher_id);
    RETURN NULL;
END
$fn$;

-- Statement triggers of the five fact tables: queue their engagements.
CREATE OR REPLACE FUNCTION engagements_facts_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    countries boolean := TG_TABLE_NAME = 'engagements_engagementcountry';
BEGIN
    IF engagements_derived_bulk() THEN
        PERFORM engagements_derived_mark();
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM engagements_derived_queue(array_agg(engagement_id), array_agg(date),
            CASE WHEN countries THEN array_agg(country_id) ELSE array_agg(NULL::varchar) END)
        FROM (SELECT DISTINCT engagement_id, date,
                CASE WHEN countries THEN to_jsonb(n) ->> 'country_id' END AS country_id FROM new_rows n) t;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM engagements_derived_queue(array_agg(engagement_id), array_agg(date),
            CASE WHEN countries THEN array_agg(country_id) ELSE array_agg(NULL::varchar) END)
        FROM (SELECT DISTINCT engagement_id, date,
                CASE WHEN countries THEN to_jsonb(o) ->> 'country_id' END AS country_id FROM old_rows o) t;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- Statement triggers of the engagements: a new one, a change of what the rollup counts it
-- by (date, kind, forum) or of its readout, a delete.
CREATE OR REPLACE FUNCTION engagements_engagements_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF engagements_derived_bulk() THEN
        PERFORM engagements_derived_mark();
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM engagements_derived_queue(array_agg(id), array_agg(date), array_agg(NULL::varchar))
        FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM engagements_derived_queue(array_agg(id), array_agg(date), array_agg(NULL::varchar))
        FROM old_rows;
    ELSE
        -- Both months, the old one's scopes included: the engagement counted there until now.
        PERFORM engagements_derived_queue(array_agg(n.id) || array_agg(n.id),
            array_agg(n.date) || array_agg(o.date), array_fill(NULL::varchar, ARRAY[2 * count(*)::int]))
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.date, n.kind, n.forum_id, n.readout_id) IS DISTINCT FROM (o.date, o.kind, o.forum_id, o.readout_id);
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- A readout's title, URL, date or publisher is in its engagement's summary.
CREATE OR REPLACE FUNCTION engagements_readouts_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF engagements_derived_bulk() THEN
        PERFORM engagements_derived_mark();
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO engagements_stalesummary (engagement_id)
        SELECT DISTINCT e.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN engagements_engagement e ON e.readout_id = n.id
        WHERE (n.title, n.url, n.published_on, n.publisher_id) IS DISTINCT FROM
              (o.title, o.url, o.published_on, o.publisher_id);
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- Renames of the rows facts point at. TG_ARGV: the key column, the fact table pointing at
-- it, the pointing column, and the comma-separated columns shown in summaries or counted
-- by the rollup. A person's country is their rollup scope: both the old and the new one
-- are recounted.
CREATE OR REPLACE FUNCTION engagements_names_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    shown_new text;
    shown_old text;
BEGIN
    IF engagements_derived_bulk() OR TG_OP <> 'UPDATE' THEN
        PERFORM engagements_derived_mark();
        RETURN NULL;
    END IF;
    SELECT string_agg('n.' || quote_ident(c), ', '), string_agg('o.' || quote_ident(c), ', ')
    INTO shown_new, shown_old FROM unnest(string_to_array(TG_ARGV[3], ',')) AS c;
    EXECUTE format(
        'SELECT engagements_derived_queue(array_agg(f.engagement_id), array_agg(f.date), array_agg(%6$s)) '
        'FROM %2$I f JOIN new_rows n ON f.%3$I = n.%1$I JOIN old_rows o ON o.%1$I = n.%1$I '
        'WHERE (%4$s, NULL) IS DISTINCT FROM (%5$s, NULL)',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], shown_new, shown_old,
        CASE WHEN TG_TABLE_NAME = 'engagements_person' THEN 'o.country_id' ELSE 'NULL::varchar' END);
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- Any other write to what the dashboard shows (forums, agreement and exercise parties,
-- inserts and deletes of named rows) moves the data version only.
CREATE OR REPLACE FUNCTION engagements_shown_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- Everything recomputed from the facts: copied columns, summaries, the rollup; the queue
-- emptied and a rebuild owed by a bulk load paid. The caller ANALYZEs the tables after.
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

    PERFORM engagements_summary_refresh(NULL);
    TRUNCATE engagements_monthlycount, engagements_yearlycount;
    INSERT INTO engagements_monthlycount (month, country_id, dimension, value, n)
    SELECT c.month, c.country, c.dimension, c.value, c.n FROM engagements_rollup_counts(NULL, NULL, false, true, NULL) c;
    INSERT INTO engagements_yearlycount (year, country_id, dimension, value, n)
    SELECT extract(year FROM month)::int, country_id, dimension, value, sum(n) FROM engagements_monthlycount
    GROUP BY 1, 2, 3, 4;

    -- Only what this transaction can see: another writer's queue is theirs to settle.
    DELETE FROM engagements_stalemonth;
    DELETE FROM engagements_stalesummary;
END
$fn$;

-- At commit (or SET CONSTRAINTS ALL IMMEDIATE): recount what this transaction queued, under
-- one lock, so two writers of one month recount it one after the other, the second seeing
-- the first's committed rows.
CREATE OR REPLACE FUNCTION engagements_derived_settle() RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    was_bulk boolean;
    owed boolean;
    ids bigint[];
    months date[];
    scopes varchar[];
    stale record;
BEGIN
    DELETE FROM engagements_pendingsettle WHERE xact = pg_current_xact_id()::text::bigint
    RETURNING bulk INTO was_bulk;
    IF NOT FOUND THEN
        RETURN;  -- settled already (upkeep.settle), nothing written since
    END IF;
    IF was_bulk THEN
        -- The rebuild owed covers whatever this transaction queued besides.
        DELETE FROM engagements_stalemonth;
        DELETE FROM engagements_stalesummary;
        INSERT INTO engagements_dataversion AS v (id, version, rebuild_needed) VALUES (1, 1, true)
        ON CONFLICT (id) DO UPDATE SET version = v.version + 1, rebuild_needed = true;
        RETURN;
    END IF;
    SELECT rebuild_needed INTO owed FROM engagements_dataversion WHERE id = 1;
    IF NOT coalesce(owed, false) AND NOT EXISTS (SELECT 1 FROM engagements_stalemonth)
       AND NOT EXISTS (SELECT 1 FROM engagements_stalesummary) THEN
        -- Nothing to recount (a readout stored, a forum renamed): no need to wait for the lock.
        INSERT INTO engagements_dataversion AS v (id, version) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET version = v.version + 1;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(7402911);
    SELECT rebuild_needed INTO owed FROM engagements_dataversion WHERE id = 1;
    IF owed THEN
        PERFORM engagements_derived_rebuild();
        RETURN;
    END IF;

    WITH taken AS (DELETE FROM engagements_stalesummary RETURNING engagement_id)
    SELECT array_agg(DISTINCT engagement_id) INTO ids FROM taken;
    IF ids IS NOT NULL THEN
        PERFORM engagements_summary_refresh(ids);
    END IF;
    WITH taken AS (DELETE FROM engagements_stalemonth RETURNING month, country_id)
    SELECT array_agg(month), array_agg(country_id) INTO months, scopes
    FROM (SELECT DISTINCT month, country_id FROM taken) t;
    FOR stale IN
        SELECT m AS month, coalesce(array_agg(c) FILTER (WHERE c IS NOT NULL), '{}') AS countries
        FROM unnest(months, scopes) AS t(m, c) GROUP BY m
    LOOP
        PERFORM engagements_rollup_recount(stale.month, stale.countries);
    END LOOP;
    FOR stale IN
        SELECT extract(year FROM m)::int AS year,
            coalesce(array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL), '{}') AS countries
        FROM unnest(months, scopes) AS t(m, c) GROUP BY 1
    LOOP
        PERFORM engagements_rollup_recount_year(stale.year, stale.countries);
    END LOOP;
    INSERT INTO engagements_dataversion AS v (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = v.version + 1;
END
$fn$;

CREATE OR REPLACE FUNCTION engagements_derived_settle_trigger() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM engagements_derived_settle();
    RETURN NULL;
END
$fn$;

-- The settle: deferred to the commit of the transaction that marked itself.
CREATE CONSTRAINT TRIGGER derived_settle AFTER INSERT ON engagements_pendingsettle
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION engagements_derived_settle_trigger();

-- Per fact table: its copied columns as each row is written (idle in bulk mode: the rebuild
-- copies them), and its statements queued.
DO $do$
DECLARE
    fact text;
BEGIN
    FOREACH fact IN ARRAY ARRAY['engagements_engagementcountry', 'engagements_participation',
        'engagements_engagementtopic', 'engagements_agreementevent', 'engagements_exercisemention']
    LOOP
        EXECUTE format(
            'CREATE TRIGGER derived_copy BEFORE INSERT OR UPDATE OF engagement_id, date%2$s ON %1$I FOR EACH ROW '
            'WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_fact_copy()',
            fact, CASE WHEN fact = 'engagements_engagementcountry' THEN ', country_id, is_partner' ELSE '' END);
        EXECUTE format('CREATE TRIGGER derived_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION engagements_facts_written()', fact);
        EXECUTE format('CREATE TRIGGER derived_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows '
            'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION engagements_facts_written()', fact);
        EXECUTE format('CREATE TRIGGER derived_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION engagements_facts_written()', fact);
    END LOOP;
END
$do$;

CREATE TRIGGER derived_moved AFTER UPDATE OF date, readout_id ON engagements_engagement FOR EACH ROW
    WHEN (OLD.date IS DISTINCT FROM NEW.date OR OLD.readout_id IS DISTINCT FROM NEW.readout_id)
    EXECUTE FUNCTION engagements_engagement_moved();
CREATE TRIGGER derived_republished AFTER UPDATE OF publisher_id ON engagements_readout FOR EACH ROW
    WHEN (OLD.publisher_id IS DISTINCT FROM NEW.publisher_id)
    EXECUTE FUNCTION engagements_readout_republished();

-- The engagements' and readouts' statements queued.
CREATE TRIGGER derived_insert AFTER INSERT ON engagements_engagement REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_engagements_written();
CREATE TRIGGER derived_update AFTER UPDATE ON engagements_engagement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_engagements_written();
CREATE TRIGGER derived_delete AFTER DELETE ON engagements_engagement REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_engagements_written();

CREATE TRIGGER derived_update AFTER UPDATE ON engagements_readout
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_readouts_written();
-- A readout stored: row by row, so that an import's "already stored" (an insert that
-- conflicts and stores nothing) moves nothing. Bulk loads mark their transaction by their
-- engagements and facts.
CREATE TRIGGER derived_insert AFTER INSERT ON engagements_readout FOR EACH ROW
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_shown_written();
CREATE TRIGGER derived_delete AFTER DELETE ON engagements_readout
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_shown_written();

CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_person
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_participation', 'person_id', 'name,country_id');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_agreement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_agreementevent', 'agreement_id', 'name');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_exercise
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_exercisemention', 'exercise_id', 'name');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_topic
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_engagementtopic', 'topic_id', 'label,name');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_country
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('code', 'engagements_engagementcountry', 'country_id', 'name');

-- Inserts and deletes of named rows, and any write to forums and to the parties of
-- agreements and exercises: the data version moves.
DO $do$
DECLARE
    shown text;
BEGIN
    FOREACH shown IN ARRAY ARRAY['engagements_person', 'engagements_agreement', 'engagements_exercise',
        'engagements_topic', 'engagements_country', 'engagements_forum', 'engagements_agreement_countries',
        'engagements_exercise_countries']
    LOOP
        EXECUTE format('CREATE TRIGGER derived_written AFTER INSERT OR %2$s DELETE ON %1$I '
            'FOR EACH STATEMENT EXECUTE FUNCTION engagements_shown_written()',
            shown, CASE WHEN shown IN ('engagements_forum', 'engagements_agreement_countries',
                'engagements_exercise_countries') THEN 'UPDATE OR' ELSE '' END);
    END LOOP;
END
$do$;
