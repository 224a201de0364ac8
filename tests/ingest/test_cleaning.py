"""What happens to a readout's text before it is stored."""

import pytest
from django.core.exceptions import ValidationError

from engagements.ingest.cleaning import clean_readout_text, looks_english


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("12345 678 -- 9", "no_words"),
        ("abc\x00def" * 10, "binary"),
        ("<script>alert(1)</script>", "empty"),  # nothing left once the script is dropped
    ],
)
def test_bad_text_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as info:
        clean_readout_text(text)
    assert info.value.code == code


def test_too_long_text_names_the_limit(settings):
    settings.READOUT_MAX_CHARS = 1000
    with pytest.raises(ValidationError) as info:
        clean_readout_text("word " * 1000)
    assert "5,000 characters" in info.value.messages[0] and "1,000" in info.value.messages[0]


def test_html_becomes_text_and_scripts_are_dropped():
    cleaned = clean_readout_text(
        '<p>Secretary Austin met <b>Minister Marles</b>.</p><script>steal()</script><img src=x onerror="hack()">'
    )
    assert cleaned.text == "Secretary Austin met Minister Marles."
    assert "steal" not in cleaned.text and "hack" not in cleaned.text
    assert "1 <script> element dropped" in cleaned.notes


def test_line_endings_and_blank_runs_are_tidied():
    assert clean_readout_text("  First line.\r\n\r\n\r\n\r\nSecond line.\r  ").text == "First line.\n\nSecond line."


def test_english_detection():
    assert looks_english("The Secretary met the Minister in Manila to discuss the alliance and its future.")
    assert not looks_english(
        "Le ministre des Armées a rencontré son homologue américain à Paris pour discuter de la coopération."
    )
