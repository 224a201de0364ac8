from engagements.models.agreements import Agreement, AgreementAction, AgreementEvent, AgreementKind
from engagements.models.derived import DataVersion, PendingSettle, StaleMonth, StaleSummary
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
from engagements.models.history import (
    AgreementEventRevision,
    EngagementCountryRevision,
    EngagementRevision,
    EngagementTopicRevision,
    ExerciseMentionRevision,
    ParticipationRevision,
)
from engagements.models.pairs import PairCount
from engagements.models.readouts import Readout, normalise_text, text_fingerprint
from engagements.models.reference import Country, Forum, Topic
from engagements.models.rollup import Dimension, MonthlyCount, YearlyCount
from engagements.models.summaries import EngagementSummary

__all__ = [
    "Agreement",
    "AgreementAction",
    "AgreementEvent",
    "AgreementEventRevision",
    "AgreementKind",
    "Country",
    "DataVersion",
    "Dimension",
    "Engagement",
    "EngagementCountry",
    "EngagementCountryRevision",
    "EngagementRevision",
    "EngagementSummary",
    "EngagementTopic",
    "EngagementTopicRevision",
    "Exercise",
    "ExerciseMention",
    "ExerciseMentionRevision",
    "Fact",
    "Forum",
    "Kind",
    "MonthlyCount",
    "Origin",
    "PairCount",
    "Participation",
    "ParticipationRevision",
    "PendingSettle",
    "Person",
    "Readout",
    "StaleMonth",
    "StaleSummary",
    "Topic",
    "YearlyCount",
    "normalise_text",
    "text_fingerprint",
]
