"""Check the demo readouts against their gold labels: run `python engagements/demo/check_gold.py`.

Every file in readouts/ must have front matter (id, title, published, url) and a line in
gold.jsonl with the same id and published date; each gold object must have the shape of the
shared schema, with kinds, agreement kinds, actions and topics from the allowed sets, valid
ISO 3166-1 alpha-3 codes, sorted lists and ISO dates. Prints one line per problem and exits 1
when there is any. Needs pycountry (in the project's .venv), no Django.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import pycountry  # noqa: E402

from engagements.extraction.types import AGREEMENT_ACTIONS, AGREEMENT_KINDS, KINDS, TOPICS  # noqa: E402

FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
MARKDOWN = re.compile(r"[*_`#\[\]]|^\s*[-+] ", re.MULTILINE)
MIN_WORDS, MAX_WORDS = 120, 450


def valid_code(code: object) -> bool:
    return isinstance(code, str) and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def iso_date(value: object) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check_codes(codes: object, where: str, problems: list[str], *, nonempty: bool = True) -> None:
    if not isinstance(codes, list) or (nonempty and not codes):
        problems.append(f"{where}: expected a non-empty list of codes")
        return
    for code in codes:
        if not valid_code(code):
            problems.append(f"{where}: {code!r} is not an ISO 3166-1 alpha-3 code")
    if codes != sorted(codes) or len(set(codes)) != len(codes):
        problems.append(f"{where}: codes must be sorted and unique")


def check_gold(rid: str, gold: object, problems: list[str]) -> None:
    if not isinstance(gold, dict) or set(gold) != {"engagement", "participants", "agreements", "exercises", "topics"}:
        problems.append(f"{rid}: gold must have exactly engagement, participants, agreements, exercises, topics")
        return
    eng = gold["engagement"]
    if not isinstance(eng, dict) or set(eng) != {"date", "kind", "countries", "location", "forum"}:
        problems.append(f"{rid}: engagement must have exactly date, kind, countries, location, forum")
    else:
        if eng["date"] is not None and not iso_date(eng["date"]):
            problems.append(f"{rid}: engagement.date {eng['date']!r} is not an ISO date")
        if eng["kind"] not in KINDS:
            problems.append(f"{rid}: engagement.kind {eng['kind']!r} not in {KINDS}")
        check_codes(eng["countries"], f"{rid}: engagement.countries", problems)
        if isinstance(eng["countries"], list) and len(eng["countries"]) < 2:
            problems.append(f"{rid}: an engagement takes at least two countries")
        for key in ("location", "forum"):
            if eng[key] is not None and not (isinstance(eng[key], str) and eng[key].strip()):
                problems.append(f"{rid}: engagement.{key} must be null or a non-empty string")
    countries = set(eng.get("countries") or []) if isinstance(eng, dict) else set()
    for i, p in enumerate(gold["participants"]):
        where = f"{rid}: participants[{i}]"
        if not isinstance(p, dict) or set(p) != {"name", "title", "country"} or not p.get("name"):
            problems.append(f"{where}: needs name, title, country")
            continue
        if not valid_code(p["country"]):
            problems.append(f"{where}: country {p['country']!r} is not an alpha-3 code")
        elif p["country"] not in countries:
            problems.append(f"{where}: {p['country']} is not among the engagement's countries")
    for i, a in enumerate(gold["agreements"]):
        where = f"{rid}: agreements[{i}]"
        if not isinstance(a, dict) or set(a) != {"name", "kind", "action"} or not a.get("name"):
            problems.append(f"{where}: needs name, kind, action")
            continue
        if a["kind"] not in AGREEMENT_KINDS:
            problems.append(f"{where}: kind {a['kind']!r} not in {AGREEMENT_KINDS}")
        if a["action"] not in AGREEMENT_ACTIONS:
            problems.append(f"{where}: action {a['action']!r} not in {AGREEMENT_ACTIONS}")
    for i, x in enumerate(gold["exercises"]):
        where = f"{rid}: exercises[{i}]"
        if not isinstance(x, dict) or set(x) != {"name", "location", "countries"} or not x.get("name"):
            problems.append(f"{where}: needs name, location, countries")
            continue
        check_codes(x["countries"], f"{where}.countries", problems, nonempty=False)
    topics = gold["topics"]
    if not isinstance(topics, list) or topics != sorted(set(topics)):
        problems.append(f"{rid}: topics must be a sorted list without repeats")
    for t in topics if isinstance(topics, list) else []:
        if t not in TOPICS:
            problems.append(f"{rid}: topic {t!r} is not in the vocabulary")


def main() -> int:
    problems: list[str] = []
    gold_by_id: dict[str, dict] = {}
    for number, line in enumerate((HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"gold.jsonl:{number}: not JSON ({exc})")
            continue
        if not isinstance(record, dict) or set(record) != {"id", "published", "gold"}:
            problems.append(f"gold.jsonl:{number}: expected exactly id, published, gold")
            continue
        if record["id"] in gold_by_id:
            problems.append(f"gold.jsonl:{number}: duplicate id {record['id']}")
        gold_by_id[record["id"]] = record
        check_gold(record["id"], record["gold"], problems)

    seen = set()
    for path in sorted((HERE / "readouts").glob("*.md")):
        match = FRONT.match(path.read_text(encoding="utf-8"))
        if not match:
            problems.append(f"{path.name}: no front matter")
            continue
        fields = dict(line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        body = match.group(2)
        for key in ("id", "title", "published", "url"):
            if not fields.get(key):
                problems.append(f"{path.name}: front matter lacks {key}")
        rid = fields.get("id", "")
        if rid != "demo-" + path.stem:
            problems.append(f"{path.name}: id {rid!r} should be 'demo-{path.stem}'")
        if not iso_date(fields.get("published")):
            problems.append(f"{path.name}: published {fields.get('published')!r} is not YYYY-MM-DD")
        if fields.get("publisher") and not valid_code(fields["publisher"]):
            problems.append(f"{path.name}: publisher {fields['publisher']!r} is not an alpha-3 code")
        words = len(body.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{path.name}: {words} words, expected {MIN_WORDS}-{MAX_WORDS}")
        if MARKDOWN.search(body):
            problems.append(f"{path.name}: the body should be plain paragraphs, without Markdown formatting")
        record = gold_by_id.get(rid)
        if record is None:
            problems.append(f"{path.name}: no gold line with id {rid!r}")
            continue
        seen.add(rid)
        if record["published"] != fields.get("published"):
            problems.append(f"{path.name}: published {fields.get('published')} but gold says {record['published']}")
        eng = record["gold"].get("engagement") or {}
        publisher = fields.get("publisher") or "USA"
        if isinstance(eng.get("countries"), list) and publisher not in eng["countries"]:
            problems.append(f"{path.name}: the publishing country {publisher} is not in engagement.countries")
        if iso_date(eng.get("date")) and iso_date(record["published"]) and eng["date"] > record["published"]:
            problems.append(f"{path.name}: engagement date {eng['date']} is after publication")
    for rid in sorted(set(gold_by_id) - seen):
        problems.append(f"gold.jsonl: {rid} has no readout file")

    for problem in problems:
        print(problem)
    print(f"{len(seen)} readouts checked, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
