"""People named in a readout, with their titles and countries.

A person is found by shape, not by a list of names: a title ("Minister of Defense", "Chairman
of the Joint Chiefs of Staff"), then any rank or honorific ("Gen.", "the Honorable", "Dato'
Seri"), then a run of capitalised words (with name particles: "bin", "von der"). Appositive
shapes are read too: "Sheikh Tamim bin Hamad Al Thani, Amir of Qatar", "Minister of Public
Security, Frank Alexis Abrego". The words of titles, ranks and honorifics are data
(data/titles.toml).

A person's country comes from the words around the title: "Danish Minister", "Thailand's
Deputy Prime Minister", "Minister of Defense of Malaysia", "his counterpart from the United
Kingdom, State Secretary ...", "Nyamaa Enkhbold of Mongolia"; failing that, a title only the
publisher's officials hold ("Secretary of Defense") gives the publisher's country.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from engagements.extraction.countries import CountryMention
from engagements.extraction.gazetteer import load
from engagements.extraction.locations import places
from engagements.extraction.patterns import space_key
from engagements.extraction.text import Token, squash, tokenize

# Title heads that name a monarch: a single name after them is a full name ("King Abdullah II").
_ROYAL = frozenset({"King", "Queen", "Amir", "Emir", "Sultan", "Prince", "Princess", "Crown Prince"})
# Words that are both a rank and a title word: inside a title only when a title word follows
# ("Chief of the General Staff" but "Minister of Defence General Prawit").
_RANK_LIKE = frozenset(
    {
        "General",
        "Major",
        "Master",
        "Sergeant",
        "Admiral",
        "Colonel",
        "Captain",
        "Lieutenant",
        "Marshal",
        "Brigadier",
    }
)
_RANK_PREFIX = frozenset({"Senior", "Vice", "Rear", "Lieutenant", "Brigadier", "Major"})
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "V"})
_ROMAN = frozenset({"II", "III", "IV"})
_MONTHS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# No real title, courtesy run or name is longer than these (in tokens); the caps keep a scan
# over a text made of nothing but title words linear.
_MAX_TITLE = 24
_RETIRED = frozenset({"ret", "rtd", "retd", "retired", "res", "reserve"})
_MAX_COURTESY = 14  # "Pehin Datu Lailaraja Major General (Rtd) Dato Paduka Seri Haji"
# Between a country and the title it qualifies: "Thailand's", "Republic of Korea (ROK)".
_PREFIX_GAP = re.compile(r"(?:'s)?\)?\s*(?:\([^()]{1,14}\)\s*)?")
_COUNTERPART_GAP = re.compile(r"\s*(?:nation\s+|defen[cs]e\s+|military\s+)?counterparts?\s*,\s*")
_COUNTERPART_FROM = re.compile(r"counterparts?\s+from\s+(?:the\s+)?$")
_OF_COUNTRY = re.compile(r",?\s+of\s+(?:the\s+)?$")
_OF_BODY_OF = re.compile(
    r",?\s+(?:of|from)\s+the\s+(?:(?:[A-Z][\w'-]*|of|and|for|\([A-Z]{2,6}\))\s+){1,8}of\s+(?:the\s+)?"
)
# "The Japanese delegation was led by", "the Qatari side was chaired by", "attended from the
# Omani side by": everyone named after it, in that sentence, is that side's.
# "a delegation of the Cambodian Royal Armed Forces led by ...": the country inside the
# delegation's name.
_SIDE_REACH = 400
_DELEGATION_OF = re.compile(r"\b(?:delegation|side)\s+of\s+(?:the\s+)?$")
_LED_BY = re.compile(r"(?:\s+[A-Z][\w'-]*){0,5}\s+(?:(?:was|is)\s+)?(?:led|headed|chaired)\s+by\b")
_SIDE = re.compile(
    r"(?:'s)?\s+(?:side|delegation|team)\s+(?:(?:was|were|is|are)\s+)?(?:also\s+)?"
    r"(?:led|chaired|co-chaired|headed|represented|attended|comprised)\s+by\b"
    r"|\s+side\s+by\b"
    r"|\s+(?:was|were|is|are)\s+represented\s+by\b"
)


@dataclass(frozen=True)
class Lexicon:
    heads: frozenset[str]
    multi_heads: dict[str, tuple[tuple[str, ...], ...]]
    words: frozenset[str]
    connectors: frozenset[str]
    ranks: frozenset[str]
    honorifics: frozenset[str]
    multi_honorifics: dict[str, tuple[tuple[str, ...], ...]]
    particles: frozenset[str]
    stops: frozenset[str]
    qualifiers: frozenset[str]
    postnominals: frozenset[str]
    publisher_titles: dict[str, re.Pattern[str]]
    spokespeople: re.Pattern[str]
    org_before: re.Pattern[str]  # an organisation's name ending right before a title
    org_in: re.Pattern[str]  # "... of NATO", "... of the United Nations" inside a title
    org_head: re.Pattern[str]  # a title that opens with one: "NATO Secretary General"


def _split_multi(entries: list[str]) -> tuple[set[str], dict[str, tuple[tuple[str, ...], ...]]]:
    single: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        toks = tuple(t.text for t in tokenize(entry))
        # "Dato'" is the word and its apostrophe; both forms are accepted.
        if len(toks) == 1:
            single.add(toks[0])
        elif len(toks) == 2 and toks[1] == "'":
            single.add(toks[0])
        else:
            multi.setdefault(toks[0], []).append(toks)
    return single, {k: tuple(sorted(v, key=len, reverse=True)) for k, v in multi.items()}


@cache
def lexicon() -> Lexicon:
    data = load("titles")
    heads, multi_heads = _split_multi(data["heads"])
    honor, multi_honor = _split_multi(data["honorifics"])
    words, _ = _split_multi(data["words"])
    pub = {
        code: re.compile("|".join(f"(?:{p})" for p in pats)) for code, pats in data.get("publisher_titles", {}).items()
    }
    spokes = re.compile("|".join(re.escape(s) for s in data["spokespeople"]), re.IGNORECASE)
    orgs = "|".join(re.escape(o) for o in sorted(data.get("organizations", []), key=len, reverse=True)) or "(?!)"
    return Lexicon(
        heads=frozenset(heads),
        multi_heads=multi_heads,
        words=frozenset(words),
        connectors=frozenset(data["connectors"]),
        ranks=frozenset(data["ranks"]),
        honorifics=frozenset(honor),
        multi_honorifics=multi_honor,
        particles=frozenset(data["particles"]),
        stops=frozenset(data["name_stops"]),
        qualifiers=frozenset(data.get("rank_qualifiers", [])),
        postnominals=frozenset(data.get("postnominals", [])),
        publisher_titles=pub,
        spokespeople=spokes,
        org_before=re.compile(r"(?<![\w.])(?:" + orgs + r")(?:'s)?\s*$"),
        org_in=re.compile(r"\b(?:of|to)\s+(?:the\s+)?(?:" + orgs + r")\b"),
        org_head=re.compile(r"(?:the\s+)?(?:" + orgs + r")\b"),
    )


@dataclass
class Mention:
    name: str
    tokens: tuple[str, ...]  # the name's words, initials and suffixes included
    title: str | None
    country: str | None  # stated next to the mention
    start: int  # where the mention starts (its title, if any)
    end: int  # where the name ends
    name_start: int
    possessive: bool = False
    royal: bool = False
    spokesperson: bool = False
    publisher_title: str | None = None  # the publisher whose officials hold this title
    # Where the country was read: "prefix", "title", "after"; "organization" for an
    # international organisation's official, who has none.
    country_source: str | None = None

    @property
    def words(self) -> list[str]:
        return [t for t in self.tokens if not _initial(t) and t not in _SUFFIXES and t[:1].isupper()]

    @property
    def full(self) -> bool:
        """Given name and surname, or a monarch's name: not a bare "Secretary Austin"."""
        words = self.words
        return len(words) >= 2 or (len(words) == 1 and (self.royal or len(self.tokens) >= 2))

    @property
    def surname(self) -> str:
        words = self.words
        return words[-1].lower() if words else ""


def _initial(tok: str) -> bool:
    return len(tok) == 2 and tok[0].isupper() and tok[1] == "."


class _Scanner:
    """Reads the mentions in one stretch of text (a sentence or a headline)."""

    def __init__(self, norm: str, toks: list[Token], countries: list[CountryMention], publisher: str | None):
        self.norm = norm
        self.t = toks
        self.n = len(toks)
        self.lex = lexicon()
        self.publisher = publisher
        self.mentions = countries
        self.starts = [cm.start for cm in countries]
        self.ends = [cm.end for cm in countries]
        self.pending: list[str] = []
        # Per-token answers computed once: how many tokens a head takes at i (0 if none).
        self.head_len = [self._is_head(i) for i in range(self.n)]
        # Token index -> (country mention, index of the first token after it).
        self.country_at: dict[int, tuple[CountryMention, int]] = {}
        ci = 0
        for i, tok in enumerate(toks):
            while ci < len(countries) and countries[ci].end <= tok.start:
                ci += 1
            if ci < len(countries) and countries[ci].start <= tok.start < countries[ci].end:
                cm = countries[ci]
                j = i
                while j < self.n and toks[j].start < cm.end:
                    j += 1
                self.country_at[i] = (cm, j)

    # -- pieces -------------------------------------------------------------------------

    def _multi(self, i: int, table: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Length of the longest multi-word entry of `table` starting at token i."""
        options = table.get(self.t[i].text)
        if not options:
            return 0
        for seq in options:
            if i + len(seq) <= self.n and all(self.t[i + k].text == seq[k] for k in range(len(seq))):
                return len(seq)
        return 0

    def _is_head(self, i: int) -> int:
        w = self.t[i].text
        if w in self.lex.multi_heads:
            n = self._multi(i, self.lex.multi_heads)
            if n:
                return n
        if w in self.lex.heads:
            return 1
        return 1 if w.endswith("'s") and w[:-2] in self.lex.heads else 0

    def _content(self, i: int) -> int:
        """Tokens a title word (or country) takes at i, 0 if it is not one."""
        h = self.head_len[i]
        if h:
            return h
        if i in self.country_at:
            return self.country_at[i][1] - i
        w = self.t[i].text
        if w in self.lex.words:
            if w in _RANK_LIKE and not (i + 1 < self.n and self._content_simple(i + 1)):
                return 0
            # "... of National Defense Senior Lt. Gen. X": a qualifier before a rank starts the rank.
            if w in _RANK_PREFIX and i + 1 < self.n and self.t[i + 1].text in self.lex.ranks:
                return 0
            return 1
        return 0

    def _content_simple(self, i: int) -> bool:
        w = self.t[i].text
        return w in self.lex.words or self.head_len[i] > 0 or i in self.country_at

    def title(self, i: int) -> int:
        """End (token index) of a title starting at i, or i when there is none."""
        j = i
        heads = 0
        end = i
        limit = min(self.n, i + _MAX_TITLE)
        while j < limit:
            h = self.head_len[j]
            if h:
                heads += 1
                j += h
                # "Cabinet Secretary (CS) for Defence": an acronym inside a title.
                if (
                    j + 2 < limit
                    and self.t[j].text == "("
                    and self.t[j + 2].text == ")"
                    and self.t[j + 1].text.isupper()
                ):
                    j += 3
                end = j
                if self.t[j - 1].possessive:
                    return end
                continue
            # Qualifiers before a head, also between two ("Principal Deputy Assistant Secretary").
            if self.t[j].text in self.lex.words and self.t[j].cap and not (heads and self.t[j].text in _RANK_LIKE):
                j += 1
                continue
            break
        if heads == 0:
            return i
        if j > end and j < limit and self.t[j].text in self.lex.connectors:
            end = j  # "Ambassador Extraordinary and Plenipotentiary of Japan"
        j = end
        while j < limit and self.t[j].text in self.lex.connectors:
            k = j + 1
            if k < self.n and self.t[k].text == "the":
                k += 1
            m = k
            while m < limit:
                c = self._content(m)
                if c:
                    m += c
                    continue
                # Inner "of the"/"and" between title words: "Head of the Military House".
                if self.t[m].text in ("of", "the", "and", "for") and m + 1 < limit:
                    nxt = m + 2 if self.t[m + 1].text == "the" and m + 2 < limit else m + 1
                    if self._content(nxt):
                        m = nxt
                        continue
                break
            if m == k:
                break
            j = end = m
        return self._title_tail(end)

    def _title_run(self, i: int) -> int:
        """End of a run of title words and countries from i ("Ministry of Defense", "Joint
        Staff"); i when none."""
        j = i
        limit = min(self.n, i + _MAX_TITLE)
        while j < limit:
            c = self._content(j) or (1 if self.t[j].text in self.lex.words and self.t[j].cap else 0)
            if c:
                j += c
                continue
            if (
                self.t[j].text in ("of", "the", "for", "and")
                and j > i
                and j + 1 < limit
                and self._content_simple(j + 1)
            ):
                j += 1
                continue
            break
        return j

    def _title_tail(self, end: int) -> int:
        """A title's numbered or bracketed tail: "Minister of Defence II", "Permanent Secretary
        (Defence)", "Chief of the Defence Forces (CDF)"."""
        t, n = self.t, self.n
        if end + 1 < n and t[end].text in _ROMAN and t[end + 1].cap:
            return end + 1
        if end + 2 < n and t[end].text == "(":
            close = next((k for k in range(end + 1, min(n, end + 5)) if t[k].text == ")"), None)
            inner = t[end + 1 : close] if close else []
            if inner and all(x.cap and (x.text in self.lex.words or x.text.isupper()) for x in inner):
                return close + 1
        return end

    def courtesy(self, i: int) -> tuple[int, bool]:
        """Skip ranks and honorifics ("Lt. Gen.", "Navy Capt.", "the Honorable Dato' Seri Haji").
        A run of rank qualifiers alone ("Air", "National") is not skipped."""
        j = i
        real = i  # end of the last run that held a real rank or honorific
        limit = min(self.n, i + _MAX_COURTESY)
        while j < limit:
            m = self._multi(j, self.lex.multi_honorifics)
            if m:
                j += m
                real = j
                continue
            w = self.t[j].text
            if w == "(" and j + 2 < self.n and self.t[j + 1].text.lower() in _RETIRED:
                k = j + 2
                while k < min(self.n, j + 5) and self.t[k].text != ")":
                    k += 1
                j = k + 1
                real = max(real, j) if real > i else real
                continue
            strong = w in self.lex.honorifics or (w in self.lex.ranks and w not in self.lex.qualifiers)
            if strong or w in self.lex.qualifiers:
                j += 1
                if j < self.n and self.t[j].text in (".", "'"):
                    j += 1
                if strong:
                    real = j
                continue
            break
        return real, real > i

    def name(self, i: int) -> tuple[int, list[str], bool]:
        """End, words and possessive flag of a personal name starting at token i."""
        words: list[str] = []
        j = i
        possessive = False
        lex = self.lex
        while j < self.n and len(words) < 9:
            tok = self.t[j]
            w = tok.text
            if tok.cap and len(w) == 1 and j + 1 < self.n and self.t[j + 1].text == ".":
                words.append(w + ".")  # an initial
                j += 2
                continue
            if w in lex.particles and words:
                # "von der Leyen": particles may chain before the next capitalised word.
                k = j
                while k < self.n and self.t[k].text in lex.particles and k - j < 3:
                    k += 1
                if k < self.n and self.t[k].cap:
                    words.extend(self.t[x].text for x in range(j, k))
                    j = k
                    continue
                break
            if w == "," and words and j + 2 < self.n and self.t[j + 1].text in ("Jr", "Sr"):
                words.append(self.t[j + 1].text + ".")
                j += 3 if self.t[j + 2].text == "." else 2
                continue
            if not tok.cap or not w[0].isalpha():
                break
            bare = tok.bare
            after_particle = bool(words) and self.t[j - 1].text.lower() in ("al", "el", "bin", "ibn", "bint")
            if after_particle and bare in lex.stops and bare not in lex.heads:
                pass  # "Shihab bin Tarik Al Said": a family name, not "said"
            elif bare in lex.stops or bare in lex.heads or (bare in lex.words and bare not in _SUFFIXES):
                break
            if words and bare in _MONTHS and self._day_follows(j):
                break
            if words and bare in lex.postnominals:
                j += 1
                break
            # A country or demonym ends a name ("... Joins Nigerian Air Force"), except as a
            # given name at its start.
            if j in self.country_at and (words or self.country_at[j][0].demonym) and not self._inside_name(j, words):
                break
            if w.isupper() and len(w) > 3 and words:  # "HIMARS" after a name is not part of it
                break
            if w in ("Jr", "Sr") and words:
                words.append(w + ".")
                j += 2 if j + 1 < self.n and self.t[j + 1].text == "." else 1
                continue
            words.append(bare)
            j += 1
            if tok.possessive:
                possessive = True
                break
        while words and words[-1] in lex.particles:
            words.pop()
            j -= 1
        # "the United Kingdom, State Secretary ..." is a country, not a person.
        if words and i in self.country_at and self.country_at[i][1] >= j:
            return i, [], False
        return j, words, possessive

    def _inside_name(self, j: int, words: list[str]) -> bool:
        """A one-word demonym between two parts of a name ("Lai Thai Binh"), not a country
        after one ("... Joins Nigerian Air Force")."""
        cm, after = self.country_at[j]
        if not words or not cm.demonym or after != j + 1 or after >= self.n:
            return False
        nxt = self.t[after]
        lex = self.lex
        return (
            nxt.cap
            and nxt.bare not in lex.words
            and nxt.bare not in lex.heads
            and nxt.bare not in lex.stops
            and after not in self.country_at
        )

    def _day_follows(self, j: int) -> bool:
        """A day number after the month word at j ("March 4", "Sept. 27")."""
        k = j + 1
        if k < self.n and self.t[k].text == ".":
            k += 1
        return k < self.n and self.t[k].text[:1].isdigit()

    # -- countries around a mention ------------------------------------------------------

    def prefix_country(self, start: int) -> list[str]:
        """Countries written just before a title: "Danish Minister", "ROK Minister", "his
        Japanese and Italian counterparts, Minister ... and Minister ..." (one per person, in
        order). Empty when there is none."""
        idx = bisect_right(self.ends, start) - 1
        while idx >= 0 and self.mentions[idx].end > start:
            idx -= 1
        if idx >= 0:
            cm = self.mentions[idx]
            if start - cm.end > 80:
                return []
            gap = self.norm[cm.end : start]
            if _PREFIX_GAP.fullmatch(gap):
                return [cm.code]
            if cm.demonym and _COUNTERPART_GAP.fullmatch(gap):
                codes = [cm.code]
                k = idx
                while (
                    k > 0
                    and idx - k < 8
                    and self.mentions[k - 1].demonym
                    and re.fullmatch(
                        r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)",
                        self.norm[self.mentions[k - 1].end : self.mentions[k].start],
                    )
                ):
                    k -= 1
                    codes.insert(0, self.mentions[k].code)
                return codes
            if re.fullmatch(r"\s*,\s*", gap) and _COUNTERPART_FROM.search(self.norm, max(0, cm.start - 40), cm.start):
                return [cm.code]
        return []

    def side_country(self, start: int) -> str | None:
        """The side whose delegation the words before `start` say is being named ("the
        Qatari side was chaired by", "the Sultanate's side was chaired by")."""
        best, code = -1, None
        # A side is named within a few hundred characters before its people: the bound keeps a
        # long run of names linear.
        lo = max(self.t[0].start if self.t else start, start - _SIDE_REACH)
        for cm in reversed(self.mentions[: bisect_right(self.ends, start)]):
            if cm.end < lo:
                break
            if _SIDE.match(self.norm, cm.end, start) or (
                _DELEGATION_OF.search(self.norm, max(0, cm.start - 30), cm.start)
                and _LED_BY.match(self.norm, cm.end, start)
            ):
                best, code = cm.end, cm.code
                break
        for m in _self_side().finditer(self.norm, lo, start):
            if m.end() > best and _SIDE.match(self.norm, m.end(), start):
                best, code = m.end(), _self_names()[m.group()]
        return code

    def inner_country(self, s: int, e: int) -> str | None:
        """A country inside a title, unless it is the office's brief: "Deputy Assistant
        Secretary of State for Japan and Korea" is a U.S. official."""
        idx = bisect_left(self.starts, s)
        if idx < len(self.mentions) and self.mentions[idx].end <= e:
            cm = self.mentions[idx]
            if not re.search(r"\bfor\s+(?:the\s+)?$", self.norm[max(s, cm.start - 10) : cm.start]):
                return cm.code
        return None

    def after_country(self, end: int) -> str | None:
        """ "Nyamaa Enkhbold of Mongolia", "King Abdullah II of Jordan", "Miura Jun of the
        Ministry of Defense (MOD) of Japan"."""
        idx = bisect_left(self.starts, end)
        if idx < len(self.mentions):
            cm = self.mentions[idx]
            if cm.start - end > 80:
                return None
            gap = self.norm[end : cm.start]
            if (cm.start - end <= 12 and _OF_COUNTRY.fullmatch(gap)) or _OF_BODY_OF.fullmatch(gap):
                return cm.code
        return None

    # -- the scan ------------------------------------------------------------------------

    def scan(self) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        t = self.t
        while i < self.n:
            if not t[i].cap and t[i].text not in ("the", "counterpart", "colleague"):
                i += 1
                continue
            pending = self.pending
            mention, nxt = self._at(i)
            if mention is not None and mention.country is None and mention.country_source != "organization":
                side = self.side_country(mention.start)
                if side:
                    mention.country, mention.country_source = side, "side"
            if mention is not None:
                if mention.country_source != "prefix" and pending:
                    # "his Japanese and Italian counterparts, Minister A and Minister B"
                    mention.country, mention.country_source = pending[0], "prefix"
                    self.pending = pending[1:]
                elif (
                    mention.country_source is None
                    and out
                    and out[-1].country_source == "prefix"
                    # "... A and Deputy Secretary of State B headed the respective delegations"
                    and "respective" not in self.norm[mention.end : mention.end + 60]
                    and re.fullmatch(r"\s*,?\s*(?:and|as well as)\s+", self.norm[out[-1].end : mention.start])
                ):
                    # "Mexico's Secretary of National Defense A and Secretary of the Navy B"
                    mention.country, mention.country_source = out[-1].country, "prefix"
                out.append(mention)
                i = max(nxt, i + 1)
            else:
                self.pending = pending
                i += 1
        return out

    def _at(self, i: int) -> tuple[Mention | None, int]:
        t = self.t
        # A title first: "Chief", "Commander" and "National" also start ranks, but "Chief of
        # Defense Gen. X" is a title followed by a rank.
        k, courtesy_first = i, False
        te = self.title(i)
        if te > i and self._multi(i, self.lex.multi_honorifics) >= te - i:
            te = i  # "Air Chief Marshal X": a rank, though "Air Chief" reads as a title
        if te == i:
            k, courtesy_first = self.courtesy(i)
            if k >= self.n:
                return None, i + 1
            te = self.title(k)
        if te > k:
            title_start, title_end = k, te
            if t[te - 1].possessive:  # "the Secretary's April visit": no name follows
                return None, te
            j, courtesy = self.courtesy(te)
            ne, words, poss = self.name(j)
            if not words and te + 1 < self.n and t[te].text == "," and te + 1 in self.country_at:
                # "Permanent Secretary (Defence), Singapore Mr Chan Heng Kee"
                cm, after = self.country_at[te + 1]
                j, courtesy = self.courtesy(after)
                ne, words, poss = self.name(j)
                if words and (courtesy or len(words) >= 2):
                    m = self._make(i, title_start, title_end, j, ne, words, poss)
                    if m.country is None:
                        m.country, m.country_source = cm.code, "after"
                    return m, ne
                words = []
            if not words and te < self.n and t[te].text == ",":
                j, courtesy = self.courtesy(te + 1)
                if j < self.n and t[j].text == "the":
                    j, courtesy = self.courtesy(j + 1)
                ne, words, poss = self.name(j)
                if words and not courtesy and len(words) < 2:
                    words = []
                if not words:
                    # The title goes on after the comma: "Deputy Director General for Defense
                    # Policy, Ministry of Defense, Taro Yamato", "Chief of Staff, Joint Staff
                    # Gen. Koji Yamazaki".
                    run = self._title_run(te + 1)
                    if run > te + 1:
                        k = run + 1 if run < self.n and t[run].text == "," else run
                        j, courtesy = self.courtesy(k)
                        ne, words, poss = self.name(j)
                        if words and (courtesy or len(words) >= 2):
                            title_end = run
                            te = run
                        else:
                            words = []
            if not words:
                return None, te
            return self._make(i, title_start, title_end, j, ne, words, poss), ne
        # No title: a courtesy or rank before a name ("Dr. Wallander", "Sheikh Tamim ..."), or
        # a bare full name followed by an appositive title ("Pete Hegseth, Secretary of War").
        ne, words, poss = self.name(k)
        if not words:
            return None, i + 1
        if not courtesy_first and len(words) < 2:
            return None, ne
        if ne + 1 < self.n and t[ne].text == "," and not _is_place(self.norm[t[k].start : t[ne - 1].end]):
            # A title first: "Ambassador of Turkey to Mongolia" is a title, not a courtesy.
            a = ne + 2 if t[ne + 1].text == "the" else ne + 1
            ae = self.title(a) if a < self.n else a
            if ae == a and a in self.country_at:
                # "Salifou Mody, Niger Armed Forces Chief of Defense"
                after = self.country_at[a][1]
                ae = self.title(after) if after < self.n else after
                ae = a if ae == after else ae
            if ae == a:
                a, _ = self.courtesy(ne + 1)
                if a < self.n and t[a].text == "the":
                    a += 1
                ae = self.title(a)
            # "Today in Port Moresby, Secretary of State Antony J. Blinken ...": the title
            # belongs to the name after it, not to the words before the comma.
            if ae > a and len(self.name(self.courtesy(ae)[0])[1]) < 2:
                # The title may go on after commas: "Commander, U.S. Pacific Fleet", "Chief of
                # Staff, Joint Staff, Japan Self-Defense Forces".
                while ae + 1 < self.n and t[ae].text == ",":
                    run = self._title_run(ae + 1)
                    if run == ae + 1 or (run < self.n and t[run].text not in (",", ".", "and", ")") and t[run].cap):
                        break
                    ae = run
                m = self._make(i, a, ae, k, ne, words, poss, appositive=True)
                return m, ae
        if not courtesy_first:
            return None, ne
        rank = squash(self.norm[t[i].start : t[k - 1].end]) if k > i else None
        m = Mention(
            name=" ".join(words),
            tokens=tuple(words),
            title=rank,
            country=self.after_country(t[ne - 1].end),
            start=t[i].start,
            end=t[ne - 1].end,
            name_start=t[k].start,
            possessive=poss,
        )
        return m, ne

    def _make(
        self,
        i: int,
        ts: int,
        te: int,
        ns: int,
        ne: int,
        words: list[str],
        poss: bool,
        appositive: bool = False,
    ) -> Mention:
        t = self.t
        title_start, title_end = t[ts].start, t[te - 1].end
        title = squash(self.norm[title_start:title_end])
        prefix = self.prefix_country(t[i].start)
        country = prefix[0] if prefix else None
        source = "prefix" if country else None
        self.pending = prefix[1:]
        inner = self.inner_country(title_start, title_end)
        if inner and country is None:
            country, source = inner, "title"
        # "Minister of Defense of Malaysia" is reported as "Minister of Defense".
        idx = bisect_right(self.ends, title_end) - 1
        last = self.mentions[idx] if idx >= 0 and self.mentions[idx].end == title_end else None
        if last is not None and last.start > title_start:
            head = _OF_COUNTRY.search(self.norm, title_start, last.start)
            if head and head.start() > title_start:
                title = squash(self.norm[title_start : head.start()])
        after = self.after_country(t[ne - 1].end)
        if country is None and after:
            country, source = after, "after"
        if country is None and (
            self.lex.org_before.search(self.norm, max(0, t[i].start - 60), t[i].start)
            or self.lex.org_in.search(title)
            or self.lex.org_head.match(title)
        ):
            source = "organization"  # "NATO Secretary General Mark Rutte": no country to guess
        royal = t[te - 1].text in _ROYAL or (te - ts >= 2 and f"{t[te - 2].text} {t[te - 1].text}" in _ROYAL)
        pub = None
        if self.publisher and source != "organization":
            pat = self.lex.publisher_titles.get(self.publisher)
            if pat and pat.match(title):
                pub = self.publisher
        start = min(t[i].start, title_start)
        if appositive:
            start = t[i].start
        return Mention(
            name=" ".join(words),
            tokens=tuple(words),
            title=title,
            country=country,
            start=start,
            end=t[ne - 1].end if not appositive else title_end,
            name_start=t[ns].start,
            possessive=poss,
            royal=royal,
            spokesperson=bool(self.lex.spokespeople.search(title)),
            publisher_title=pub,
            country_source=source,
        )


@cache
def _self_names() -> dict[str, str]:
    """How governments name themselves ("the Sultanate"), from data/publishers.toml."""
    return {name: code for code, names in load("publishers").get("self_names", {}).items() for name in names}


@cache
def _self_side() -> re.Pattern[str]:
    names = sorted(_self_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names) if names else "(?!)")


def _is_place(text: str) -> bool:
    pl = places()
    key = space_key(text)
    return key in pl.cities or key in pl.venues


def find_mentions(
    norm: str, start: int, end: int, countries: list[CountryMention], publisher: str | None
) -> list[Mention]:
    """The people named in norm[start:end]; `countries` are the country mentions in it."""
    toks = tokenize(norm, start, end)
    lo = bisect_left(countries, start, key=lambda c: c.start)
    hi = bisect_left(countries, end, key=lambda c: c.start)
    local = [c for c in countries[lo:hi] if c.end <= end]
    return _Scanner(norm, toks, local, publisher).scan()
