"""Synthetic readouts as JSON lines, for import and parse benchmarks (no database needed).

Each line is what ``manage.py import_readouts`` reads: id, title, published, url, publisher
and text. With ``gold``, a line also carries the labels in the shared schema (SCHEMA.md),
so ``extract`` and ``score.py`` can measure the parser on synthetic text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def write_jsonl(
    path: str | Path,
    *,
    engagements: int,
    seed: int = 1,
    gold: bool = False,
    progress: Callable[[int], None] | None = None,
) -> JsonlResult:
    started = time.monotonic()
    world = World(seed)
    planner = Planner(world, seed)
    composer = Composer(world, planner.rng)
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for number, code in enumerate(planner.dates(engagements), 1):
            scene = planner.scene(number, code)
            # The release number names the seed: two files of different seeds import side by side.
            composed = composer.compose(scene, f"SR-{seed}-{number:06d}")
            record = {
                "id": f"synthetic-{seed}-{number}",
                "title": composed.title,
                "published": scene.published.isoformat(),
                "url": f"{URL_PREFIX}{seed}/{number}",
                "publisher": scene.publisher,
                "text": composed.text,
            }
            if gold:
                record["gold"] = gold_labels(scene, composed)
            line = json.dumps(record, ensure_ascii=False) + "\n"
            handle.write(line)
            written += len(line.encode("utf-8"))
            if progress is not None and number % 1000 == 0:
                progress(1000)
    if progress is not None and engagements % 1000:
        progress(engagements % 1000)
    return JsonlResult(engagements, written, time.monotonic() - started)


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
