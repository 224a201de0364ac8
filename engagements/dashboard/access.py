"""Who may see the dashboard: analysts and editors, or everyone when DASHBOARD_PUBLIC is set."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

VIEW_DASHBOARD = "engagements.view_dashboard"
EXPORT_CSV = "engagements.export_csv"


def _guard(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not settings.DASHBOARD_PUBLIC:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not request.user.has_perm(permission):
                    raise PermissionDenied("Your account is not in the analysts or editors group.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


analyst_required = _guard(VIEW_DASHBOARD)
export_allowed = _guard(EXPORT_CSV)
