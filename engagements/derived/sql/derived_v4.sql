-- What an engagement's API row shows and its summary does not (migration 0024): its
-- location, its forum's name, an agreement's kind, whether an exercise is named, and the
-- readouts of its other sources. A write to any of them queues the engagement's summary,
-- whose refresh rewrites its API row too (summaries_v4.sql); the rest of derived_v1.sql's
-- queueing stays as it is.

-- v1's engagement statements, with a new location queued (its summary and API row only: the
-- rollup does not count it).
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
        INSERT INTO engagements_stalesummary (engagement_id)
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.location IS DISTINCT FROM o.location;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- v1's readout statements: a readout's title, URL, date or publisher is in the summary of the
-- engagement it leads, and in the API row of every engagement it is a source of.
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
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- A source joined, moved or split off: the engagements it left and joined list their sources anew.
CREATE OR REPLACE FUNCTION engagements_sources_written() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT engagements_derived_bulk() THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO engagements_stalesummary (engagement_id) SELECT DISTINCT engagement_id FROM new_rows;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO engagements_stalesummary (engagement_id) SELECT DISTINCT engagement_id FROM old_rows;
        END IF;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

-- A forum renamed: every engagement held at it shows the new name.
CREATE OR REPLACE FUNCTION engagements_forums_renamed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT engagements_derived_bulk() THEN
        INSERT INTO engagements_stalesummary (engagement_id)
        SELECT e.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN engagements_engagement e ON e.forum_id = n.id
        WHERE n.short_name IS DISTINCT FROM o.short_name;
    END IF;
    PERFORM engagements_derived_mark();
    RETURN NULL;
END
$fn$;

CREATE TRIGGER derived_insert AFTER INSERT ON engagements_engagementsource REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_sources_written();
CREATE TRIGGER derived_update AFTER UPDATE ON engagements_engagementsource
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_sources_written();
CREATE TRIGGER derived_delete AFTER DELETE ON engagements_engagementsource REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION engagements_sources_written();
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_forum
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_forums_renamed();

-- An agreement's kind and an exercise's "named" are shown as their names are.
DROP TRIGGER derived_rename ON engagements_agreement;
DROP TRIGGER derived_rename ON engagements_exercise;
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_agreement
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_agreementevent', 'agreement_id', 'name,kind');
CREATE TRIGGER derived_rename AFTER UPDATE ON engagements_exercise
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION engagements_names_written('id', 'engagements_exercisemention', 'exercise_id', 'name,named');
