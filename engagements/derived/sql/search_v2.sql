-- The search table's second version (migration 0023): an engagement is found by the words
-- of every readout reporting it (EngagementSource), not only by its lead's. The lead's entry
-- carries them all (its own vector, then each other source's, oldest source first); the other
-- sources' entries keep their own words and no engagement, so the engagement search still
-- lists each engagement once, from the (date, engagement) index, and the admin's readout
-- search still finds each readout by its own words (a lead by its engagement's too).
--
-- Replaces search_v1.sql's fill, reword and engagement functions; the readout's insert
-- trigger and function stay as they are. Bulk mode leaves every change to the fill.

-- Vectors joined end to end (tsvector || tsvector, as an aggregate).
CREATE AGGREGATE engagements_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- The entries of these readouts, and of these engagements' leads, given the words they
-- should hold: a lead readout's, its engagement's sources' words (its own first, then the
-- others' oldest source first); any other readout's, its own. Written only where they differ.
-- One statement for them all (a source moved in one statement by the thousand is read once).
CREATE OR REPLACE FUNCTION engagements_search_reword(readout_ids bigint[], engagement_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    ids bigint[] := readout_ids || ARRAY(
        SELECT e.readout_id FROM engagements_engagement e WHERE e.id = ANY(engagement_ids));
BEGIN
    UPDATE engagements_searchentry s SET search = w.words
    FROM (
        SELECT r.id, CASE WHEN others.words IS NULL THEN r.search ELSE r.search || others.words END AS words
        FROM engagements_readout r
        LEFT JOIN (
            SELECT e.readout_id, engagements_tsvector_agg(o.search ORDER BY src.id) AS words
            FROM engagements_engagement e
            JOIN engagements_engagementsource src ON src.engagement_id = e.id AND src.readout_id <> e.readout_id
            JOIN engagements_readout o ON o.id = src.readout_id
            WHERE e.readout_id = ANY(ids)
            GROUP BY e.readout_id
        ) others ON others.readout_id = r.id
        WHERE r.id = ANY(ids)
    ) w
    WHERE s.readout_id = w.id AND s.search IS DISTINCT FROM w.words;
END
$fn$;

-- Every readout's entry, and every entry's engagement, date and words, from the readouts,
-- engagements and sources: what the triggers would have written. New entries in date order,
-- so that the newest ones sit together on disk, as the index reads them. The words are
-- compared for every entry (a bulk writer may have reworded, merged or split anything):
-- only those that differ are written (1M entries, 50k of them leads of two sources: the
-- words pass 5 s, the whole fill 8 s, of a 2-minute rebuild).
CREATE OR REPLACE FUNCTION engagements_search_fill() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO engagements_searchentry (readout_id, engagement_id, date, search)
    SELECT r.id, e.id, e.date, r.search
    FROM engagements_readout r LEFT JOIN engagements_engagement e ON e.readout_id = r.id
    WHERE NOT EXISTS (SELECT 1 FROM engagements_searchentry s WHERE s.readout_id = r.id)
    ORDER BY e.date DESC NULLS LAST, e.id DESC NULLS LAST, r.id DESC;
    UPDATE engagements_searchentry s SET engagement_id = e.id, date = e.date
    FROM engagements_readout r LEFT JOIN engagements_engagement e ON e.readout_id = r.id
    WHERE r.id = s.readout_id AND (s.engagement_id, s.date) IS DISTINCT FROM (e.id, e.date);
    -- Every entry's words, as engagements_search_reword gives them: one pass over the
    -- readouts in id order beside the few leads' other sources (half the time of treating
    -- leads and the rest apart).
    UPDATE engagements_searchentry s SET search = w.words
    FROM (
        SELECT r.id, CASE WHEN others.words IS NULL THEN r.search ELSE r.search || others.words END AS words
        FROM engagements_readout r
        LEFT JOIN (
            SELECT e.readout_id, engagements_tsvector_agg(o.search ORDER BY src.id) AS words
            FROM engagements_engagementsource src
            JOIN engagements_engagement e ON e.id = src.engagement_id AND e.readout_id <> src.readout_id
            JOIN engagements_readout o ON o.id = src.readout_id
            GROUP BY e.readout_id
        ) others ON others.readout_id = r.id
    ) w
    WHERE s.readout_id = w.id AND s.search IS DISTINCT FROM w.words;
END
$fn$;

-- A readout's title (or text) changed: so did its entry's words, and, when it is another
-- source of an engagement, its engagement's lead's.
CREATE OR REPLACE FUNCTION engagements_search_readout_reworded() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM engagements_search_reword(
        ARRAY[NEW.id],
        ARRAY(SELECT src.engagement_id FROM engagements_engagementsource src WHERE src.readout_id = NEW.id)
    );
    RETURN NULL;
END
$fn$;

-- An engagement added, re-dated, moved to another readout or deleted: the entries of the
-- readouts concerned take its id and date, or lose them; a lead that changed takes its
-- engagement's words, and the readout that led before keeps only its own.
CREATE OR REPLACE FUNCTION engagements_search_engagement_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE engagements_searchentry SET engagement_id = NULL, date = NULL
        WHERE readout_id = OLD.readout_id AND engagement_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE engagements_searchentry SET engagement_id = NEW.id, date = NEW.date
        WHERE readout_id = NEW.readout_id;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM engagements_search_reword(ARRAY[NEW.readout_id], '{}');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM engagements_search_reword(ARRAY[OLD.readout_id], '{}');
    ELSIF OLD.readout_id IS DISTINCT FROM NEW.readout_id THEN
        PERFORM engagements_search_reword(ARRAY[OLD.readout_id, NEW.readout_id], '{}');
    END IF;
    RETURN NULL;
END
$fn$;

-- Sources joined, moved or removed (one statement's rows at once): the leads of the
-- engagements concerned take their sources' words again, and the readouts concerned their own.
CREATE OR REPLACE FUNCTION engagements_search_sources_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    readouts bigint[];
    engagements bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT array_agg(readout_id), array_agg(DISTINCT engagement_id) INTO readouts, engagements FROM added;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT coalesce(readouts, '{}') || array_agg(readout_id),
               coalesce(engagements, '{}') || array_agg(DISTINCT engagement_id)
        INTO readouts, engagements FROM removed;
    END IF;
    PERFORM engagements_search_reword(coalesce(readouts, '{}'), coalesce(engagements, '{}'));
    RETURN NULL;
END
$fn$;

CREATE TRIGGER search_sources_added AFTER INSERT ON engagements_engagementsource
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_sources_written();
CREATE TRIGGER search_sources_moved AFTER UPDATE ON engagements_engagementsource
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_sources_written();
CREATE TRIGGER search_sources_removed AFTER DELETE ON engagements_engagementsource
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_sources_written();
