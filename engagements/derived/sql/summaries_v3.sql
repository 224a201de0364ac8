-- Report summaries, third version (the plausible-dates migration): the CSV cell neutraliser also
-- sees a formula trigger behind a byte order mark or zero-width characters, and the full-width
-- triggers, as engagements.dashboard.exports.neutralise does.
CREATE OR REPLACE FUNCTION engagements_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN left(ltrim(value, E'\uFEFF\u200B\u200C\u200D\u2060'), 1)
                     IN ('=', '+', '-', '@', E'\t', E'\r', E'\n', E'\uFF1D', E'\uFF0B', E'\uFF0D', E'\uFF20')
                THEN '''' || value ELSE value END
$$;
