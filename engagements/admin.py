"""The editors' tool: paste a readout, see what the parser found, correct it, re-parse safely.

Configuration only: what a new readout, a correction and a re-parse mean lives in the ingest
services (``ingest.pipeline``, ``ingest.corrections``), which this calls."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Max
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from engagements import history
from engagements.comparison import readout_comparison
from engagements.forms import EngagementCorrectionForm, ReadoutAddForm
from engagements.ingest.corrections import facts_correct, readouts_mark_corrected, readouts_set_reviewed
from engagements.ingest.merging import engagement_source_split, engagement_sources_release, engagements_merge
from engagements.ingest.pipeline import readout_ingest, readout_parse
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
    Forum,
    Participation,
    Person,
    Readout,
    Topic,
)


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
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "alpha2", "region", "subregion"]
    list_filter = ["region", "subregion"]
    search_fields = ["code", "alpha2", "name", "official_name"]
    ordering = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["label", "name", "engagement_count"]
    search_fields = ["name", "label"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("engagement_links"))

    @admin.display(description="engagements", ordering="n")
    def engagement_count(self, obj):
        return obj.n


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "engagement_count"]
    search_fields = ["short_name", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("engagements"))

    @admin.display(description="engagements", ordering="n")
    def engagement_count(self, obj):
        return obj.n


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "participation_count", "last_seen"]
    list_filter = ["country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "name_key"]
    autocomplete_fields = ["country"]
    readonly_fields = ["name_key", "created_at"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("participations"), last=Max("participations__date"))

    @admin.display(description="engagements", ordering="n")
    def participation_count(self, obj):
        return obj.n

    @admin.display(description="last seen", ordering="last")
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
class EngagementAdmin(CorrectionMixin, admin.ModelAdmin):
    list_display = ["__str__", "date", "kind", "partner_list", "forum", "readout_status"]
    list_filter = ["kind", "readout__status", "readout__reviewed", "forum", "country_links__country__region"]
    list_select_related = ["readout", "forum"]
    date_hierarchy = "date"
    search_fields = ["readout__title", "location", "country_links__country__name"]
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
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("country_links")

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
class ReadoutAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published_on", "publisher", "status", "reviewed", "source", "engagement_link"]
    list_filter = ["status", "reviewed", "source", "publisher"]
    list_select_related = ["publisher", "engagement", "engagement_source__engagement"]
    date_hierarchy = "published_on"
    search_fields = ["title", "url"]
    search_help_text = "Searches titles and URLs, and the full text (English stemming)."
    autocomplete_fields = ["publisher"]
    actions = ["reparse", "mark_reviewed", "mark_unreviewed"]
    show_full_result_count = False
    readonly_fields = ["status", "parse_error", "parser_version", "parsed_at", "source", "created_at", "updated_at"]
    inlines = [EngagementInline]
    change_form_template = "admin/engagements/readout/change_form.html"
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
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            by_text = self.model.objects.filter(
                search=SearchQuery(search_term, config="english", search_type="websearch")
            )
            queryset |= by_text
        return queryset, may_have_duplicates

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
        return [reparse, comparison, *super().get_urls()]

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


class FactAdmin(CorrectionMixin, admin.ModelAdmin):
    list_filter = ["origin"]
    # The origin says whose row it is; the date is copied from the engagement by the database.
    readonly_fields = ["origin", "date"]
    show_full_result_count = False

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
    list_filter = ["origin", "person__country__region"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person", "engagement"]
    date_hierarchy = "date"


@admin.register(EngagementCountry)
class EngagementCountryAdmin(FactAdmin):
    list_display = ["country", "engagement", "date", "is_partner", "origin"]
    list_select_related = ["country", "engagement__readout"]
    list_filter = ["origin", "is_partner", "country__region"]
    search_fields = ["country__name", "country__code"]
    autocomplete_fields = ["country", "engagement"]
    readonly_fields = ["date", "is_partner"]
    date_hierarchy = "date"


@admin.register(EngagementTopic)
class EngagementTopicAdmin(FactAdmin):
    list_display = ["topic", "engagement", "date", "origin"]
    list_select_related = ["topic", "engagement__readout"]
    list_filter = ["origin", "topic"]
    search_fields = ["topic__label"]
    autocomplete_fields = ["topic", "engagement"]
    date_hierarchy = "date"


class AgreementHistoryInline(FactInline):
    model = AgreementEvent
    fk_name = "agreement"
    fields = ["engagement", "action", "name_as_written", "date", "origin"]
    readonly_fields = [*FactInline.readonly_fields, "date"]
    autocomplete_fields = ["engagement"]


@admin.register(Agreement)
class AgreementAdmin(CorrectionMixin, admin.ModelAdmin):
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
            .annotate(n=Count("events", distinct=True), last=Max("events__date"))
            .prefetch_related("countries")
        )

    @admin.display(description="parties")
    def party_list(self, obj):
        return ", ".join(sorted(c.code for c in obj.countries.all()))

    @admin.display(description="events", ordering="n")
    def event_count(self, obj):
        return obj.n

    @admin.display(description="last event", ordering="last")
    def last_event(self, obj):
        return obj.last


@admin.register(AgreementEvent)
class AgreementEventAdmin(FactAdmin):
    list_display = ["agreement", "action", "date", "engagement", "origin"]
    list_select_related = ["agreement", "engagement__readout"]
    list_filter = ["action", "agreement__kind", "origin"]
    search_fields = ["agreement__name", "name_as_written"]
    autocomplete_fields = ["agreement", "engagement"]
    date_hierarchy = "date"


class ExerciseHistoryInline(FactInline):
    model = ExerciseMention
    fk_name = "exercise"
    fields = ["engagement", "location", "date", "origin"]
    readonly_fields = [*FactInline.readonly_fields, "date"]
    autocomplete_fields = ["engagement"]


@admin.register(Exercise)
class ExerciseAdmin(CorrectionMixin, admin.ModelAdmin):
    list_display = ["name", "named", "location", "mention_count", "last_mention"]
    list_filter = ["named"]
    search_fields = ["name", "location"]
    autocomplete_fields = ["countries"]
    readonly_fields = ["key"]
    inlines = [ExerciseHistoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("mentions"), last=Max("mentions__date"))

    @admin.display(description="mentions", ordering="n")
    def mention_count(self, obj):
        return obj.n

    @admin.display(description="last mentioned", ordering="last")
    def last_mention(self, obj):
        return obj.last


@admin.register(ExerciseMention)
class ExerciseMentionAdmin(FactAdmin):
    list_display = ["exercise", "engagement", "location", "date", "origin"]
    list_select_related = ["exercise", "engagement__readout"]
    search_fields = ["exercise__name", "location"]
    autocomplete_fields = ["exercise", "engagement"]
    date_hierarchy = "date"
