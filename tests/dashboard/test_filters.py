"""What each filter keeps, and what bad filter input does (a message, never a 500)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from engagements import models
from tests import factories

pytestmark = pytest.mark.django_db


def listed(client, query, name="engagements"):
    response = client.get(reverse(f"engagements:{name}"), query)
    assert response.status_code == 200
    return response, {row.pk for row in response.context["page"].rows}


@pytest.fixture
def three(db):
    """Malaysia in 2023 (meeting, maritime security), the Philippines in 2024 (call, space), Japan undated."""
    mys = factories.EngagementFactory(
        date=dt.date(2023, 3, 1), kind="meeting", countries=["USA", "MYS"], topics=["maritime security"]
    )
    phl = factories.EngagementFactory(date=dt.date(2024, 6, 1), kind="call", countries=["USA", "PHL"], topics=["space"])
    jpn = factories.EngagementFactory(date=None, kind="visit", countries=["USA", "JPN"])
    return mys, phl, jpn


def test_no_filter_lists_everything_newest_first_undated_last(analyst_client, three):
    mys, phl, jpn = three
    response, _ = listed(analyst_client, {})
    assert [e.pk for e in response.context["page"].rows] == [phl.pk, mys.pk, jpn.pk]


def test_country_filter_keeps_engagements_with_any_chosen_country(analyst_client, three):
    mys, phl, _jpn = three
    assert listed(analyst_client, {"country": "MYS"})[1] == {mys.pk}
    assert listed(analyst_client, {"country": ["MYS", "PHL"]})[1] == {mys.pk, phl.pk}


def test_region_filter_reads_the_partner_region(analyst_client, three):
    # The publisher (USA) is in the Americas but is no partner: nothing matches.
    assert listed(analyst_client, {"region": "Americas"})[1] == set()
    assert len(listed(analyst_client, {"region": "Asia"})[1]) == 3


def test_date_range_filter(analyst_client, three):
    mys, phl, _ = three
    assert listed(analyst_client, {"date_from": "2024-01-01"})[1] == {phl.pk}
    assert listed(analyst_client, {"date_to": "2023-12-31"})[1] == {mys.pk}
    assert listed(analyst_client, {"date_from": "2023-01-01", "date_to": "2024-12-31", "country": "PHL"})[1] == {phl.pk}


def test_kind_and_topic_filters(analyst_client, three):
    mys, phl, jpn = three
    assert listed(analyst_client, {"kind": "visit"})[1] == {jpn.pk}
    assert listed(analyst_client, {"topic": "maritime security"})[1] == {mys.pk}
    assert listed(analyst_client, {"topic": ["maritime security", "space"]})[1] == {mys.pk, phl.pk}


def test_full_text_search_ranks_the_best_match_first(analyst_client, db):
    weak = factories.EngagementFactory(readout=factories.ReadoutFactory(text="They discussed submarines once."))
    strong = factories.EngagementFactory(
        readout=factories.ReadoutFactory(
            title="Submarine cooperation", text="Submarines and submarine bases were discussed."
        )
    )
    factories.EngagementFactory(readout=factories.ReadoutFactory(text="Nothing about the sea here."))
    response, found = listed(analyst_client, {"q": "submarine"})
    assert found == {weak.pk, strong.pk}
    assert response.context["page"].rows[0].pk == strong.pk  # stemmed, ranked
    assert listed(analyst_client, {"q": '"submarine bases" -once'})[1] == {strong.pk}  # websearch syntax


def test_a_searchs_pool_of_matches_is_kept_for_its_next_page_until_the_data_changes(analyst_client, deferred_settle):
    from engagements.derived import upkeep

    first = factories.EngagementFactory(readout=factories.ReadoutFactory(text="Submarine talks."))
    upkeep.settle()
    assert listed(analyst_client, {"q": "submarine"})[1] == {first.pk}
    # Written but not yet committed (settled): the data version has not moved.
    later = factories.EngagementFactory(readout=factories.ReadoutFactory(text="More submarine talks."))
    assert listed(analyst_client, {"q": "submarine", "page": "1"})[1] == {first.pk}  # the kept pool
    upkeep.settle()  # its commit, as every write's: the data version moves on
    assert listed(analyst_client, {"q": "submarine"})[1] == {first.pk, later.pk}


def test_a_best_match_lists_total_is_its_matches_on_every_list(analyst_client, db):
    person = factories.PersonFactory(name="Ana Reyes", country_id="PHL")
    for n in range(55):
        engagement = factories.EngagementFactory(readout=factories.ReadoutFactory(text=f"Submarine talks, round {n}."))
        factories.ParticipationFactory(engagement=engagement, person=person)
    factories.EngagementFactory(readout=factories.ReadoutFactory(text="Nothing about the sea."))
    for name in ("engagements", "readouts"):
        response, rows = listed(analyst_client, {"q": "submarine"}, name)
        page = response.context["page"]
        assert (str(page.total), len(rows), page.has_next) == ("55", 50, True), name
    response, rows = listed(analyst_client, {"q": "submarine"}, "people")
    assert str(response.context["page"].total) == "1"  # one person, in 55 of the matches


def test_participant_forum_agreement_and_exercise_filters(analyst_client, malaysia_meeting, three):
    pk = malaysia_meeting.pk
    assert listed(analyst_client, {"participant": "rahman"})[1] == {pk}
    assert listed(analyst_client, {"agreement_kind": "ACSA"})[1] == {pk}
    assert listed(analyst_client, {"agreement_kind": "ACSA", "agreement_action": "signed"})[1] == {pk}
    assert listed(analyst_client, {"agreement_kind": "ACSA", "agreement_action": "planned"})[1] == set()
    forum = factories.ForumFactory()
    malaysia_meeting.forum = forum
    malaysia_meeting.save()
    assert listed(analyst_client, {"forum": "ADMM-Plus"})[1] == {pk}
    mention = factories.ExerciseMentionFactory(
        engagement=three[1], exercise=factories.ExerciseFactory(name="Balikatan")
    )
    assert listed(analyst_client, {"exercise": "balik"})[1] == {mention.engagement_id}


def test_also_with_country_narrows_to_engagements_with_both(analyst_client, db):
    both = factories.EngagementFactory(countries=["USA", "MYS", "PHL"])
    factories.EngagementFactory(countries=["USA", "MYS"])
    assert listed(analyst_client, {"country": "MYS", "with_country": "PHL"})[1] == {both.pk}


def test_the_other_lists_share_the_filters(analyst_client, malaysia_meeting, three):
    assert len(listed(analyst_client, {"country": "MYS"}, "agreements")[1]) == 1
    assert listed(analyst_client, {"country": "PHL"}, "agreements")[1] == set()
    assert listed(analyst_client, {"agreement_action": "planned"}, "agreements")[1] == set()
    people = listed(analyst_client, {"nationality": "MYS"}, "people")[1]
    assert people == {malaysia_meeting.participations.get().person_id}
    assert listed(analyst_client, {"q": "cross-servicing"}, "readouts")[1] == {malaysia_meeting.readout_id}
    assert listed(analyst_client, {"country": "MYS", "date_from": "2025-01-01"}, "readouts")[1] == set()


def test_a_search_shows_a_highlighted_snippet_with_the_text_escaped(analyst_client, db):
    factories.EngagementFactory(
        readout=factories.ReadoutFactory(text="Talks on <script>x()</script> defense & cybersecurity, 2 < 3.")
    )
    response, _ = listed(analyst_client, {"q": "cybersecurity"}, "readouts")
    html = response.content.decode()
    assert "<mark>cybersecurity</mark>" in html
    assert "defense &amp; <mark>" in html and "2 &lt; 3" in html
    assert "<script>x()" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2024-13-45"}, "Enter a valid date"),
        ({"date_from": "2024-06-01", "date_to": "2024-01-01"}, "end date is before the start date"),
        ({"country": "XYZ"}, "Select a valid choice"),
        ({"kind": "party"}, "Select a valid choice"),
        ({"sort": "sideways"}, "Select a valid choice"),
    ],
)
def test_bad_filter_input_is_a_400_with_the_form_error_and_no_rows(analyst_client, three, query, message):
    for name in ("engagements", "overview"):
        response = analyst_client.get(reverse(f"engagements:{name}"), query)
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert "Some filters could not be read" in html
        assert response.context["page" if name == "engagements" else "headline"] is not None
    # The list marks the field itself for screen readers.
    assert 'aria-invalid="true"' in html or "sort" in query
    assert not analyst_client.get(reverse("engagements:engagements"), query).context["page"].rows


def test_bad_page_numbers_give_a_message(analyst_client, three):
    response = analyst_client.get(reverse("engagements:engagements"), {"page": "abc"})
    assert "is not a page number" in response.content.decode()
    assert len(response.context["page"].rows) == 3
    response = analyst_client.get(reverse("engagements:engagements"), {"page": "7"})
    assert "There is no page 7" in response.content.decode()
    response = analyst_client.get(reverse("engagements:engagements"), {"page": "999999"})
    assert "Lists stop at page 2,000" in response.content.decode()


def test_active_filters_show_as_chips_that_remove_themselves(analyst_client, three):
    response = analyst_client.get(reverse("engagements:engagements"), {"country": ["MYS", "PHL"], "kind": "call"})
    html = response.content.decode()
    assert "Remove filter Country: Malaysia" in html
    assert 'href="?country=PHL&amp;kind=call"' in html  # Malaysia's chip drops Malaysia only


def test_a_chip_keeps_the_other_filters_as_written_and_drops_the_page(analyst_client, three):
    response = analyst_client.get(
        reverse("engagements:engagements"),
        {"q": "Défense & sea", "country": ["MYS", "PHL"], "page": "1", "kind": "call"},
    )
    html = response.content.decode()
    words = "q=D%C3%A9fense+%26+sea"
    assert f'href="?{words}&amp;country=PHL&amp;kind=call"' in html  # Malaysia's chip
    assert 'href="?country=MYS&amp;country=PHL&amp;kind=call"' in html  # the search's chip
    assert f'href="?{words}&amp;country=MYS&amp;country=PHL"' in html  # the kind's chip


def test_person_links_filter_by_person(analyst_client, malaysia_meeting, three):
    person = models.Person.objects.get(name="Adnan Rahman")
    response, found = listed(analyst_client, {"person": person.pk})
    assert found == {malaysia_meeting.pk}
    assert "Person:</span> Adnan Rahman" in response.content.decode()


def test_people_counts_count_only_the_filtered_engagements(analyst_client, db):
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    for year in (2021, 2022, 2023):
        factories.ParticipationFactory(
            engagement=factories.EngagementFactory(date=dt.date(year, 5, 1)), person=minister
        )
    response, found = listed(analyst_client, {"date_from": "2022-01-01", "nationality": "MYS"}, "people")
    assert found == {minister.pk}
    row = response.context["page"].rows[0]
    assert (row.engagement_count, row.last_seen) == (2, dt.date(2023, 5, 1))
    assert row.latest_title == "Minister of Defense"


def test_a_persons_count_links_to_those_engagements(analyst_client, db):
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    for year in (2021, 2022, 2023):
        factories.ParticipationFactory(
            engagement=factories.EngagementFactory(date=dt.date(year, 5, 1)), person=minister
        )
    response, _ = listed(analyst_client, {"date_from": "2022-01-01"}, "people")
    url = f"/engagements/?date_from=2022-01-01&amp;person={minister.pk}"
    assert url in response.content.decode()
    assert len(listed(analyst_client, {"date_from": "2022-01-01", "person": minister.pk})[1]) == 2


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2022-01-01", "nationality": "MYS"},
        {"country": "MYS", "date_from": "2021-06-01", "date_to": "2023-12-31"},
        {"date_from": "2021-01-01", "sort": "name"},
    ],
)
def test_a_narrow_people_list_shows_what_the_broad_reading_shows(analyst_client, fresh_pages, monkeypatch, query):
    # A filter that keeps few participations is read from them (selectors.person_list); past
    # NARROW_PARTICIPATIONS, person by person. Both must list the same people and figures.
    from engagements.dashboard import selectors

    surnames = ["Rahman", "Hussein", "Hamidi", "Nordin", "Yaakob", "Ismail", "Razak", "Khaled"]
    malaysians = [factories.PersonFactory(name=f"Datuk {surname}", country_id="MYS") for surname in surnames]
    for i, person in enumerate(malaysians * 9):
        engagement = factories.EngagementFactory(date=dt.date(2021 + i % 3, 1 + i % 12, 1 + i % 27))
        title = "" if i % 5 == 0 else f"Minister of Defence ({i})"
        factories.ParticipationFactory(engagement=engagement, person=person, title=title)
    factories.ParticipationFactory(person=factories.PersonFactory(country_id="USA"), title="Secretary")

    def rows(narrow_bound):
        monkeypatch.setattr(selectors, "NARROW_PARTICIPATIONS", narrow_bound)
        cache.clear()  # the kept people are kept with the figures
        response = analyst_client.get(reverse("engagements:people"), query)
        assert response.status_code == 200
        page = response.context["page"]
        return str(page.total), [(p.name, p.engagement_count, p.last_seen, p.latest_title) for p in page.rows]

    narrow, broad = rows(10_000), rows(0)
    assert narrow == broad
    assert narrow[1] and all(n > 0 and last and title for _name, n, last, title in narrow[1])


@pytest.mark.parametrize(
    "query",
    [
        {"country": "USA"},
        {"country": "USA", "sort": "oldest"},
        {"country": "USA", "date_from": "2020-01-05", "date_to": "2020-01-12"},
    ],
)
def test_one_country_s_pages_walked_by_its_rows_are_the_list_s_own(analyst_client, monkeypatch, query):
    from engagements.dashboard import selectors

    # Fifty dated (three a day) then fifty-five undated: the first page ends on the first
    # undated one, the later pages start past the dated ones.
    for n in range(50):
        factories.EngagementFactory(date=dt.date(2020, 1, 1) + dt.timedelta(days=n // 3), countries=["USA", "JPN"])
    for _ in range(55):
        factories.EngagementFactory(date=None, countries=["USA", "PHL"])
    factories.EngagementFactory(date=dt.date(2020, 1, 6), countries=["JPN", "PHL"])  # not the country's

    def pages():
        found = []
        for number in (1, 2, 3):
            cache.clear()
            page = analyst_client.get(reverse("engagements:engagements"), {**query, "page": number}).context["page"]
            found.append(([row.pk for row in page.rows], page.total.value, page.has_next))
        return found

    walked = pages()
    monkeypatch.setattr(selectors, "COUNTRY_WALK_FILTERS", set())  # the list's own query
    assert walked == pages()
    assert walked[0][0]  # the list is not empty
