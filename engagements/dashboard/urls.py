from django.urls import path

import engagements.converters  # noqa: F401 (registers <id:...>)
from engagements.dashboard import feeds
from engagements.dashboard.views import countries, details, exports, lists, overview, relations

app_name = "engagements"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("engagements/", lists.engagement_list, name="engagements"),
    path("agreements/", lists.agreement_list, name="agreements"),
    path("exercises/", lists.exercise_list, name="exercises"),
    path("people/", lists.person_list, name="people"),
    path("readouts/", lists.readout_list, name="readouts"),
    path("engagements.csv", exports.engagements_csv, name="engagements_csv"),
    path("agreements.csv", exports.agreements_csv, name="agreements_csv"),
    path("exercises.csv", exports.exercises_csv, name="exercises_csv"),
    path("people.csv", exports.people_csv, name="people_csv"),
    path("participations.csv", exports.participations_csv, name="participations_csv"),
    path("readouts.csv", exports.readouts_csv, name="readouts_csv"),
    # Atom feeds of the newest engagements: by the session, or by a feed token in the URL.
    path("engagements.atom", feeds.engagements_feed, name="engagements_feed"),
    path("countries/<str:code>.atom", feeds.country_feed, name="country_feed"),
    path("feeds/<str:key>/engagements.atom", feeds.private_engagements_feed, name="private_engagements_feed"),
    path("feeds/<str:key>/countries/<str:code>.atom", feeds.private_country_feed, name="private_country_feed"),
    path("relations/<str:slug>.atom", feeds.relationship_feed, name="relationship_feed"),
    path(
        "feeds/<str:key>/relations/<str:slug>.atom", feeds.private_relationship_feed, name="private_relationship_feed"
    ),
    path("engagements/<id:pk>/", details.engagement_detail, name="engagement"),
    path("countries/", countries.country_list, name="countries"),
    path("countries/<str:code>/", countries.country_detail, name="country"),
    path("people/<id:pk>/", details.person_detail, name="person"),
    path("agreements/<id:pk>/", details.agreement_detail, name="agreement"),
    path("exercises/<id:pk>/", details.exercise_detail, name="exercise"),
    path("relations/", relations.relation_list, name="relations"),
    path("relations/<str:slug>/", relations.relationship, name="relationship"),
    path("relations/<str:slug>/engagements.csv", relations.relationship_csv, name="relationship_csv"),
    path("network/", relations.network_page, name="network"),
]
