"""The readout text with each fact's sentence highlighted: segments, ids, escaping."""

import pytest

from engagements.dashboard.templatetags.evidence import highlighted_text, segments, span_id

TEXT = "First sentence. Second <one> & more. Third."


def test_text_is_cut_at_every_span_edge_and_shared_sentences_carry_every_label():
    parts = segments(TEXT, [(0, 15, "Date"), (16, 36, "Topic: a"), (16, 36, "Topic: b")])
    assert [(p.text, p.labels, p.anchors) for p in parts] == [
        ("First sentence.", ["Date"], ["ev-0-15"]),
        (" ", [], []),
        ("Second <one> & more.", ["Topic: a", "Topic: b"], ["ev-16-36"]),
        (" Third.", [], []),
    ]


def test_overlapping_spans_split_into_segments_each_with_its_covering_facts():
    parts = segments(TEXT, [(0, 36, "Wide"), (16, 43, "Late")])
    assert [(p.text, p.labels) for p in parts] == [
        ("First sentence. ", ["Wide"]),
        ("Second <one> & more.", ["Wide", "Late"]),
        (" Third.", ["Late"]),
    ]


@pytest.mark.parametrize("span", [(None, None), (5, 5), (30, 10), (-4, 2), (40, 999)])
def test_spans_outside_the_text_are_clipped_or_dropped(span):
    parts = segments(TEXT, [(*span, "x")])
    assert "".join(p.text for p in parts) == TEXT  # the text is never lost or repeated


def test_rendering_escapes_every_segment_and_wraps_highlights_in_marks():
    html = highlighted_text(TEXT, [(16, 36, 'Topic: "quoted" <b>')])
    assert '<mark id="ev-16-36" class="evidence" title="Topic: &quot;quoted&quot; &lt;b&gt;">' in html
    assert "Second &lt;one&gt; &amp; more.</mark>" in html
    assert "<one>" not in html


def test_two_spans_starting_together_each_get_an_anchor():
    html = highlighted_text(TEXT, [(0, 15, "a"), (0, 36, "b")])
    assert 'id="ev-0-15"' in html and 'id="ev-0-36"' in html
    assert span_id(0, 15) == "ev-0-15"


def test_paragraphs_are_kept():
    assert highlighted_text("One.\nTwo.", []) == "One.\n\nTwo."
