# The dashboard's sample data serves the derived-data tests too: the rollup and the summaries
# are checked against the same engagements the pages show.
from tests.dashboard.conftest import malaysia_meeting, sample

__all__ = ["malaysia_meeting", "sample"]
