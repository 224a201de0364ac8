"""Every index the models declare exists in the database, as declared (0016 only told Django
about indexes that raw SQL had made, so nothing else checks that they are there)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db


def database_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return dict(cursor.fetchall())


def test_every_index_in_meta_exists_in_the_database():
    found = database_indexes()
    declared = {
        index.name: model._meta.db_table
        for model in apps.get_app_config("engagements").get_models()
        for index in model._meta.indexes
    }
    missing = {name: table for name, table in declared.items() if name not in found}
    assert not missing
    assert all(
        f" ON public.{table} " in found[name] or f" ON {table} " in found[name] for name, table in declared.items()
    )


@pytest.mark.parametrize(
    ("name", "definition"),
    [
        ("engagement_newest_idx", "(date DESC NULLS LAST, id DESC)"),
        ("agrevent_newest_idx", "(date DESC NULLS LAST, id DESC)"),
        ("agrevent_oldest_idx", "(date, id)"),  # ascending: nulls last is the default
        ("exmention_newest_idx", "(date DESC NULLS LAST, id DESC)"),
        ("exmention_oldest_idx", "(date, id)"),
        ("readout_newest_idx", "(published_on DESC NULLS LAST, id DESC)"),
        ("engcountry_partner_date_idx", "(country_id, date) WHERE is_partner"),
    ],
)
def test_the_list_sort_indexes_keep_undated_rows_last(name, definition):
    assert database_indexes()[name].endswith(definition)
