"""The name table ranks a search as the whole index does (graph.store_rules.rank_search)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.name_table import NameTable, write
from graph.store_rules import rank_search
from ontology.names import normalise

WORDS = ["san", "santa", "sankt", "saint", "qazvin", "tabriz", "city", "nova", "novo", "new", "port", "porto"]


def _index(seed: int) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]], dict[str, str]]:
    """Many names sharing prefixes and inner words, ids that normalise to another name, non-Latin names."""
    rng = random.Random(seed)
    by_name: dict[str, list[str]] = {}
    labels: dict[str, dict[str, list[str]]] = {}
    types: dict[str, str] = {}
    for i in range(600):
        eid = f"{rng.choice(WORDS)}-{i}" if i % 7 else f"e{i}"
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + ("" if i % 3 else f" {i}")
        if i % 50 == 0:
            name = "قزوین " + name
        types[eid] = rng.choice(["City", "Region", "Network"])
        labels[eid] = {"en": [name.title()], **({"fa": [name]} if i % 4 == 0 else {})}
        by_name.setdefault(normalise(name), []).append(eid)
        by_name.setdefault(eid.casefold(), []).append(eid)
        if i % 11 == 0:  # an identifier shared with another entity's name, listed twice
            by_name.setdefault(normalise(name), []).append(eid)
    return by_name, labels, types


@pytest.mark.parametrize("seed", [1, 2])
def test_table_search_equals_the_whole_index(tmp_path: Path, seed: int) -> None:
    by_name, labels, types = _index(seed)
    path = tmp_path / "names.sqlite"
    write(path, "v", by_name, labels, types)
    table = NameTable.open(path, "v")
    assert table is not None
    texts = [
        *WORDS,
        "San",
        "s",
        "a",
        "Santa Nova",
        "city 12",
        "port 3",
        "قزوین",
        "e0",
        "E14",
        "nowhere",
        "sant",
        "ova",
        "-1",
        "tabriz-7",
    ]
    try:
        compared = 0
        for text in texts:
            for limit in (1, 5, 50):
                for lang in ("en", "fa"):
                    want = rank_search(by_name, labels, types, text, normalise(text), lang=lang, limit=limit)
                    assert table.search(text, normalise(text), lang=lang, limit=limit) == want, (text, limit)
                    compared += bool(want)
        assert compared > 100  # most of them found something
    finally:
        table.close()


def test_a_key_ending_in_the_last_code_point_is_scanned(tmp_path: Path) -> None:
    last = chr(0x10FFFF)
    by_name = {"ab" + last: ["x"], "ab" + last + "c": ["y"], "zab" + last: ["z"]}
    labels: dict[str, dict[str, list[str]]] = {}
    types = {"x": "City", "y": "City", "z": "City"}
    path = tmp_path / "names.sqlite"
    write(path, "v", by_name, labels, types)
    table = NameTable.open(path, "v")
    assert table is not None
    try:
        text = "ab" + last
        want = rank_search(by_name, labels, types, text, normalise(text), lang="en", limit=10)
        assert [r.id for r in want] == ["x", "y", "z"]
        assert table.search(text, normalise(text), lang="en", limit=10) == want
    finally:
        table.close()
