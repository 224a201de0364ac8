"""The one real pair in the shared dev corpus: the Japan Ministry of Defense's and the
Philippine Department of National Defense's readouts of the 21 Oct 2022 MM Dialogue become
one engagement of two sources, imported in either order."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from engagements.models import Engagement, EngagementSource

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
PAIR = ("jmod-2022-10-21-japan-philippines-mm-dialogue", "dndph-2022-10-21-philippines-japan-mm-dialogue")


@pytest.fixture
def pair_records():
    path = CORPUS / "dev2.jsonl"
    if not path.exists():
        pytest.skip("shared dev corpus not present")
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and (record := json.loads(line))["id"] in PAIR:
            records[record["id"]] = {k: v for k, v in record.items() if k != "gold"}
    if len(records) != 2:
        pytest.skip("the Japan-Philippines pair is not in this corpus")
    return [records[key] for key in PAIR]


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_the_two_governments_readouts_of_one_dialogue_join(pair_records, tmp_path, order):
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(pair_records[i]) + "\n" for i in order), encoding="utf-8")
    out = io.StringIO()
    call_command("import_readouts", str(path), "--no-progress", stdout=out)
    assert "2 new" in out.getvalue() and "1 joined another readout's engagement" in out.getvalue()
    engagement = Engagement.objects.get()
    assert engagement.date.isoformat() == "2022-10-21" and engagement.kind == "dialogue"
    sources = EngagementSource.objects.filter(engagement=engagement).select_related("readout")
    assert {s.readout.publisher_id for s in sources} == {"JPN", "PHL"}
    joined = next(s for s in sources if s.decided_by == EngagementSource.DecidedBy.MATCHER)
    assert "same pair JPN-PHL" in joined.reasons and "same kind (dialogue)" in joined.reasons
    assert engagement.readout.published_on.isoformat() == "2022-10-24"  # the earlier release leads


def test_the_demo_tells_one_meeting_from_both_sides():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    source = EngagementSource.objects.select_related("readout", "engagement__readout").get(
        readout__url__endswith="25-philippines-dnd-galvez-austin"
    )
    assert source.decided_by == EngagementSource.DecidedBy.MATCHER
    assert source.engagement.readout.url.endswith("05-philippines-austin-galvez-manila")
    titles = source.engagement.source_comparison().conflicts
    assert any(c.label.startswith("Title of Carlito Galvez") for c in titles)
