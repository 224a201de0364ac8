"""How fast the readout parser runs: prints figures, asserts nothing.

    .venv/bin/python bench/parse_speed.py [--seconds 3]

1. Readouts per second on one core, for typical 1-4 kB readouts built from our own templates
   (below), for the demo readouts (engagements/demo) and for the shared dev corpus
   (../shared/corpus/dev.jsonl) when they are there.
2. Milliseconds for adversarial 100 kB inputs (long runs of one word, of title words, of
   capitalised words, of punctuation, nested quotes ...): the parser must stay linear.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engagements.extraction import parse  # noqa: E402
from engagements.extraction.jsonl import read_markdown  # noqa: E402

US = [
    ("Secretary of Defense", "Lloyd J. Austin III", "Austin"),
    ("Secretary of War", "Pete Hegseth", "Hegseth"),
    ("Deputy Secretary of Defense", "Kathleen Hicks", "Hicks"),
    ("Chairman of the Joint Chiefs of Staff Gen.", "Dan Caine", "Caine"),
]
PARTNERS = [
    ("Japanese", "Minister of Defense", "Nakatani Gen", "Japan"),
    ("Polish", "Minister of National Defense", "Wladyslaw Kosiniak-Kamysz", "Poland"),
    ("Kenyan", "Cabinet Secretary for Defence", "Aden Duale", "Kenya"),
    ("Philippine", "Secretary of National Defense", "Gilberto Teodoro", "the Philippines"),
    ("Brazilian", "Minister of Defense", "Jose Mucio Monteiro", "Brazil"),
    ("Estonian", "Minister of Defence", "Hanno Pevkur", "Estonia"),
    ("Indian", "Defence Minister", "Rajnath Singh", "India"),
    ("Moroccan", "Minister Delegate", "Abdellatif Loudiyi", "Morocco"),
]
OPENERS = [
    "{us_title} {us_name} met today with {adj} {p_title} {p_name} at the Pentagon to discuss the defense relationship.",
    "{us_title} {us_name} spoke by phone with {adj} {p_title} {p_name} on {weekday}.",
    "On {month} {day}, {us_title} {us_name} hosted {adj} {p_title} {p_name} for talks in Washington.",
    "{us_title} {us_name} met with {adj} {p_title} {p_name} on the sidelines of the Shangri-La Dialogue in Singapore.",
]
BODY = [
    "The two leaders reaffirmed the strong defense partnership between the United States and {country}.",
    "They discussed maritime security, counterterrorism and the security situation in the region.",
    "Secretary {us_short} thanked Minister {p_short} for {country}'s contributions to regional stability.",
    "The leaders welcomed progress in implementing the Roadmap for Defense Cooperation and agreed to finalize"
    " an agreement on information sharing.",
    "They highlighted recent exercises such as Balikatan and CARAT, and the professional exchanges between"
    " the two militaries.",
    "Both sides expressed concern about Russia's war against Ukraine and the People's Republic of China's"
    " coercive behavior in the South China Sea.",
    "They agreed to deepen cooperation on cyber defense, space and the defense industrial base, including"
    " co-production of munitions.",
    "Minister {p_short} described plans to modernize the armed forces and to purchase additional aircraft"
    " from the United States.",
    "The officials noted the importance of humanitarian assistance and disaster relief in a region prone"
    " to typhoons and earthquakes.",
    "The Secretary and the Minister agreed to remain in close contact and to meet again later this year.",
]
MONTHS = ["January", "March", "May", "June", "September", "October"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday"]


def template_readouts(n: int, seed: int = 7) -> list[tuple[str, dt.date, str]]:
    """Readouts of 1-4 kB in the genre, from the templates above."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        us_title, us_name, us_short = rng.choice(US)
        adj, p_title, p_name, country = rng.choice(PARTNERS)
        fields = {
            "us_title": us_title,
            "us_name": us_name,
            "us_short": us_short,
            "adj": adj,
            "p_title": p_title,
            "p_name": p_name,
            "p_short": p_name.split()[-1],
            "country": country,
            "weekday": rng.choice(WEEKDAYS),
            "month": rng.choice(MONTHS),
            "day": rng.randint(1, 28),
        }
        target = rng.randint(1000, 4000)
        parts = [
            "Pentagon Press Secretary Maj. Gen. Pat Ryder provided the following readout:",
            rng.choice(OPENERS).format(**fields),
        ]
        while sum(len(p) for p in parts) < target:
            parts.append(" ".join(rng.choice(BODY).format(**fields) for _ in range(3)))
        title = f"Readout of {us_title} {us_name}'s Meeting With {adj} {p_title} {p_name}"
        out.append(("\n".join(parts), dt.date(2024, rng.randint(1, 12), rng.randint(1, 28)), title))
    return out


def demo_readouts() -> list[tuple[str, dt.date, str]]:
    out = []
    for path in sorted((ROOT / "engagements" / "demo" / "readouts").glob("*.md")):
        rec = read_markdown(path)
        out.append((rec["text"], dt.date.fromisoformat(rec["published"]), rec.get("title")))
    return out


def dev_readouts() -> list[tuple[str, dt.date, str]]:
    path = ROOT / ".." / "shared" / "corpus" / "dev.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append((rec["text"], dt.date.fromisoformat(rec["published"]), rec.get("title")))
    return out


def rate(items: list[tuple[str, dt.date, str]], seconds: float) -> float:
    """Readouts per second: the best of several passes (other load on the machine only slows)."""
    best = float("inf")
    deadline = time.perf_counter() + seconds
    while True:
        started = time.perf_counter()
        for text, published, title in items:
            parse(text, published, title=title)
        best = min(best, (time.perf_counter() - started) / len(items))
        if time.perf_counter() > deadline:
            return 1 / best


ADVERSARIAL = {
    "100k of 'a'": "a" * 100_000,
    "'Secretary of ' repeated": "Secretary of Secretary of " * 4_000,
    "capitalised words": "Alpha Bravo Charlie Delta " * 4_000,
    "title words": "Deputy Principal Assistant " * 4_000,
    "no punctuation": "the secretary met with the minister today to discuss " * 2_000,
    "nested quotes": '("\u201c' * 25_000 + '\u201d")' * 8_000,
    "dots": "." * 100_000,
    "initials": "A. " * 33_000,
    "country runs": "U.S.-" * 20_000,
    "honorifics": "the Honorable Dato' Seri " * 4_000,
    "agreement heads": "Agreement of " * 8_000,
    "live fires": "live fire of " * 8_000,
    "random printable": "".join(random.Random(1).choice("abcdefghij ABCDEFG.,;:'\"()-\n") for _ in range(100_000)),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time spent per set (default 3)")
    args = ap.parse_args()
    parse("Secretary Austin met Minister Kihara today.", dt.date(2024, 1, 1))  # load gazetteers, compile patterns

    print("Typical readouts (one core, best pass):")
    sets = [
        ("templates, 1-4 kB", template_readouts(200)),
        ("demo readouts", demo_readouts()),
        ("dev corpus", dev_readouts()),
    ]
    for name, items in sets:
        if not items:
            print(f"  {name:<20} (not present)")
            continue
        size = sum(len(t) for t, _, _ in items) / len(items)
        per_second = rate(items, args.seconds)
        print(f"  {name:<20} {len(items):>4} readouts, avg {size / 1000:.1f} kB: {per_second:>7.0f} readouts/s")

    print("Adversarial 100 kB inputs (ms, best of 3):")
    for name, text in ADVERSARIAL.items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            parse(text, dt.date(2024, 1, 1), title=text[:300])
            best = min(best, time.perf_counter() - started)
        print(f"  {name:<26} {len(text) / 1000:>5.0f} kB {best * 1000:>8.1f} ms")


if __name__ == "__main__":
    main()
