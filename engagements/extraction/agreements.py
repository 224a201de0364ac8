"""Formal instruments a readout names, their kind, and what the engagement did with them.

An instrument is found by its head word ("Agreement", "Memorandum", "Roadmap", "Treaty", or
lower-case "agreement" with a telling modifier: "reciprocal defense procurement agreement",
"cost-sharing arrangement") and read outwards: capitalised words, years and "U.S.-X" before
it, an "of/on/for ..." complement after it, an acronym in brackets. Its kind comes from its
name (data/agreements.toml kind_rules). Its action comes from the words nearest it in its
clause: "the signing of a", "the renewal of an", "committed to finalize", "builds on the";
"... agreement renewal" and ", which they agreed to co-sign" are read after it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import word_pattern
from engagements.extraction.sentences import hit
from engagements.extraction.text import Token, squash, tokenize
from engagements.extraction.types import AgreementFact

ACTION_ORDER = ("signed", "renewed", "planned", "implemented", "mentioned")
MAX_FOUND = 120  # instrument mentions read per text; readouts name a few
MAX_EXAMINED = 150  # sentences with a head word read per text
_DETERMINERS = frozenset(
    {
        "The",
        "This",
        "That",
        "These",
        "Those",
        "A",
        "An",
        "Our",
        "Their",
        "Its",
        "His",
        "Her",
        "Both",
        "Each",
        "Under",
        "With",
        "In",
        "At",
        "On",
        "For",
        "By",
        "As",
    }
)
# Words before a lower-case "agreement" that make it a state of mind, not an instrument.
_NOT_AN_INSTRUMENT = frozenset(
    {
        "reached",
        "reach",
        "reaching",
        "in",
        "into",
        "broad",
        "general",
        "full",
        "no",
        "without",
        "of",
        "complete",
        "strong",
        "close",
    }
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEARS = re.compile(r"(?:1[89]|20)\d\d(?:-(?:1[89]|20)\d\d)?")
_ABBREVIATED = re.compile(r"(?:[A-Z]\.){2,}(?:-\w+)?")
_ITEM_SEP = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z\-]{1,7})\)")
_COORDINATED = re.compile(r"(?:\band|\bas well as|,)\s+(?:an?|the)\s+$")
# "signed an agreement to begin ...": an instrument the text names in another sentence.
_BARE_SIGNED = re.compile(r"\b(?:signed|concluded|inked)\s+(?:an?|the)\s+$", re.IGNORECASE)
_NOUNISH = re.compile(r"[a-z-]+(?:tion|sion|ment|ance|ence|ity|ics|ure)s?|[a-z-]{4,}(?:ic|al)")
# "10 Year", "10-Year", "Ten-Year" before a capitalised name
_SPAN_OF_YEARS = re.compile(r"(?:\d{1,3}|[A-Z]?[a-z]+)-Years?|\d{1,3}")
_ACRONYM_WORD = re.compile(r"\b(?!U\.?S\b)[A-Z]{3,}\b")
_NAME_MODIFIERS = frozenset({"bilateral", "trilateral", "multilateral", "revised", "joint", "amended"})
_COMPLEMENT_LINKS = frozenset({"of", "and", "the", "for", "on", "between", "in", "to", "with"})
_DURATION = re.compile(r"-(?:year|month|week|day)s?$|^(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)-")
# Words before a signing or renewal cue that put it in the future: "agreed to begin work on
# renewing", "will sign", "plan to conclude".
_FUTURE = re.compile(
    r"\b(?:to|will|would|shall|plans?|planned|intends?|expects?|agreed|begin|work on|towards?|finali[sz]e)\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
# "agreed to extend the agreement" is a renewal; "will renew", "begin work on renewing" are plans.
_FUTURE_RENEWAL = re.compile(
    r"\b(?:will|would|shall|plans?|planned|intends?|expects?|begin|start|work on|towards?|negotiat\w*|explore"
    r"|consider|look(?:s|ed)? forward to)\b(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
# "an agreement on maritime law enforcement, often called a shiprider agreement", "... known as
# the Lombok Treaty": a second name for the instrument just named.
_ALIAS = re.compile(r"\b(?:called|known as|dubbed|referred to as)\s+(?:an?\s+|the\s+)?$")
_LIST_STOP = re.compile(r"[.;:]|\b(?:to|and to|which|that|with|while|as well as|by|in order)\b")


@dataclass(frozen=True)
class AgreementRules:
    heads: re.Pattern[str]
    generic: re.Pattern[str]
    acronyms: re.Pattern[str]
    acronym_set: frozenset[str]
    modifiers: frozenset[str]
    not_agreements: re.Pattern[str]
    kinds: tuple[tuple[re.Pattern[str], str], ...]
    cues: re.Pattern[str]
    after: tuple[tuple[str, re.Pattern[str]], ...]
    qualified: dict[str, frozenset[str]]
    any_head: re.Pattern[str]  # heads, lower-case heads and acronyms in one pattern, to find sentences
    standalone: frozenset[str]
    anaphoric: frozenset[str]
    complement_words: frozenset[str]
    described: re.Pattern[str]


@cache
def rules() -> AgreementRules:
    data = load("agreements")
    cue_parts = []
    # Order within one alternation breaks ties between cues starting at the same place.
    for action in ("mentioned", "planned", "renewed", "signed", "implemented", "discussed"):
        pats = data["actions"].get(action, [])
        if pats:
            cue_parts.append(f"(?P<{action}>" + "|".join(f"(?:{p})" for p in pats) + ")")
    after = []
    for action in ("renewed", "implemented", "mentioned", "planned", "signed"):
        for p in data.get("after", {}).get(action, []):
            after.append((action, re.compile(p, re.IGNORECASE)))
    return AgreementRules(
        heads=word_pattern(data["heads"]),
        generic=word_pattern(data["generic_heads"], ignore_case=False),
        acronyms=word_pattern(data["acronyms"]),
        acronym_set=frozenset(data["acronyms"]),
        modifiers=frozenset(data["generic_modifiers"]),
        not_agreements=word_pattern(data["not_agreements"]),
        kinds=tuple((re.compile(p, re.IGNORECASE), k) for p, k in data["kind_rules"]),
        # Matched on the lower-cased words before a name: cheaper than IGNORECASE.
        cues=re.compile(r"\b(?:" + "|".join(cue_parts) + r")"),
        after=tuple(after),
        qualified={k: frozenset(v) for k, v in data.get("qualified_heads", {}).items()},
        standalone=frozenset(x.lower() for x in data.get("standalone_generic", [])),
        anaphoric=frozenset(data.get("anaphoric_modifiers", [])),
        complement_words=frozenset(data.get("complement_words", [])),
        described=re.compile("|".join(data.get("described", [])) or "(?!)", re.IGNORECASE),
        any_head=word_pattern([*data["heads"], *data["generic_heads"], *data["acronyms"]]),
    )


def head_near(norm: str, start: int, end: int) -> bool:
    """Whether an instrument's head word ("Agreement", "memorandum", "ACSA") is in norm[start:end]."""
    return bool(rules().any_head.search(norm, start, end))


@cache
def kind_of(name: str) -> str:
    for pattern, kind in rules().kinds:
        if pattern.search(name):
            return kind
    return "OTHER"


@dataclass
class _Found:
    name: str
    kind: str
    action: str
    start: int
    end: int
    span: tuple[int, int]
    acronym: str | None = None
    list_item: bool = False
    anaphoric: bool = False  # "the new agreement": refers back to one already named


def _left(toks: list[Token], i: int, generic: bool, mods: frozenset[str]) -> int:
    """Index of the first token of the name whose head starts at token i."""
    j = i
    taken = 0
    while j > 0 and taken < 10:
        tok = toks[j - 1]
        w = tok.text
        if w in _DETERMINERS and (j - 1 == 0 or toks[j - 2].text in ".\"'"):
            break
        if w in _DETERMINERS:
            break
        if tok.cap or _YEARS.fullmatch(w) or _ABBREVIATED.fullmatch(w):
            j -= 1
            taken += 1
            continue
        if (
            _SPAN_OF_YEARS.fullmatch(w)
            and j < len(toks)
            and (w.endswith(("Year", "Years")) or toks[j].text in ("Year", "Years"))
        ):
            j -= 1  # "a 10 Year Defense Framework", "the 10-Year Roadmap"
            taken += 1
            continue
        if w in ("and", "of", "&") and j - 2 >= 0 and toks[j - 2].cap and toks[j].cap:
            j -= 1
            continue
        if not generic and w in _NAME_MODIFIERS:
            j -= 1  # "a bilateral Statement of Intent", "the revised Defence Cooperation Agreement"
            taken += 1
            continue
        if generic and (w.lower() in mods or (w.islower() and "-" in w and w[0].isalpha() and not _DURATION.search(w))):
            j -= 1
            taken += 1
            continue
        if (
            generic
            and w == "and"
            and j - 2 >= 0
            and toks[j - 2].text.lower() in mods
            and j < len(toks)
            and toks[j].text.lower() in mods
        ):
            j -= 1
            continue
        if w in ("-", "'") and j - 2 >= 0 and toks[j - 2].cap:
            j -= 1
            continue
        break
    return j


def _right(toks: list[Token], i: int, words: frozenset[str] | None = None) -> int:
    """Index after the last token of the name whose head ends just before token i."""
    j = i
    n = len(toks)
    # "Memorandum of Understanding", "Letter of Intent"
    if (
        j + 1 < n
        and toks[j].text == "of"
        and toks[j + 1].text in ("Understanding", "Intent", "Agreement", "Cooperation")
    ):
        j += 2
    # "Joint Vision Statement 2020"
    if j < n and _YEAR.fullmatch(toks[j].text):
        j += 1
    return _complement(toks, j, words) if words is not None else _capitalised_complement(toks, j)


def _capitalised_complement(toks: list[Token], j: int) -> int:
    """ "on Defense Cooperation", "for Defense Cooperation", "of Peace and Friendship", "on the Law of the Sea" """
    n = len(toks)
    if j + 1 < n and toks[j].text in ("on", "for", "of", "between", "concerning", "regarding"):
        k = j + 1
        if toks[k].text == "the" and k + 1 < n:
            k += 1
        if toks[k].cap:
            m = k
            stop = min(n, k + 14)  # no instrument's name runs longer
            while m < stop:
                if toks[m].cap or toks[m].text in ("-",):
                    m += 1
                    continue
                if (
                    toks[m].text in ("of", "and", "the", "for", "on")
                    and m + 1 < n
                    and (toks[m + 1].cap or toks[m + 1].text == "the")
                ):
                    m += 1
                    continue
                break
            while m > k and not toks[m - 1].cap:
                m -= 1
            j = m
    return j


def _complement(toks: list[Token], j: int, words: frozenset[str]) -> int:
    """Like _capitalised_complement, and lower-case subject words may follow or lead: "on Manda
    Bay airfield construction", "on bilateral defence cooperation between Finland and the
    United States", "relating to air defence", "on Cooperation in the field of Defence"."""
    n = len(toks)
    if j >= n:
        return j
    if toks[j].text == "relating" and j + 1 < n and toks[j + 1].text == "to":
        k = j + 2
    elif toks[j].text in ("on", "for", "of", "between", "concerning", "regarding"):
        k = j + 1
    else:
        return j

    def wordy(t: Token) -> bool:
        w = t.text
        return t.cap or w.lower() in words or bool(_NOUNISH.fullmatch(w)) or bool(_YEARS.fullmatch(w))

    m = k
    last = j
    stop = min(n, k + 16)  # no instrument's name runs longer
    while m < stop:
        t = toks[m]
        if wordy(t) or (t.text == "-" and last == m - 1):
            m += 1
            last = m
            continue
        nxt = toks[m + 1] if m + 1 < n else None
        if t.text in _COMPLEMENT_LINKS and nxt is not None:
            if t.text == "in" and not (
                nxt.text == "the" and m + 2 < n and toks[m + 2].text in ("field", "fields", "area")
            ):
                break
            if t.text == "to" or t.text == "with":
                break
            after_the = toks[m + 2] if nxt.text == "the" and m + 2 < n else None
            # "and the two leaders discussed ...": past "and the", only a name goes on ("and the
            # United States").
            if t.text == "and" and after_the is not None and not after_the.cap:
                break
            if wordy(nxt) or (after_the is not None and wordy(after_the)):
                m += 1
                continue
        break
    return last if last > j else j


def _list_items(norm: str, start: int, end: int) -> tuple[list[str], int]:
    """The things after "agreements on": "communications, information sharing, and geospatial
    matters", and where the list ends."""
    stop = _LIST_STOP.search(norm, start, end)
    stop_at = stop.start() if stop else end
    stretch = norm[start:stop_at]
    if "," not in stretch and " and " not in stretch:
        ok = stretch.strip() and len(stretch.split()) <= 5
        return ([squash(stretch)], stop_at) if ok else ([], start)
    items = [squash(p) for p in _ITEM_SEP.split(stretch) if p.strip()]
    if not items or any(len(it.split()) > 5 or not it[:1].islower() for it in items):
        if items and len(items[0].split()) <= 5 and items[0][:1].islower():
            return items[:1], start + stretch.find(items[0].split()[-1]) + len(items[0].split()[-1])
        return [], start
    return items, stop_at


def _action(
    norm: str, window_start: int, name_start: int, name_end: int, sent_end: int, inherited: str | None = None
) -> str:
    r = rules()
    tail = norm[name_end:sent_end]
    for action, pat in r.after:
        if action in ("renewed", "implemented") and pat.search(tail):
            return action
    old_one = any(pat.search(tail) for action, pat in r.after if action == "mentioned")
    best = None
    # Only the words close to the name speak for it. Offsets below are into `window`.
    lo = max(window_start, name_start - 90)
    window = norm[lo:name_start].lower()
    for m in r.cues.finditer(window):
        best = m
    # "... signed in 2019" after the name: an old instrument, unless the words before it say
    # what this engagement did ("They renewed the MOU, first signed in 2012").
    if old_one and (best is None or best.lastgroup not in ("renewed", "implemented")):
        return "mentioned"
    if best is not None and best.lastgroup == "discussed":
        # Talked about: what the words after it say (", which they agreed to co-sign") wins.
        for action, pat in r.after:
            if pat.search(tail):
                return action
        return "mentioned"
    if best is not None:
        action = best.lastgroup or "mentioned"
        before = window[max(0, best.start() - 40) : best.start()]
        future = _FUTURE if action == "signed" else _FUTURE_RENEWAL
        if (
            action in ("signed", "renewed")
            and not best.group().lower().startswith(("met", "meet", "gather", "conven", "came", "join", "travel"))
            and future.search(before)
        ):
            return "planned"
        return action
    if inherited is not None:
        return inherited
    for action, pat in r.after:
        if pat.search(tail):
            return action
    return "mentioned"


def find(
    norm: str, sentences: list[tuple[int, int]], skip: set[int], exercise_names: re.Pattern[str] | None = None
) -> list[AgreementFact]:
    """The instruments named in the text (framing sentences in `skip` excepted), merged so
    that each is reported once, with the strongest action any mention of it carries."""
    r = rules()
    found: list[_Found] = []
    examined = 0
    for si in hit([r.any_head], norm, sentences):
        if si in skip:
            continue
        if len(found) >= MAX_FOUND or examined >= MAX_EXAMINED:
            break
        examined += 1
        s, e = sentences[si]
        toks = tokenize(norm, s, e)
        if toks:
            found.extend(_in_sentence(norm, s, e, toks, exercise_names))
    return [AgreementFact(f.name, f.kind, f.action, f.span) for f in _merge(found)]


def _in_sentence(norm: str, s: int, e: int, toks: list[Token], exercise_names: re.Pattern[str] | None) -> list[_Found]:
    r = rules()
    starts = {t.start: i for i, t in enumerate(toks)}
    ends = {t.end: i for i, t in enumerate(toks)}
    heads = sorted(
        [(m.start(), m.end(), False) for m in r.heads.finditer(norm, s, e)]
        + [(m.start(), m.end(), True) for m in r.generic.finditer(norm, s, e)]
    )
    blocked = [(m.start(), m.end()) for m in r.not_agreements.finditer(norm, s, e)]
    prev_end = s
    found: list[_Found] = []
    for hs, he, generic in heads:
        if hs < prev_end or hs not in starts or he not in ends:
            continue
        hi, hj = starts[hs], ends[he] + 1
        # "Peace Accord Implementation": the head is inside a longer capitalised name.
        if hj < len(toks) and toks[hj].cap and toks[hj].text != "U.S." and not _YEAR.fullmatch(toks[hj].text):
            continue
        li = _left(toks, hi, generic, r.modifiers)
        # A generic head's "on ..." list is read below; other complements are read here.
        lists_follow = generic and norm[he - 1] == "s" and hj < len(toks) and toks[hj].text in ("on", "for")
        ri = _right(toks, hj, None if lists_follow else r.complement_words)
        ns, ne = toks[li].start, toks[ri - 1].end
        head = norm[hs:he]
        need = r.qualified.get(head)
        if need and not any(toks[x].text in need for x in range(li, hi)):
            continue  # "a Statement by the Press Secretary"
        if any(bs < ne and ns < be for bs, be in blocked):
            continue
        paren = _PAREN_ACRONYM.match(norm, ne, e)
        acronym = paren.group(1) if paren else None
        extra_end = paren.end() if paren else ne
        if paren and not generic:
            # "Memorandum of Understanding (MoU) on Cooperation in the field of Defence"
            after = next((x for x, t in enumerate(toks) if t.start >= paren.end()), None)
            if after is not None:
                ci = _complement(toks, after, r.complement_words)
                if ci > after:
                    extra_end = toks[ci - 1].end
                    ne = extra_end
        has_modifier = li < hi
        items: list[str] = []
        anaphoric = False
        if generic:
            if hi > 0 and toks[hi - 1].text.lower() in _NOT_AN_INSTRUMENT:
                continue  # "reached agreement on next steps"
            if ri == hj and hj < len(toks) and toks[hj].text in ("on", "for"):
                items, items_end = _list_items(norm, toks[hj].end, e)
                if items:
                    extra_end = max(extra_end, items_end)
            standalone = " ".join(head.lower().split()) in r.standalone
            if r.described.search(norm, max(s, ns - 40), ns):
                continue  # "The X Agreement is a framework agreement that ...": X described
            if not has_modifier and not items and not standalone and ri == hj:
                if not head.endswith("s") and _BARE_SIGNED.search(norm, max(s, ns - 20), ns):
                    # "signed an agreement to begin sharing data": the instrument named elsewhere.
                    found.append(_Found(squash(norm[ns:ne]), "OTHER", "signed", ns, ne, (s, e), anaphoric=True))
                    prev_end = ne
                continue
            mods = [toks[x].text for x in range(li, hi) if toks[x].text != "and"]
            anaphoric = (
                not items
                and not standalone
                and ri == hj
                and all(m.lower() in r.anaphoric or _DURATION.search(m) for m in mods)
            )
        elif not has_modifier and ri == hj and not acronym and " " not in head:
            continue  # "the Agreement" alone refers back to one already named
        # "signed a Security of Supply Arrangement, ..., and a Memorandum of Understanding":
        # a coordinated instrument shares the verb of the one before it.
        inherited = found[-1].action if found and _COORDINATED.search(norm, max(s, ns - 20), ns) else None
        action = _action(norm, max(prev_end, _clause_start(norm, s, ns)), ns, extra_end, e, inherited)
        prev_end = extra_end
        name = squash(norm[ns:ne])
        if found and found[-1].end >= ns - 40 and _ALIAS.search(norm, max(s, ns - 30), ns) and not items:
            # "..., known as the Lombok Treaty": the instrument just named, by another name.
            if kind_of(name) != "OTHER":
                found[-1].kind, found[-1].name = kind_of(name), name
            continue
        if exercise_names is not None and exercise_names.fullmatch(name):
            continue  # "Justified Accord" is an exercise
        if items and head.endswith("s"):
            # "agreements on communications, information sharing, and geospatial matters"
            stem = squash(norm[ns : he - 1])
            for item in items:
                found.append(_Found(f"{stem} on {item}", kind_of(item), action, ns, extra_end, (s, e), list_item=True))
            continue
        if items:
            name = f"{name} {toks[hj].text} {items[0]}"
        kind = kind_of(name + (f" {acronym}" if acronym else ""))
        found.append(_Found(name, kind, action, ns, extra_end, (s, e), acronym, anaphoric=anaphoric))
    # Acronyms standing alone ("The SDCA builds on ...").
    for m in r.acronyms.finditer(norm, s, e):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        window = max([_clause_start(norm, s, m.start())] + [f.end for f in found if f.end <= m.start()])
        action = _action(norm, window, m.start(), m.end(), e)
        found.append(_Found(m.group(), kind_of(m.group()), action, m.start(), m.end(), (s, e), m.group()))
    return sorted(found, key=lambda f: f.start)


def _clause_start(norm: str, s: int, at: int) -> int:
    cut = max(norm.rfind(";", s, at), norm.rfind(":", s, at))
    return cut + 1 if cut >= 0 else s


def _norm_name(name: str) -> str:
    name = re.sub(r"^(?:(?:19|20)\d\d\s+)?(?:U\.?S\.?|US)-?\S*\s+", "", name)
    name = re.sub(r"^(?:19|20)\d\d\s+|^(?:bilateral|new|the)\s+", "", name, flags=re.IGNORECASE)
    return name.lower()


def _same(a: _Found, b: _Found) -> bool:
    if a.kind != b.kind:
        return False
    if a.list_item or b.list_item:
        return a.name.lower() == b.name.lower()
    acr = {x for x in (a.acronym, b.acronym) if x}
    if a.name in acr or b.name in acr:
        return True
    if a.name in rules().acronym_set or b.name in rules().acronym_set:
        return True  # "the MOU" refers back to the memorandum of the same kind
    na, nb = _norm_name(a.name), _norm_name(b.name)
    if na == nb or na in nb or nb in na:
        return True
    # "the AUKUS agreement" and "the AUKUS trilateral agreement", "the AUKUS security pact"
    wa, wb = set(na.split()), set(nb.split())
    if min(len(wa), len(wb)) >= 2 and (wa <= wb or wb <= wa):
        return True
    if _ACRONYM_WORD.findall(a.name) and set(_ACRONYM_WORD.findall(a.name)) == set(_ACRONYM_WORD.findall(b.name)):
        return True
    return difflib.SequenceMatcher(None, na, nb).ratio() >= 0.9


def _merge(found: list[_Found]) -> list[_Found]:
    out: list[_Found] = []
    for f in found:
        if f.anaphoric:
            continue
        twin = next((o for o in out if _same(o, f)), None)
        if twin is None:
            out.append(f)
            continue
        _absorb(twin, f)
    # "The new agreement", "the ten-year accord", "an international treaty": an instrument
    # named elsewhere (of the same kind, else the last one named before it).
    for f in found:
        if not f.anaphoric:
            continue
        target = next((o for o in out if o.kind == f.kind and f.kind != "OTHER"), None)
        if target is None:
            before = [o for o in out if o.start < f.start]
            after = [o for o in out if o.start > f.start]
            # "signed an agreement ... The Master Information Exchange Agreement is ...": a
            # bare one may point forward to the name the text gives it next.
            bare = not any(c.isupper() for c in f.name) and f.name.split()[-1] in ("agreement", "arrangement")
            target = before[-1] if before else (after[0] if after and bare else None)
        if target is None:
            if f.name.endswith("s"):
                continue  # "these formal agreements", "new arrangements": nothing named
            out.append(f)  # nothing named to refer to: it is an instrument in its own right
        elif ACTION_ORDER.index(f.action) < ACTION_ORDER.index(target.action) and f.action != "mentioned":
            target.action = f.action
    return out


def _absorb(twin: _Found, f: _Found) -> None:
    if ACTION_ORDER.index(f.action) < ACTION_ORDER.index(twin.action):
        twin.action = f.action
    if len(f.name) > len(twin.name) and f.name not in rules().acronym_set:
        twin.name = f.name
    twin.acronym = twin.acronym or f.acronym
