"""A lead's search entry carries its engagement's facets, a lexeme per country and topic
(search_v3.sql), so a search with a country or a topic reads its matches from the GIN index
alone. Every lead takes them here, by the fill (at 1M engagements: the whole table rewritten).
"""

from django.db import migrations

from engagements.derived.sql_files import sql_file, sql_function

FILL = "SELECT engagements_search_fill(); ANALYZE engagements_searchentry;"

# Backward: v2's functions, the facets' triggers and view go, and the fill takes the
# facets out of every entry.
BACKWARD = (
    """
DROP TRIGGER search_countries_added ON engagements_engagementcountry;
DROP TRIGGER search_countries_changed ON engagements_engagementcountry;
DROP TRIGGER search_countries_removed ON engagements_engagementcountry;
DROP TRIGGER search_topics_added ON engagements_engagementtopic;
DROP TRIGGER search_topics_changed ON engagements_engagementtopic;
DROP TRIGGER search_topics_removed ON engagements_engagementtopic;
DROP FUNCTION engagements_search_facets_written();
"""
    + sql_function("search_v2.sql", "engagements_search_reword")
    + sql_function("search_v2.sql", "engagements_search_fill")
    + """
DROP VIEW engagements_search_facet_lexemes;
"""
    + FILL
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0035_rollup_people"),
    ]

    operations = [
        migrations.RunSQL(sql_file("search_v3.sql") + FILL, reverse_sql=BACKWARD),
    ]
