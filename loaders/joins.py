"""Curators' judgements shipped with the bundled data: pairs that are one place, and pairs that are two.

The bundled Wikidata export holds, for a few cities, both the city and its municipality (Burgas and
Burgas Municipality, Stockholm and Stockholm Municipality), each with part of the city's sister-city
statements. Resolution keeps two items apart (two QIDs are two places); the pairs judged one place are
listed in ``loaders/data/joins.csv`` (``keep,other,reason``, entity ids of the bundled load and of the
shared files' local entities) and joined at the end of any load after which both are in the store, with
:func:`graph.curation.merge`: a recorded join (``owl:sameAs``, who, when) that ``citykg merge --undo``
takes back, on either store, and after which the store still meets the shapes (the kept item's names,
ids and single values stay; see :func:`graph.curation.merge_rewrite`). A join undone comes back with the
next load that finds both entities.

The opposite judgement, pairs that ``citykg duplicates`` lists but a curator found to be two places (a
state and its city, an island and its town, a GeoNames name given to the wrong district), is listed in
``loaders/data/distinct.csv`` (``a,b,reason``) and recorded by the same loads with
:func:`graph.curation.distinct` (``a owl:differentFrom b``); ``citykg duplicates`` then leaves them out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graph.curation import MergeRecord, distinct, merge
from loaders.errors import RecordInvalid

__all__ = [
    "DISTINCT_BY",
    "JOINS_BY",
    "Join",
    "apply_distinct",
    "apply_joins",
    "bundled_distinct",
    "bundled_joins",
    "read_distinct",
    "read_joins",
]

JOINS_BY = "citykg bundled joins (loaders/data/joins.csv)"
"""Who the shipped joins are recorded as made by."""
DISTINCT_BY = "citykg bundled decisions (loaders/data/distinct.csv)"
"""Who the shipped judgements that two entities are two places are recorded as made by."""


@dataclass(frozen=True, slots=True)
class Join:
    """One shipped join: ``other`` into ``keep``, and why."""

    keep: str
    other: str
    reason: str


def _read_pairs(path: Path, first: str, second: str) -> list[Join]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            for name in (first, second, "reason"):
                if not (row.get(name) or "").strip():
                    raise RecordInvalid(f"{name} is empty", file=path, line=line, field=name)
            out.append(Join(row[first].strip(), row[second].strip(), row["reason"].strip()))
    return out


def read_joins(path: Path) -> list[Join]:
    """The joins of a ``keep,other,reason`` file; a row missing a field is a ``file:line`` error."""
    return _read_pairs(path, "keep", "other")


def read_distinct(path: Path) -> list[Join]:
    """The pairs of an ``a,b,reason`` file judged two places (``keep`` is ``a``, ``other`` is ``b``)."""
    return _read_pairs(path, "a", "b")


def bundled_distinct() -> list[Join]:
    """The pairs judged two places shipped with the bundled data."""
    return read_distinct(Path(str(resources.files("loaders") / "data" / "distinct.csv")))


def bundled_joins() -> list[Join]:
    """The joins shipped with the bundled data."""
    return read_joins(Path(str(resources.files("loaders") / "data" / "joins.csv")))


def apply_joins(store: Any, joins: list[Join]) -> list[MergeRecord]:
    """Join each pair whose two entities are both in the store (a pair joined already is skipped)."""
    done = []
    for j in joins:
        if store.exists(j.keep) and store.exists(j.other):
            done.append(merge(store, j.keep, j.other, by=JOINS_BY))
    return done


def apply_distinct(store: Any, pairs: list[Join]) -> int:
    """Record each pair judged two places whose two entities are in the store; how many were new."""
    return sum(
        distinct(store, j.keep, j.other, reason=j.reason, by=DISTINCT_BY, dated=False)
        for j in pairs
        if store.exists(j.keep) and store.exists(j.other)
    )
