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
from engagements.models.feeds import Feed, FeedItem
from engagements.models.history import (
    AgreementEventRevision,
    EngagementCountryRevision,
    EngagementRevision,
    EngagementTopicRevision,
    ExerciseMentionRevision,
    ParticipationRevision,
)
from engagements.models.pairs import PairCount, PairFactCount, PairTopicYearCount, PairYearCount
from engagements.models.readouts import Readout, normalise_text, text_fingerprint
from engagements.models.reference import Country, Forum, Topic
from engagements.models.rollup import (
    Dimension,
    FilterScope,
    MonthlyCount,
    ScopedMonthlyCount,
    ScopedYearlyCount,
    YearlyCount,
)
from engagements.models.search import SearchEntry
from engagements.models.sources import DecidedBy, EngagementSource
from engagements.models.summaries import EngagementApiRow, EngagementFacts, EngagementSummary, ReadoutCountry
from engagements.models.tokens import ApiToken, TokenPurpose

__all__ = [
    "Agreement",
    "AgreementAction",
    "AgreementEvent",
    "AgreementEventRevision",
    "AgreementKind",
    "ApiToken",
    "Country",
    "DataVersion",
    "DecidedBy",
    "Dimension",
    "Engagement",
    "EngagementApiRow",
    "EngagementCountry",
    "EngagementCountryRevision",
    "EngagementFacts",
    "EngagementRevision",
    "EngagementSource",
    "EngagementSummary",
    "EngagementTopic",
    "EngagementTopicRevision",
    "Exercise",
    "ExerciseMention",
    "ExerciseMentionRevision",
    "Fact",
    "Feed",
    "FeedItem",
    "FilterScope",
    "Forum",
    "Kind",
    "MonthlyCount",
    "Origin",
    "PairCount",
    "PairFactCount",
    "PairTopicYearCount",
    "PairYearCount",
    "Participation",
    "ParticipationRevision",
    "PendingSettle",
    "Person",
    "Readout",
    "ReadoutCountry",
    "ScopedMonthlyCount",
    "ScopedYearlyCount",
    "SearchEntry",
    "StaleMonth",
    "StaleSummary",
    "TokenPurpose",
    "Topic",
    "YearlyCount",
    "normalise_text",
    "text_fingerprint",
]
