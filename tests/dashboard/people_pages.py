"""What the people list shows for a query, read page by page as a reader would."""

from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse


def people_shown(client, query: str, pages: int = 3) -> tuple[str, list[tuple]]:
    """(the list's total, each row's name, country, engagements, last date and latest title)
    over its first ``pages`` pages, every cache of figures emptied first."""
    cache.clear()  # the figures and the people lists counted from them are cached
    rows = []
    total = ""
    for number in range(1, pages + 1):
        response = client.get(reverse("engagements:people"), QueryDict(f"{query}&page={number}"))
        assert response.status_code == 200
        page = response.context["page"]
        total = str(page.total)
        rows += [(p.name, p.country.name, p.engagement_count, p.last_seen, p.latest_title) for p in page.rows]
        if not page.has_next:
            break
    return total, rows
