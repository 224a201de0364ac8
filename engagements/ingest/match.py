"""Match what a readout names to the rows on record: one row per person, agreement,
exercise and forum, however many readouts name it (the keys are in ``keys``)."""

from __future__ import annotations

from django.db.models import Q

from engagements.ingest.keys import agreement_key, exercise_base_name, exercise_key, name_tokens, same_person
from engagements.ingest.lookups import Lookups
from engagements.models import (
    Agreement,
    Exercise,
    Forum,
    Person,
)


def forum_match(short_name: str | None, lookups: Lookups) -> Forum | None:
    if not short_name:
        return None
    if short_name not in lookups.forums:
        found = Forum.objects.filter(Q(short_name__iexact=short_name) | Q(aliases__icontains=short_name)).first()
        if found is None:
            found, _ = Forum.objects.get_or_create(short_name=short_name[:80])
        lookups.forums[short_name] = found
    return lookups.forums[short_name]


def person_match(name: str, country: str | None, lookups: Lookups | None = None) -> Person | None:
    """The known person a mention names, or a new one: never a second row for one person."""
    tokens = name_tokens(name)
    if not tokens:
        return None
    key = " ".join(tokens)[:200]
    remembered = lookups.people.get((key, country)) if lookups else None
    if remembered is not None:
        return remembered
    person = _person_lookup(name, key, tokens, country)
    if lookups is not None:
        lookups.people[(key, country)] = person
    return person


CANDIDATES = 20  # people sharing a word with a mention, compared in Python


def _person_lookup(name: str, key: str, tokens: list[str], country: str | None) -> Person:
    same_country = Person.objects.filter(country_id=country) if country else Person.objects.filter(country__isnull=True)
    sharing = list(same_country.filter(name_tokens__overlap=tokens).order_by("-id")[:CANDIDATES])
    candidates = [p for p in sharing if p.name_key == key or same_person(tokens, p.name_tokens)]
    exact = next((p for p in candidates if p.name_key == key), None)
    if exact is None and len(sharing) == CANDIDATES:  # a common word: look the key up too
        exact = same_country.filter(name_key=key).first()
    if exact:
        return exact
    if candidates:
        best = max(candidates, key=lambda p: len(p.name_tokens))
        if len(tokens) > len(best.name_tokens):
            # A fuller form of the name than we had: keep the fuller one.
            best.name, best.name_key, best.name_tokens = name.strip()[:200], key, tokens
            best.save(update_fields=["name", "name_key", "name_tokens"])
        return best
    person, _ = Person.objects.get_or_create(
        name_key=key, country_id=country, defaults={"name": name.strip()[:200], "name_tokens": tokens}
    )
    return person


def agreement_match(name: str, kind: str, parties: list[str], lookups: Lookups | None = None) -> int:
    """The id of the agreement a mention names (made if new), its parties recorded."""
    lookups = lookups or Lookups()
    key = agreement_key(kind, name, parties)
    if key not in lookups.agreements:
        agreement, _ = Agreement.objects.get_or_create(key=key, defaults={"name": name[:300], "kind": kind})
        lookups.agreements[key] = (agreement.pk, set())
    pk, recorded = lookups.agreements[key]
    _record_countries(Agreement, pk, recorded, parties)
    return pk


def exercise_match(fact, countries: list[str], lookups: Lookups | None = None) -> int:
    """The id of the exercise a mention names (made if new), its countries recorded."""
    lookups = lookups or Lookups()
    key = exercise_key(fact.name, fact.location, fact.named)
    if key not in lookups.exercises:
        exercise, _ = Exercise.objects.get_or_create(
            key=key,
            defaults={
                # A named exercise recurs yearly: the row is the series, each mention an edition.
                "name": (exercise_base_name(fact.name) if fact.named else fact.name)[:300],
                "named": fact.named,
                "location": (fact.location or "")[:200],
                "systems": list(fact.systems)[:20],
            },
        )
        lookups.exercises[key] = (exercise.pk, set())
    pk, recorded = lookups.exercises[key]
    _record_countries(Exercise, pk, recorded, countries)
    return pk


def _record_countries(model: type[Agreement | Exercise], pk: int, recorded: set[str], codes: list[str]) -> None:
    """Add the countries a mention names to an agreement's or exercise's: a later readout may
    name another party. ``recorded`` (kept in the import's lookups) saves asking again."""
    if not set(codes) - recorded:
        return
    through = model.countries.through
    owner = f"{model._meta.model_name}_id"
    through.objects.bulk_create([through(**{owner: pk, "country_id": code}) for code in codes], ignore_conflicts=True)
    recorded.update(codes)
