"""The cast of test users and the fixtures every test module may use."""

import hypothesis
import pytest

# How long a property test's examples take to make is the machine's, not the code's: on a
# busy machine (CI shares one with other work) the check failed a test that had found nothing.
hypothesis.settings.register_profile("project", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("project")


@pytest.fixture(autouse=True)
def _fast_tests(request):
    # The parser's own tests run without Django (-p no:django); everything else gets a cheap
    # password hasher and the dashboard's default access rule.
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DASHBOARD_PUBLIC = False
    settings.AXES_ENABLED = False
    # No background warm-up threads: their connections would not see a test's transaction.
    settings.WARM_FIGURES_AUTO = False


@pytest.fixture(autouse=True)
def _empty_cache(request):
    # Cached chart figures are keyed by the data version, which rolled-back tests reuse.
    if request.config.pluginmanager.hasplugin("django"):
        from django.core.cache import cache
        from django.core.cache.backends.locmem import LocMemCache

        cache.clear()
        # Each process's own copy in front of a shared cache (config/caches.py), which tests
        # with a Redis of their own fill.
        LocMemCache("engagements-local", {}).clear()


@pytest.fixture
def fresh_pages(settings):
    """Every request renders its page (the figures stay cached): for tests of what a render
    reads and shows, which a page kept whole would skip."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _reference_data(request):
    # A transactional test (live server, other processes) ends with a flush that empties every
    # table, reference data included: before each database test, put countries, topics and
    # groups back if a previous test's flush took them.
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db and request.config.pluginmanager.hasplugin("django"):
        from tests.support import load_reference_data

        request.getfixturevalue("django_db_setup")  # the test database, not the real one
        with request.getfixturevalue("django_db_blocker").unblock():
            load_reference_data()


@pytest.fixture(autouse=True)
def _settle_before_each_request(request):
    # A test's transaction never commits, so the settle deferred to its commit never runs on
    # its own. In production whatever a test wrote before a request would have committed by
    # the time the request reads it: settle then. (Transactional tests really commit; a
    # test about unsettled writes asks for ``deferred_settle``.)
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker or "db" in request.fixturenames
    transactional = (marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db or transactional or "deferred_settle" in request.fixturenames:
        yield
        return
    from django.core.signals import request_started
    from django.db import connection

    def settle(**kwargs):
        # On the driver's own cursor: this stands for the commit of the writes made before
        # the request, not for a query of the request (the pinned query counts leave it out).
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT engagements_derived_settle()")

    request_started.connect(settle, dispatch_uid="tests-settle")
    yield
    request_started.disconnect(dispatch_uid="tests-settle")


@pytest.fixture
def deferred_settle(db):
    """Writes stay unsettled (uncommitted, as far as the derived data knows) until the test
    calls ``upkeep.settle()``."""


def _user(django_user_model, username, group=None, staff=False):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="pw-" + username, is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "edith", "editors", staff=True)


@pytest.fixture
def analyst(db, django_user_model):
    return _user(django_user_model, "ana", "analysts")


@pytest.fixture
def outsider(db, django_user_model):
    """A valid account in neither group."""
    return _user(django_user_model, "otto")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # A read replica for the router's tests: Django's test mirror of the primary (the same
    # test database through its own connection). Pages keep reading the primary unless a test
    # names it in DATABASE_REPLICAS (tests/config/test_replicas.py).
    import copy

    from django.conf import settings

    if "replica1" not in settings.DATABASES:
        replica = copy.deepcopy(settings.DATABASES["default"])
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
        settings.DATABASES["replica1"] = replica
