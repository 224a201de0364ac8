"""The editors' tool: paste a readout, see what the parser found, correct it, re-parse safely.

Configuration only: what a new readout, a correction and a re-parse mean lives in the ingest
services (``ingest.pipeline``, ``ingest.corrections``), which this calls."""

import time

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import CharField, Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from engagements import history
from engagements.admin_lists import SEARCH_LIMIT, ScaledAdmin, newest_matches, region_filter, year_filter
from engagements.comparison import readout_comparison
from engagements.forms import EngagementCorrectionForm, ReadoutAddForm, ReadoutFromURLForm
from engagements.ingest.corrections import facts_correct, readouts_mark_corrected, readouts_set_reviewed
from engagements.ingest.fetch import Fetcher
from engagements.ingest.merging import engagement_source_split, engagement_sources_release, engagements_merge
from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.ingest.polling import feed_poll, item_import_anyway, url_import
from engagements.models import (
    Agreement,
    AgreementEvent,
    Country,
    Engagement,
    EngagementCountry,
    EngagementSource,
    EngagementTopic,
    Exercise,
    ExerciseMention,
    Fact,
    Feed,
    FeedItem,
    Forum,
    Participation,
    Person,
    Readout,
    Topic,
    YearlyCount,
)

# What a list of engagements or of their rows never shows of the readout: its text, its
# words, the parser's output (the engagement's name is the readout's title).
HEAVY_READOUT = ("text", "search", "extraction")
ENGAGEMENT_YEARS = ("engagements_engagement", "date")
# Rows of an agreement's or exercise's history its page shows.
HISTORY_ROWS = 20
SEARCH_HELP = (
    f"Searches the readouts' words (title and text, English stemming: “cyber”, “maritime security”, "
    f"“-exercise”) and lists the newest {SEARCH_LIMIT:,} matches; more words narrow them."
)


def _heavy(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in HEAVY_READOUT]


def _matching(model, field: str, term: str, limit: int = 500) -> list:
    """The keys of the rows of a small table (people, countries, agreements) whose ``field``
    contains ``term``: a list of facts is then filtered by them, through its own index."""
    return list(model.objects.filter(**{f"{field}__icontains": term}).values_list("pk", flat=True)[:limit])


def _figures(model, link: str) -> dict:
    """How many ``model`` rows point at each row of a page, and the latest one's date: one
    subquery each, read from the (link, date) index for the page's rows only (so not sortable
    on a big table: sorting would count every row)."""
    theirs = model.objects.filter(**{link: OuterRef("pk")}).order_by()
    return {
        "n": Subquery(theirs.values(link).annotate(n=Count("*")).values("n")),
        "last": Subquery(theirs.order_by(F("date").desc(nulls_last=True)).values("date")[:1]),
    }


def _rollup_total(dimension: str, value) -> Subquery:
    """An engagement count per topic or forum, summed from the rollup's years ("all" scope)
    instead of counting a million link rows."""
    years = YearlyCount.objects.filter(country__isnull=True, kind="", dimension=dimension, value=value).order_by()
    return Subquery(years.values("dimension").annotate(total=Sum("n")).values("total"))


def _link(obj, label=None):
    if obj is None:
        return "-"
    url = reverse(f"admin:engagements_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


class CorrectionMixin:
    """An editor's edit of an engagement or of any of its rows, wherever in the admin it is
    made, is a correction: the rows become the editor's and the readout is marked reviewed,
    so a re-parse keeps every field and row as the editor left them (a re-parse of a readout
    not reviewed replaces the engagement's fields and the parser's rows)."""

    def mark_corrected(self, request, engagement_ids) -> None:
        count = readouts_mark_corrected(engagement_ids=engagement_ids)
        if count == 1:
            self.message_user(
                request,
                "The readout is now marked reviewed: re-parsing it will keep your corrections.",
                messages.INFO,
            )
        elif count:
            self.message_user(
                request,
                f"{count} readouts are now marked reviewed: re-parsing them will keep your corrections.",
                messages.INFO,
            )

    def save_formset(self, request, form, formset, change):
        # A fact row an editor adds, edits or deletes in an inline is a correction.
        if not issubclass(formset.model, Fact):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        # The engagements the rows belonged to before the edit, and after it.
        before = {row.initial.get("engagement") for row in formset.forms if row.has_changed()}
        after = facts_correct(saved=instances, deleted=formset.deleted_objects)
        formset.save_m2m()
        self.mark_corrected(request, before | after)


@admin.register(Country)
class CountryAdmin(ScaledAdmin):
    list_display = ["code", "name", "alpha2", "region", "subregion"]
    list_filter = ["region", "subregion"]
    search_fields = ["code", "alpha2", "name", "official_name"]
    ordering = ["name"]


@admin.register(Topic)
class TopicAdmin(ScaledAdmin):
    list_display = ["label", "name", "engagement_count"]
    search_fields = ["name", "label"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Coalesce(_rollup_total("topic", OuterRef("name")), 0))

    @admin.display(description="engagements", ordering="n")
    def engagement_count(self, obj):
        return obj.n


@admin.register(Forum)
class ForumAdmin(ScaledAdmin):
    list_display = ["short_name", "name", "engagement_count"]
    search_fields = ["short_name", "name"]

    def get_queryset(self, request):
        value = Cast(OuterRef("pk"), CharField())
        return super().get_queryset(request).annotate(n=Coalesce(_rollup_total("forum", value), 0))

    @admin.display(description="engagements", ordering="n")
    def engagement_count(self, obj):
        return obj.n


@admin.register(Person)
class PersonAdmin(ScaledAdmin):
    list_display = ["name", "country", "participation_count", "last_seen"]
    list_filter = [region_filter("country__region")]
    list_select_related = ["country"]
    # The name's trigram index (0005) answers "contains".
    search_fields = ["name"]
    autocomplete_fields = ["country"]
    readonly_fields = ["name_key", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**_figures(Participation, "person"))

    @admin.display(description="engagements")
    def participation_count(self, obj):
        return obj.n or 0

    @admin.display(description="last seen")
    def last_seen(self, obj):
        return obj.last


class FactInline(admin.TabularInline):
    """Rows the parser made show their origin; a row an editor adds or edits becomes theirs."""

    extra = 0
    readonly_fields = ["origin", "evidence_start", "evidence_end"]
    show_change_link = False


class EngagementCountryInline(FactInline):
    model = EngagementCountry
    # On the engagement's own page the rows are simply its countries and topics.
    verbose_name, verbose_name_plural = "country", "countries"
    fields = ["country", "is_partner", "origin", "evidence_start", "evidence_end"]
    # Whether a country is a partner follows from the readout's publisher (the database
    # sets it): change the publisher, not the flag.
    readonly_fields = [*FactInline.readonly_fields, "is_partner"]
    autocomplete_fields = ["country"]


class ParticipationInline(FactInline):
    model = Participation
    fields = ["person", "title", "origin", "evidence_start", "evidence_end"]
    autocomplete_fields = ["person"]


class AgreementEventInline(FactInline):
    model = AgreementEvent
    fields = ["agreement", "action", "name_as_written", "origin", "evidence_start", "evidence_end"]
    autocomplete_fields = ["agreement"]


class ExerciseMentionInline(FactInline):
    model = ExerciseMention
    fields = ["exercise", "location", "origin", "evidence_start", "evidence_end"]
    autocomplete_fields = ["exercise"]


class EngagementTopicInline(FactInline):
    model = EngagementTopic
    verbose_name, verbose_name_plural = "topic", "topics"
    fields = ["topic", "origin", "evidence_start", "evidence_end"]
    autocomplete_fields = ["topic"]


class EngagementSourceInline(admin.TabularInline):
    """The readouts reporting the engagement, the lead first, with how each was matched; a
    source can be split off into an engagement of its own."""

    model = EngagementSource
    fk_name = "engagement"
    extra = 0
    can_delete = False
    fields = ["source_readout", "publisher", "published", "score", "reasons_list", "decided_by", "split"]
    readonly_fields = fields
    verbose_name = "source"
    verbose_name_plural = "sources (the readouts reporting this engagement)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the engagement may see its sources (merges and splits are its
        # change permission's, in the views that make them).
        return request.user.has_perm("engagements.view_engagement")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("engagement", "readout__publisher").defer("readout__text")

    @admin.display(description="readout")
    def source_readout(self, obj):
        lead = obj.engagement.readout_id == obj.readout_id
        return format_html("{}{}", _link(obj.readout), " (lead)" if lead else "")

    @admin.display(description="publisher")
    def publisher(self, obj):
        return obj.readout.publisher.name if obj.readout.publisher else "-"

    @admin.display(description="published")
    def published(self, obj):
        return obj.readout.published_on or "-"

    @admin.display(description="reasons")
    def reasons_list(self, obj):
        return "; ".join(obj.reasons) or "-"

    @admin.display(description="")
    def split(self, obj):
        if obj.pk is None:
            return ""
        url = reverse("admin:engagements_engagement_split", args=[obj.engagement_id, obj.pk])
        # formaction: the button posts the change page's form (and its CSRF token) to the split view.
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            url,
            "Split off into its own engagement",
        )


@admin.register(Engagement)
class EngagementAdmin(CorrectionMixin, ScaledAdmin):
    list_display = ["__str__", "date", "kind", "partner_list", "forum", "readout_status"]
    list_filter = [
        "kind",
        "readout__status",
        "readout__reviewed",
        "forum",
        region_filter("country_links__country__region", (EngagementCountry, "engagement", "country__region")),
        year_filter("date", ENGAGEMENT_YEARS),
    ]
    list_select_related = ["readout", "forum"]
    list_defer = tuple(_heavy("readout__"))
    # Searched through the search table (get_search_results); a readout names its place
    # and its countries in its words.
    search_fields = ["readout__title"]
    search_help_text = SEARCH_HELP
    autocomplete_fields = ["forum"]
    readonly_fields = ["readout_link", "evidence", "revision_history"]
    fields = ["readout_link", "date", "kind", "location", "forum", "evidence", "revision_history"]
    form = EngagementCorrectionForm
    actions = ["merge"]
    inlines = [
        EngagementSourceInline,
        EngagementCountryInline,
        ParticipationInline,
        AgreementEventInline,
        ExerciseMentionInline,
        EngagementTopicInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("country_links")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # The autocomplete names each match by its readout's title: read with the matches.
        matches = queryset.filter(pk__in=newest_matches(search_term, "engagement_id"))
        return matches.select_related("readout").defer(*_heavy("readout__")), False

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "parse_seen"]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and str(object_id).isdigit():
            # Lock the readout before reading anything, as a re-parse does: the two then run
            # one after the other in the same order (never a deadlock), and the form below
            # sees whatever the other one committed.
            list(
                Readout.objects.select_for_update(of=("self",))
                .filter(engagement__pk=int(object_id))
                .values_list("pk", flat=True)
            )
        return super().get_object(request, object_id, from_field)

    @admin.display(description="partners")
    def partner_list(self, obj):
        return ", ".join(sorted(link.country_id for link in obj.country_links.all() if link.is_partner))

    @admin.display(description="status", ordering="readout__status")
    def readout_status(self, obj):
        return obj.readout.get_status_display()

    @admin.display(description="readout")
    def readout_link(self, obj):
        return _link(obj.readout)

    @admin.display(description="history")
    def revision_history(self, obj):
        # The same list as the History section of the engagement's page.
        if obj is None or obj.pk is None:
            return "-"
        return render_to_string("engagements/partials/history.html", {"revisions": history.engagement_history(obj)})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The engagement's own fields (date, kind, location, forum) are a re-parse's to
        # replace too; the inline rows were handled by save_formset.
        if change and form.has_changed():
            self.mark_corrected(request, [form.instance.pk])

    def get_urls(self):
        split = path(
            "<path:object_id>/split/<int:source_id>/",
            self.admin_site.admin_view(self.split_view),
            name="engagements_engagement_split",
        )
        return [split, *super().get_urls()]

    def split_view(self, request, object_id, source_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        engagement = self.get_object(request, unquote(object_id))
        if engagement is None:
            raise Http404("No such engagement")
        if not self.has_change_permission(request, engagement):
            raise PermissionDenied
        source = EngagementSource.objects.filter(pk=source_id, engagement=engagement).first()
        if source is None:
            raise Http404("No such source of this engagement")
        try:
            made = engagement_source_split(source=source)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:engagements_engagement_change", args=[engagement.pk]))
        self.log_change(request, engagement, [{"changed": {"fields": ["sources"]}}])
        self.message_user(
            request,
            format_html(
                "Split “{}” off into its own engagement: {}.", source.readout, _link(made, f"engagement {made.pk}")
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:engagements_engagement_change", args=[engagement.pk]))

    @admin.action(description="Merge selected engagements", permissions=["change"])
    def merge(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            kept = engagements_merge(engagement_ids=ids)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.log_change(request, kept, [{"changed": {"fields": ["sources"]}}])
        self.message_user(
            request,
            format_html("Merged {} engagements into {}.", len(ids), _link(kept, f"engagement {kept.pk}")),
            messages.SUCCESS,
        )
        return None

    def delete_model(self, request, obj):
        # Deleting the engagement is a correction too: a re-parse must not bring it back.
        self.mark_corrected(request, [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.mark_corrected(request, queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)


class EngagementInline(admin.StackedInline):
    """What the parser found, read-only here; corrections happen on the engagement's page."""

    model = Engagement
    can_delete = False
    extra = 0
    max_num = 0
    fields = ["edit_link", "date", "kind", "location", "forum", "found"]
    readonly_fields = fields

    @admin.display(description="correct")
    def edit_link(self, obj):
        return _link(obj, "Edit the engagement and its rows")

    @admin.display(description="extracted rows")
    def found(self, obj):
        rows = []
        for link in obj.country_links.select_related("country"):
            rows.append(("country", f"{link.country.name} ({link.country_id})", link.origin))
        for p in obj.participations.select_related("person", "person__country"):
            rows.append(("participant", f"{p.person.name}, {p.title} ({p.person.country_id or '?'})", p.origin))
        for e in obj.agreement_events.select_related("agreement"):
            rows.append(("agreement", f"{e.agreement.name} [{e.agreement.kind}] {e.action}", e.origin))
        for m in obj.exercise_mentions.select_related("exercise"):
            where = f" at {m.location}" if m.location else ""
            rows.append(("exercise", f"{m.exercise.name}{where}", m.origin))
        for t in obj.topic_links.select_related("topic"):
            rows.append(("topic", t.topic.label, t.origin))
        if not rows:
            return "Nothing was extracted."
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table><thead><tr><th>what</th><th>value</th><th>by</th></tr></thead>{}</table>", body)


@admin.register(Readout)
class ReadoutAdmin(ScaledAdmin):
    list_display = ["__str__", "published_on", "publisher", "status", "reviewed", "source", "engagement_link"]
    list_filter = [
        "status",
        "reviewed",
        "source",
        "publisher",
        year_filter("published_on", ("engagements_readout", "published_on")),
    ]
    list_select_related = ["publisher", "engagement", "engagement_source__engagement"]
    list_defer = HEAVY_READOUT
    search_fields = ["title", "url"]
    search_help_text = SEARCH_HELP + " A full address (https://…) finds its readout."
    autocomplete_fields = ["publisher"]
    actions = ["reparse", "mark_reviewed", "mark_unreviewed"]
    readonly_fields = ["status", "parse_error", "parser_version", "parsed_at", "source", "created_at", "updated_at"]
    inlines = [EngagementInline]
    change_form_template = "admin/engagements/readout/change_form.html"
    change_list_template = "admin/engagements/readout/change_list.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReadoutAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["title", "published_on", "url", "publisher", "text"]})]
        return [
            (None, {"fields": ["title", "published_on", "url", "publisher", "reviewed"]}),
            ("Parse", {"fields": ["status", "parse_error", "parser_version", "parsed_at"]}),
            ("Text", {"fields": ["text"]}),
            ("Record", {"fields": ["source", "created_at", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The stored text is the evidence every span points into: it is never edited in place.
        return [*self.readonly_fields, "text"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def delete_model(self, request, obj):
        # The engagements it reported with other readouts stay, led by the next source.
        engagement_sources_release(readout_ids=[obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        engagement_sources_release(readout_ids=list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)

    def comparison_view(self, request, object_id):
        """The parser's stored output beside the engagement's current facts (editors only)."""
        readout = self.get_object(request, object_id)
        if readout is None:
            raise Http404("No such readout.")
        if not self.has_change_permission(request, readout):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": readout,
            "title": f"Parser's output and current facts: {readout}",
            "comparison": readout_comparison(readout),
        }
        return TemplateResponse(request, "admin/engagements/readout/comparison.html", context)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if "://" in term and " " not in term:
            # An address: its readout, by the unique index on the URL.
            return queryset.filter(url=term), False
        return queryset.filter(pk__in=newest_matches(term, "readout_id")), False

    @admin.display(description="engagement")
    def engagement_link(self, obj):
        # A second source's readout links to the engagement it joined.
        engagement = obj.reported_engagement
        return _link(engagement, engagement.date.isoformat() if engagement and engagement.date else "open")

    def save_model(self, request, obj, form, change):
        if change:
            if "publisher" in form.changed_data:
                obj.publisher_given(obj.publisher_id)
            return super().save_model(request, obj, form, change)
        # A new readout goes through the same service as every import: stored, then parsed.
        data = form.cleaned_data
        result = readout_ingest(
            text=data["text"],
            title=data.get("title", ""),
            published_on=data.get("published_on"),
            url=data.get("url", ""),
            publisher=data["publisher"].code if data.get("publisher") else None,
            source=Readout.Source.ADMIN,
        )
        obj.pk = result.readout.pk if result.readout else None
        obj._ingest_result = result

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if obj.pk:
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        result = obj._ingest_result
        level = {"new": messages.SUCCESS, "unchanged": messages.WARNING}.get(result.outcome, messages.ERROR)
        if result.outcome == "new" and result.needs_review:
            level = messages.WARNING
        self.message_user(request, f"Readout {result.outcome}: {result.message}", level)
        if result.readout is None:
            return HttpResponseRedirect(reverse("admin:engagements_readout_add"))
        return HttpResponseRedirect(reverse("admin:engagements_readout_change", args=[result.readout.pk]))

    def get_urls(self):
        reparse = path(
            "<path:object_id>/reparse/",
            self.admin_site.admin_view(self.reparse_view),
            name="engagements_readout_reparse",
        )
        comparison = path(
            "<path:object_id>/comparison/",
            self.admin_site.admin_view(self.comparison_view),
            name="engagements_readout_comparison",
        )
        from_url = path(
            "add-from-url/",
            self.admin_site.admin_view(self.add_from_url_view),
            name="engagements_readout_add_from_url",
        )
        return [from_url, reparse, comparison, *super().get_urls()]

    def add_from_url_view(self, request):
        """ "Add from URL": fetch a release's page, read its text, and ingest it like a paste."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReadoutFromURLForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            publisher = form.cleaned_data["publisher"]
            result = url_import(form.cleaned_data["url"], fetcher=Fetcher(), publisher=publisher and publisher.code)
            if result.readout is not None:
                if result.outcome == "new":
                    self.log_addition(request, result.readout, [{"added": {}}])
                level = {"new": messages.SUCCESS, "unchanged": messages.WARNING}.get(result.outcome, messages.ERROR)
                if result.outcome == "new" and result.needs_review:
                    level = messages.WARNING
                self.message_user(request, f"Readout {result.outcome}: {result.message}", level)
                return HttpResponseRedirect(reverse("admin:engagements_readout_change", args=[result.readout.pk]))
            form.add_error("url", result.message)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": "Add a readout from its URL",
        }
        return TemplateResponse(request, "admin/engagements/readout/add_from_url.html", context)

    def reparse_view(self, request, object_id):
        """The change page's "Re-parse" button: it re-parses and saves nothing of the page's
        form, whose "reviewed" box may predate a correction made meanwhile (saving it would
        un-mark the readout and let the re-parse drop the correction)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        readout = self.get_object(request, unquote(object_id))
        if readout is None:
            raise Http404("No such readout")
        if not self.has_change_permission(request, readout):
            raise PermissionDenied
        self._reparse_one(request, readout)
        return HttpResponseRedirect(reverse("admin:engagements_readout_change", args=[readout.pk]))

    def _reparse_one(self, request, readout):
        outcome = readout_parse(readout)
        level = messages.SUCCESS if outcome.ok and not outcome.warnings else messages.WARNING
        if not outcome.ok:
            level = messages.ERROR
        self.message_user(request, f"Re-parsed “{readout}”: {outcome.summary()}", level)
        self.log_change(request, readout, [{"changed": {"fields": ["parse"]}}])

    @admin.action(description="Re-parse the selected readouts", permissions=["change"])
    def reparse(self, request, queryset):
        for readout in queryset:
            self._reparse_one(request, readout)

    @admin.action(description="Mark reviewed (re-parsing keeps their rows)", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = readouts_set_reviewed(readouts=queryset, reviewed=True)
        self.message_user(request, f"{count} readout(s) marked reviewed.", messages.SUCCESS)

    @admin.action(description="Mark not reviewed (re-parsing replaces the parser's rows)", permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        count = readouts_set_reviewed(readouts=queryset, reviewed=False)
        self.message_user(request, f"{count} readout(s) marked not reviewed.", messages.SUCCESS)


class FactAdmin(CorrectionMixin, ScaledAdmin):
    list_filter = ["origin"]
    # The origin says whose row it is; the date is copied from the engagement by the database.
    readonly_fields = ["origin", "date"]
    # The engagement's name is its readout's title: the rest of the readout stays unread.
    list_defer = tuple(_heavy("engagement__readout__"))

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return super().save_model(request, obj, form, change)
        # The row is the editor's now (a re-parse keeps it), as in an engagement's inlines.
        touched = facts_correct(saved=[obj], deleted=[])
        self.mark_corrected(request, touched | {form.initial.get("engagement")})

    def delete_model(self, request, obj):
        self.mark_corrected(request, facts_correct(saved=[], deleted=[obj]))

    def delete_queryset(self, request, queryset):
        self.mark_corrected(request, queryset.values_list("engagement_id", flat=True))
        super().delete_queryset(request, queryset)


@admin.register(Participation)
class ParticipationAdmin(FactAdmin):
    list_display = ["person", "title", "engagement", "date", "origin"]
    list_select_related = ["person", "engagement__readout"]
    list_filter = ["origin", region_filter("person__country__region"), year_filter("date", ENGAGEMENT_YEARS)]
    search_fields = ["person__name"]
    search_help_text = "Searches the people's names."
    autocomplete_fields = ["person", "engagement"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(person__in=_matching(Person, "name", term)), False


@admin.register(EngagementCountry)
class EngagementCountryAdmin(FactAdmin):
    list_display = ["country", "engagement", "date", "is_partner", "origin"]
    list_select_related = ["country", "engagement__readout"]
    list_filter = ["origin", "is_partner", region_filter("country__region"), year_filter("date", ENGAGEMENT_YEARS)]
    search_fields = ["country__name", "country__code"]
    search_help_text = "Searches the countries' names and codes."
    autocomplete_fields = ["country", "engagement"]
    readonly_fields = ["date", "is_partner"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        codes = set(_matching(Country, "name", term)) | set(_matching(Country, "code", term))
        return queryset.filter(country__in=codes), False


@admin.register(EngagementTopic)
class EngagementTopicAdmin(FactAdmin):
    list_display = ["topic", "engagement", "date", "origin"]
    list_select_related = ["topic", "engagement__readout"]
    list_filter = ["origin", "topic", year_filter("date", ENGAGEMENT_YEARS)]
    search_fields = ["topic__label"]
    autocomplete_fields = ["topic", "engagement"]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(topic__in=_matching(Topic, "label", term)), False


class NewestRowsFormSet(BaseInlineFormSet):
    """An agreement's or exercise's history holds thousands of rows at scale: the page shows
    the newest HISTORY_ROWS, each with its engagement read in the same query."""

    def get_queryset(self):
        if not hasattr(self, "_newest"):
            rows = (
                super()
                .get_queryset()
                .select_related("engagement__readout")
                .defer(*_heavy("engagement__readout__"))
                .order_by(F("date").desc(nulls_last=True), "-pk")
            )
            self._newest = list(rows[:HISTORY_ROWS])
            for row in self._newest:  # each row names its agreement (or exercise): this page's
                setattr(row, self.fk.name, self.instance)
        return self._newest


class HistoryInline(FactInline):
    """The newest rows of a named thing's history, editable; the engagement of each is shown,
    not chosen (new rows are added on the engagement's page)."""

    formset = NewestRowsFormSet
    show_change_link = True
    readonly_fields = [*FactInline.readonly_fields, "engagement", "date"]

    def has_add_permission(self, request, obj=None):
        return False


class AgreementHistoryInline(HistoryInline):
    model = AgreementEvent
    fk_name = "agreement"
    verbose_name_plural = f"events (the newest {HISTORY_ROWS}; every one in the agreement events list)"
    fields = ["engagement", "action", "name_as_written", "date", "origin"]


@admin.register(Agreement)
class AgreementAdmin(CorrectionMixin, ScaledAdmin):
    list_display = ["name", "kind", "party_list", "event_count", "last_event"]
    list_filter = ["kind", "events__action"]
    search_fields = ["name", "countries__name"]
    autocomplete_fields = ["countries"]
    readonly_fields = ["key"]
    inlines = [AgreementHistoryInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(**_figures(AgreementEvent, "agreement"))
            .prefetch_related("countries")
        )

    @admin.display(description="parties")
    def party_list(self, obj):
        return ", ".join(sorted(c.code for c in obj.countries.all()))

    @admin.display(description="events")
    def event_count(self, obj):
        return obj.n or 0

    @admin.display(description="last event")
    def last_event(self, obj):
        return obj.last


@admin.register(AgreementEvent)
class AgreementEventAdmin(FactAdmin):
    list_display = ["agreement", "action", "date", "engagement", "origin"]
    list_select_related = ["agreement", "engagement__readout"]
    list_filter = ["action", "agreement__kind", "origin", year_filter("date", ("engagements_agreementevent", "date"))]
    search_fields = ["agreement__name", "name_as_written"]
    autocomplete_fields = ["agreement", "engagement"]


class ExerciseHistoryInline(HistoryInline):
    model = ExerciseMention
    fk_name = "exercise"
    verbose_name_plural = f"mentions (the newest {HISTORY_ROWS}; every one in the exercise mentions list)"
    fields = ["engagement", "location", "date", "origin"]


@admin.register(Exercise)
class ExerciseAdmin(CorrectionMixin, ScaledAdmin):
    list_display = ["name", "named", "location", "mention_count", "last_mention"]
    list_filter = ["named"]
    search_fields = ["name", "location"]
    autocomplete_fields = ["countries"]
    readonly_fields = ["key"]
    inlines = [ExerciseHistoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**_figures(ExerciseMention, "exercise"))

    @admin.display(description="mentions", ordering="n")
    def mention_count(self, obj):
        return obj.n or 0

    @admin.display(description="last mentioned", ordering="last")
    def last_mention(self, obj):
        return obj.last


@admin.register(ExerciseMention)
class ExerciseMentionAdmin(FactAdmin):
    list_display = ["exercise", "engagement", "location", "date", "origin"]
    list_select_related = ["exercise", "engagement__readout"]
    search_fields = ["exercise__name", "location"]
    autocomplete_fields = ["exercise", "engagement"]
    list_filter = ["origin", year_filter("date", ("engagements_exercisemention", "date"))]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """The watched sources: poll_feeds reads the active ones; each shows how its last poll went."""

    list_display = ["name", "kind", "publisher", "active", "last_checked", "last_result", "short_error", "items_link"]
    list_filter = ["active", "kind", "publisher"]
    list_editable = ["active"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["publisher"]
    fields = ["name", "url", "kind", "publisher", "active", "last_checked", "last_result", "last_error"]
    readonly_fields = ["last_checked", "last_result", "last_error"]
    actions = ["poll_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="items")
    def items_link(self, obj):
        url = reverse("admin:engagements_feeditem_changelist") + f"?feed__id__exact={obj.pk}"
        return format_html('<a href="{}">items</a>', url)

    @admin.display(description="last error")
    def short_error(self, obj):
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    # A poll in a web request stops after this many seconds, well inside the server's request
    # timeout (GUNICORN_TIMEOUT, 30 s): the rest is read by the next poll (its ETag is kept
    # only once a poll has seen every item).
    POLL_NOW_SECONDS = 15

    @admin.action(description="Poll the selected sources now", permissions=["change"])
    def poll_now(self, request, queryset):
        # One fetcher for all: robots.txt read once per site, the per-host delay kept.
        fetcher = Fetcher()
        ends = time.monotonic() + self.POLL_NOW_SECONDS
        for n, feed in enumerate(queryset):
            if n and time.monotonic() > ends:
                self.message_user(request, f"{feed.name}: not polled (time is up; poll_feeds will)", messages.WARNING)
                continue
            report = feed_poll(feed, fetcher=fetcher, stop=lambda: time.monotonic() > ends)
            level = messages.ERROR if feed.last_error else messages.SUCCESS
            text = f"{feed.name}: {feed.last_result}" + (f": {feed.last_error}" if feed.last_error else "")
            self.message_user(request, text, level)
            for outcome, url, reason in report.problems:
                if outcome == "failed":
                    self.message_user(request, f"failed: {url}: {reason}", messages.WARNING)


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    """Every item a source offered: what became of it, and why an item was skipped."""

    list_display = ["__str__", "feed", "status", "reason", "published", "readout_link", "fetched_at"]
    list_filter = ["status", "reason", "feed"]
    list_select_related = ["feed", "readout"]
    search_fields = ["title", "url"]
    date_hierarchy = "fetched_at"
    readonly_fields = ["feed", "url", "title", "published", "status", "reason", "readout_link", "fetched_at"]
    fields = readonly_fields
    actions = ["import_anyway"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="readout")
    def readout_link(self, obj):
        return _link(obj.readout)

    @admin.action(description="Import anyway (the selected items are readouts after all)", permissions=["change"])
    def import_anyway(self, request, queryset):
        fetcher = Fetcher()
        for item in queryset.select_related("feed"):
            if item.status == FeedItem.Status.IMPORTED and item.readout_id:
                self.message_user(request, f"Already imported: {item}", messages.INFO)
                continue
            outcome, reason = item_import_anyway(item, fetcher=fetcher)
            item.refresh_from_db()
            if outcome in ("new", "unchanged"):
                text = f"Imported ({outcome}): {item} as readout {item.readout_id}"
                self.message_user(request, text, messages.SUCCESS)
            else:
                self.message_user(request, f"Could not import {item}: {reason}", messages.ERROR)
