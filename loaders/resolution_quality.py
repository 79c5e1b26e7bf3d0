"""Precision and recall of entity resolution against a gold sample of place mentions.

A gold row names a mention (file name, line, name as written) and the place it must resolve to: a
Wikidata QID, a GeoNames id (``gn:…``), both (``Q90|gn:2988507``), or ``local:<tag>`` for a place no
identifier names. Gold places that share an identifier are one place. A mention is *correct* when it
resolved to its place's entity (the entity most of the place's mentions resolved to), that entity
carries one of the mention's gold identifiers (when the gold gives any), and no larger gold place
claims the same entity (two places are never one). Precision is correct over resolved mentions;
recall is correct over all gold mentions.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GoldMention", "Score", "read_gold", "score"]


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One place mention of the gold sample."""

    file: str
    line: int
    name: str
    gold: str

    @property
    def identifiers(self) -> frozenset[str]:
        """The identifiers the entity must carry (``Q…``, ``gn:…``); empty for a ``local:`` place."""
        return frozenset(p for p in self.gold.split("|") if not p.startswith("local:"))


@dataclass(slots=True)
class Score:
    """Counts and ratios of one evaluation, with the wrong mentions for inspection."""

    total: int
    resolved: int
    correct: int
    wrong: list[tuple[GoldMention, str | None]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Correct over resolved mentions."""
        return self.correct / self.resolved if self.resolved else 0.0

    @property
    def recall(self) -> float:
        """Correct over all gold mentions."""
        return self.correct / self.total if self.total else 0.0


def read_gold(path: Path) -> list[GoldMention]:
    """The gold mentions of a CSV file (``file,line,name,country,gold,rule,checked``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [GoldMention(r["file"], int(r["line"]), r["name"], r["gold"]) for r in csv.DictReader(fh)]


def score(
    gold: Iterable[GoldMention],
    report: Iterable[Mapping[str, str]],
    identifiers: Callable[[str], set[str]],
) -> Score:
    """Score resolution outcomes (rows of a :class:`~loaders.resolution.ResolutionReport`) against ``gold``.

    ``identifiers(entity_id)`` gives the identifiers an entity carries (``Q…``, ``gn:…``).

    Examples
    --------
    >>> gold = [GoldMention("a.csv", 2, "Paris", "Q90"), GoldMention("a.csv", 3, "Parigi", "Q90")]
    >>> report = [{"file": "/d/a.csv", "line": "2", "name": "Paris", "id": "wd-Q90"},
    ...           {"file": "/d/a.csv", "line": "3", "name": "Parigi", "id": "gn-2988507"}]
    >>> s = score(gold, report, lambda e: {"Q90"} if e == "wd-Q90" else set())
    >>> s.correct, s.resolved, s.total
    (1, 2, 2)
    """
    predicted: dict[tuple[str, int, str], str] = {}
    for row in report:
        if row.get("id"):
            predicted.setdefault((Path(row["file"]).name, int(row["line"]), row["name"]), row["id"])
    mentions = list(gold)
    got = {m: predicted.get((m.file, m.line, m.name)) for m in mentions}
    # Gold places sharing an identifier (``Q90`` and ``Q90|gn:2988507``) are one place: union them.
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for m in mentions:
        for ident in m.identifiers:
            parent[find(ident)] = find(m.gold)
        find(m.gold)
    groups: dict[str, list[GoldMention]] = defaultdict(list)
    for m in mentions:
        groups[find(m.gold)].append(m)
    entity_of: dict[str, str | None] = {}
    for key, members in groups.items():
        ids = Counter(got[m] for m in members if got[m])
        entity_of[key] = ids.most_common(1)[0][0] if ids else None
    # An entity claimed by two gold places belongs to the larger group only (the other was merged into it).
    claims: dict[str, list[str]] = defaultdict(list)
    for key, eid in entity_of.items():
        if eid is not None:
            claims[eid].append(key)
    for keys in claims.values():
        keys.sort(key=lambda k: -len(groups[k]))
        for loser in keys[1:]:
            entity_of[loser] = None
    result = Score(total=len(mentions), resolved=sum(1 for m in mentions if got[m]), correct=0)
    for m in mentions:
        eid = entity_of[find(m.gold)]
        ok = eid is not None and got[m] == eid
        if ok and eid is not None and m.identifiers:
            ok = bool(m.identifiers & identifiers(eid))
        if ok:
            result.correct += 1
        else:
            result.wrong.append((m, got[m]))
    return result
