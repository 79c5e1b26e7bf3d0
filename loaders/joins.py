"""Joins shipped with the bundled data: two Wikidata items that are one place for the twinning graph.

The bundled Wikidata export holds, for a few cities, both the city and its municipality (Burgas and
Burgas Municipality, Stockholm and Stockholm Municipality), each with part of the city's sister-city
statements. Resolution keeps two items apart (two QIDs are two places); the pairs judged one place are
listed in ``loaders/data/joins.csv`` (``keep,other,reason``, entity ids of the bundled load and of the
shared files' local entities) and joined at the end of any load after which both are in the store, with
:func:`graph.curation.merge`: a recorded join (``owl:sameAs``, who, when) that ``citykg merge --undo``
takes back, on either store. A join undone comes back with the next load that finds both entities.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from graph.curation import MergeRecord, merge
from loaders.errors import RecordInvalid

__all__ = ["JOINS_BY", "Join", "apply_joins", "bundled_joins", "read_joins"]

JOINS_BY = "citykg bundled joins (loaders/data/joins.csv)"
"""Who the shipped joins are recorded as made by."""


@dataclass(frozen=True, slots=True)
class Join:
    """One shipped join: ``other`` into ``keep``, and why."""

    keep: str
    other: str
    reason: str


def read_joins(path: Path) -> list[Join]:
    """The joins of a ``keep,other,reason`` file; a row missing a field is a ``file:line`` error."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            for name in ("keep", "other", "reason"):
                if not (row.get(name) or "").strip():
                    raise RecordInvalid(f"{name} is empty", file=path, line=line, field=name)
            out.append(Join(row["keep"].strip(), row["other"].strip(), row["reason"].strip()))
    return out


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
