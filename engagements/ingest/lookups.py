"""What the readouts of one import share, so that each costs a handful of queries."""

from __future__ import annotations

from engagements.models import (
    Country,
    Forum,
    Person,
    Topic,
)


class Lookups:
    """What the readouts of one import share: reference data read once, and the people,
    agreements, exercises and forums already matched, so each readout costs a handful of
    queries rather than dozens. A single ingest gets a fresh one."""

    def __init__(self):
        self._countries: frozenset[str] | None = None
        self._topics: dict[str, int] | None = None
        self.people: dict[tuple, Person] = {}
        self.agreements: dict[str, tuple[int, set]] = {}  # key -> (id, parties recorded)
        self.exercises: dict[str, tuple[int, set]] = {}
        self.forums: dict[str, Forum | None] = {}

    def forget(self) -> None:
        """Drop remembered rows (after a rollback, some may no longer exist)."""
        self.people.clear()
        self.agreements.clear()
        self.exercises.clear()
        self.forums.clear()

    @property
    def countries(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = frozenset(Country.objects.values_list("code", flat=True))
        return self._countries

    @property
    def topics(self) -> dict[str, int]:
        if self._topics is None:
            self._topics = dict(Topic.objects.values_list("name", "id"))
        return self._topics
