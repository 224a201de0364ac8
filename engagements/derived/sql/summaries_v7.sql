-- The rows of facts, seventh version of the summaries (migration 0039): each row also holds its
-- engagement's date and every country taking part (the country filter's "any country row",
-- where partners are the partner rows alone). With GIN indexes on the countries, partners and
-- topics, a filter of countries, regions, topics, forums, kinds and dates is answered by these
-- rows alone (dashboard/charts/listed.py): its engagements found by the indexes and counted in
-- one statement, where it listed them first (at 1M, a region and a topic: 166 ms a first visit).
--
-- Replaces v6's view and fact row refresh; the summaries' refresh still calls it.

DROP VIEW engagements_fact_rows;
CREATE VIEW engagements_fact_rows AS
    SELECT e.id AS engagement_id, date_trunc('month', e.date)::date AS month, e.date, e.kind, e.forum_id,
        ARRAY(SELECT ec.country_id FROM engagements_engagementcountry ec
              WHERE ec.engagement_id = e.id ORDER BY 1)::varchar[] AS countries,
        ARRAY(SELECT ec.country_id FROM engagements_engagementcountry ec
              WHERE ec.engagement_id = e.id AND ec.is_partner ORDER BY 1)::varchar[] AS partners,
        ARRAY(SELECT et.topic_id FROM engagements_engagementtopic et
              WHERE et.engagement_id = e.id ORDER BY 1) AS topics,
        -- One an event, as the rollups count them: two events of one action count two.
        ARRAY(SELECT ae.action FROM engagements_agreementevent ae
              WHERE ae.engagement_id = e.id ORDER BY 1)::varchar[] AS actions,
        ARRAY(SELECT em.exercise_id FROM engagements_exercisemention em
              WHERE em.engagement_id = e.id ORDER BY 1) AS exercises
    FROM engagements_engagement e;

-- The rows of these engagements (every engagement's when ids is NULL); those of engagements
-- gone are dropped, and a row is rewritten only where it differs.
CREATE OR REPLACE FUNCTION engagements_fact_row_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF ids IS NULL THEN
        TRUNCATE engagements_engagementfacts;
        INSERT INTO engagements_engagementfacts (engagement_id, month, date, kind, forum_id, countries,
            partners, topics, actions, exercises)
        SELECT r.engagement_id, r.month, r.date, r.kind, r.forum_id, r.countries, r.partners, r.topics,
            r.actions, r.exercises
        FROM engagements_fact_rows r;
        RETURN;
    END IF;
    DELETE FROM engagements_engagementfacts f
    WHERE f.engagement_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = f.engagement_id);
    INSERT INTO engagements_engagementfacts AS f (engagement_id, month, date, kind, forum_id, countries,
        partners, topics, actions, exercises)
    SELECT r.engagement_id, r.month, r.date, r.kind, r.forum_id, r.countries, r.partners, r.topics,
        r.actions, r.exercises
    FROM engagements_fact_rows r WHERE r.engagement_id = ANY(ids)
    ON CONFLICT (engagement_id) DO UPDATE SET month = excluded.month, date = excluded.date,
        kind = excluded.kind, forum_id = excluded.forum_id, countries = excluded.countries,
        partners = excluded.partners, topics = excluded.topics, actions = excluded.actions,
        exercises = excluded.exercises
    WHERE (f.month, f.date, f.kind, f.forum_id, f.countries, f.partners, f.topics, f.actions, f.exercises)
        IS DISTINCT FROM (excluded.month, excluded.date, excluded.kind, excluded.forum_id, excluded.countries,
            excluded.partners, excluded.topics, excluded.actions, excluded.exercises);
END
$fn$;
