"""Descriptive names of networks: «شهر خلاق», *learning city*, *ustvarjalno mesto*.

News rarely spells a network's full name. ``loaders/data/news_networks.yaml`` keeps,
per network, the descriptive phrases and the bare adjectives that stand for it in
Persian, English and Slovenian; this module reads that file and resolves each group
to the store's network whose label contains one of the group's ``labels`` (so the
same file serves any store, whatever its ids).

Two kinds of mention come out of it:

- a **phrase** («شهرهای خلاق», *creative cities*) is one more name of its network,
  added to the :class:`~loaders.news.gazetteer.Gazetteer` below the store's own names;
- a **coordination** of two or more adjectives next to a head noun («برند جهانی خلاق و
  یادگیرنده», *creative and learning cities*) names one network per adjective: each
  adjective becomes a network mention of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from loaders.errors import SourceError
from loaders.records_yaml import StrictSafeLoader

__all__ = ["ALIASES_PATH", "AliasFile", "KnownOrganisation", "NetworkAliases", "load_aliases"]

ALIASES_PATH = Path(__file__).resolve().parents[1] / "data" / "news_networks.yaml"

_LANGS = ("fa", "en", "sl")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AliasGroup(_Model):
    """One network's descriptive names."""

    labels: list[str]
    phrases: dict[str, list[str]] = {}
    adjectives: dict[str, list[str]] = {}


class Heads(_Model):
    """Head nouns before and after a coordination of adjectives."""

    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}


class KnownOrganisation(_Model):
    """An organisation or network named often in news, with its names and acronyms."""

    names: list[str]
    acronyms: list[str] = []
    network: bool = False


class AliasFile(_Model):
    """The whole alias file."""

    groups: list[AliasGroup]
    organisations: list[KnownOrganisation] = []
    heads: Heads = Heads()
    modifiers: dict[str, list[str]] = {}


@lru_cache(maxsize=4)
def load_aliases(path: Path = ALIASES_PATH) -> AliasFile:
    """Read and check an alias file (by default the bundled one)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=StrictSafeLoader)
        return AliasFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise SourceError(f"bad network alias file: {exc}".splitlines()[0], file=path) from exc


def _word(phrase: str) -> str:
    """A regex for one phrase: any run of spaces/ZWNJ between words, Arabic letter variants."""
    out = []
    for word in phrase.split():
        w = re.escape(word).replace("ی", "[یيى]").replace("ک", "[کك]")
        out.append(w)
    return r"[\s\u200c]*".join(out)


def _alternation(phrases: Iterable[str]) -> str:
    unique = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(_word(p) for p in unique) + ")" if unique else "(?!)"


def _all(table: dict[str, list[str]]) -> list[str]:
    return [p for lang in _LANGS for p in table.get(lang, [])]


_SEP = r"(?:[\s\u200c]*[,،]?[\s\u200c]*(?:و|and|in|ter|&)[\s\u200c]+|[\s\u200c]*[,،][\s\u200c]*)"


@dataclass(frozen=True, slots=True)
class NetworkAliases:
    """An alias file resolved against the networks of a store.

    ``phrases`` maps each phrase to its network id; ``adjectives`` maps the lookup
    form of each adjective to its network id.
    """

    phrases: tuple[tuple[str, str], ...]
    adjectives: tuple[tuple[str, str], ...]
    heads_before: tuple[str, ...]
    heads_after: tuple[str, ...]
    modifiers: tuple[str, ...]

    @classmethod
    def resolve(cls, aliases: AliasFile, networks: Iterable[tuple[str, str]]) -> NetworkAliases:
        """Resolve each group to the network of ``networks`` ((id, label) pairs) matching most of its labels."""
        from loaders.news.gazetteer import key_of

        pairs = [(nid, key_of(label)) for nid, label in networks]
        phrases: list[tuple[str, str]] = []
        adjectives: list[tuple[str, str]] = []
        for group in aliases.groups:
            wanted = [key_of(label) for label in group.labels]
            # Score each network by how many of the group's label patterns its labels contain;
            # the best one wins, a tie means the text cannot tell them apart.
            score: dict[str, int] = {}
            for w in wanted:
                for hit in {nid for nid, key in pairs if w and w in key}:
                    score[hit] = score.get(hit, 0) + 1
            ranked = sorted(score.items(), key=lambda kv: -kv[1])
            if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
                continue
            nid = ranked[0][0]
            phrases += [(p, nid) for p in _all(group.phrases)]
            adjectives += [(a, nid) for a in _all(group.adjectives)]
        return cls(
            tuple(phrases),
            tuple(adjectives),
            tuple(_all(aliases.heads.before)),
            tuple(_all(aliases.heads.after)),
            tuple(_all(aliases.modifiers)),
        )

    def coordinations(self, text: str) -> list[tuple[int, int, str]]:
        """The adjectives of every coordination in ``text``: ``(start, end, network id)``.

        A coordination is two or more adjectives of different networks joined by «و»,
        *and*, *in* or commas, with a head noun before it (modifiers allowed between)
        or right after it.
        """
        if len({nid for _, nid in self.adjectives}) < 2:
            return []
        adj = _alternation(a for a, _ in self.adjectives)
        coord = re.compile(rf"(?<![\w\u200c]){adj}(?:{_SEP}{adj})+(?![\w\u200c])", re.IGNORECASE)
        mods = _alternation(self.modifiers)
        before = re.compile(
            rf"(?<![\w\u200c]){_alternation(self.heads_before)}(?:[\s\u200c]+{mods})*[\s\u200c]+$",
            re.IGNORECASE,
        )
        after = re.compile(rf"[\s\u200c]+{_alternation(self.heads_after)}(?![\w\u200c])", re.IGNORECASE)
        single = [
            (re.compile(rf"(?<![\w\u200c]){_word(a)}(?![\w\u200c])", re.IGNORECASE), nid)
            for a, nid in self.adjectives
        ]
        out: list[tuple[int, int, str]] = []
        for m in coord.finditer(text):
            if not (before.search(text, max(0, m.start() - 60), m.start()) or after.match(text, m.end())):
                continue
            found = _adjectives_in(text, m.start(), m.end(), single)
            if len({nid for _, _, nid in found}) >= 2:
                out += found
        return out


def _adjectives_in(
    text: str, start: int, end: int, single: Sequence[tuple[re.Pattern[str], str]]
) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern, nid in single:
        for m in pattern.finditer(text, start, end):
            if all(m.end() <= s or m.start() >= e for s, e, _ in found):
                found.append((m.start(), m.end(), nid))
    return sorted(found)
