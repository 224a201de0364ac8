"""Files browsers ask for at a fixed path, whatever the page links to."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Every browser requests /favicon.ico, on the dashboard and on the admin alike; the
    # pages also link the SVG version, which browsers that read it prefer.
    path = finders.find("favicon.ico")
    if not path:
        raise Http404("favicon.ico is missing from the static files")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
