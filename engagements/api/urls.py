"""/api/v1/: the lists and details, the OpenAPI schema and its docs page (assets served from
the installed drf-spectacular-sidecar package, no CDN)."""

from django.urls import path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import engagements.converters  # noqa: F401 (registers <id:...>)
from engagements.api import views

app_name = "api"


class PlainJsonSchema(OpenApiJsonRenderer):
    # openapi.json is JSON to every client (curl, pandas, schemathesis), whatever it asks for.
    media_type = "application/json"


# name: (list view, detail view); the URL is the name, as on the dashboard.
ENDPOINTS = {
    "engagements": (views.EngagementList, views.EngagementDetail),
    "agreements": (views.AgreementList, views.AgreementDetail),
    "exercises": (views.ExerciseList, views.ExerciseDetail),
    "people": (views.PersonList, views.PersonDetail),
    "readouts": (views.ReadoutList, views.ReadoutDetail),
    "relationships": (views.RelationshipList, views.RelationshipDetail),
}

urlpatterns = [
    path("openapi.json", SpectacularAPIView.as_view(renderer_classes=[PlainJsonSchema]), name="schema"),
    # The split view loads its set-up script as a file: the site's CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
for name, (list_view, detail_view) in ENDPOINTS.items():
    urlpatterns += [
        path(name, list_view.as_view(), name=name),
        path(f"{name}/{detail_view.route}", detail_view.as_view(), name=f"{name}_detail"),
    ]
