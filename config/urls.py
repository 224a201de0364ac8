from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import engagements.converters  # noqa: F401 (registers <id:...>)
from engagements.dashboard.views import tokens
from engagements.dashboard.views.site import favicon

admin.site.site_header = "Defense engagements: editors"
admin.site.site_title = "Defense engagements admin"
admin.site.index_title = "Readouts and what was extracted from them"

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tokens/", tokens.token_list, name="account_tokens"),
    path("account/tokens/<id:pk>/revoke", tokens.token_revoke, name="account_token_revoke"),
    path("api/v1/", include("engagements.api.urls")),
    path("", include("engagements.dashboard.urls")),
]

handler403 = "engagements.dashboard.views.errors.permission_denied"
handler404 = "engagements.dashboard.views.errors.page_not_found"
handler500 = "engagements.dashboard.views.errors.server_error"
