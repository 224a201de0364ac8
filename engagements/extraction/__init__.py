"""The readout parser: text of a defense engagement readout in, structured facts out.

    from engagements.extraction import parse
    extraction = parse(text, published=datetime.date(2025, 10, 30), title="Readout of ...")

Pure Python (no Django), rule- and gazetteer-based; the gazetteers are the TOML files in
data/. See types.py for the output and SCHEMA.md (shared corpus) for what each field means.
"""

from engagements.extraction.parser import parse, parse_strict
from engagements.extraction.types import Extraction

# Stored with each parsed readout: bump it when a change alters what the parser finds, so a
# readout that failed under an older parser is tried again on re-import.
PARSER_VERSION = "1.1"

__all__ = ["PARSER_VERSION", "Extraction", "parse", "parse_strict"]
