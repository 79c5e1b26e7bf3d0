"""Reading a news file: size and encoding checks, HTML to text, language, sentences.

The text the extractor sees is the text of the file (plain text as it is, HTML
with its tags stripped by :class:`html.parser.HTMLParser`); character offsets of
candidates refer to that text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from loaders.errors import SourceError, UnreadableFile

__all__ = ["LANGUAGES", "MAX_BYTES", "NewsText", "Sentence", "detect_language", "read_news_text", "sentences"]

MAX_BYTES = 5 * 1024 * 1024
LANGUAGES = ("fa", "en", "sl")

_PERSIAN_ONLY = set("پچژگ")
_STOPWORDS = {
    "fa": {"و", "در", "به", "از", "که", "این", "را", "با", "است", "برای", "شد", "می"},
    "en": {"the", "and", "of", "to", "in", "is", "with", "for", "was", "that", "on", "city"},
    "sl": {"in", "je", "za", "so", "na", "z", "ki", "ter", "mesta", "pri", "kot", "da", "tudi", "se"},
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head"}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "title",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the text with its character offsets (``text == full[start:end]``)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NewsText:
    """The text of a news file, its language and its title (the first non-empty line)."""

    path: Path
    text: str
    lang: str
    title: str
    url: str | None = None  # the page's address (HTML canonical link, og:url, or a "Source: URL" line)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.url = self.url or a["href"]
        elif tag == "meta" and (a.get("property") or "").lower() == "og:url" and a.get("content"):
            self.url = self.url or a["content"]
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_to_text(html: str) -> tuple[str, str | None]:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n[ \t]*\n(\s*\n)+", "\n\n", text).strip(), parser.url


_URL_LINE = re.compile(
    r"^\s*(?:(?:source|url|vir|povezava|منبع|لینک|نشانی)\s*[:：]\s*)?(https?://[^\s<>\"]+)\s*$", re.IGNORECASE
)


def url_of(text: str) -> str | None:
    """The page address a plain text gives on a line of its own (first or last three lines), if any."""
    lines = [line for line in text.splitlines() if line.strip()]
    for line in [*lines[:3], *lines[-3:]]:
        m = _URL_LINE.match(line)
        if m:
            return m.group(1)
    return None


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|body|article)\b", head))


def _script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = next((s for s in ("ARABIC", "LATIN") if name.startswith(s)), "OTHER")
            counts[script] = counts.get(script, 0) + 1
    return counts


def detect_language(text: str, *, file: str | Path = "<text>") -> str:
    """The language of ``text``: ``fa``, ``en`` or ``sl``, from its script and stopwords.

    Raises :class:`~loaders.errors.SourceError` when the scripts are mixed or the
    language is none of those the extractor knows.

    Examples
    --------
    >>> detect_language("قزوین میزبان اجلاس شد و این خبر را داد")
    'fa'
    >>> detect_language("Maribor je pobraten z mestom Graz in sodeluje na mnogih področjih")
    'sl'
    """
    counts = _script_counts(text)
    total = sum(counts.values())
    if total == 0:
        raise SourceError("no letters: cannot tell the language", file=file)
    arabic, latin = counts.get("ARABIC", 0), counts.get("LATIN", 0)
    if min(arabic, latin) > 0.25 * total:
        raise SourceError(
            f"mixed scripts ({arabic} Arabic-script and {latin} Latin letters); split the file",
            file=file,
        )
    words = re.findall(r"\w+", text.casefold())
    if arabic >= latin and arabic > 0.5 * total:
        if any(ch in _PERSIAN_ONLY for ch in text) or sum(w in _STOPWORDS["fa"] for w in words) > 2:
            return "fa"
        raise SourceError("Arabic-script text that is not Persian; only fa, en and sl are known", file=file)
    if latin > 0.5 * total:
        scores = {lang: sum(w in _STOPWORDS[lang] for w in words) for lang in ("en", "sl")}
        if max(scores.values()) >= 2:
            return max(scores, key=lambda k: scores[k])
    raise SourceError("unknown language; only fa, en and sl are known (pass --lang to say which)", file=file)


_DATA_SUFFIXES = {
    ".csv": "CSV",
    ".tsv": "TSV",
    ".tab": "TSV",
    ".json": "JSON",
    ".jsonl": "JSON",
    ".ndjson": "JSON",
    ".geojson": "JSON",
    ".jsonld": "JSON-LD",
    ".yaml": "YAML",
    ".yml": "YAML",
    ".ttl": "RDF",
    ".nt": "RDF",
    ".nq": "RDF",
    ".rdf": "RDF",
    ".owl": "RDF",
    ".xlsx": "spreadsheet",
    ".xls": "spreadsheet",
    ".ods": "spreadsheet",
    ".parquet": "Parquet",
    ".gz": "compressed",
    ".zip": "compressed",
}


def _data_file(path: Path, raw: str) -> str | None:
    r"""What kind of data file ``path`` is (``"TSV"``, ``"JSON"`` …), or None for prose.

    By its suffix, else by its content: JSON that parses, or lines that split into the
    same number (two or more) of tab- or comma-separated fields.

    Examples
    --------
    >>> _data_file(Path("x.txt"), "id\tname\tcountry\n1\tTehran\tIR\n2\tKazan\tRU\n")
    'TSV'
    >>> _data_file(Path("x.txt"), "Tehran and Karbala became sister cities, the mayor said.") is None
    True
    """
    kind = _DATA_SUFFIXES.get(path.suffix.lower())
    if kind is not None:
        return kind
    head = raw.lstrip("\ufeff \n\r\t")
    if head[:1] in "[{":
        import json

        try:
            json.loads(raw)
        except ValueError:
            pass
        else:
            return "JSON"
    lines = [line for line in raw.splitlines()[:20] if line.strip()]
    if len(lines) >= 3:
        for sep, kind in (("\t", "TSV"), (",", "CSV"), (";", "CSV")):
            counts = {line.count(sep) for line in lines}
            if len(counts) == 1 and min(counts) >= 2 and sum(len(line) for line in lines) / len(lines) < 400:
                return kind
    return None


def read_news_text(path: Path, *, lang: str | None = None) -> NewsText:
    """Read ``path`` as a news item (plain text or HTML), checking it first.

    Raises
    ------
    UnreadableFile
        Missing, empty, larger than 5 MB, binary, not UTF-8, or a data file (CSV, TSV,
        JSON, RDF, spreadsheet) rather than prose.
    SourceError
        Mixed scripts, an unknown language, or no text once tags are stripped.
    """
    if lang is not None and lang not in LANGUAGES:
        raise SourceError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}", file=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(f"{path}: {size:,} bytes is too large for a news item (limit {MAX_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: no such file") from exc
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror}") from exc
    if not data.strip():
        raise UnreadableFile(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{path}: binary content (NUL bytes), not a text or HTML news item")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    data_kind = _data_file(path, raw)
    if data_kind is not None:
        raise UnreadableFile(
            f"{path}: {data_kind} data, not a news text (load it with its own format, not as news)"
        )
    controls = sum(1 for ch in raw[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 8:
        raise UnreadableFile(f"{path}: binary content (control characters), not a text or HTML news item")
    url: str | None = None
    if _looks_like_html(path, raw):
        text, url = _html_to_text(raw)
    else:
        text = raw.replace("\r\n", "\n")
    url = url or url_of(text)
    if not text.strip():
        raise SourceError("no text left once the HTML tags are stripped", file=path)
    found = lang or detect_language(text, file=path)
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return NewsText(path=path, text=text, lang=found, title=title[:300], url=url)


# A sentence ends at . ! ? ؟ (not between digits) or at a line break; a full stop after an
# abbreviation or an initial («St. Petersburg», «dr. Häupl», «U.S.») ends nothing.
# a full stop after a digit is an ordinal (*10. kongres*), except after a year before a capital
# or a Persian word (*… in 2000. In 2019 …*)
_END = re.compile(
    r"(?<!\d)[.!?؟](?!\d)|(?<=\b(?:[12]\d{3}|[۱۲][۰-۹]{3}))\.(?=[ \t]+[A-ZČŠŽĆĐ\u0600-\u06ff])|\n"
)
_ABBREVIATIONS = {
    "st",
    "mr",
    "ms",
    "mrs",
    "dr",
    "jr",
    "sr",
    "prof",
    "mag",
    "no",
    "nr",
    "št",
    "mt",
    "gen",
    "col",
    "lt",
    "sv",
    "ul",
    "tj",
    "npr",
    "oz",
    "itd",
    "inc",
    "ltd",
    "co",
    "vs",
    "etc",
    # Slovenian honorifics: *g.* (gospod), *Nj. Ekscel.* (His Excellency)
    "g",
    "nj",
    "ekcs",
    "eksc",
}


def _abbreviation(text: str, pos: int) -> bool:
    word = re.search(r"(\w+)$", text[max(0, pos - 6) : pos])
    if word is None:
        return False
    w = word.group(1)
    return w.casefold() in _ABBREVIATIONS or (len(w) == 1 and w.isupper())


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their offsets.

    Examples
    --------
    >>> [s.text for s in sentences("Qazvin hosts the summit.Maribor is twinned with Graz.\\nNew line")]
    ['Qazvin hosts the summit.', 'Maribor is twinned with Graz.', 'New line']
    >>> sentences("Ab. Cd")[1].start
    4
    """
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group() == "." and _abbreviation(text, m.start()):
            continue
        end = m.end() if m.group() != "\n" else m.start()
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 1:
        out.append(Sentence(text[start:end], start, end))
