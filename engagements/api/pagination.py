"""Keyset ("cursor") pages: a script pulls a million rows at the speed of the first page.

A cursor holds the last row's values of the list's sort keys (and the sort's name); the next
page is the rows strictly after them in that order, read from the sort's index, so neither a
deep position nor rows inserted meanwhile make a row come twice or go missing. Undated rows
sort last: the rows with a date are read by a range on the index, then the undated ones by
their own range, in at most two queries.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.expressions import RawSQL
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

# Sort keys PostgreSQL holds as float4 (``ts_rank``, the filters' "rank" annotation).
REAL_KEYS = {"rank"}


@dataclass(frozen=True)
class Key:
    name: str  # a field path or an annotation of the queryset ("date", "agreement__name", "rank")
    descending: bool
    nulls_last: bool

    @classmethod
    def of(cls, expression) -> Key:
        if isinstance(expression, str):
            return cls(expression.lstrip("-"), expression.startswith("-"), False)
        if isinstance(expression, OrderBy) and isinstance(expression.expression, F):
            return cls(expression.expression.name, expression.descending, bool(expression.nulls_last))
        raise TypeError(f"a keyset sort needs named fields, not {expression!r}")

    def beyond(self, value) -> Q:
        """Rows strictly past ``value`` on this key alone (no undated ones)."""
        return Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": self.literal(value)})

    def reached(self, value) -> Q:
        """The range bound the index starts from: this key at or past ``value``."""
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": self.literal(value)})

    def equal(self, value) -> Q:
        return Q(**{self.name: self.literal(value)})

    def literal(self, value):
        # A search rank is a float4: its text (what the cursor holds) read back as float4 is
        # the same number, read as a Python float (float8) it is not, and the row would be
        # compared with a neighbour of itself.
        return RawSQL("%s::real", [value]) if self.name in REAL_KEYS else value


def value_of(row, name: str):
    """A sort key's value in a values() row or a model instance ("agreement__name")."""
    if isinstance(row, dict):
        return row[name]
    for part in name.split("__"):
        row = None if row is None else getattr(row, part)
    return row


def keys_of(ordering) -> list[Key]:
    return [Key.of(expression) for expression in ordering]


def after(keys: list[Key], values: list) -> Q:
    """Rows strictly after ``values`` in the order of ``keys`` (lexicographic, nulls last)."""
    key, value, rest = keys[0], values[0], keys[1:]
    if value is None:
        # Past an undated row come only undated rows with later remaining keys.
        return Q(**{f"{key.name}__isnull": True}) & after(rest, values[1:]) if rest else Q(pk__in=[])
    past = key.beyond(value)
    if key.nulls_last:
        past |= Q(**{f"{key.name}__isnull": True})
    if not rest:
        return past
    return past | (key.equal(value) & after(rest, values[1:]))


def encode(sort: str, values: list) -> str:
    text = json.dumps([sort, [v.isoformat() if isinstance(v, dt.date) else v for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, sort: str, width: int) -> list:
    try:
        named, values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error):
        raise ValidationError({"cursor": ["Not a cursor this API gave: start again without one."]}) from None
    if named != sort or not isinstance(values, list) or len(values) != width:
        raise ValidationError({"cursor": ["This cursor belongs to another sort: start again without one."]})
    if not all(v is None or isinstance(v, str | int | float) for v in values):
        raise ValidationError({"cursor": ["Not a cursor this API gave: start again without one."]})
    return values


class KeysetPagination(BasePagination):
    """Pages of ``page_size`` rows (default API_PAGE_SIZE, at most API_MAX_PAGE_SIZE) of a
    values() queryset ordered by the view's sort; ``next`` is the URL of the next page."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    @staticmethod
    def limits(view) -> tuple[int, int]:
        """(default, most) rows a page of this view holds: a view whose rows cost more (people,
        counted as they are listed) may say fewer with ``max_page_size``."""
        most = min(settings.API_MAX_PAGE_SIZE, getattr(view, "max_page_size", None) or settings.API_MAX_PAGE_SIZE)
        return min(settings.API_PAGE_SIZE, most), most

    def page_size(self, request, view=None) -> int:
        default, most = self.limits(view)
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return default
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": ["A whole number, please."]}) from None
        if not 1 <= size <= most:
            raise ValidationError({"page_size": [f"From 1 to {most}."]})
        return size

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list[dict]:
        """``view.sort`` names the sort and ``view.ordering`` its ORDER BY (the FilterSet's)."""
        keys = keys_of(view.ordering)
        size = self.page_size(request, view)
        raw = request.query_params.get(self.cursor_query_param)
        values = decode(raw, view.sort, len(keys)) if raw else None
        try:
            rows = self._rows(queryset, keys, values, size + 1)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            # A cursor edited by hand: values the sort's fields cannot hold.
            raise ValidationError({"cursor": ["Not a cursor this API gave: start again without one."]}) from None
        self.request, self.has_next = request, len(rows) > size
        rows = rows[:size]
        self.next_cursor = encode(view.sort, [value_of(rows[-1], k.name) for k in keys]) if self.has_next else None
        return rows

    @staticmethod
    def _rows(queryset: QuerySet, keys: list[Key], values: list | None, limit: int) -> list[dict]:
        if values is None:
            return list(queryset[:limit])
        first, value = keys[0], values[0]
        if value is None:
            return list(queryset.filter(after(keys, values))[:limit])
        # Rows with the key set, from the index position of the cursor on (the range bound is
        # what lets PostgreSQL start there instead of filtering every row before it) ...
        within = first.reached(value) & (first.beyond(value) | (first.equal(value) & after(keys[1:], values[1:])))
        rows = list(queryset.filter(within)[:limit])
        if first.nulls_last and len(rows) < limit:
            # ... then the rows without it, which sort last.
            rows += list(queryset.filter(**{f"{first.name}__isnull": True})[: limit - len(rows)])
        return rows

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page's URL (same filters and sort, and a cursor); null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        default, most = self.limits(view)
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the cursor in the previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {default}, at most {most}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": most},
            },
        ]
