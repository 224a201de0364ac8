import pytest

# The dashboard's sample data serves the derived-data tests too: the rollup and the summaries
# are checked against the same engagements the pages show.
from tests.dashboard.conftest import malaysia_meeting, sample

__all__ = ["malaysia_meeting", "sample"]


@pytest.fixture
def deferred_settle(db):
    """The settle at commit, as in production (tests otherwise settle after each statement)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS derived_settle DEFERRED")
