"""The app's database connections run its queries without JIT compilation (a filtered page's
queries take milliseconds to run, and compiling them took half a second), and with memory
enough for a common search word's bitmap to stay exact (issue 11, item 1)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_apps_connections_do_not_compile_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_query_gets_the_default_memory_per_sort_or_bitmap():
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"
