"""Serve plotly.js from the installed plotly package as ``vendor/plotly.min.js``.

The repository holds only code this team wrote; the bundle comes from the pinned Python
package, so ``collectstatic`` (or runserver) finds it without a CDN and without a copy.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

BUNDLE = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
STATIC_PATH = "vendor/plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(BUNDLE.parent))

    def check(self, **kwargs):
        from django.core.checks import Error

        if not BUNDLE.exists():
            return [Error(f"plotly.js bundle not found at {BUNDLE}", id="engagements.E001")]
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == STATIC_PATH:
            return [str(BUNDLE)] if find_all else str(BUNDLE)
        return []

    def list(self, ignore_patterns):
        yield BUNDLE.name, _PrefixedStorage(str(BUNDLE.parent))


class _PrefixedStorage(FileSystemStorage):
    # collectstatic places a listed file at storage.prefix + name.
    prefix = "vendor"
