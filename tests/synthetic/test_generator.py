"""The synthetic generator without a database: its world, scenes and texts."""

import collections
import datetime as dt
import hashlib

import pycountry
import pytest

from engagements.extraction.types import AGREEMENT_ACTIONS, AGREEMENT_KINDS, KINDS, TOPICS
from engagements.ingest.keys import fold, name_tokens, person_key
from engagements.models import text_fingerprint
from synthetic import gazetteer, names, topics
from synthetic.copy import array, text
from synthetic.rows import fingerprint
from synthetic.scenes import Planner
from synthetic.texts import MAX_CHARS, MIN_CHARS, Composer
from synthetic.world import World


def generate(count, seed=7):
    """(scene, composed) pairs as the loader makes them, release numbers 1..count."""
    world = World(seed)
    planner = Planner(world, seed)
    composer = Composer(world, planner.rng)
    pairs = []
    for number, code in enumerate(planner.dates(count), 1):
        scene = planner.scene(number, code)
        pairs.append((scene, composer.compose(scene, f"SR-{number:06d}")))
    return world, pairs


@pytest.fixture(scope="module")
def sample():
    return generate(3000)


def digest(pairs):
    h = hashlib.sha256()
    for scene, composed in pairs:
        h.update(
            repr(
                (
                    scene.date,
                    scene.kind,
                    scene.countries,
                    [s.person.name for s in scene.seats],
                    scene.topics,
                    [(a.agreement.key, a.action) for a in scene.agreements],
                    composed.title,
                    composed.text,
                    sorted(map(repr, composed.spans.values())),
                )
            ).encode()
        )
    return h.hexdigest()


def test_the_same_seed_gives_the_same_readouts_and_another_seed_others():
    assert digest(generate(300, seed=3)[1]) == digest(generate(300, seed=3)[1])
    assert digest(generate(300, seed=3)[1]) != digest(generate(300, seed=4)[1])


def test_texts_are_unique_readout_sized_and_survive_import_cleaning(sample):
    from engagements.ingest.cleaning import clean_readout_text

    _, pairs = sample
    texts = [composed.text for _, composed in pairs]
    assert len(set(texts)) == len(texts)
    assert all(MIN_CHARS <= len(t) <= MAX_CHARS for t in texts), (min(map(len, texts)), max(map(len, texts)))
    # Stored through import_readouts, a text must stay byte for byte (the spans point into it).
    assert all(clean_readout_text(t).text == t for t in texts[:300])


def test_scenes_use_the_schema_vocabularies(sample):
    _, pairs = sample
    for scene, _ in pairs:
        assert scene.kind in KINDS
        assert set(scene.topics) <= set(TOPICS) and 1 <= len(scene.topics) <= 4
        assert all(a.agreement.kind in AGREEMENT_KINDS and a.action in AGREEMENT_ACTIONS for a in scene.agreements)
        assert dt.date(2000, 1, 1) <= scene.date <= scene.published <= dt.date(2026, 1, 10)


def test_every_fact_points_at_a_sentence_that_states_it(sample):
    _, pairs = sample
    for scene, composed in pairs:
        for key, (start, end) in composed.spans.items():
            assert 0 <= start < end <= len(composed.text)
            sentence = composed.text[start:end]
            assert "\n" not in sentence, key
        for code in scene.countries:
            start, end = composed.spans[("country", code)]
            sentence = composed.text[start:end].lower()
            assert any(form.lower() in sentence for form in gazetteer.country(code).mentions), (
                code,
                sentence,
            )
        for seat in scene.seats:
            start, end = composed.spans[("person", id(seat.person))]
            assert seat.person.name in composed.text[start:end]
        for act in scene.agreements:
            start, end = composed.spans[("agreement", id(act.agreement))]
            assert composed.written[id(act.agreement)] in composed.text[start:end]
        assert {"date", "kind"} <= set(composed.evidence())
        assert ("location" in composed.evidence()) == bool(scene.location)
        assert ("forum" in composed.evidence()) == (scene.forum is not None)


def test_partners_are_skewed_and_the_united_states_publishes_most(sample):
    _, pairs = sample
    partners = collections.Counter(code for scene, _ in pairs for code in scene.partners)
    total = sum(partners.values())
    top = [code for code, _ in partners.most_common(9)]
    assert sum(partners[c] for c in top) / total > 0.35
    assert {"JPN", "KOR", "PHL", "GBR", "AUS"} <= set(dict(partners.most_common(15)))
    assert len(partners) > 100  # the long tail gets a little
    publishers = collections.Counter(scene.publisher for scene, _ in pairs)
    assert 0.85 < publishers["USA"] / len(pairs) < 0.95 and len(publishers) >= 5
    years = collections.Counter(scene.date.year for scene, _ in pairs)
    assert sum(years[y] for y in range(2020, 2026)) > 3 * sum(years[y] for y in range(2000, 2006))
    forums = sum(scene.forum is not None for scene, _ in pairs) / len(pairs)
    assert 0.1 < forums < 0.2
    kinds = collections.Counter(scene.kind for scene, _ in pairs)
    assert kinds["meeting"] > kinds["call"] > kinds["signing"] > 0 and set(kinds) == set(KINDS)
    for scene, _ in pairs:
        size = len(scene.countries)
        assert (3 <= size <= 6) if scene.kind == "multilateral" else size == 2
        assert scene.publisher not in scene.partners


def test_agreements_are_signed_once_and_renewed_once_in_date_order():
    _, pairs = generate(20000, seed=5)
    history = collections.defaultdict(list)
    for scene, composed in pairs:
        for act in scene.agreements:
            if ("agreement", id(act.agreement)) in composed.spans:
                history[act.agreement.key].append((scene.date, act.action))
    assert sum(1 for events in history.values() for _, action in events if action == "signed") > 50
    assert any(action == "renewed" for events in history.values() for _, action in events)
    for key, events in history.items():
        actions = [action for _, action in events]
        assert actions.count("signed") <= 1 and actions.count("renewed") <= 1, key
        if "signed" in actions:
            assert "planned" not in actions[actions.index("signed") :], key
        if "renewed" in actions and "signed" in actions:
            assert actions.index("signed") < actions.index("renewed"), key


def test_office_holders_follow_the_calendar():
    world = World(1)
    assert world.seat("USA", "minister", dt.date(2003, 5, 1)).person.name == "Donald H. Rumsfeld"
    assert (
        world.seat("USA", "deputy", dt.date(2012, 1, 1)).person
        is world.seat("USA", "minister", dt.date(2016, 1, 1)).person
    )
    assert world.seat("USA", "minister", dt.date(2025, 10, 1)).title == "Secretary of War"
    assert world.seat("USA", "chief", dt.date(2020, 1, 1)).short == "General Milley"
    japan = [world.seat("JPN", "minister", dt.date(year, 6, 1)).person for year in range(2000, 2026)]
    assert 4 <= len(set(map(id, japan))) <= 26  # a succession of ministers, terms of 1-6 years


def test_made_up_people_key_to_one_person_each():
    world = World(2)
    for (_country, key), person in world.people.items():
        assert person_key(person.name) == key and key
        assert set(name_tokens(person.short)) <= set(person.tokens), person.name
    assert len({(p.country, p.key) for p in world.people.values()}) == len(world.people)


def test_the_gazetteer_holds_real_iso_codes_and_known_name_styles():
    for info in gazetteer.countries().values():
        assert pycountry.countries.get(alpha_3=info.code) is not None, info.code
        assert info.capital and info.style in names.styles() and info.mentions
    assert len(gazetteer.partners()) >= 150


def test_topic_words_cover_the_vocabulary():
    assert set(topics.BASE) == set(TOPICS)
    for topic in TOPICS:
        assert topics.AREAS.get(topic) or topics.ISSUES.get(topic), topic
    # No phrase says another topic's name: a readout's words match its rows ("China" inside
    # "South China Sea" is that topic's own name).
    for topic, phrases in [*topics.AREAS.items(), *topics.ISSUES.items()]:
        for phrase in phrases:
            words = fold(phrase).replace("south china sea", "")
            for other in TOPICS:
                if other != topic:
                    assert other not in words, (topic, phrase, other)


def test_copy_escaping():
    assert text("a\\b\tc\nd\re") == "a\\\\b\\tc\\nd\\re"
    assert text("plain") == "plain"
    assert array(["lloyd", 'o"neil', "back\\slash"]) == '{"lloyd","o\\\\"neil","back\\\\\\\\slash"}'


@pytest.mark.parametrize(
    "value", ["Secretary Austin met.\nRelease No: SR-1", "Bødskov  met\n\nthem ", "tab\there", "é\u0301"]
)
def test_fast_fingerprint_agrees_with_the_models(value, sample):
    assert fingerprint(value) == text_fingerprint(value)
    for _, composed in sample[1][:200]:
        assert fingerprint(composed.text) == text_fingerprint(composed.text)
