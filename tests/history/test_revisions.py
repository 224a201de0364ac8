"""Every change to an engagement's facts is recorded, with who made it and the values before
and after: the parser, a named editor, a merge; a bulk load records nothing."""

import pytest
from django.db import connection

from engagements import history
from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.models import (
    EngagementCountry,
    EngagementCountryRevision,
    EngagementRevision,
    Participation,
    ParticipationRevision,
    Readout,
)
from synthetic.loader import load_synthetic
from tests.history.admin_forms import engagement_change_data, inline_prefix, post_engagement_change
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


def ingest(text=readouts.MALAYSIA_MEETING):
    result = readout_ingest(text=text, title="Readout of a meeting", published_on=None, publisher="USA")
    assert result.outcome == "new", result.message
    return result.readout.engagement


def changes(save):
    return {(c.what, c.before, c.after) for c in save.changes}


def test_a_parse_is_recorded_as_the_parsers_with_the_values_it_wrote():
    engagement = ingest()
    [created] = EngagementRevision.objects.filter(pgh_obj=engagement)
    assert created.pgh_label == "insert" and created.pgh_context["actor"] == "parser"
    assert created.location == engagement.location

    [save] = history.engagement_history(engagement)
    assert save.by == "the parser"
    assert ("country", "", "Malaysia") in changes(save)
    assert ("location", "", engagement.location) in changes(save)
    assert any(what == "participant" and after.startswith("Mohamed Khaled Nordin") for what, _b, after in changes(save))


def test_an_editors_correction_is_recorded_with_their_name_and_before_and_after(editor_client, editor):
    engagement = ingest()
    before = engagement.location
    minister = Participation.objects.get(engagement=engagement, person__country="MYS")
    data = engagement_change_data(editor_client, engagement, location="Kuala Lumpur")
    data[f"{inline_prefix(data, 'participations', minister.pk)}-title"] = "Defence Minister (corrected)"
    assert post_engagement_change(editor_client, engagement, data).status_code == 200

    update = EngagementRevision.objects.get(pgh_obj=engagement, pgh_label="update")
    assert update.location == before  # the row as it was
    assert update.pgh_context["username"] == editor.username
    title_change = ParticipationRevision.objects.get(pgh_obj=minister, pgh_label="update")
    assert title_change.title == "Minister of Defense"

    engagement.refresh_from_db()
    newest = history.engagement_history(engagement)[0]
    assert newest.by == "editor edith"
    assert changes(newest) == {
        ("location", before, "Kuala Lumpur"),
        (
            "participant",
            "Mohamed Khaled Nordin, Minister of Defense",
            "Mohamed Khaled Nordin, Defence Minister (corrected)",
        ),
    }


def test_an_editor_removing_a_country_is_recorded_as_a_removal(editor_client):
    engagement = ingest()
    malaysia = EngagementCountry.objects.get(engagement=engagement, country="MYS")
    data = engagement_change_data(editor_client, engagement)
    data[f"{inline_prefix(data, 'country_links', malaysia.pk)}-DELETE"] = "on"
    post_engagement_change(editor_client, engagement, data)

    gone = EngagementCountryRevision.objects.get(pgh_obj_id=malaysia.pk, pgh_label="delete")
    assert gone.country_id == "MYS" and gone.pgh_context["username"] == "edith"
    assert changes(history.engagement_history(engagement)[0]) == {("country", "Malaysia", "")}


def test_a_reparse_that_finds_the_same_facts_adds_no_change_to_the_history():
    engagement = ingest()
    outcome = readout_parse(Readout.objects.get(pk=engagement.readout_id))
    assert outcome.ok
    # Its rows were replaced (recorded), but nothing an analyst reads changed.
    assert EngagementCountryRevision.objects.filter(engagement_id=engagement.pk, pgh_label="delete").exists()
    assert len(history.engagement_history(engagement)) == 1


def test_a_reparse_asked_for_by_an_editor_names_the_parser_and_the_editor(editor_client):
    engagement = ingest()
    Participation.objects.filter(engagement=engagement, person__country="MYS").delete()  # not the parser's doing
    readout = engagement.readout
    editor_client.post(
        "/admin/engagements/readout/",
        {"action": "reparse", "_selected_action": [readout.pk]},
    )
    newest = history.engagement_history(engagement)[0]
    assert newest.by == "the parser (run by edith)"
    assert any(what == "participant" and before == "" for what, before, _a in changes(newest))


def test_a_merge_is_named_as_such():
    engagement = ingest()
    other = ingest(readouts.MALAYSIA_CALL_LATER)
    link = EngagementCountry.objects.get(engagement=other, country="MYS")
    with history.as_merge():
        link.delete()
    assert history.engagement_history(other)[0].by == "a merge"
    assert history.engagement_history(engagement)[0].by == "the parser"


def test_a_bulk_load_records_no_revisions_and_recording_resumes_after_it():
    before = EngagementRevision.objects.count(), EngagementCountryRevision.objects.count()
    load_synthetic(engagements=40, seed=3, batch_size=20)
    assert (EngagementRevision.objects.count(), EngagementCountryRevision.objects.count()) == before

    # Later writes in the same transaction are recorded again.
    engagement = ingest()
    assert EngagementRevision.objects.filter(pgh_obj=engagement).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('engagements.history', true)")
        assert cursor.fetchone()[0] == "on"


def test_a_removal_still_reads_after_the_row_it_named_is_deleted():
    engagement = ingest()
    event = engagement.agreement_events.select_related("agreement").get()
    agreement_id = event.agreement_id
    event.agreement.delete()  # its events go with it

    newest = history.engagement_history(engagement)[0]
    assert changes(newest) == {("agreement", f"a deleted agreement (#{agreement_id}) ({event.action})", "")}


def test_revisions_are_written_once_per_statement_not_once_per_row():
    # A row-level trigger runs pgtrigger's ignore check per row, in a subtransaction: a bulk
    # insert of 90,000 facts took 153 s instead of 3 s.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tgrelid::regclass::text, tgname, (tgtype & 1) = 1 AS per_row
            FROM pg_trigger
            WHERE tgname LIKE 'pgtrigger_%%' AND tgrelid::regclass::text LIKE 'engagements_%%'
            """
        )
        triggers = cursor.fetchall()
    assert len(triggers) == 18  # insert, update and delete on six tables
    assert [t for t in triggers if t[2]] == []
