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
- post held: «PERSON ROLE ORG» (شهردار, دبیرکل, مدیرکل, مدیر, رییس, دبیر اجرایی;
  *mayor*, *director*; *župan*), and a speaker introduced by title («ROLE ORG
  گفت») when the document names exactly one speaker;
- agreement: twinning/partnership/MoU cues (خواهرخوانده, تفاهم نامه, *twinned
  with*, *sister city*, *pobratena*, *partnerska*) with two named cities.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from loaders.news.gazetteer import Gazetteer, Mention
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
            _stem_cue("član", "pridružil", "včlanil"),
        )
    ),
    re.IGNORECASE,
)
_MEMBER_AFTER = _cue("پیوستن", "admission of", "accession of")
_HOST_BEFORE = _cue("میزبان", "hosted", "hosts", "will host", "gostil", "gostilo", "gostila", "gosti")
_HELD = re.compile(
    _cue("برگزار شد", "برگزار می شود", "برگزار میشود", "برگزار گردید", "برگزار خواهد شد").pattern
    + r"|(?<!\w)(?:(?:was|were|is|will be) held in|took place in|potekal[aoi]? v)(?!\w)",
    re.IGNORECASE,
)
_ATTEND = _cue(
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
    "udeležil",
    "udeležila",
    "udeležili",
)
_ANAPHORIC_EVENT = _cue(
    "این کنفرانس",
    "این اجلاس",
    "این همایش",
    "این نشست",
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
    "ادامه داد",
    "تصریح کرد",
    "عنوان کرد",
    "بیان کرد",
    "خاطرنشان کرد",
    "تاکید کرد",
    "تأکید کرد",
    "مطرح کرد",
    "یادآور شد",
    "said",
    "added",
    "told",
    "je povedal",
    "je dejal",
)
_MAYOR_OF = re.compile(
    r"(?<!\w)(?:شهردار|شهرداران(?:[\s\u200c]+شهرهای)?|شهردار[\s\u200c]+شهر"
    r"|mayors? of(?: the cities of)?|župan(?:ja)?)[\s\u200c]+$",
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
    (_cue("شهردار", "mayor", "župan", "županja"), "Mayor"),
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
        _stem_cue(
            "خواهرخوانده", "خواهرخواندگی", "twinned", "twin town", "twin cit", "sister cit", "pobraten"
        ),
        "TwinningAgreement",
    ),
    (
        _stem_cue("تفاهم نامه", "تفاهمنامه", "memorandum of understanding", "memorand"),
        "MemorandumOfUnderstanding",
    ),
    (_stem_cue("partnership agreement", "partner cit", "partnersk", "پیمان همکاری"), "PartnershipAgreement"),
    (
        _stem_cue("cooperation agreement", "قرارداد همکاری", "موافقتنامه همکاری", "sporazum o sodelovanju"),
        "CooperationAgreement",
    ),
)
_COORD = re.compile(r"^[\s\u200c]*(?:(?:[,،][\s\u200c]*)?(?:و|and|in|ter|&)|[,،])[\s\u200c]*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[:؛;]")

_PARTY = {"city", "org"}
_ORGANISATION = {"org", "city", "network", "event"}


@dataclass(slots=True)
class _Ctx:
    text: str
    sentence: Sentence
    mentions: list[Mention]
    doc_mentions: list[Mention]
    mayors: dict[str, str]

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
                and _COORD.match(self.text[m.end : group[0].start])
            ):
                group.insert(0, m)
            elif m.end <= group[0].start and m.category not in {"country"}:
                break
        return group

    def coordinated_after(self, head: Mention, cats: set[str]) -> list[Mention]:
        """``head`` and what is coordinated after it («A، B و C»), same-span mentions included."""
        group = [
            m for m in self.mentions if (m.start, m.end) == (head.start, head.end) and m.category in cats
        ]
        for m in self.mentions:
            last = group[-1]
            if m.start < last.end or m in group:
                continue
            if m.category in cats and _COORD.match(self.text[last.end : m.start]):
                group.append(m)
            else:
                break
        return group

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
        return events[-1] if events else None


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
        """The candidate facts of ``news``, one per fact, with the most confident sentence."""
        text = news.text
        mentions = self.gazetteer.find(text)
        sents = sentences(text)
        ctxs = [
            _Ctx(text, s, [m for m in mentions if m.start >= s.start and m.end <= s.end], mentions, {})
            for s in sents
        ]
        found: list[CandidateFact] = []
        for ctx in ctxs:
            found += _posts(ctx)
        found += _speaker_posts(ctxs)
        mayors = {f.arg("organisation"): f.arg("person") for f in found if f.arg("role") == "Mayor"}
        for ctx in ctxs:
            ctx.mayors = mayors
            found += _memberships(ctx) + _hosted(ctx) + _attended(ctx) + _agreements(ctx) + _posts_as(ctx)
        best: dict[tuple[str, tuple[tuple[str, str], ...]], CandidateFact] = {}
        for fact in found:
            if fact.key not in best or fact.confidence > best[fact.key].confidence:
                best[fact.key] = fact
        return sorted(best.values(), key=lambda f: (f.sentence.start, f.kind, f.args))


def _fact(
    kind: FactKind, ctx: _Ctx, conf: float, *args: tuple[str, str], used: Sequence[Mention] = ()
) -> CandidateFact:
    return CandidateFact(kind, tuple(args), ctx.sentence, round(max(0.05, min(conf, 0.95)), 2), tuple(used))


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
            continue
        networks = ctx.coordinated_after(network, {"network"})
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
                (m for m in ctx.mentions if m.category == "city" and events[-1].end <= m.start < cue.start()),
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
            participants.setdefault(m.id, m)
        elif m.category == "city" and (
            _MAYOR_OF.search(ctx.text[max(s.start, m.start - 30) : m.start])
            or any(
                _MAYOR_OF.search(ctx.text[max(s.start, o.start - 30) : o.start])
                for o in ctx.coordinated(m, {"city"})[:1]
                if o is not m
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


def _speaker_posts(ctxs: Sequence[_Ctx]) -> list[CandidateFact]:
    """A speaker introduced by title («ROLE ORG گفت») is the one person the document quotes by name."""
    speakers: set[str] = set()
    titled: list[tuple[_Ctx, str, str, Mention]] = []
    for ctx in ctxs:
        s = ctx.sentence
        for m in ctx.mentions:
            if m.category == "person":
                verb = _SPEECH.search(ctx.text, m.end, min(s.end, m.end + 120))
                others = [
                    o
                    for o in ctx.mentions
                    if o.category == "person" and m.end <= o.start < (verb.start() if verb else 0)
                ]
                if verb and not others:
                    speakers.add(m.id)
        found = _role_at(ctx.text, s.start)
        if found is None or not _SPEECH.search(ctx.text, s.start, s.end):
            continue
        role, end = found
        org = ctx.after(end, _ORGANISATION - {"event"}, within=3)
        if org is not None:
            titled.append((ctx, role, org.id, org))
    if len(speakers) != 1:
        return []
    person = next(iter(speakers))
    return [
        _fact("post", ctx, 0.65, ("person", person), ("role", role), ("organisation", oid), used=(org,))
        for ctx, role, oid, org in titled
    ]


def _agreements(ctx: _Ctx) -> list[CandidateFact]:
    out: list[CandidateFact] = []
    s = ctx.sentence
    for pattern, kind in _AGREEMENTS:
        cue = pattern.search(ctx.text, s.start, s.end)
        if cue is None:
            continue
        parties: dict[str, Mention] = {}
        for m in ctx.mentions:
            if m.category in _PARTY and abs(m.start - cue.start()) <= 150:
                parties.setdefault(m.id, m)
        if len(parties) < 2:
            continue
        conf = 0.75 if len(parties) == 2 else 0.55
        ids = sorted(list(parties)[:2])
        used = tuple(parties[i] for i in ids)
        out.append(_fact("agreement", ctx, conf, ("type", kind), ("parties", "|".join(ids)), used=used))
    return out


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
