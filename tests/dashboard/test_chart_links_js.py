"""static/js/charts.js follows a chart mark's link only to a page of this site, judged the way
the browser parses the link (run in Node, the function as the file holds it)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHARTS_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "charts.js"
ORIGIN = "https://dashboard.example.org"
CASES = {
    "/engagements/?country=MYS&date_from=2019-01-01": "/engagements/?country=MYS&date_from=2019-01-01",
    "/engagements/42/#evidence": "/engagements/42/#evidence",
    f"{ORIGIN}/people/7/": "/people/7/",
    "/\t/evil.example/": None,
    "/\n/evil.example/": None,
    "//evil.example/": None,
    "/\\evil.example/": None,
    "\\\\evil.example/": None,
    "https://evil.example/": None,
    "javascript:alert(1)": None,
    " //evil.example": None,
}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_a_mark_follows_only_links_to_this_site():
    source = CHARTS_JS.read_text(encoding="utf-8")
    function = re.search(r"\n  function sameSiteTarget\(value\) \{\n.*?\n  \}\n", source, re.DOTALL).group()
    script = (
        f"var window = {{location: {{origin: {json.dumps(ORIGIN)}}}}};\n{function}\n"
        f"var cases = {json.dumps(list(CASES))};\n"
        "var out = cases.map(sameSiteTarget);\n"
        "out.push(sameSiteTarget(['/agreements/1/']), sameSiteTarget(42), sameSiteTarget(null));\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    got = json.loads(result.stdout)
    assert dict(zip(CASES, got[: len(CASES)], strict=True)) == CASES
    assert got[len(CASES) :] == ["/agreements/1/", None, None]
