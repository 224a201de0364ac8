from engagements.models.agreements import Agreement, AgreementAction, AgreementEvent, AgreementKind
from engagements.models.engagements import (
    Engagement,
    EngagementCountry,
    EngagementTopic,
    Kind,
    Participation,
    Person,
)
from engagements.models.exercises import Exercise, ExerciseMention
from engagements.models.facts import Fact, Origin
from engagements.models.readouts import Readout, normalise_text, text_fingerprint
from engagements.models.reference import Country, Forum, Topic

__all__ = [
    "Agreement",
    "AgreementAction",
    "AgreementEvent",
    "AgreementKind",
    "Country",
    "Engagement",
    "EngagementCountry",
    "EngagementTopic",
    "Exercise",
    "ExerciseMention",
    "Fact",
    "Forum",
    "Kind",
    "Origin",
    "Participation",
    "Person",
    "Readout",
    "Topic",
    "normalise_text",
    "text_fingerprint",
]
