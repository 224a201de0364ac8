"""Who is calling the API: a personal token (``Authorization: Bearer <key>`` or ``Token <key>``),
or the browser's session; and may they read it: the dashboard's own rule."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from engagements.api.tokens import api_token_for_key
from engagements.dashboard.access import VIEW_DASHBOARD
from engagements.models import TokenPurpose

SCHEMES = (b"bearer", b"token")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A personal API token. An unknown or revoked token is a 401, never a silent anonymous
    request: a script should stop at once, not read a public deployment's data unannounced."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the scheme: 'Authorization: Bearer <token>'.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = api_token_for_key(key, purpose=TokenPurpose.API)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid or was revoked.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes a refusal a 401 with WWW-Authenticate (DRF answers 403 without it).
        return 'Bearer realm="api"'


class CanViewDashboard(permissions.BasePermission):
    """The dashboard's rule (engagements/dashboard/access.py): analysts and editors, or anyone
    when DASHBOARD_PUBLIC is set. Read-only methods only: the API writes nothing."""

    message = "Your account is not in the analysts or editors group."

    def has_permission(self, request, view) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            return False
        if settings.DASHBOARD_PUBLIC:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            raise exceptions.NotAuthenticated("Log in, or send a personal token: 'Authorization: Bearer <token>'.")
        return user.has_perm(VIEW_DASHBOARD)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token scheme (drf-spectacular finds it by the class)."""

    target_class = BearerTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (Bearer or Token scheme)."}
