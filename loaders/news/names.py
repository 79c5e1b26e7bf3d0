"""Names the store cannot know: people by their titles, events by their head words, and dates.

The gazetteer (:mod:`loaders.news.gazetteer`) finds names the store or a place
gazetteer already holds. This module finds the rest by general rules:

- **people**: a run of two to four name words next to a title (*mayor of X,
  NAME*; *NAME, secretary general of Y*; «NAME شهردار X»; *župan Mestne
  občine X NAME*);
- **events**: a head word (*summit*, *forum*, *general assembly*; «اجلاس»،
  «نشست»، «همایش»; *srečanje*, *konferenca*) with the name words around it and
  an ordinal (*the 4th*, «یکصد و پانزدهمین», *10.*);
- **dates**: Gregorian dates in the three languages and Solar Hijri dates
  («۲۶ مرداد ۱۴۰۱» → 2022-08-17).

New entities get ids from their normalised name (``np-…`` people, ``ne-…``
events), so the same person or event met in two articles is one node.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ontology.names import _ARABIC_TO_PERSIAN, normalise
from ontology.records import City, Country, Event, Network, Organisation, Person, Region

__all__ = [
    "CEREMONY_OPENING",
    "CEREMONY_WHY",
    "Found",
    "NewEntity",
    "find_ceremonies",
    "find_events",
    "find_people",
    "find_titled_places",
    "is_bare_ceremony",
    "jalali_to_gregorian",
    "ordinal_value",
    "parse_date",
    "person_found",
    "sl_stem",
    "stem_key",
    "zipf",
]


@dataclass(frozen=True, slots=True)
class NewEntity:
    """An entity the store lacks, found in the text: what its record needs."""

    id: str
    kind: str  # "Person", "Event", "Organisation", "Network", "Country", "Region" or "City"
    labels: tuple[tuple[str, str], ...]
    edition: int | None = None
    start: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    host: str | None = field(default=None, compare=False)

    def to_entity(
        self, *, host: str | None = None
    ) -> City | Country | Region | Person | Event | Organisation | Network:
        """The ontology record of this entity (an event with its host when known)."""
        labels: dict[str, list[str]] = {}
        for lang, name in self.labels:
            labels.setdefault(lang, []).append(name)
        if self.kind == "Person":
            return Person(id=self.id, labels=labels)
        if self.kind == "Event":
            return Event(id=self.id, labels=labels, edition=self.edition, start=self.start, host=host)
        if self.kind == "Organisation":
            return Organisation(id=self.id, labels=labels)
        if self.kind == "Network":
            return Network(id=self.id, labels=labels)
        if self.kind == "Country":
            return Country(id=self.id, labels=labels)
        if self.kind == "Region":
            return Region(id=self.id, labels=labels)
        return City(id=self.id, labels=labels, lat=self.lat, lon=self.lon, geonames=self.geonames)


def _id(prefix: str, key: str) -> str:
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


# --- Slovenian inflection --------------------------------------------------------------------

_SL_ENDINGS = sorted(
    ["ega", "emu", "em", "im", "ih", "imi", "om", "ami", "ah", "ov", "ev", "a", "e", "i", "o", "u"],
    key=len,
    reverse=True,
)


def sl_stem(word: str) -> str:
    """A Slovenian word without its case ending (names and adjectives of places).

    Examples
    --------
    >>> [sl_stem(w) for w in ("ljubljano", "dunajem", "sarajeva", "ljubljanski", "maribor")]
    ['ljubljan', 'dunaj', 'sarajev', 'ljubljan', 'maribor']
    """
    w = word
    for end in _SL_ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            w = w[: -len(end)]
            break
    if w.endswith("sk") and len(w) >= 6:  # ljubljansk(i) → ljubljan, mariborsk(i) → maribor
        w = w[:-2]
    return w


def stem_key(name: str) -> str:
    """The lookup form of a Slovenian name with each word's case ending removed.

    Examples
    --------
    >>> stem_key("Murske Sobote") == stem_key("Murska Sobota")
    True
    >>> stem_key("Škofji Loki") == stem_key("Škofja Loka")
    True
    """
    return "".join(sl_stem(w) for w in re.findall(r"\w+", normalise(name)))


# --- ordinals ----------------------------------------------------------------------------------

_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_FA_NUMBERS = {
    "یک": 1,
    "اول": 1,
    "نخست": 1,
    "دو": 2,
    "دوم": 2,
    "سه": 3,
    "سوم": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "شانزده": 16,
    "هفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
    "صد": 100,
    "یکصد": 100,
    "دویست": 200,
    "سیصد": 300,
    "چهارصد": 400,
    "پانصد": 500,
}


def ordinal_value(text: str) -> int | None:
    """The number of an ordinal in English, Persian or Slovenian, or None.

    Examples
    --------
    >>> ordinal_value("یکصد و پانزدهمین"), ordinal_value("4th"), ordinal_value("10."), ordinal_value("Third")
    (115, 4, 10, 3)
    """
    t = normalise(text).replace("\u200c", "").strip()
    m = re.fullmatch(r"(\d+)\s*(?:st|nd|rd|th|\.|م|مین|ام|امین)?", t)
    if m:
        return int(m.group(1))
    if t in _EN_ORDINALS:
        return _EN_ORDINALS[t]
    if t.endswith("مین") or t in {"نخستین", "اولین"}:
        total = 0
        for part in re.split(r"\s+و\s+|\s+", t[:-3] if t.endswith("مین") else t[:-2]):
            part = part.replace(" ", "")
            if part in _FA_NUMBERS:
                total += _FA_NUMBERS[part]
            elif part:
                return None
        return total or None
    return None


# --- dates -------------------------------------------------------------------------------------

_FA_MONTHS = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "آذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
_EN_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_SL_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "januar",
            "februar",
            "mar",
            "april",
            "maj",
            "jun",
            "jul",
            "avgust",
            "septemb",
            "oktob",
            "novemb",
            "decemb",
        ]
    )
}


def jalali_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """Convert a Solar Hijri (Jalali) date to the Gregorian calendar.

    Examples
    --------
    >>> jalali_to_gregorian(1401, 5, 26)
    (2022, 8, 17)
    >>> jalali_to_gregorian(1404, 1, 20)
    (2025, 4, 9)
    """
    jy = year + 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    months = [0, 31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 0
    for gm in range(1, 13):
        if gd <= months[gm]:
            break
        gd -= months[gm]
    return gy, gm, gd


_FA_MONTH_KEYS = {k.translate(_ARABIC_TO_PERSIAN): v for k, v in _FA_MONTHS.items()}
_FA_DATE = re.compile(r"(\d{1,2})\s*(" + "|".join(_FA_MONTH_KEYS) + r")(?:\s*ماه)?\s+(1[34]\d\d)")
_EN_DATE = re.compile(
    r"(?i)(?:(\d{1,2})\s+("
    + "|".join(_EN_MONTHS)
    + r")|("
    + "|".join(_EN_MONTHS)
    + r")\s+(\d{1,2}))(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)"
)
_SL_DATE = re.compile(
    r"(?i)(\d{1,2})\.\s*(?:(" + "|".join(_SL_MONTHS) + r")\w*|(\d{1,2})\.)\s*((?:19|20)\d\d)"
)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")


def parse_date(text: str) -> str | None:
    """The first full date written in ``text`` as ``YYYY-MM-DD`` (Solar Hijri dates converted).

    Examples
    --------
    >>> parse_date("تاریخ انتشار : ۲۶ مرداد ۱۴۰۱ - ۰۹:۵۵"), parse_date("پنج شنبه ۳ آذر ۱۴۰۱")
    ('2022-08-17', '2022-11-24')
    >>> parse_date("signed on 9 April 2025 in Isfahan"), parse_date("dne 13. septembra 2016")
    ('2025-04-09', '2016-09-13')
    """
    t = text.translate(_ARABIC_TO_PERSIAN).replace("\u200c", " ")
    found: list[tuple[int, str]] = []
    m = _FA_DATE.search(t)
    if m:
        y, mo, d = jalali_to_gregorian(int(m.group(3)), _FA_MONTH_KEYS[m.group(2)], int(m.group(1)))
        found.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
    m = _EN_DATE.search(t)
    if m:
        day = int(m.group(1) or m.group(4))
        month = _EN_MONTHS[(m.group(2) or m.group(3)).lower()]
        found.append((m.start(), f"{int(m.group(5)):04d}-{month:02d}-{day:02d}"))
    m = _SL_DATE.search(t)
    if m:
        month = _SL_MONTHS[m.group(2).lower()] if m.group(2) else int(m.group(3))
        if 1 <= month <= 12:
            found.append((m.start(), f"{int(m.group(4)):04d}-{month:02d}-{int(m.group(1)):02d}"))
    m = _ISO_DATE.search(t)
    if m:
        found.append((m.start(), m.group(0)))
    return min(found)[1] if found else None


# --- people ------------------------------------------------------------------------------------

# Titles that make a neighbouring run of name words a person (all inflections that matter).
ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ExecutiveSecretary", r"executive secretary|دبیر اجرایی|izvršn\w* sekretar\w*"),
    (
        "SecretaryGeneral",
        r"secretary[- ]general|general secretary|دبیر\s*کل|دبیر\u200cکل|generaln\w* sekretar\w*",
    ),
    ("DirectorGeneral", r"director[- ]general|مدیر\s*کل|مدیر\u200cکل|generaln\w* direktor\w*"),
    # the compound titles before their heads: a deputy mayor is no mayor, a vice-president no president
    ("ExecutiveDirector", r"executive director|مدیر[\s\u200c]*اجرایی|izvršn\w* direktor\w*"),
    (
        "DeputyMayor",
        # «قائم‌مقام شهردار» (the mayor's deputy), a deputy akim (a Kazakh city's deputy mayor)
        r"deputy mayor|vice[- ]mayor|deputy akim|(?:معاون|قائم[\s\u200c]*مقام)[\s\u200c]+شهردار|podžupan\w*",
    ),
    ("DeputyGovernor", r"deputy governor|vice[- ]governor|معاون[\s\u200c]+استاندار"),
    # «معاون امور سیاسی وزارت امور خارجه»: a deputy whose ministry follows within three words
    (
        "DeputyMinister",
        r"deputy minister|vice[- ]minister|معاون[\s\u200c]+وزیر|"
        r"معاون(?=(?:[\s\u200c]+[^\s\u200c،,.:؛«»()]+){0,3}[\s\u200c]+وزارت(?![\w\u200c]))",
    ),
    (
        "VicePresident",
        r"vice[- ]president|vice[- ]chair(?:man|woman|person)?|deputy chair(?:man|woman|person)?|"
        r"co-chair(?:man|woman|person)?|نایب[\s\u200c]*(?:رئیس|رییس)|podpredsedni\w*",
    ),
    ("Governor", r"governor|استاندار|فرماندار|guverner\w*"),
    ("Minister", r"(?<!prime )minister|(?<!نخست )وزیر|minist(?:er|r(?:a|u|om|ica|ice|ici|ico))"),
    ("Commissioner", r"commissioner|کمیسر|komisar\w*"),
    ("Treasurer", r"treasurer|خزانه[\s\u200c]*دار|blagajni\w*"),
    ("Ambassador", r"ambassador|سفیر|veleposlani\w*"),
    ("Consul", r"consul[- ]general|consul|سرکنسول|کنسول|generaln\w* konzul\w*|konzul\w*"),
    (
        "Councillor",
        r"council(?:l?or|[- ]member|man|woman)|member of (?:the )?(?:city |municipal )?council|"
        r"عضو[\s\u200c]+(?:شورای[\s\u200c]+(?:اسلامی[\s\u200c]+)?شهر|شورا)|(?:mestn\w*|občinsk\w*)\s+svetni\w*",
    ),
    ("Spokesperson", r"spokes(?:person|man|woman)|سخنگوی|سخنگو|tiskovn\w* predstavni\w*"),
    # *akim* (a Kazakh city's mayor), *nadžupan* (a German city's lord mayor), Croatian *gradonačelnik*
    # and the German *(Ober)bürgermeister* as English text writes it
    (
        "Mayor",
        r"lord mayor|mayor|akim|(?:ober)?b(?:ü|u|ue)rgermeister|burgomaster|شهردار(?![\w\u200c])|(?:nad)?župan\w*|"
        r"gradonačelni\w*",
    ),
    ("Director", r"director|مدیر(?![\w\u200c])|direktor\w*"),
    (
        "President",
        r"president|chairman|chairwoman|chairperson|chair|predsedni\w*|predsedujoč\w*|"
        r"(?:رئیس|رییس)[\s\u200c]*جمهور(?:ی)?",
    ),
    ("Head", r"head|رئیس|رییس|ریيس|vodj\w*|načelni\w*"),
    ("Coordinator", r"coordinator|هماهنگ\s*کننده|koordinator\w*"),
)
ROLE = re.compile(
    r"(?<![\w\u200c])(?:" + "|".join(f"(?P<{r}>{p})" for r, p in ROLE_PATTERNS) + r")(?![\w\u200c])",
    re.IGNORECASE,
)

# Titles that mark a person's name but give no post the rules record (a deputy of a department, a
# minister: the body is a ministry or a country, not a city or network; a counterpart, whose title
# is someone else's): the name is found, no role is claimed here.
NAME_TITLE = re.compile(
    r"(?<![\w\u200c])(?:deputy|minister|counterparts?|معاون|وزیر|همتای|همتا|minist\w*)(?![\w\u200c])",
    re.IGNORECASE,
)

_LATIN_NAME_WORD = r"[A-ZÀ-ÖØ-ÞČŠŽĆĐŞİĞŁŚŹŻŃ][a-zß-öø-ÿčšžćđşığłśźżń'’](?:[^\W\d_]|['’])*(?:-[^\W\d_]+)?"
_LATIN_NAME = re.compile(
    rf"(?:(?:Mr|Ms|Mrs|Dr|dr|mag|Prof|prof|Sir|Dame|g|ga)\.?\s+)?(?P<name>{_LATIN_NAME_WORD}"
    rf"(?:[ \t]+(?:[A-Z]\.[ \t]+)?(?:(?:de|De|van|von|der|al|bin|el|da|di|del|la|Le)[ \t]+)?{_LATIN_NAME_WORD}){{1,9}})"
)
# Capitalised words that are never part of a person's name.
_NOT_NAME = {
    normalise(w)
    for w in [
        # the head words of bodies and places (“the Bilasuvar District Executive Authority”)
        "authority",
        # the words of regions (“Secretary General of Middle East and West Asia Mehmet Duman”)
        "middle",
        "east",
        "west",
        "north",
        "south",
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "mediterranean",
        # what is signed and where envoys sit (“Cooperation Agreement”, “Chinese Consulate”)
        "agreement",
        "memorandum",
        "charter",
        "consulate",
        "embassy",
        "commission",
        "district",
        "executive",
        "office",
        "region",
        "province",
        "county",
        "municipality",
        "department",
        "agency",
        "ministry",
        "the",
        "a",
        "an",
        "mayor",
        "mayors",
        "president",
        "secretary",
        "general",
        "director",
        "head",
        "city",
        "cities",
        "municipality",
        "council",
        "minister",
        "ministry",
        "deputy",
        "vice",
        "governor",
        "chairman",
        "chair",
        "of",
        "and",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "to",
        "by",
        "unesco",
        "un",
        "eu",
        "islamic",
        "republic",
        "international",
        "national",
        "world",
        "global",
        "united",
        "nations",
        "network",
        "forum",
        "summit",
        "conference",
        "assembly",
        "union",
        "capital",
        "metropolitan",
        "university",
        "office",
        "department",
        "center",
        "centre",
        "creative",
        "learning",
        "asian",
        "european",
        "american",
        "african",
        "annual",
        "executive",
        "board",
        "committee",
        "agency",
        "news",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "the",
        "tehran",
        "times",
        "irna",
        "mehr",
        "župan",
        "županja",
        "županje",
        "mestne",
        "mestna",
        "občina",
        "občine",
        "mesto",
        "mesta",
        "mestni",
        "svet",
        "ljubljanski",
        "mariborski",
        "predsednik",
        "predsednica",
        "generalni",
        "generalna",
        "sekretar",
        "sekretarka",
        "skupnost",
        "združenje",
        "klub",
        "in",
        "ter",
        "ki",
        "je",
        "so",
        "sta",
        "da",
        "pa",
        "tudi",
        "foto",
        "vir",
        "kot",
        "po",
        # the head words of an organisation's name and the words around a title
        # (“President of the Brazilian Association of Municipalities Ary Jose Vanazzi”)
        "association",
        "federation",
        "municipalities",
        "council",
        "forum",
        "committee",
        "network",
        "union",
        "organisation",
        "organization",
        "agency",
        "ministry",
        "authorities",
        "government",
        "governments",
        "local",
        "cities",
        "state",
        "assembly",
        "world",
        "eurasia",
        "asia",
        "europe",
        "africa",
        "america",
        "co",
        "na",
        "za",
        "od",
        "do",
        "pri",
        "iz",
        "z",
        "s",
        "v",
        "o",
        "k",
    ]
}
# an ordinal opens an event's name (“the Second Nordic Mayors Forum”), and the newer titles are no names
_NOT_NAME |= (
    {normalise(w) for w in _EN_ORDINALS if len(w) > 3}
    | {
        normalise(w)
        for w in (
            "ambassador",
            "consul",
            "podžupan",
            "podžupanja",
            "podpredsednik",
            "podpredsednica",
            "treasurer",
            "commissioner",
            "akim",
            "nadžupan",
            "gradonačelnik",
            "načelnik",
            "grad",
            "grada",
            "towns",
            "regions",
        )
    }
    | {normalise(w) for w in ("presidents", "vice-presidents", "chairs", "members", "representatives")}
)

_FA_TITLES = {
    normalise(w)
    for w in ("دکتر", "مهندس", "آقای", "آقا", "خانم", "سرکار", "جناب", "حجت الاسلام", "والمسلمین", "استاد")
}
_FA_STOP = {
    normalise(w)
    for w in [
        "و",
        "با",
        "از",
        "به",
        "در",
        "که",
        "را",
        "این",
        "آن",
        "برای",
        "تا",
        "هم",
        "نیز",
        "همچنین",
        "حضور",
        "ریاست",
        "دیدار",
        "گفت",
        "شد",
        "است",
        "بود",
        "کرد",
        "کرده",
        "شده",
        "های",
        "ها",
        "یک",
        "دو",
        "سه",
        "جمع",
        "جمعی",
        "برخی",
        "اعضای",
        "عضو",
        "مجمع",
        "شورای",
        "شورا",
        "اسلامی",
        "شهر",
        "شهرداری",
        "شهرداران",
        "کلانشهر",
        "کلانشهرهای",
        "معاون",
        "معاونان",
        "نماینده",
        "نمایندگان",
        "مدیران",
        "مسئولان",
        "روز",
        "امروز",
        "صبح",
        "عصر",
        "شب",
        "دیروز",
        "ماه",
        "سال",
        "گزارش",
        "خبرگزاری",
        "انتهای",
        "پیام",
        "سفر",
        "طی",
        # «طی حکمی» (by a decree), «همراهی» (accompanied by): words before a name, not of it
        "حکمی",
        "حکم",
        "همراهی",
        "ضمن",
        "پس",
        "پیش",
        "بین",
        "میان",
        "نزد",
        "توسط",
        "سوی",
        "طرف",
        "جانب",
        "ایران",
        "کشور",
        "استان",
        "استاندار",
        "فرماندار",
        "وزیر",
        "رئیس",
        "رییس",
        "دبیرکل",
        "مدیرکل",
        "شهردار",
        "اظهار",
        "افزود",
        "تصریح",
        "عنوان",
        "بیان",
        "سخنان",
        "همراه",
        "هیات",
        "هیئت",
        "اتحادیه",
        "سازمان",
        "مرکز",
        "دفتر",
        "اداره",
        "کل",
        "بخش",
        "امور",
        "بینالملل",
        "بین",
        "الملل",
        "المللی",
        "ارتباطات",
        # verbal nouns and objects a name follows («با امضای NAME، مدیر …», «تحویل … به NAME»)
        "رسید",
        "رسیدند",
        "کردند",
        "امضای",
        "امضا",
        "تحویل",
        "اعطای",
        "ابراز",
        "تمایل",
        "انتخاب",
        "استقبال",
        "همتای",
        "خود",
        # the indefinite «ای» written apart («با ارسال نامه ای شهردار …»): no name word
        "ای",
        # nouns of what was done that a name follows in news («در مراسم NAME شهردار …»,
        # «پس از مذاکرات پیشین شهردار …», «به درخواست NAME»)
        "مراسم",
        "آیین",
        "درخواست",
        "نامه",
        "ارسال",
        "مذاکرات",
        "مذاکره",
        "پیشین",
        "قبلی",
        "جلسه",
        "نشست",
        "همایش",
        "اجلاس",
        "برنامه",
        "سخنرانی",
        "گفتگو",
        "ملاقات",
        "تبریک",
        "تشکر",
        "پیگیری",
        "دعوت",
        "افتتاح",
        "بازدید",
        "حاشیه",
        # the words of a speaker introduced without a name («این مقام مسئول افزود»)
        "مقام",
        "مسئول",
        "وی",
        "او",
        "ایشان",
        "سخنگوی",
        "مدیر",
        "دبیر",
        "مشاور",
        "کارشناس",
        "عضو",
        "نماینده",
        "فرمانده",
        "رئیس",
        "جانشین",
        "قائم",
        "مقام",
    ]
}


# what a news source's name follows («به گزارش خبرگزاری X، …», «به نقل از پایگاه خبری X»)
_FA_SOURCE_WORDS = {
    normalise(w) for w in ("خبرگزاری", "گزارش", "پایگاه", "روزنامه", "سایت", "خبرنگار", "نقل")
}


# «NAME افزود: …» on a line or sentence of its own: the speaker's name and nothing else before the verb
_FA_SPEAKER = re.compile(
    r"(?:^|(?<=[\n.!?؟:]))[ \t]*(?P<name>[^\s،,:؛.«»()\d][^\n،,:؛.«»()\d]{3,40}?)[ \t]+"
    r"(?:افزود|گفت|اظهار[ \u200c]+(?:کرد|داشت)|تصریح[ \u200c]+کرد|بیان[ \u200c]+(?:کرد|داشت)|خاطرنشان[ \u200c]+(?:کرد|ساخت))"
    r"[ \t]*[:،]"
)
_FA_TITLE_HEAD_NAME = re.compile(r"[ \u200c]+(?P<head>مجمع|انجمن|سازمان|شبکه|اتحادیه|کمیسیون)(?=[ \u200c])")
# words of a body's name, never of a person's («سازمان ملل متحد»)
_FA_BODY_WORDS = {
    normalise(w)
    for w in (
        "ملل",
        "متحد",
        "جهانی",
        "ملی",
        "المللی",
        "بینالمللی",
        "شهرهای",
        "کشورهای",
        "آسیایی",
        "مدیریت",
        "توسعه",
        "فرهنگی",
        "اجتماعی",
        "ورزشی",
        "اقتصادی",
    )
}


@dataclass(frozen=True, slots=True)
class Found:
    """A name found by rule: its span, text, the id it gets, and why."""

    start: int
    end: int
    text: str
    id: str
    kind: str
    why: str
    entity: NewEntity


# a title or honorific that opens a name found by apposition (*the Mayor of X, Councilor NAME*)
_LEADING_TITLE = re.compile(
    r"(?:Councill?ors?|Cllr\.?|Alderman|Alderwoman|Hon\.?|Honou?rable|Madam|Sir|Dame|Mayor|Governor)[ \t]+"
    r"(?=\S+[ \t]+\S)"
)


def _person(start: int, end: int, text: str, lang: str, why: str) -> Found:
    lead = _LEADING_TITLE.match(text, start, end)
    if lead is not None:
        start = lead.end()
    name = text[start:end]
    base = _sl_nominative(name, text[max(0, start - 30) : start]) if lang == "sl" else None
    key = normalise(base or name).replace(" ", "").replace("\u200c", "")
    eid = _id("np-", key)
    labels = ((lang, base), (lang, name)) if base else ((lang, name),)
    return Found(
        start,
        end,
        name,
        eid,
        "person",
        why + ("; Slovenian case ending" if base else ""),
        NewEntity(eid, "Person", labels),
    )


def person_found(start: int, end: int, text: str, lang: str, why: str) -> Found:
    """A new person named ``text[start:end]`` (a Slovenian name in an oblique case gets its nominative)."""
    return _person(start, end, text, lang, why)


# A man's name after a title in the instrumental (*s predsednikom … Alfredom Riedlom*), the genitive
# (*župana Zorana Jankovića*) or the dative (*županu Zoranu Jankoviću*): every word carries the ending.
_SL_TITLE_CASE = (
    (
        re.compile(r"(?:\b[sz]|\w+(?:om|em|jem))\s+(?:(?:dr|mag|prof)\.\s*)?,?\s*$", re.IGNORECASE),
        ("om", "em"),
    ),
    (
        re.compile(
            r"(?:župana|podžupana|predsednika|podpredsednika|sekretarja|direktorja)\s+(?:(?:dr|mag|prof)\.\s*)?$",
            re.IGNORECASE,
        ),
        ("a",),
    ),
    (
        re.compile(
            r"(?:županu|podžupanu|predsedniku|podpredsedniku|sekretarju|direktorju)\s+(?:(?:dr|mag|prof)\.\s*)?$",
            re.IGNORECASE,
        ),
        ("u",),
    ),
)


def _sl_nominative(name: str, before: str) -> str | None:
    """The nominative of a Slovenian man's name in an oblique case after a title, or None.

    >>> _sl_nominative("Alfredom Riedlom", "s predsednikom ")
    'Alfred Riedl'
    >>> _sl_nominative("Zorana Jankovića", "srečanje z županom Ljubljane in obisk župana ")
    'Zoran Janković'
    >>> _sl_nominative("Vladimirjem Prebiličem", "s kočevskim županom ")
    'Vladimir Prebilič'
    >>> _sl_nominative("Zoran Janković", "župan ") is None
    True
    """
    words = name.split()
    for title, endings in _SL_TITLE_CASE:
        if not title.search(before):
            continue
        for ending in endings:
            if all(w.endswith(ending) and len(w) > len(ending) + 2 for w in words):
                # a name on «-r» takes «j» before the ending (*Vladimirjem*, *Igorja*)
                return " ".join(re.sub(r"rj$", "r", w[: -len(ending)]) for w in words)
    return None


_TITLE_OF_BODY = re.compile(
    rf"(?i:{ROLE.pattern})\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*|of|the|and|for|on),?\s+){{1,12}}$"
)
# *generalni sekretar Slovenske nacionalne komisije za Unesco NAME*: a title, a Slovenian body's name, the name
_SL_TITLE_OF_BODY = re.compile(
    rf"(?i:{ROLE.pattern})\s+(?:\w+\s+){{0,2}}"
    r"(?i:združenj|zvez|skupnost|komisij|urad|svet|skupščin|mrež|društv|zavod)\w*(?:\s+\S+){0,4}\s+$"
)
# “the Mayor of the historical and tourist city of Isfahan NAME”
_TITLE_OF_CITY = re.compile(
    rf"(?i:{ROLE.pattern})\s+of\s+the\s+(?:[a-z]+\s+){{1,4}}(?:city|town|capital)\s+of\s+(?:[A-Z][\w'’-]*\s+){{1,3}}$"
)


def _owner_then_title(right: str) -> bool:
    """*, Kazan's mayor*, *, METROPOLIS Secretary-General*: a comma, one to four capitalised words, a title.

    >>> _owner_then_title(", UCLG-MEWA Secretary General, on the works")
    True
    >>> _owner_then_title(", Tehran City Council member")
    True
    >>> _owner_then_title(", New York, said")
    False
    """
    comma = re.match(r"\s*,\s*(?=[A-Z])", right)
    if comma is None:
        return False
    pos = comma.end()
    for _ in range(4):
        word = re.match(r"[A-Z][\w-]*(?:['’]s)?\s+", right[pos:])
        if word is None:
            return False
        pos += word.end()
        if ROLE.match(right, pos):
            return True
    return False


_BODY_AFTER = re.compile(
    r"\s+(?:Authority|Commission|District|Office|Department|Agency|Ministry|Council|Association|Committee|"
    r"Federation|Union|Organi[sz]ation|Network|Institute|University|Centre|Center|Foundation)\b"
)


# *Obalne Samoupravne skupnosti*: capitalised words before a Slovenian body's head in lower case
_SL_BODY_AFTER = re.compile(r"\s+(?:skupnost|združenj|zvez|mrež|društv)\w*")


_APPOSED_TITLE = re.compile(r"\s*,\s*(?:the\s+|a\s+)?")
_OPENS_PLACE = re.compile(r"(?:\b(?:of|in|at|from|to|for|the|v|na|iz|z|s)|['’]s|[-–—:])\s*$", re.IGNORECASE)


# a speaker named without a title: *NAME said*, *NAME je dejal*
_SAID = re.compile(r"\s*(?:said|says|told|je (?:dejal|povedal|poudaril)|added|,\s*who\s)")
# what else a person named without a title does in news of city diplomacy: attends, meets, signs
# (*NAME attended the forum*, *NAME je podpisal listino*)
_DOER_VERB = re.compile(
    r"\s*(?:attended|participated|took\s+part|met\s+with|signed|"
    r"visited|welcomed|received|chaired|opened|addressed|thanked|stressed|emphasi[sz]ed|noted|"
    r"(?:je|sta)\s+(?:dejal|povedal|poudaril|podpisal|obiskal|sprejel|odprl|nagovoril)a?|"
    r"se\s+je\s+(?:udeležil|sestal|srečal)a?)(?![\w])"
)


@lru_cache(maxsize=65536)
def zipf(text: str, lang: str) -> float:
    """How often ``text`` is written in ``lang`` (wordfreq's Zipf scale: 6 is once per thousand words)."""
    from wordfreq import zipf_frequency  # its word lists load on first use

    return float(zipf_frequency(text, lang))


def _common_word(word: str, lang: str) -> bool:
    """Whether ``word`` in lower case is a common word of ``lang`` (Zipf 4.5 or more)."""
    return zipf(word.lower(), lang) >= 4.5


def _place_named_person(
    text: str, m: re.Match[str], taken: list[tuple[int, int]], weak: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A two-word name whose first word is also a place, set off by its title after a comma.

    *Yao Gaoyuan, mayor of Hangzhou*: the town Yao does not stand before a surname with the
    person's title right after; a place word after *of / in / from* or a title does.
    """
    words = list(re.finditer(r"\S+", m.group("name")))
    if len(words) != 2:
        return None
    a, b = m.start("name") + words[0].start(), m.start("name") + words[1].end()
    first_end = m.start("name") + words[0].end()
    if any(s <= a < e for s, e in taken) or not any(s <= a and first_end <= e for s, e in weak):
        return None
    if any(s < b and a < e for s, e in weak if not (s <= a and first_end <= e)):
        return None  # the second word is a place too (“Tehran Isfahan”)
    left = text[max(0, a - 40) : a]
    if m.start() < m.start("name") or _OPENS_PLACE.search(left) or ROLE.search(left[-25:]):
        return None
    gap = _APPOSED_TITLE.match(text, b)
    if (
        gap is None
        or gap.end() == b
        or not (ROLE.match(text, gap.end()) or NAME_TITLE.match(text, gap.end()))
    ):
        return None
    return a, b


def find_people(
    text: str,
    lang: str,
    taken: list[tuple[int, int]],
    weak: list[tuple[int, int]] = (),  # type: ignore[assignment]
    towns: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Found]:
    """People named next to a title, outside the spans already ``taken`` by known names.

    ``towns`` (small places of a place gazetteer) may open a name, unless a title's *of* or *in*
    stands before them and two name words follow (*Mayor of Karasu İshak Sarı*).

    ``weak`` spans (gazetteer places) may be part of a name, but never open one
    («župan občine Šoštanj Darko Menih»).

    Examples
    --------
    >>> [f.text for f in find_people("Tehran's mayor Pirouz Hanachi met Vienna Mayor Michael Ludwig.", "en", [])]
    ['Pirouz Hanachi', 'Michael Ludwig']
    >>> [f.text for f in find_people("با حضور علیرضا زاکانی شهردار تهران برگزار شد", "fa", [])]
    ['علیرضا زاکانی']
    """
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken) and all(b <= f.start or a >= f.end for f in out)

    roles = list(ROLE.finditer(text))
    if lang == "fa":
        titles = [
            r
            for r in roles
            if r.lastgroup
            in {
                "Mayor",
                "SecretaryGeneral",
                "DirectorGeneral",
                "Head",
                "Director",
                "ExecutiveDirector",
                "DeputyMayor",
                "VicePresident",
                "Governor",
                "Ambassador",
                "Consul",
                "Councillor",
                "Spokesperson",
                "DeputyGovernor",
                "DeputyMinister",
                "Minister",
                "Commissioner",
                "Treasurer",
                "President",  # «رئیس جمهور»: a head of state
            }
        ]
        titles += list(NAME_TITLE.finditer(text))
        for r in sorted(titles, key=lambda t: t.start()):
            # NAME [،] ROLE: up to four name words before the title.
            pos = r.start()
            before = text[max(0, pos - 80) : pos]
            m = re.search(
                r"([^\s،,:؛.«»()\"“”]+(?:[ \u200c]+[^\s،,:؛.«»()\"“”]+){0,5})[»\"”]?[ \u200c]*[،,]?[ \u200c]*$",
                before,
            )
            if not m:
                continue
            words = re.findall(r"[^\s]+", m.group(1))
            kept: list[str] = []
            stopped_at = ""
            for w in reversed(words):
                nw = normalise(w).replace("\u200c", "")
                if nw in _FA_STOP or nw in _FA_TITLES or re.search(r"\d", nw) or len(kept) >= 4:
                    stopped_at = nw
                    break
                kept.insert(0, w)
            if stopped_at in _FA_SOURCE_WORDS:
                continue  # «به گزارش خبرگزاری صدا و سیما، شهردار …»: the agency, not a person
            if len(kept) < 2 and not (kept and stopped_at in _FA_TITLES and len(normalise(kept[0])) >= 3):
                continue  # one word is a name only after an honour: «دکتر موسوی شهردار سمنان»
            end = pos - (len(before) - len(before.rstrip(' \u200c،,٬»"”')))
            start = end - len(" ".join(kept))
            # the words may be separated by ZWNJ or several spaces: find the real start
            joined = text[start:end]
            if normalise(joined).replace(" ", "") != normalise("".join(kept)).replace(" ", ""):
                start = text.rfind(kept[0], 0, end)
            if start >= 0 and free(start, end):
                out.append(
                    _person(start, end, text, lang, f"new person: the name before the title {r.group(0)!r}")
                )
        # «شهردار کازان، NAME»: a title and its body, a comma, then the name (two or three words)
        for r in titles:
            after = re.match(
                r"[ \u200c]+[^\s،,:؛.«»()]+(?:[ \u200c]+[^\s،,:؛.«»()]+){0,3}?[ \u200c]*،[ \u200c]*",
                text[r.end() :],
            )
            if after is None:
                continue
            a = r.end() + after.end()
            after_words: list[re.Match[str]] = []
            for w in re.finditer(r"[^\s،,:؛.«»()]+", text[a : a + 60]):
                nw = normalise(w.group()).replace("\u200c", "")
                if nw in _FA_STOP or nw in _FA_BODY_WORDS or nw in _FA_TITLES or re.search(r"\d", nw):
                    break
                if after_words and text[a + after_words[-1].end() : a + w.start()].strip(" \u200c"):
                    break
                after_words.append(w)
                if len(after_words) == 3:
                    break
            if len(after_words) < 2 or ROLE.search(text, a, a + after_words[-1].end()):
                continue
            stop = text[a + after_words[-1].end() : a + after_words[-1].end() + 12]
            if not re.match(r"[ \u200c]*(?:[،,.:]|در|با|به|از|که|گفت|افزود|نیز|هم|و)(?![\w\u200c])", stop):
                continue  # the name must end where a clause goes on
            b = a + after_words[-1].end()
            if free(a, b):
                out.append(
                    _person(
                        a, b, text, lang, f"new person: the name after the title {r.group(0)!r} and a comma"
                    )
                )
        # «NAME افزود:» opening a sentence: a speaker quoted by name (two to four name words)
        for v in _FA_SPEAKER.finditer(text):
            spoken = list(re.finditer(r"[^\s،,:؛.«»()]+", v.group("name")))
            if not 2 <= len(spoken) <= 4:
                continue
            if any(
                normalise(w.group()).replace("\u200c", "") in _FA_STOP | _FA_BODY_WORDS | _FA_TITLES
                or re.search(r"\d", w.group())
                for w in spoken
            ):
                continue
            a, b = v.start("name"), v.end("name")
            if free(a, b) and not ROLE.search(v.group("name")):
                out.append(_person(a, b, text, lang, "new person: a speaker quoted by name"))
        # «دبیرکل مجمع NAME»: a title, the head word of a body named before, then the name
        for r in roles:
            m = _FA_TITLE_HEAD_NAME.match(text, r.end())
            if not m or not re.search(rf"{m.group('head')}[ \u200c]+\S", text[: r.start()]):
                continue
            name_words: list[re.Match[str]] = []
            for w in re.finditer(r"[^\s،,:؛.«»()]+", text[m.end("head") : m.end("head") + 60]):
                nw = normalise(w.group()).replace("\u200c", "")
                gap = text[
                    m.end("head") + (name_words[-1].end() if name_words else 0) : m.end("head") + w.start()
                ]
                if gap.strip(" \u200c") or len(name_words) >= 3:
                    break  # a name's words are next to each other («سازمان فرهنگی، اجتماعی» is no name)
                if nw in _FA_STOP or nw in _FA_BODY_WORDS or re.search(r"\d", nw):
                    break
                name_words.append(w)
            if len(name_words) < 2:
                continue
            a, b = m.end("head") + name_words[0].start(), m.end("head") + name_words[-1].end()
            if free(a, b):
                out.append(_person(a, b, text, lang, f"new person: the name after the title {r.group(0)!r}"))
        return out
    for m in _LATIN_NAME.finditer(text):
        pair = _place_named_person(text, m, taken, weak)
        if pair is not None and free(*pair):
            out.append(
                _person(*pair, text, lang, "new person: a name before its title (its first word a place's)")
            )
            continue
        # split the run of capitalised words at words that are never names and at known
        # names that open it («Vienna Mayor Michael Ludwig», «Montevideo Carolina Cosse»)
        runs: list[list[tuple[int, int]]] = [[]]
        for w in re.finditer(r"\S+", m.group("name")):
            ws, we = m.start("name") + w.start(), m.start("name") + w.end()
            covered = any(s <= ws and we <= e for s, e in [*taken, *weak])
            parts = normalise(w.group()).split()
            if re.fullmatch(r"[A-Z]\.", w.group()) and runs[-1]:
                runs[-1].append((ws, we))  # a middle initial (“Richard M. Daley”)
            elif any(p in _NOT_NAME for p in parts) or (covered and not runs[-1]):
                runs.append([])
            elif (
                not runs[-1]
                and any(s <= ws and we <= e for s, e in towns)
                and re.search(r"\b(?:of|in)\s+$", text[max(0, ws - 4) : ws])
                and ROLE.search(text, max(0, ws - 30), ws)
                and len(re.findall(r"\S+", m.group("name")[w.end() :])) >= 2
            ):
                runs.append([])  # *Mayor of Karasu İshak Sarı*: the title's town, then the name
            else:
                runs[-1].append((ws, we))
        for run in runs:
            lead = run[0][0] if run else 0
            if (
                lang == "sl"
                and len(run) >= 3
                and re.search(
                    r"(?:(?:skupnost|združenj|zvez|mrež|društv|komisij)\w*|\bza)\s+$",
                    text[max(0, run[0][0] - 25) : run[0][0]],
                )
            ):
                run = run[
                    1:
                ]  # “skupnosti Italijanov Linda Rotter Pribac”: the first word ends the body's name
            if len(run) < 2 or len(run) > 6:
                continue  # a name has two to six words; a longer run is split at the words above
            a, b = run[0][0], run[-1][1]
            if not free(a, b) and any(s <= a < e for s, e in taken):
                continue
            if _BODY_AFTER.match(text, b) or (lang == "sl" and _SL_BODY_AFTER.match(text, b)):
                continue  # “the Leeds Planning Office”: the name of a body, not a person
            left, right = text[max(0, min(a, lead) - 60) : min(a, lead)], text[b : b + 60]
            titled = (
                ROLE.search(left[-45:])
                # “President of the Brazilian Association of Municipalities Ary Jose Vanazzi”
                or _TITLE_OF_BODY.search(text[max(0, a - 110) : a])
                or _TITLE_OF_CITY.search(text[max(0, a - 110) : a])
                or (lang == "sl" and _SL_TITLE_OF_BODY.search(text[max(0, a - 110) : a]))
                or NAME_TITLE.search(left[-45:])
                or ROLE.match(re.sub(r"^[\s,]*(?:the\s+|a\s+)?", "", right))
                or NAME_TITLE.match(re.sub(r"^[\s,]*(?:the\s+|a\s+)?", "", right))
                or re.search(r"(?:Mr|Ms|Mrs|Dr|dr|mag)\.?\s*$", left)
                # “NAME, Kazan's mayor, …”, “NAME, METROPOLIS Secretary-General”
                or _owner_then_title(right)
            )
            said = _SAID.match(right) or (
                # a name that does something with no title: no word of it a common word
                # (*Skupnost Občin Slovenije je podpisala*: a body)
                _DOER_VERB.match(right) and not any(_common_word(text[x:y], lang) for x, y in run)
            )
            if titled or said:
                why = "new person: a name next to a title" if titled else "new person: the speaker"
                out.append(_person(a, b, text, lang, why))
    # “President Matsui, Mayor of Hiroshima”: one name word between a title and a title set off by a comma
    for r in ROLE.finditer(text):
        one = _ONE_WORD_NAME.match(text, r.end())
        if one is None or not ROLE.match(text, one.end()):
            continue
        a, b = one.span("name")
        if normalise(one.group("name")) in _NOT_NAME or not free(a, b):
            continue
        if any(s < b and a < e for s, e in weak):
            continue  # a place (“Mayor Tehran, …” is no one)
        out.append(_person(a, b, text, lang, "new person: one name word between two titles"))
    return out


# --- places the gazetteer lacks, named by a mayor's title -----------------------------------------

# A city-heading title and what joins it to the place's name: *Mayor of (the City of) X*,
# *župan (Mestne) Občine X*, *župan mesta X*, *gradonačelnik Grada X*.
_PLACE_TITLE = re.compile(
    r"(?<![\w])(?:(?:lord|deputy|vice)[- ])?mayor(?:ess)?\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|municipality|village|commune|borough)\s+of\s+)?"
    r"|(?<![\w])(?:pod)?župan\w*\s+(?:(?:mestne|mestna)\s+)?(?:občin\w*|mest[ao])\s+"
    r"|(?<![\w])gradonačelni\w*\s+(?:grada\s+)?",
    re.IGNORECASE,
)
_PLACE_WORD = r"[A-ZÀ-ÖØ-ÞČŠŽĆĐŞİĞŁŚŹŻŃ][^\W\d_]+(?:[-'’][^\W\d_]+)*"
_PLACE_RUN = re.compile(rf"{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,2}}")
# where a place's name ends: punctuation, a bracket, a conjunction or a lower-case word
_PLACE_PUNCT = re.compile(r"[ \t]*(?:[,.;:)(\n–—]|$)")
_PLACE_END = re.compile(r"[ \t]*(?:[,.;:)(\n–—]|$|[a-zčšž])")


_APPOSITION = re.compile(r"[A-ZÀ-ÖØ-ÞČŠŽĆĐŞİĞŁŚŹŻŃ][^\W\d_]+[ \t]*,[ \t]*(?:the[ \t]+)?$")
_CITY_OF = re.compile(r"(?:city|town|municipality|village|commune|borough)\s+of\s+$", re.IGNORECASE)


def find_titled_places(
    text: str,
    lang: str,
    taken: list[tuple[int, int]],
    country_after: Callable[[int], bool] = lambda _: False,
) -> list[Found]:
    """Places the gazetteer lacks, named right after a mayor's title (*Josiane Lei, Mayor of Evian, France*).

    The title says the name is a town's. Only Latin script: one to three capitalised
    words after *Mayor of* / *župan Občine* / *gradonačelnik Grada*, ending at punctuation
    (one word: or a lower-case word; a capitalised word after the town may start a person's
    name, and then the split is unknown), and never a word that is no name (*the City
    Council*) or a role. Two or three words only after *the City of*, before a country
    (``country_after(end)``) or in an apposition to a name before (*Peter Novak, župan
    Občine Zgornje Blatce,*): *Mayor of Quillport Anne Brown, …* may hold a name. The caller
    leaves out countries.

    >>> [f.text for f in find_titled_places("Josiane Lei, Mayor of Evian, France, spoke.", "en", [])]
    ['Evian']
    >>> [f.text for f in find_titled_places("the Mayor of Karasu Ishak Sari said", "en", [])]
    []
    """
    if lang == "fa":
        return []
    out: list[Found] = []
    for t in _PLACE_TITLE.finditer(text):
        run = _PLACE_RUN.match(text, t.end())
        if run is None or not _PLACE_END.match(text, run.end()):
            continue
        if " " in run.group() and not (
            _CITY_OF.search(t.group())
            or (_PLACE_PUNCT.match(text, run.end()) and country_after(run.end()))
            or _APPOSITION.search(text, max(0, t.start() - 40), t.start())  # “NAME, Mayor of X Y,”
        ):
            continue  # “Mayor of Quillport Anne Brown, …”: a longer run may end in a person's name
        a, b = run.span()
        if any(a < e and s < b for s, e in taken):
            continue  # a name the gazetteer knows (or part of one)
        words = run.group().split()
        if any(normalise(w) in _NOT_NAME or ROLE.fullmatch(w) for w in words):
            continue
        name = run.group()
        eid = _id("nc-", normalise(name).replace(" ", ""))
        why = f"new city: the place named by the title {t.group().strip()!r} (not in the store or gazetteer)"
        out.append(Found(a, b, name, eid, "city", why, NewEntity(eid, "City", ((lang, name),))))
    return out


_ONE_WORD_NAME = re.compile(rf"[ \t]+(?P<name>{_LATIN_NAME_WORD})[ \t]*,[ \t]*(?:the[ \t]+)?")


# --- events ------------------------------------------------------------------------------------

_EN_HEADS = (
    r"summit|forum|conference|congress|general assembly|assembly|meeting|festival|expo|symposium|session|dialogue|week|"
    r"executive committee|steering committee|general council|executive board"
)
# bodies that meet: an event only with an ordinal (*the 28th CITYNET Executive Committee*)
_EN_BODY_HEADS = re.compile(
    r"(?:executive|steering) committee|general council|executive board$", re.IGNORECASE
)
_EN_EVENT = re.compile(
    r"(?:(?P<ord>\b\d{1,3}(?:st|nd|rd|th)|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|thirteenth|fourteenth|fifteenth|twentieth|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|"
    r"Ninth|Tenth)|\b[IVX]{1,4}(?=\s+[A-Z]))\s+)?"
    r"(?P<name>(?:(?:[A-Z][\w'’-]*|of|the|and|for|on)\s+){0,7}?(?:[A-Z][\w'’-]*\s+|[A-Z][\w]*s['’]\s+)*"
    rf"(?:{_EN_HEADS.replace('|', '|').title()}|{_EN_HEADS})\b"
    r"(?:\s+(?:of|on|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:\s+(?:of|and|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*)?)"
)
_FA_HEADS = (
    "مجمع[ \u200c]+عمومی",  # a general assembly («مجمع» alone names a network: «مجمع شهرداران آسیایی»)
    "اجلاس",
    "اجلاسیه",
    "نشست",
    "همایش",
    "کنفرانس",
    "جلسه",
    "جشنواره",
    "رویداد",
    "گردهمایی",
    "کنگره",
)
_FA_EVENT = re.compile(
    r"(?P<ord>(?:[\u0600-\u06ff]+[ \u200c]+و[ \u200c]+)*[\u0600-\u06ff]*مین|[۰-۹0-9]+[ \u200c]*مین|نخستین|اولین)?[ \u200c]*"
    r"(?P<head>" + "|".join(_FA_HEADS) + r")(?![\w\u200c])"
)
_FA_TAIL_STOP = {
    normalise(w)
    for w in [
        "با",
        "در",
        "به",
        "که",
        "از",
        "برای",
        "را",
        "تا",
        "و",
        "روز",
        "امروز",
        "صبح",
        "عصر",
        "شب",
        "شنبه",
        "یکشنبه",
        "دوشنبه",
        "سه",
        "چهارشنبه",
        "پنجشنبه",
        "جمعه",
        "برگزار",
        "آغاز",
        "شد",
        "است",
        "بود",
        "خواهد",
        "می",
        "میشود",
        "گفت",
        "گردید",
        "سال",
        "ماه",
        "هفته",
        "طی",
        "ضمن",
        "پس",
        "پیش",
        "آن",
        "این",
        "حاضر",
        "حضور",
    ]
}
_FA_GENERIC = {
    normalise(w)
    for w in [
        "های",
        "ها",
        "متعدد",
        "مختلف",
        "مشترک",
        "خبری",
        "تخصصی",
        "حضوری",
        "مجازی",
        "اول",
        "دوم",
        "فوق",
        "العاده",
        "هفتگی",
        "ماهانه",
        "عمومی",
    ]
}
_SL_HEADS = (
    r"srečanj\w*|konferenc\w*|forum\w*|vrh(?:u|a)?|skupščin\w*|zborovanj\w*|kongres\w*|festival\w*|"
    r"sej[aeio]|sestan(?:ek|ka|ku|kom)"
)
# after the head: a name (“Kluba županj”), or a genitive phrase (“slovenskih županj”,
# “predsedstva Skupnosti občin Slovenije”)
_SL_EVENT = re.compile(
    r"(?:(?P<ord>\d{1,3}\.)\s+)?(?P<name>(?:(?:[A-ZČŠŽ]\w*|\w+(?:skem|ski|sko|ska|skega|nem|ni|no|na|nega|nemu|nih|ne))\s+)?"
    rf"(?:{_SL_HEADS})(?![\w])"
    r"(?:\s+[a-zčšž]\w*(?:ih|ov|ev|nj|stva|anja)(?![\w])(?:\s+[a-zčšž]\w*(?:ov|ev|nj|ih))?)?"
    r"(?:\s+[A-ZČŠŽ]\w*(?:\s+[a-zčšž]\w+)?(?:\s+[A-ZČŠŽ]\w+)?)?)",
)


def _event(start: int, end: int, text: str, lang: str, ordinal: int | None, why: str) -> Found:
    name = text[start:end].strip()
    key = stem_key(name) if lang == "sl" else normalise(name).replace(" ", "").replace("\u200c", "")
    eid = _id("ne-", f"{key}|{ordinal or ''}")
    entity = NewEntity(eid, "Event", ((lang, name),), edition=ordinal)
    return Found(start, end, name, eid, "event", why, entity)


def event_found(start: int, end: int, text: str, lang: str, why: str) -> Found:
    """A new event named ``text[start:end]``, with no ordinal."""
    return _event(start, end, text, lang, None, why)


_WHEN_TAIL = re.compile(
    r"\s+(?:on|in)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\b"
)


def _fa_name_words(text: str, pos: int) -> Iterator[tuple[re.Match[str], str]]:
    """The words of a Persian name after its head at ``pos`` (each with its lookup form), up to seven.

    A name's words are next to each other: punctuation, a stop word («با، در، که» …) or a
    number ends it.
    """
    prev = 0
    for count, w in enumerate(re.finditer(r"[^\s«»،,:؛.()\"]+", text[pos : pos + 120])):
        if text[pos + prev : pos + w.start()].strip(" \u200c"):
            return  # punctuation between
        prev = w.end()
        nw = normalise(w.group()).replace("\u200c", "")
        if nw in _FA_TAIL_STOP or re.search(r"\d", nw) or count >= 7:
            return
        yield w, nw


def find_events(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Found]:
    """Events named by a head word with their name words and ordinal, outside ``taken`` spans.

    Examples
    --------
    >>> [(f.text, f.entity.edition) for f in find_events("to attend the 4th International Mayors Summit in Vienna", "en", [])]
    [('International Mayors Summit', 4)]
    >>> [(f.text, f.entity.edition) for f in find_events("یکصد و پانزدهمین نشست مجمع شهرداران کلانشهرهای ایران با حضور", "fa", [])]
    [('نشست مجمع شهرداران کلانشهرهای ایران', 115)]
    >>> [(f.text, f.entity.edition) for f in find_events("gostila jubilejno 10. srečanje Kluba županj, ki", "sl", [])]
    [('srečanje Kluba županj', 10)]
    """
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e or (s >= a and e <= b) for s, e in taken)

    if lang == "en":
        for m in _EN_EVENT.finditer(text):
            name = m.group("name")
            a = m.start("name")
            words = name.split()
            while words and words[0].lower() in {"the", "of", "and", "for", "on", "a", "an"}:
                a = text.index(words[1], a + len(words[0])) if len(words) > 1 else m.end("name")
                words = words[1:]
            if not words:
                continue
            ordinal = ordinal_value(m.group("ord")) if m.group("ord") else None
            if ordinal is None and len(words) > 2 and ordinal_value(words[0]) is not None:
                ordinal = ordinal_value(words[0])  # “the I Cities Summit of the Americas”, “the 4th …”
                a = text.index(words[1], a + len(words[0]))
                words = words[1:]
            b = a + len(" ".join(words))
            b = a + len(text[a:b].rstrip())
            when = _WHEN_TAIL.search(text, a, b)
            if when:
                b = when.start()  # “the Annual Summit on Saturday”: a day is no part of the name
            capital = [w for w in words if w[:1].isupper()]
            # a bare head word ("the meeting") is an anaphor, not a name
            if len(capital) < (1 if ordinal else 2) or not free(a, b):
                continue
            if ROLE.match(text, a):
                continue  # “Secretary General of Asian Mayors Forum”: a title, not an event
            if ordinal is None and _EN_BODY_HEADS.search(text, a, b):
                continue  # “a member of the EUROCITIES Executive Committee”: the body, not a meeting
            out.append(
                _event(
                    a,
                    b,
                    text,
                    lang,
                    ordinal,
                    f"new event: named by {words[-1] if words[-1][:1].isupper() else 'its head word'}",
                )
            )
        return out
    if lang == "fa":
        for m in _FA_EVENT.finditer(text):
            a = m.start("head")
            pos = m.end("head")
            tail: list[str] = []
            for w, _ in _fa_name_words(text, pos):
                tail.append(w.group())
                end = pos + w.end()
            ordinal = ordinal_value(m.group("ord")) if m.group("ord") else None
            strong = m.group("head") in {
                "اجلاس",
                "اجلاسیه",
                "همایش",
                "کنفرانس",
                "جشنواره",
                "کنگره",
            } or m.group("head").startswith("مجمع")
            if tail and normalise(tail[0]).replace("\u200c", "") in _FA_GENERIC:
                continue  # «نشست های متعدد», «جلسه مشترک»: a kind of meeting, not a name
            if not ordinal and re.search(
                r"(?<![\w\u200c])(?:این|آن|همین|همان)[ \u200c]*$", text[max(0, a - 8) : a]
            ):
                continue  # «در این نشست شهرداران … حضور داشتند»: the meeting named before, not a new one
            if not tail or not (ordinal or strong or len(tail) >= 2):
                continue
            b = end
            if not free(a, b):
                continue
            out.append(_event(a, b, text, lang, ordinal, f"new event: named by {m.group('head')!r}"))
        return out
    for m in _SL_EVENT.finditer(text):
        a, b = m.start("name"), m.end("name")
        # “na skupščini Združenja mestnih občin Slovenije”: a known body named after the head
        # word is the event's genitive, so the name runs to the body's end
        lead = re.match(r"(?:Na|V|Ob|Po|Pri|Med|Z|S|Za)\s+", m.group("name"))
        if lead:
            a += lead.end()  # “Na skupščini …”: a sentence-opening preposition is not the event's name
        head = re.search(rf"(?:{_SL_HEADS})(?![\w])", text[a:b], re.IGNORECASE)
        head_end = a + head.end() if head else b
        # (and a network's name begun inside it: *srečanje Unescovih mest literature*)
        b = max([b, *(e for s, e in taken if head_end < s < b < e and s - head_end <= 20)])
        name = text[a:b]
        if re.match(r"(?:novinarsk|tiskovn)\w*\s", name, re.IGNORECASE):
            continue  # a press conference is where news is given, not an event of city diplomacy
        ordinal = ordinal_value(m.group("ord")) if m.group("ord") else None
        if not ordinal and not re.search(r"[A-ZČŠŽ]", name) and not re.search(r"skem|ski|sko|ska", name):
            continue
        if not free(a, b):
            continue
        out.append(_event(a, b, text, lang, ordinal, "new event: named by its head word"))
    return out


# --- ceremonies --------------------------------------------------------------------------------

# An agreement is often signed at a ceremony: *the signing ceremony*, *the sister city cooperation
# signing ceremony*, «مراسم امضای سند خواهرخواندگی», *slavnostni podpis sporazuma o pobratenju*.
# The ceremony is an event of its own article (its name is generic, so its id is the article's).
_EN_CEREMONY = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:sister|twin|twinning|city|cities|town|cooperation|co-operation|partnership|friendship|"
    r"agreement|memorandum|MoU|protocol|charter|accord)[\s-]+){0,4}"
    r"(?:(?P<kind>official|formal|solemn|signing|signature|opening|closing|registration|inauguration|inaugural|handover|"
    r"launch|unveiling|welcome|welcoming|twinning)\s+){0,2}"
    r"ceremon(?:y|ies)"
    r"(?P<of>\s+(?:of|for)\s+(?:the\s+)?(?:official\s+)?(?:signing|signature)(?:\s+of)?(?:\s+(?:the|a|an))?"
    r"(?:\s+[\w'’“”\"-]+){0,5}?\s+(?:agreements?|memorand\w+|MoU|protocols?|charters?|accords?|treat(?:y|ies)|documents?))?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_FA_CEREMONY = re.compile(r"(?<![\w\u200c])(?P<head>مراسم|آیین|آئین)(?P<indef>ی)?(?![\w\u200c])")
# what a Persian ceremony is of: signing or concluding (a bare «مراسم» refers to one named before)
_FA_CEREMONY_OF = {normalise(w) for w in ("امضای", "امضا", "امضاء", "انعقاد", "تبادل")}
_FA_OPENING = {normalise(w) for w in ("افتتاحیه", "افتتاح", "پایانی", "اختتامیه", "آغازین", "گشایش")}
_SL_CEREMONY = re.compile(
    r"(?<![\w])(?P<name>(?:(?:slavnostn|slovesn|svečan)\w*\s+podpis\w*|slovesnost\w*(?:\s+ob\s+podpisu)?)"
    r"(?:\s+(?:sporazum|listin|pogodb|protokol|memorand|pism|dogovor|konvencij|zaveze)\w*"
    r"(?:\s+o\s+[a-zčšž]\w*(?:\s+in\s+[a-zčšž]\w*)?|\s+[\"»“„][^\"«”“\n]{1,40}[\"«”“])?)?)(?![\w])",
    re.IGNORECASE,
)
CEREMONY_WHY = "new event: a ceremony"
CEREMONY_OPENING = re.compile(
    r"(?:opening|closing|inaugura\w*|افتتاح\w*|پایانی|اختتامیه|آغازین|گشایش)", re.IGNORECASE
)


def _ceremony(start: int, end: int, text: str, lang: str, why: str) -> Found:
    name = text[start:end].strip()
    key = stem_key(name) if lang == "sl" else normalise(name).replace(" ", "").replace("\u200c", "")
    # a ceremony's name says what kind of occasion it was, not which: one per article
    scope = normalise(text[:200])
    eid = _id("ne-", f"{key}|ceremony|{scope}")
    return Found(start, end, name, eid, "event", why, NewEntity(eid, "Event", ((lang, name),)))


def is_bare_ceremony(name: str) -> bool:
    """A ceremony named by its head word alone (*the ceremony*, «این مراسم», *slovesnost*): a reference.

    Examples
    --------
    >>> [is_bare_ceremony(n) for n in ("ceremony", "signing ceremony", "مراسم", "slovesnosti")]
    [True, False, True, True]
    """
    return bool(
        re.fullmatch(r"ceremon(?:y|ies)|(?:مراسم|آیین|آئین)ی?|slovesnost\w*", name.strip(), re.IGNORECASE)
    )


def find_ceremonies(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Found]:
    """Ceremonies named by their head word and what they were held for, outside ``taken`` spans.

    A bare head word (*the ceremony*, «مراسمی», *slovesnost*) is found too: the caller decides
    what it refers to (:func:`is_bare_ceremony`). An opening or closing ceremony keeps its kind
    (:data:`CEREMONY_OPENING`): it is part of an event named beside it.

    Examples
    --------
    >>> [f.text for f in find_ceremonies("attended the sister city signing ceremony held in Lima", "en", [])]
    ['sister city signing ceremony']
    >>> [f.text for f in find_ceremonies("the ceremony for the signing of the friendship charter in Oslo", "en", [])]
    ['ceremony for the signing of the friendship charter']
    >>> [f.text for f in find_ceremonies("مراسم امضای تفاهم نامه همکاری در شهر یزد برگزار شد", "fa", [])]
    ['مراسم امضای تفاهم نامه همکاری']
    >>> [f.text for f in find_ceremonies("ob slavnostnem podpisu listine o pobratenju v Kopru", "sl", [])]
    ['slavnostnem podpisu listine o pobratenju']
    """
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e or (s >= a and e <= b) for s, e in taken)

    if lang == "en":
        for m in _EN_CEREMONY.finditer(text):
            a, b = m.span("name")
            if free(a, b):
                out.append(_ceremony(a, b, text, lang, CEREMONY_WHY))
        return out
    if lang == "fa":
        for m in _FA_CEREMONY.finditer(text):
            a, pos = m.start("head"), m.end()
            end = m.end("head")
            tail: list[str] = []
            for w, nw in _fa_name_words(text, pos):
                if not tail and nw not in _FA_CEREMONY_OF and nw not in _FA_OPENING:
                    break  # «مراسم رسمی», «مراسمی که …»: not what the ceremony was held for
                tail.append(w.group())
                end = pos + w.end()
                if nw in _FA_OPENING:
                    break  # «مراسم افتتاحیه اجلاس X»: the opening of the event named after it
            if tail and normalise(tail[0]) in _FA_CEREMONY_OF and len(tail) < 2:
                end = m.end("head")  # «مراسم امضا شد»: no more than the act itself
                tail = []
            if not free(a, end):
                continue
            out.append(_ceremony(a, end, text, lang, CEREMONY_WHY))
        return out
    for m in _SL_CEREMONY.finditer(text):
        a, b = m.span("name")
        if free(a, b):
            out.append(_ceremony(a, b, text, lang, CEREMONY_WHY))
    return out
