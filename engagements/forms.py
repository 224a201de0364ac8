from django import forms
from django.db import models

from engagements.ingest.cleaning import clean_readout_text
from engagements.models import Country, Readout


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ReadoutAddForm(forms.ModelForm):
    """Paste a new readout: the text is checked here so a bad paste gets a clear message."""

    class Meta:
        model = Readout
        formfield_callback = _formfield
        fields = ["title", "published_on", "url", "publisher", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 20, "cols": 100})}
        help_texts = {
            "text": "The readout as published. HTML is converted to plain text; the stored text is never edited.",
            "publisher": "Leave empty to have it found from the source URL's official site or the text.",
        }

    def clean_text(self):
        # Validate (empty, binary, too long) without replacing the text: the ingest
        # service cleans it again and reports what it changed.
        clean_readout_text(self.cleaned_data["text"])
        return self.cleaned_data["text"]


class EngagementCorrectionForm(forms.ModelForm):
    """An editor's correction of an engagement, refused if the readout was re-parsed since
    the form was shown: the rows it corrects may be gone, and saving over them would lose
    the correction or the new parse without a word."""

    parse_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    REPARSED = (
        "This readout was re-parsed while you were editing, so nothing was saved. "
        "Open the engagement again to see the new rows, then make your correction again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["parse_seen"] = self._parsed_at()

    def _parsed_at(self) -> str:
        if self.instance.pk is None:
            return ""
        # Read afresh: the admin locked the readout row before building this form.
        parsed_at = Readout.objects.filter(pk=self.instance.readout_id).values_list("parsed_at", flat=True).first()
        return parsed_at.isoformat() if parsed_at else ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get("parse_seen", "") != self._parsed_at():
            raise forms.ValidationError(self.REPARSED, code="reparsed")
        return cleaned


class ReadoutFromURLForm(forms.Form):
    """Add a readout by its release's URL: the page is fetched and its main text read."""

    url = forms.URLField(
        label="Release URL",
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 100, "autofocus": True}),
        help_text="The web page of one release on the ministry's site (http or https).",
    )
    publisher = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        required=False,
        help_text="Leave empty to have it found from the site's domain or the text.",
    )
