"""A web server process's long-lived objects kept out of the garbage collector's full passes.

A full collection (generation 2) visits every tracked object the process holds: Django's,
the views' and plotly's modules, the URL patterns. In a worker that has served a few pages
that is about 100,000 objects, and a full pass took 40-60 ms, inside whichever request
happened to trigger it (bench/pages.py at a million engagements: the one slow sample of ten
on pages whose others took 40-70 ms). Frozen once loaded, those objects are skipped: a full
pass then visits only what requests made since, 6-20 ms.
"""

import gc


def settle() -> None:
    """Load what every request uses, then freeze all that is alive. Call once, when the
    process has loaded the project (config/wsgi.py), not per request."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view, hence the charts and plotly)
    get_template("base.html")  # the cached loader keeps it, and what it includes, compiled
    gc.collect()
    gc.freeze()
