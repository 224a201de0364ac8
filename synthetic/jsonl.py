"""Synthetic readouts as JSON lines, for import and parse benchmarks (no database needed).

Each line is what ``manage.py import_readouts`` reads: id, title, published, url, publisher
and text. With ``gold``, a line also carries the labels in the shared schema (SCHEMA.md),
so ``extract`` and ``score.py`` can measure the parser on synthetic text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from synthetic.officials import PUBLISHERS
from synthetic.scenes import Planner, Scene
from synthetic.texts import Composed, Composer
from synthetic.world import World

URL_PREFIX = "https://synthetic.invalid/jsonl/"


@dataclass
class JsonlResult:
    readouts: int
    bytes: int
    seconds: float

    def summary(self) -> str:
        rate = self.readouts / self.seconds if self.seconds else 0.0
        return (
            f"{self.readouts:,} synthetic readouts written ({self.bytes / 1e6:,.1f} MB) "
            f"in {self.seconds:.1f} s ({rate:,.0f} readouts/s)"
        )


PUBLISHING = frozenset(p.code for p in PUBLISHERS)
TWICE = 0.2  # the share of events reported twice, by default


def write_jsonl(
    path: str | Path,
    *,
    engagements: int,
    seed: int = 1,
    gold: bool = False,
    twice: float = TWICE,
    progress: Callable[[int], None] | None = None,
) -> JsonlResult:
    """Write ``engagements`` readouts; a share ``twice`` of the events they report are
    reported twice (the other side's readout, or a later fuller release), so an import
    exercises matching: ``engagements / (1 + twice)`` events in all."""
    started = time.monotonic()
    world = World(seed)
    planner = Planner(world, seed)
    composer = Composer(world, planner.rng)
    events = max(1, round(engagements / (1 + max(0.0, twice))))
    seconds = engagements - events  # spread evenly over the events, the same each run
    written = count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for number, code in enumerate(planner.dates(events), 1):
            scene = planner.scene(number, code)
            accounts = [scene]
            if (number * seconds) // events > ((number - 1) * seconds) // events:
                accounts.append(second_account(scene, planner.rng))
            for index, account in enumerate(accounts):
                suffix = "" if index == 0 else "-b"
                # The release number names the seed: two files of different seeds import side by side.
                composed = composer.compose(account, f"SR-{seed}-{number:06d}{suffix}")
                record = {
                    "id": f"synthetic-{seed}-{number}{suffix}",
                    "title": composed.title,
                    "published": account.published.isoformat(),
                    "url": f"{URL_PREFIX}{seed}/{number}{suffix}",
                    "publisher": account.publisher,
                    "text": composed.text,
                }
                if gold:
                    record["gold"] = gold_labels(account, composed)
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(1000)
    if progress is not None and count % 1000:
        progress(count % 1000)
    return JsonlResult(count, written, time.monotonic() - started)


def second_account(scene: Scene, rng) -> Scene:
    """Another readout of the same event: half the time the main partner's own (its minister
    first, published the same day or the next), else the same side's later release, written
    again in other words. Dates are written in full, so a later release still names the day
    of the event."""
    # The other side writes only when its ministry is one the generator writes for.
    if scene.partners and scene.partners[0] in PUBLISHING and rng.random() < 0.5:
        partner, *others = scene.partners
        host = {"publisher": "partner", "partner": "publisher"}.get(scene.host, scene.host)
        return dataclasses.replace(
            scene,
            publisher=partner,
            partners=[scene.publisher, *others],
            seats=[scene.seats[1], scene.seats[0], *scene.seats[2:]],
            host=host,
            date_style="full",
            published=scene.date + dt.timedelta(days=rng.choice((0, 1, 1, 2))),
        )
    return dataclasses.replace(
        scene, date_style="full", published=scene.published + dt.timedelta(days=rng.randint(1, 4))
    )


def gold_labels(scene: Scene, composed: Composed) -> dict:
    """What the parser should find, in the shared schema: the rows the loader would write."""
    spans = composed.spans
    return {
        "engagement": {
            "date": scene.date.isoformat(),
            "kind": scene.kind,
            "countries": scene.countries,
            "location": scene.location or None,
            "forum": scene.forum.forum.short_name if scene.forum else None,
        },
        "participants": [
            {"name": seat.person.name, "title": seat.title, "country": code}
            for seat, code in zip(scene.seats, [scene.publisher, *scene.partners], strict=True)
        ],
        "agreements": [
            {"name": composed.written[id(act.agreement)], "kind": act.agreement.kind, "action": act.action}
            for act in scene.agreements
            if ("agreement", id(act.agreement)) in spans
        ],
        "exercises": [
            {
                "name": act.exercise.name,
                "location": act.exercise.location if act.with_location else None,
                "countries": sorted({*act.exercise.countries, "USA"} & set(scene.countries)) or scene.countries,
            }
            for act in scene.exercises
            if ("exercise", id(act.exercise)) in spans
        ],
        "topics": sorted(t for t in scene.topics if ("topic", t) in spans),
    }
