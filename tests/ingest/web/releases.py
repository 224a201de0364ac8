"""Release pages this team wrote for the fetching tests: each a ministry-like page (menu,
breadcrumb, share buttons, related links, footer) around a release whose body is known, so
the extracted text can be compared with it exactly. The people, places and events are made up."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Release:
    slug: str
    title: str
    date: str  # ISO
    body: tuple[str, ...]  # the release's paragraphs, as an editor would paste them
    layout: str = "article"
    readout: bool = True

    @property
    def path(self) -> str:
        return f"/releases/{self.slug}.html"

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


RELEASES = (
    Release(
        "japan-meeting",
        "Readout of Secretary of Defense Hal Brennan's Meeting With Japanese Minister of Defense Kenji Morita",
        "2024-03-12",
        (
            "Secretary of Defense Hal Brennan met with Japanese Minister of Defense Kenji Morita at the Pentagon "
            "on March 12, 2024, to discuss the alliance and regional security.",
            "The two leaders reviewed progress on command and control arrangements and agreed to deepen "
            "cooperation on the co-production of air defence interceptors.",
            "Secretary Brennan thanked Minister Morita for Japan's support of allied exercises in the region "
            "and said he looked forward to their next meeting in Tokyo.",
        ),
    ),
    Release(
        "philippines-call",
        "Readout of Secretary of Defense Hal Brennan's Call With Philippine Secretary of National Defense",
        "2024-04-03",
        (
            "Secretary of Defense Hal Brennan spoke by phone today with Philippine Secretary of National Defense "
            "Ramon Villareal about recent incidents in the South China Sea.",
            "Secretary Brennan reaffirmed the United States' commitment to the Mutual Defense Treaty and the two "
            "secretaries discussed plans for combined maritime activities later this year.",
        ),
        layout="div",
    ),
    Release(
        "india-visit",
        "Deputy Secretary of Defense Visits India",
        "2024-05-20",
        (
            "Deputy Secretary of Defense Carla Whitfield visited New Delhi on May 20, 2024, and met with "
            "Indian Defence Secretary Arvind Rao.",
            "They discussed the co-development of unmanned systems, logistics cooperation and the upcoming "
            "exercise Tiger Dawn, and signed a memorandum of understanding on liaison officers.",
            "Deputy Secretary Whitfield also laid a wreath at the National War Memorial.",
        ),
        layout="sections",
    ),
    Release(
        "budget",
        "Department Releases Fiscal Year 2025 Budget Proposal",
        "2024-03-11",
        (
            "The Department released its budget request for fiscal year 2025 today, totalling 849.8 billion "
            "dollars for the armed services.",
            "The request funds readiness, shipbuilding and the modernisation of the nuclear triad.",
        ),
        readout=False,
    ),
    Release(
        "contract",
        "Contracts for April 2, 2024",
        "2024-04-02",
        (
            "Harbor Systems Inc., Norfolk, Virginia, is awarded a 48,200,000 dollar firm-fixed-price contract "
            "for ship maintenance and repair.",
            "Work will be performed in Norfolk, Virginia, and is expected to be completed by April 2026.",
        ),
        layout="div",
        readout=False,
    ),
    Release(
        "promotion",
        "General Officer Nominations",
        "2024-02-28",
        (
            "The Secretary of Defense announced today that the President has made the following nominations.",
            "Brig. Gen. Dana Holloway has been nominated for appointment to the rank of major general.",
        ),
        layout="sections",
        readout=False,
    ),
)

BY_SLUG = {r.slug: r for r in RELEASES}

_MENU = """<header class="site-header"><a class="logo" href="/">Ministry of Defence</a>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>
<li><a href="/about/">About the Ministry</a></li><li><a href="/contact/">Contact Us</a></li></ul></nav>
<form class="search"><input name="q" placeholder="Search this site"></form></header>
<nav class="breadcrumb"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; <a href="/releases/">Releases</a></nav>"""

_SHARE = """<div class="share-tools"><span>Share:</span> <a href="/share?fb">Facebook</a>
<a href="/share?x">X</a> <a href="/share?mail">Email</a> <a href="javascript:print()">Print</a></div>"""

_RELATED = """<aside class="related"><h2>Related releases</h2><ul>
<li><a href="/releases/older-1.html">Secretary hosts counterparts at annual conference</a></li>
<li><a href="/releases/older-2.html">Statement on the anniversary of the alliance</a></li></ul></aside>"""

_FOOTER = """<footer class="site-footer"><ul><li><a href="/privacy/">Privacy policy</a></li>
<li><a href="/accessibility/">Accessibility</a></li><li><a href="/foia/">Freedom of information</a></li></ul>
<p>Official website of the Ministry of Defence. All rights reserved.</p>
<p>Follow us: <a href="/x">X</a> | <a href="/yt">YouTube</a></p></footer>"""


def _paragraphs(release: Release) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in release.body)


def release_page(release: Release) -> str:
    """The release's HTML page, in one of three layouts real ministry sites use."""
    human_date = release.date
    if release.layout == "article":
        main = f"""<main><article class="release">
<h1>{escape(release.title)}</h1>
<p class="dateline"><time datetime="{release.date}">{human_date}</time></p>
{_SHARE}
<div class="body">{_paragraphs(release)}</div>
{_SHARE}
</article>{_RELATED}</main>"""
    elif release.layout == "div":
        main = f"""<div id="content" class="container"><div class="row">
<div class="col-main"><h1 class="title">{escape(release.title)}</h1>
<div class="meta">Release | <span class="date">{human_date}</span></div>
<div class="field-body">{_paragraphs(release)}</div>
{_SHARE}</div>
<div class="col-side">{_RELATED}</div></div></div>"""
    else:
        main = f"""<main id="main"><section class="hero"><h1>{escape(release.title)}</h1></section>
{_SHARE}
<section class="content"><div class="text">{_paragraphs(release)}</div></section>
<section class="tags"><a href="/tags/defence">Defence</a> <a href="/tags/policy">Policy</a></section>
</main>{_RELATED}"""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(release.title)} | Ministry of Defence</title>
<meta property="og:title" content="{escape(release.title)}">
<meta property="article:published_time" content="{release.date}T10:00:00Z">
</head><body>{_MENU}{main}{_FOOTER}</body></html>"""


def rss(base: str, slugs: list[str]) -> str:
    items = "".join(
        f"""<item><title>{escape(BY_SLUG[s].title)}</title><link>{base}{BY_SLUG[s].path}</link>
<guid>{base}{BY_SLUG[s].path}</guid><pubDate>{_rfc822(BY_SLUG[s].date)}</pubDate></item>"""
        for s in slugs
    )
    return f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Ministry of Defence releases</title><link>{base}/</link><description>Releases</description>
{items}</channel></rss>"""


def atom(base: str, slugs: list[str]) -> str:
    entries = "".join(
        f"""<entry><title>{escape(BY_SLUG[s].title)}</title><link href="{base}{BY_SLUG[s].path}"/>
<id>{base}{BY_SLUG[s].path}</id><updated>{BY_SLUG[s].date}T10:00:00Z</updated></entry>"""
        for s in slugs
    )
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Ministry releases</title><id>{base}/atom.xml</id><updated>2024-05-20T10:00:00Z</updated>
{entries}</feed>"""


def listing(slugs: list[str]) -> str:
    links = "".join(f'<li><a href="{BY_SLUG[s].path}">{escape(BY_SLUG[s].title)}</a></li>' for s in slugs)
    return f"""<!DOCTYPE html><html><head><title>Releases</title></head><body>{_MENU}
<main><h1>Releases</h1><ul class="releases">{links}</ul>
<a href="/releases/?page=2">Next</a></main>{_FOOTER}</body></html>"""


def _rfc822(iso: str) -> str:
    import datetime as dt
    from email.utils import format_datetime

    return format_datetime(dt.datetime.fromisoformat(iso + "T10:00:00+00:00"))
