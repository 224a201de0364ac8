"""From a readout's text to rows: stored first, parsed, matched, idempotent, never lost."""

import datetime as dt

import pytest

from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.ingest.results import Outcome
from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    Exercise,
    Origin,
    Participation,
    Person,
    Readout,
)
from tests.factories import PersonFactory
from tests.ingest import readouts

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 5, 2)


def ingest(text, published=DAY, **kwargs):
    return readout_ingest(text=text, title="A readout", published_on=published, **kwargs)


@pytest.mark.smoke
def test_text_to_rows_end_to_end():
    result = ingest(readouts.MALAYSIA_MEETING)
    assert result.outcome == "new", result.message
    engagement = Engagement.objects.get()
    assert engagement.date == DAY  # "today" is the publication date
    assert engagement.kind == "meeting"
    assert set(engagement.countries.values_list("code", flat=True)) == {"MYS", "USA"}
    assert engagement.country_links.get(country="MYS").is_partner
    assert not engagement.country_links.get(country="USA").is_partner
    people = {p.person.name: p.person.country_id for p in engagement.participations.select_related("person")}
    assert people.get("Lloyd J. Austin III") == "USA"
    assert any(country == "MYS" and "Khaled" in name for name, country in people.items())
    event = AgreementEvent.objects.select_related("agreement").get()
    assert (event.agreement.kind, event.action) == ("MOU", "signed")
    assert "maritime security" in set(engagement.topics.values_list("name", flat=True))
    assert Exercise.objects.filter(name__icontains="CARAT").exists()
    readout = Readout.objects.get()
    assert readout.status == Readout.Status.PARSED
    assert readout.extraction["engagement"]["kind"] == "meeting"


def test_every_fact_points_at_its_sentence():
    ingest(readouts.MALAYSIA_MEETING)
    text = Readout.objects.get().text
    event = AgreementEvent.objects.get()
    assert "Memorandum of Understanding" in text[event.evidence_start : event.evidence_end]
    for participation in Participation.objects.select_related("person"):
        sentence = text[participation.evidence_start : participation.evidence_end]
        assert participation.person.name.split()[-1] in sentence


def test_the_same_readout_twice_changes_nothing_and_says_so():
    ingest(readouts.MALAYSIA_MEETING)
    counts = [m.objects.count() for m in (Readout, Engagement, Participation, AgreementEvent, Person)]
    again = ingest("  " + readouts.MALAYSIA_MEETING.replace(" at ", "  at ") + "\n")
    assert again.outcome == "unchanged"
    assert "already stored" in again.message
    assert [m.objects.count() for m in (Readout, Engagement, Participation, AgreementEvent, Person)] == counts


def test_people_are_matched_not_duplicated():
    ingest(readouts.MALAYSIA_MEETING)
    ingest(readouts.MALAYSIA_CALL_LATER, published=dt.date(2024, 9, 1))
    assert Person.objects.filter(country="USA", name_key="lloyd austin").count() == 1
    assert Person.objects.filter(country="MYS").count() == 1
    austin = Person.objects.get(country="USA")
    assert austin.participations.count() == 2


def test_a_fuller_name_upgrades_a_surname_only_person():
    PersonFactory(name="Austin", name_key="austin", name_tokens=["austin"], country_id="USA")
    ingest(readouts.PHILIPPINES_PLAN)
    austin = Person.objects.get(country="USA")
    assert austin.name == "Lloyd J. Austin III"


def test_a_recurring_agreement_is_one_agreement_with_a_history():
    ingest(readouts.PHILIPPINES_PLAN, published=dt.date(2023, 3, 1))
    ingest(readouts.PHILIPPINES_SIGN, published=dt.date(2024, 7, 9))
    agreement = Agreement.objects.get(kind="ACSA")
    assert list(agreement.events.values_list("action", flat=True)) == ["planned", "signed"]
    assert set(agreement.countries.values_list("code", flat=True)) == {"PHL", "USA"}


def test_a_parser_crash_keeps_the_readout_as_failed(monkeypatch):
    def explode(text, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("engagements.ingest.parse.parser.parse_strict", explode)
    result = ingest(readouts.MALAYSIA_MEETING)
    assert result.outcome == "failed"
    readout = Readout.objects.get()
    assert readout.status == Readout.Status.FAILED
    assert readout.parse_error == "RuntimeError: parser bug"
    assert readout.text.startswith("Secretary of Defense")
    assert not Engagement.objects.exists()


def test_a_failure_while_saving_rows_leaves_no_half_written_rows(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("engagements.ingest.save.agreement_match", broken)
    result = ingest(readouts.MALAYSIA_MEETING)
    assert result.outcome == "failed"
    assert not Participation.objects.exists()  # written before the failure, rolled back with it
    assert Readout.objects.get().status == Readout.Status.FAILED


def test_reparse_replaces_the_parsers_rows_and_keeps_an_editors():
    ingest(readouts.MALAYSIA_MEETING)
    engagement = Engagement.objects.get()
    extra = PersonFactory(name="Ambassador Edgard Kagan", country_id="USA")
    Participation.objects.create(engagement=engagement, person=extra, title="Ambassador", origin=Origin.EDITOR)
    before = Participation.objects.filter(origin=Origin.PARSER).count()
    outcome = readout_parse(Readout.objects.get())
    assert outcome.outcome == Outcome.UPDATED and outcome.ok
    assert Participation.objects.filter(origin=Origin.PARSER).count() == before
    assert Participation.objects.filter(person=extra, origin=Origin.EDITOR).exists()


def test_a_reviewed_readout_keeps_its_rows_through_a_reparse():
    ingest(readouts.MALAYSIA_MEETING)
    readout = Readout.objects.get()
    participation = Participation.objects.filter(person__country="MYS").get()
    participation.title = "Defence Minister (corrected)"
    participation.save()
    AgreementEvent.objects.all().delete()  # the editor decided the MOU was only mentioned elsewhere
    readout.reviewed = True
    readout.save()
    outcome = readout_parse(readout)
    assert outcome.outcome == Outcome.KEPT
    assert Participation.objects.get(pk=participation.pk).title == "Defence Minister (corrected)"
    assert not AgreementEvent.objects.exists()


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("   \n  ", "empty"),
        ("\x00\x01binary\x00" * 20, "binary"),
        ("x" * 300_000, "limit"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(text, words):
    result = ingest(text)
    assert result.outcome == "refused"
    assert words in result.message
    assert not Readout.objects.exists()


def test_a_future_publication_date_is_refused():
    result = ingest(readouts.MALAYSIA_MEETING, published=dt.date.today() + dt.timedelta(days=30))
    assert result.outcome == "refused"
    assert "in the future" in result.message


def test_an_implausible_engagement_date_is_left_empty_for_review():
    result = ingest(
        "On January 3, 1900, Secretary of Defense Lloyd J. Austin III met Malaysian Minister of Defense Mohamed Khaled Nordin."
    )
    assert result.outcome == "new"
    engagement = Engagement.objects.get()
    assert engagement.date is None
    assert Readout.objects.get().status == Readout.Status.NEEDS_REVIEW
    assert "implausible" in Readout.objects.get().parse_error


def test_a_readout_with_no_country_is_kept_and_flagged():
    result = ingest("The weather was pleasant and the lunch was long. Nothing else was reported.")
    assert result.outcome == "new"
    readout = Readout.objects.get()
    assert readout.status == Readout.Status.NEEDS_REVIEW
    assert "no partner country" in readout.parse_error


def test_a_readout_in_another_language_is_flagged():
    ingest(
        "Le ministre des Armées a rencontré aujourd'hui le secrétaire à la Défense des États-Unis à Paris pour parler de la coopération."
    )
    assert "does not look like English" in Readout.objects.get().parse_error


def test_html_with_scripts_is_stored_as_text():
    result = ingest("<p>" + readouts.MALAYSIA_CALL_LATER + "</p><script>alert('x')</script>")
    assert result.outcome == "new"
    assert "script" in result.message
    assert "alert" not in Readout.objects.get().text


def test_an_exercise_gains_the_countries_a_later_mention_names():
    from types import SimpleNamespace

    from engagements.ingest.match import exercise_match
    from engagements.models import Exercise

    balikatan = SimpleNamespace(name="Balikatan 2024", location="Luzon", named=True, systems=[])
    first = exercise_match(balikatan, ["PHL", "USA"])
    again = exercise_match(SimpleNamespace(**{**vars(balikatan), "name": "Balikatan 2025"}), ["AUS", "PHL"])
    assert first == again  # editions of one named exercise are one row
    assert set(Exercise.objects.get().countries.values_list("code", flat=True)) == {"AUS", "PHL", "USA"}


def test_a_readout_without_a_release_date_takes_its_datelines():
    text = "CANBERRA, 14 March 2024 - The Minister for Defence met the visiting Defence Minister of Fiji at Parliament House today."
    ingest(text, published=None)
    assert Readout.objects.get().published_on == dt.date(2024, 3, 14)
