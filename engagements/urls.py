from django.urls import path

from engagements.views import pages

app_name = "engagements"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("engagements/", pages.overview, name="engagements"),
    path("agreements/", pages.overview, name="agreements"),
    path("exercises/", pages.overview, name="exercises"),
    path("people/", pages.overview, name="people"),
    path("readouts/", pages.overview, name="readouts"),
    path("engagements/<int:pk>/", pages.engagement_detail, name="engagement"),
    path("countries/<str:code>/", pages.country_detail, name="country"),
    path("people/<int:pk>/", pages.person_detail, name="person"),
    path("agreements/<int:pk>/", pages.agreement_detail, name="agreement"),
    path("exercises/<int:pk>/", pages.exercise_detail, name="exercise"),
]
