"""Links to the detail pages, without ``reverse`` for each one.

A list page links every row to its engagement, people and countries: hundreds of links, and
``reverse`` costs tens of microseconds each. The pattern of each detail URL is reversed once
(per script prefix) and the key filled in.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

_KEY = "9182736450"  # digits, so that an <int:pk> converter accepts it


@functools.cache
def _pattern(name: str, prefix: str) -> tuple[str, str]:
    head, found, tail = reverse(name, args=[_KEY]).partition(_KEY)
    if not found:
        raise ValueError(f"{name} does not take its key in its path")
    return head, tail


def detail_url(name: str, key) -> str:
    """``reverse(name, args=[key])`` for a URL whose only argument is a pk or a code."""
    head, tail = _pattern(name, get_script_prefix())
    return f"{head}{key}{tail}"
