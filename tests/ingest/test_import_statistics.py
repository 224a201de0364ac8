"""A big import keeps the planner's statistics of the tables it grows."""

import pytest
from django.db import connection

from engagements.ingest.imports import _Statistics
from tests import factories

pytestmark = pytest.mark.django_db


def _analysed(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'engagement_id'", [table])
        return cursor.fetchone()[0] > 0


def test_an_import_that_doubles_the_readouts_analyses_the_engagements_sources_too():
    # Without them the API's and the search triggers' lookups of an engagement's sources
    # read all of them (a million at 1M) instead of a few from the index.
    factories.EngagementFactory()
    assert not _analysed("engagements_engagementsource")
    _Statistics().grew(500)
    assert _analysed("engagements_engagementsource")
