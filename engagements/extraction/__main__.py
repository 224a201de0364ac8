"""python -m engagements.extraction --jsonl FILE | FILE.md ...

Prints one JSON line per readout in the shared schema (see jsonl.py). Markdown readouts with
front matter (engagements/demo/readouts/*.md) can be given as plain arguments.
"""

from __future__ import annotations

import argparse
import json
import sys

from engagements.extraction.jsonl import extract_lines, extract_record, read_markdown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m engagements.extraction", description=__doc__.splitlines()[0])
    ap.add_argument("--jsonl", help="JSON lines with id, text, published, optional title and publisher ('-' for stdin)")
    ap.add_argument("files", nargs="*", help="readout files with front matter")
    args = ap.parse_args(argv)
    if not args.jsonl and not args.files:
        ap.error("give --jsonl FILE or readout files")
    out = sys.stdout
    try:
        if args.jsonl:
            src = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")
            with src:
                for row in extract_lines(src):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        for path in args.files:
            out.write(json.dumps(extract_record(read_markdown(path)), ensure_ascii=False) + "\n")
    except (OSError, ValueError) as exc:
        print(f"engagements.extraction: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
