-- The search table (migration 0018): each readout's tsvector beside its engagement's date,
-- kept in step by the database as the other derived data is (derived_v1.sql), whichever
-- code writes the readouts and engagements. Bulk mode leaves it to the rebuild, which adds
-- the missing entries and corrects the rest (engagements_search_fill).

-- A rare word's matches are few: the planner must know it, or it walks the date index for
-- a LIMIT it never reaches (a word in 133 readouts took 750 ms at 1M with the default
-- statistics, 8 ms with these). Ten thousand lexemes tracked instead of a thousand.
ALTER TABLE engagements_searchentry ALTER COLUMN search SET STATISTICS 1000;

-- An entry goes with its readout.
ALTER TABLE engagements_searchentry ADD CONSTRAINT searchentry_readout_fk
    FOREIGN KEY (readout_id) REFERENCES engagements_readout (id) ON DELETE CASCADE;

-- Every readout's entry, and every entry's engagement and date, from the readouts and
-- engagements: what the triggers below would have written. Entries written in date order,
-- so that the newest ones sit together on disk, as the index reads them.
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
END
$fn$;

-- A readout stored: its entry, with no engagement yet (the parse adds it next).
CREATE OR REPLACE FUNCTION engagements_search_readout_added() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO engagements_searchentry (readout_id, engagement_id, date, search)
    SELECT NEW.id, e.id, e.date, NEW.search FROM (SELECT 1) one
    LEFT JOIN engagements_engagement e ON e.readout_id = NEW.id
    ON CONFLICT (readout_id) DO UPDATE SET search = excluded.search;
    RETURN NULL;
END
$fn$;

-- A readout's title (or text) changed: so did its words.
CREATE OR REPLACE FUNCTION engagements_search_readout_reworded() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE engagements_searchentry SET search = NEW.search WHERE readout_id = NEW.id;
    RETURN NULL;
END
$fn$;

-- An engagement added, re-dated, moved to another readout or deleted: the entries of the
-- readouts concerned take its id and date, or lose them.
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
    RETURN NULL;
END
$fn$;

CREATE TRIGGER search_added AFTER INSERT ON engagements_readout FOR EACH ROW
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_readout_added();
CREATE TRIGGER search_reworded AFTER UPDATE OF title, text ON engagements_readout FOR EACH ROW
    WHEN (OLD.search IS DISTINCT FROM NEW.search AND NOT engagements_derived_bulk())
    EXECUTE FUNCTION engagements_search_readout_reworded();
CREATE TRIGGER search_engagement_added AFTER INSERT ON engagements_engagement FOR EACH ROW
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_engagement_written();
CREATE TRIGGER search_engagement_moved AFTER UPDATE OF date, readout_id ON engagements_engagement FOR EACH ROW
    WHEN ((OLD.date IS DISTINCT FROM NEW.date OR OLD.readout_id IS DISTINCT FROM NEW.readout_id)
        AND NOT engagements_derived_bulk())
    EXECUTE FUNCTION engagements_search_engagement_written();
CREATE TRIGGER search_engagement_deleted AFTER DELETE ON engagements_engagement FOR EACH ROW
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_engagement_written();
