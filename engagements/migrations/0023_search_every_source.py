"""The search table finds an engagement by the words of every readout reporting it
(search_v2.sql): the lead's entry carries every source's words, the other sources' entries
their own. The existing leads of engagements with several sources take their words here,
in one statement (the other entries already hold their own); the sources table is analysed
too, so that the triggers' lookup of one engagement's sources uses its index (without its
statistics the planner read all 1M sources for each source an editor moved: 100 ms, not 2 ms).
"""

from django.db import migrations

from engagements.derived.sql_files import sql_file, sql_function

REFRESH = """
UPDATE engagements_searchentry s SET search = w.words
FROM (
    SELECT others.readout_id, lead.search || others.words AS words
    FROM (
        SELECT e.readout_id, engagements_tsvector_agg(o.search ORDER BY src.id) AS words
        FROM engagements_engagementsource src
        JOIN engagements_engagement e ON e.id = src.engagement_id AND e.readout_id <> src.readout_id
        JOIN engagements_readout o ON o.id = src.readout_id
        GROUP BY e.readout_id
    ) others
    JOIN engagements_readout lead ON lead.id = others.readout_id
) w
WHERE s.readout_id = w.readout_id AND s.search IS DISTINCT FROM w.words;
ANALYZE engagements_searchentry, engagements_engagementsource;
"""

# Backward: every entry its own readout's words again (v1 knows no other), v1's functions,
# and the new triggers and functions go.
BACKWARD = (
    """
DROP TRIGGER search_sources_added ON engagements_engagementsource;
DROP TRIGGER search_sources_moved ON engagements_engagementsource;
DROP TRIGGER search_sources_removed ON engagements_engagementsource;
DROP FUNCTION engagements_search_sources_written();
UPDATE engagements_searchentry s SET search = r.search FROM engagements_readout r
WHERE r.id = s.readout_id AND s.search IS DISTINCT FROM r.search;
"""
    + sql_function("search_v1.sql", "engagements_search_fill")
    + sql_function("search_v1.sql", "engagements_search_readout_reworded")
    + sql_function("search_v1.sql", "engagements_search_engagement_written")
    + """
DROP FUNCTION engagements_search_reword(bigint[], bigint[]);
DROP AGGREGATE engagements_tsvector_agg(tsvector);
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0022_pair_rollup"),
    ]

    operations = [
        migrations.RunSQL(sql_file("search_v2.sql"), reverse_sql=BACKWARD),
        migrations.RunSQL(REFRESH, reverse_sql=migrations.RunSQL.noop),
    ]
