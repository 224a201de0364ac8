from django.shortcuts import get_object_or_404, render

from engagements.access import analyst_required
from engagements.models import Agreement, Country, Engagement, Exercise, Person


@analyst_required
def overview(request):
    return render(request, "engagements/overview.html", {"engagement_count": Engagement.objects.count()})


@analyst_required
def engagement_detail(request, pk):
    return render(request, "engagements/engagement_detail.html", {"engagement": get_object_or_404(Engagement, pk=pk)})


@analyst_required
def country_detail(request, code):
    return render(request, "engagements/country_detail.html", {"country": get_object_or_404(Country, code=code.upper())})


@analyst_required
def person_detail(request, pk):
    return render(request, "engagements/person_detail.html", {"person": get_object_or_404(Person, pk=pk)})


@analyst_required
def agreement_detail(request, pk):
    return render(request, "engagements/agreement_detail.html", {"agreement": get_object_or_404(Agreement, pk=pk)})


@analyst_required
def exercise_detail(request, pk):
    return render(request, "engagements/exercise_detail.html", {"exercise": get_object_or_404(Exercise, pk=pk)})
