-- The search table's third version (migration 0036): a lead's entry also carries its
-- engagement's facets, one lexeme per country taking part ('=c=AUS') and per topic ('=t=5'),
-- so that a search with a country or a topic finds its matches in the GIN index alone, as
-- the intersection of the words' and the facets' entries (at 1M engagements "maritime
-- security" with Australia: 8,209 matches in 61 ms, where probing each of Australia's 67,553
-- engagements' entry took 295). The english parser never makes a lexeme with '=' (a
-- separator to it), so no word of a readout is taken for a facet.
--
-- Replaces search_v2.sql's reword and fill; adds the facets' view and the triggers of the
-- countries and topics. Bulk mode leaves every change to the fill.

-- Each engagement's facet lexemes. Read through this view by the triggers (a few
-- engagements: their rows by index, in a plan kept with the function's) and by the fill
-- (every engagement).
CREATE VIEW engagements_search_facet_lexemes AS
    SELECT engagement_id, '=c=' || country_id AS lexeme FROM engagements_engagementcountry
    UNION ALL
    SELECT engagement_id, '=t=' || topic_id FROM engagements_engagementtopic;

-- The entries of these readouts, and of these engagements' leads, given what they should
-- hold: a lead readout's, its engagement's sources' words (its own first, then the others'
-- oldest source first) and the engagement's facets; any other readout's, its own words.
-- Written only where they differ.
CREATE OR REPLACE FUNCTION engagements_search_reword(readout_ids bigint[], engagement_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    ids bigint[] := readout_ids || ARRAY(
        SELECT e.readout_id FROM engagements_engagement e WHERE e.id = ANY(engagement_ids));
    leads bigint[] := ARRAY(SELECT e.id FROM engagements_engagement e WHERE e.readout_id = ANY(ids));
BEGIN
    UPDATE engagements_searchentry s SET search = w.words
    FROM (
        SELECT r.id,
               CASE WHEN others.words IS NULL THEN r.search ELSE r.search || others.words END
               || coalesce(f.facets, ''::tsvector) AS words
        FROM engagements_readout r
        LEFT JOIN (
            SELECT e.readout_id, engagements_tsvector_agg(o.search ORDER BY src.id) AS words
            FROM engagements_engagement e
            JOIN engagements_engagementsource src ON src.engagement_id = e.id AND src.readout_id <> e.readout_id
            JOIN engagements_readout o ON o.id = src.readout_id
            WHERE e.readout_id = ANY(ids)
            GROUP BY e.readout_id
        ) others ON others.readout_id = r.id
        LEFT JOIN engagements_engagement lead ON lead.readout_id = r.id
        LEFT JOIN (
            SELECT x.engagement_id, array_to_tsvector(array_agg(DISTINCT x.lexeme)) AS facets
            FROM engagements_search_facet_lexemes x WHERE x.engagement_id = ANY(leads) GROUP BY 1
        ) f ON f.engagement_id = lead.id
        WHERE r.id = ANY(ids)
    ) w
    WHERE s.readout_id = w.id AND s.search IS DISTINCT FROM w.words;
END
$fn$;

-- Every readout's entry, and every entry's engagement, date, words and facets: what the
-- triggers would have written (search_v2.sql's fill, with the facets of every lead).
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
    UPDATE engagements_searchentry s SET search = w.words
    FROM (
        SELECT r.id,
               CASE WHEN others.words IS NULL THEN r.search ELSE r.search || others.words END
               || coalesce(f.facets, ''::tsvector) AS words
        FROM engagements_readout r
        LEFT JOIN (
            SELECT e.readout_id, engagements_tsvector_agg(o.search ORDER BY src.id) AS words
            FROM engagements_engagementsource src
            JOIN engagements_engagement e ON e.id = src.engagement_id AND e.readout_id <> src.readout_id
            JOIN engagements_readout o ON o.id = src.readout_id
            GROUP BY e.readout_id
        ) others ON others.readout_id = r.id
        LEFT JOIN engagements_engagement lead ON lead.readout_id = r.id
        LEFT JOIN (
            SELECT x.engagement_id, array_to_tsvector(array_agg(DISTINCT x.lexeme)) AS facets
            FROM engagements_search_facet_lexemes x GROUP BY 1
        ) f ON f.engagement_id = lead.id
    ) w
    WHERE s.readout_id = w.id AND s.search IS DISTINCT FROM w.words;
END
$fn$;

-- Countries or topics written (one statement's rows at once): their engagements' leads
-- take their facets again. An update moves a facet only when it changes the country or
-- topic (the trigger's argument names the column): the dates and evidence the ingest and
-- the settle rewrite (a statement per engagement whose date moves) leave the entries alone.
CREATE FUNCTION engagements_search_facets_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    facet text := TG_ARGV[0];
    engagements bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        engagements := ARRAY(SELECT DISTINCT engagement_id FROM added);
    ELSIF TG_OP = 'DELETE' THEN
        engagements := ARRAY(SELECT DISTINCT engagement_id FROM removed);
    ELSE
        engagements := ARRAY(SELECT DISTINCT moved.engagement_id FROM (
            (SELECT a.engagement_id, to_jsonb(a) ->> facet FROM added a
             EXCEPT SELECT r.engagement_id, to_jsonb(r) ->> facet FROM removed r)
            UNION ALL
            (SELECT r.engagement_id, to_jsonb(r) ->> facet FROM removed r
             EXCEPT SELECT a.engagement_id, to_jsonb(a) ->> facet FROM added a)
        ) moved);
    END IF;
    IF cardinality(engagements) > 0 THEN
        PERFORM engagements_search_reword('{}', engagements);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER search_countries_added AFTER INSERT ON engagements_engagementcountry
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('country_id');
CREATE TRIGGER search_countries_changed AFTER UPDATE ON engagements_engagementcountry
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('country_id');
CREATE TRIGGER search_countries_removed AFTER DELETE ON engagements_engagementcountry
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('country_id');
CREATE TRIGGER search_topics_added AFTER INSERT ON engagements_engagementtopic
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('topic_id');
CREATE TRIGGER search_topics_changed AFTER UPDATE ON engagements_engagementtopic
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('topic_id');
CREATE TRIGGER search_topics_removed AFTER DELETE ON engagements_engagementtopic
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    WHEN (NOT engagements_derived_bulk()) EXECUTE FUNCTION engagements_search_facets_written('topic_id');
