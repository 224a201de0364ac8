from django import forms
from django.db import models

from engagements.ingest.cleaning import clean_readout_text
from engagements.models import Readout


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
