"""The shape of every API row, for the OpenAPI schema and its readers.

The rows themselves are built as plain dicts by rows.py (cheaply, a page at a time); these
serializers pass them through unchanged and describe them field by field. A test holds each
row's keys to its serializer's fields, so the schema cannot drift from what is sent.
"""

from rest_framework import serializers

from engagements.models import AgreementAction, AgreementKind, Kind, Readout


class Described(serializers.Serializer):
    """Hands the prepared dict through: the fields are documentation, not work per row."""

    def to_representation(self, instance):
        return instance


def _page(what: str) -> serializers.URLField:
    return serializers.URLField(help_text=f"The {what}'s page in the dashboard.")


class CountryLink(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-3 code.")
    name = serializers.CharField()
    partner = serializers.BooleanField(help_text="False for the publishing country itself.")


class ParticipantLink(serializers.Serializer):
    person = serializers.IntegerField(help_text="The person's id (/api/v1/people/{id}).")
    name = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    title = serializers.CharField(help_text="Title at the time; may be empty.", allow_blank=True)


class AgreementLink(serializers.Serializer):
    agreement = serializers.IntegerField(help_text="The agreement's id (/api/v1/agreements/{id}).")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    action = serializers.ChoiceField(choices=AgreementAction.choices)


class ExerciseLink(serializers.Serializer):
    exercise = serializers.IntegerField(help_text="The exercise's id (/api/v1/exercises/{id}).")
    name = serializers.CharField()
    named = serializers.BooleanField()


class Source(serializers.Serializer):
    url = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    publisher = serializers.CharField(allow_null=True, help_text="ISO code of the publishing country.")


class EngagementRow(Described):
    id = serializers.IntegerField()
    page = _page("engagement")
    date = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    forum = serializers.CharField(allow_null=True)
    countries = CountryLink(many=True)
    participants = ParticipantLink(many=True)
    agreements = AgreementLink(many=True)
    exercises = ExerciseLink(many=True)
    topics = serializers.ListField(
        child=serializers.CharField(), help_text="Topic names, as the topic filter takes them."
    )
    sources = Source(many=True, help_text="The readouts the engagement was read from, the lead one first.")


class EngagementContext(serializers.Serializer):
    id = serializers.IntegerField()
    page = _page("engagement")
    date = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(allow_blank=True)
    partners = serializers.ListField(child=serializers.CharField(), help_text="Partner countries' ISO codes.")


class AgreementInEvent(serializers.Serializer):
    id = serializers.IntegerField()
    page = _page("agreement")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    parties = serializers.ListField(child=serializers.CharField())


class AgreementEventRow(Described):
    id = serializers.IntegerField(help_text="The event's id; the agreement's is agreement.id.")
    date = serializers.DateField(allow_null=True)
    action = serializers.ChoiceField(choices=AgreementAction.choices)
    name_as_written = serializers.CharField(allow_blank=True)
    agreement = AgreementInEvent()
    engagement = EngagementContext()


class ExerciseInMention(serializers.Serializer):
    id = serializers.IntegerField()
    page = _page("exercise")
    name = serializers.CharField()
    named = serializers.BooleanField()
    systems = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(child=serializers.CharField())


class ExerciseMentionRow(Described):
    id = serializers.IntegerField(help_text="The mention's id; the exercise's is exercise.id.")
    date = serializers.DateField(allow_null=True)
    location = serializers.CharField(allow_blank=True)
    exercise = ExerciseInMention()
    engagement = EngagementContext()


class PersonRow(Described):
    id = serializers.IntegerField()
    page = _page("person")
    name = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    latest_title = serializers.CharField(allow_blank=True)
    engagements = serializers.IntegerField(help_text="Engagements the filters keep.")
    last_seen = serializers.DateField(allow_null=True)


class ReadoutEngagement(serializers.Serializer):
    id = serializers.IntegerField()
    page = _page("engagement")
    date = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    partners = serializers.ListField(child=serializers.CharField())


class ReadoutRow(Described):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    publisher = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=Readout.Status.choices)
    engagement = ReadoutEngagement(allow_null=True)


class ReadoutDetail(ReadoutRow):
    text = serializers.CharField()


class EventInAgreement(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    action = serializers.ChoiceField(choices=AgreementAction.choices)
    engagement = serializers.IntegerField()


class AgreementDetail(Described):
    id = serializers.IntegerField()
    page = _page("agreement")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    parties = serializers.ListField(child=serializers.CharField())
    event_count = serializers.IntegerField()
    events = EventInAgreement(many=True, help_text="The newest 100 events.")


class MentionInExercise(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    location = serializers.CharField(allow_blank=True)
    engagement = serializers.IntegerField()


class ExerciseDetail(Described):
    id = serializers.IntegerField()
    page = _page("exercise")
    name = serializers.CharField()
    named = serializers.BooleanField()
    location = serializers.CharField(allow_blank=True)
    systems = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(child=serializers.CharField())
    mention_count = serializers.IntegerField()
    mentions = MentionInExercise(many=True, help_text="The newest 100 mentions.")


class ParticipationInPerson(serializers.Serializer):
    engagement = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    title = serializers.CharField(allow_blank=True)


class PersonDetail(Described):
    id = serializers.IntegerField()
    page = _page("person")
    name = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    participation_count = serializers.IntegerField()
    participations = ParticipationInPerson(many=True, help_text="The newest 100 participations.")


# -- relationships ------------------------------------------------------------------------------


class RelationshipRow(Described):
    slug = serializers.CharField(help_text='The two ISO codes, sorted: "JPN-PHL" (/api/v1/relationships/{slug}).')
    a = serializers.CharField(help_text="The first country's ISO code (alphabetical).")
    a_name = serializers.CharField()
    b = serializers.CharField(help_text="The second country's ISO code.")
    b_name = serializers.CharField()
    engagements = serializers.IntegerField(help_text="Engagements both took part in, in the filters' dates and kinds.")
    page = _page("relationship")
    detail = serializers.URLField(help_text="This relationship in the API, with the same filters.")


class CountryInPair(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    page = _page("country")


class PairCount(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text="Null for undated engagements.")
    kind = serializers.ChoiceField(choices=Kind.choices)
    engagements = serializers.IntegerField()


class AgreementStep(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    action = serializers.ChoiceField(choices=AgreementAction.choices)


class AgreementInPair(serializers.Serializer):
    id = serializers.IntegerField(help_text="The agreement's id (/api/v1/agreements/{id}).")
    page = _page("agreement")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgreementKind.choices)
    state = serializers.ChoiceField(choices=AgreementAction.choices, help_text="Its latest action that changes it.")
    state_on = serializers.DateField(allow_null=True)
    last_event = serializers.DateField(allow_null=True)
    event_count = serializers.IntegerField()
    history = AgreementStep(many=True, help_text="Its milestones (planned, signed, renewed, ...), oldest first.")


class PersonInPair(serializers.Serializer):
    person = serializers.IntegerField(help_text="The person's id (/api/v1/people/{id}).")
    page = _page("person")
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True, help_text="Their title when they last met; may be empty.")
    first = serializers.DateField(allow_null=True, help_text="The month they first met in (its first day).")
    last = serializers.DateField(allow_null=True, help_text="The month they last met in (its first day).")
    engagements = serializers.IntegerField()


class SideOfPair(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    people = PersonInPair(many=True, help_text="Most engagements first (at most 15).")


class PublisherOfPair(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="The publishing country; null when unknown.")
    name = serializers.CharField()
    readouts = serializers.IntegerField()
    side = serializers.BooleanField(help_text="True for either country of the pair, false for a third country.")


class ExerciseInPair(serializers.Serializer):
    exercise = serializers.IntegerField(help_text="The exercise's id (/api/v1/exercises/{id}).")
    page = _page("exercise")
    name = serializers.CharField()
    mentions = serializers.IntegerField()
    first = serializers.DateField(allow_null=True)
    last = serializers.DateField(allow_null=True)


class RelationshipDetail(Described):
    slug = serializers.CharField()
    name = serializers.CharField()
    countries = CountryInPair(many=True)
    page = _page("relationship")
    feed = serializers.URLField(help_text="The Atom feed of the pair's newest engagements, same filters.")
    engagements_list = serializers.URLField(help_text="The pair's engagements in the API (/api/v1/engagements).")
    agreement_events_list = serializers.URLField(help_text="Agreement events in the pair's engagements.")
    total = serializers.IntegerField(help_text="Engagements both took part in, in the filters' dates and kinds.")
    counts = PairCount(many=True, help_text="Engagements by year and kind.")
    agreements = AgreementInPair(
        many=True, help_text="The latest 12 agreements both are parties to, over all dates; empty with no engagement."
    )
    people_from_latest = serializers.IntegerField(
        allow_null=True,
        help_text="Always null: the people are counted over every engagement of the pair (it was a bound on them).",
    )
    people = SideOfPair(many=True, help_text="Each side's people who met, the first country's first.")
    publishers = PublisherOfPair(many=True, help_text="Readouts of the pair's engagements by publisher, most first.")
    exercises = ExerciseInPair(many=True, help_text="Exercises mentioned in the pair's engagements, latest first.")
