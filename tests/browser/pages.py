"""Every dashboard page a browser test visits: one of each kind, found in whatever data is loaded."""

from urllib.parse import urlencode

from django.db.models import Count, Sum

from engagements.models import (
    AgreementEvent,
    Country,
    Engagement,
    EngagementCountry,
    EngagementSource,
    ExerciseMention,
    PairCount,
    Participation,
)

WIDTHS = {"1440": (1440, 900), "1024": (1024, 800), "768": (768, 1024)}


def dashboard_pages() -> dict[str, str]:
    """Name -> path of every kind of page, each showing the richest example there is."""
    busiest = (
        EngagementCountry.objects.filter(is_partner=True)
        .values("country_id")
        .annotate(n=Count("id"))
        .order_by("-n", "country_id")
        .first()
    )
    richest = (
        Engagement.objects.annotate(
            facts=Count("participations", distinct=True)
            + Count("topic_links", distinct=True)
            + Count("agreement_events", distinct=True)
        )
        .order_by("-facts", "-date", "pk")
        .first()
    )
    person = Participation.objects.values("person_id").annotate(n=Count("id")).order_by("-n", "person_id").first()
    agreement = (
        AgreementEvent.objects.values("agreement_id").annotate(n=Count("id")).order_by("-n", "agreement_id").first()
    )
    exercise = (
        ExerciseMention.objects.values("exercise_id").annotate(n=Count("id")).order_by("-n", "exercise_id").first()
    )
    pages = {
        "overview": "/",
        "engagements": "/engagements/",
        "search": "/engagements/?q=maritime",
        "countries": "/countries/",
        "agreements": "/agreements/",
        "exercises": "/exercises/",
        "people": "/people/",
        "readouts": "/readouts/?q=defense",
    }
    if busiest:
        pages["country"] = f"/countries/{busiest['country_id']}/"
        pages["country-filtered"] = f"/?country={busiest['country_id']}"
        # One region: the charts of the rollup kept within it.
        region = Country.objects.filter(code=busiest["country_id"]).values_list("region", flat=True).first()
        if region:
            pages["region-filtered"] = f"/?{urlencode({'region': region})}"
    if richest:
        pages["engagement"] = richest.get_absolute_url()
    # An engagement told by several readouts: its sources side by side.
    several = EngagementSource.objects.filter(decided_by=EngagementSource.DecidedBy.MATCHER).order_by("id").first()
    if several:
        pages["engagement-sources"] = f"/engagements/{several.engagement_id}/"
    if person:
        pages["person"] = f"/people/{person['person_id']}/"
    if agreement:
        pages["agreement"] = f"/agreements/{agreement['agreement_id']}/"
    if exercise:
        pages["exercise"] = f"/exercises/{exercise['exercise_id']}/"
    pages["relations"] = "/relations/"
    pages["network"] = "/network/"
    pair = PairCount.objects.values("country_a_id", "country_b_id").annotate(n=Sum("n")).order_by("-n").first()
    if pair:
        pages["relationship"] = f"/relations/{pair['country_a_id']}-{pair['country_b_id']}/"
    return pages
