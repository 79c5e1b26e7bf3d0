"""The curators' judgements shipped with the bundled data: joins (recorded, undoable merges after which the
store still validates) and pairs judged two places (recorded, left out of duplicates); file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.curation import duplicates, unmerge
from graph.embedded_store import EmbeddedStore
from loaders.errors import RecordInvalid
from loaders.joins import (
    JOINS_BY,
    Join,
    apply_distinct,
    apply_joins,
    bundled_distinct,
    bundled_joins,
    read_distinct,
    read_joins,
)
from ontology.records import City, Dataset
from ontology.to_rdf import dataset_to_graph


def test_the_shipped_joins_are_well_formed() -> None:
    joins = bundled_joins()
    assert len(joins) >= 20
    assert len({j.other for j in joins}) == len(joins)  # each entity joined once
    assert not {j.keep for j in joins} & {j.other for j in joins}  # no chains
    assert all(j.reason for j in joins)


def test_the_shipped_distinct_pairs_are_well_formed() -> None:
    pairs = bundled_distinct()
    assert len(pairs) >= 8
    keys = {tuple(sorted((p.keep, p.other))) for p in pairs}
    assert len(keys) == len(pairs)
    assert not keys & {tuple(sorted((j.keep, j.other))) for j in bundled_joins()}  # never both
    assert all(p.reason for p in pairs)


def test_a_distinct_pair_without_a_field_is_a_file_line_error(tmp_path: Path) -> None:
    path = tmp_path / "distinct.csv"
    path.write_text("a,b,reason\nwd-Q1,wd-Q2,\n", encoding="utf-8")
    with pytest.raises(RecordInvalid, match=r"distinct.csv:2.*reason"):
        read_distinct(path)


def test_a_join_without_a_field_is_a_file_line_error(tmp_path: Path) -> None:
    path = tmp_path / "joins.csv"
    path.write_text("keep,other,reason\nwd-Q1,wd-Q2,one place\nwd-Q3,,no other\n", encoding="utf-8")
    with pytest.raises(RecordInvalid, match=r"joins.csv:3.*other"):
        read_joins(path)


def test_joins_apply_when_both_are_there_and_can_be_undone() -> None:
    store = EmbeddedStore()
    ds = Dataset(
        name="demo",
        entities=[
            City(id="wd-q1", labels={"en": ["Burgas"]}, lat=42.5, lon=27.47),
            City(id="wd-q2", labels={"en": ["Burgas Municipality"]}, lat=42.51, lon=27.46),
            City(id="wd-q3", labels={"en": ["Varna"]}),
        ],
    )
    store.load([("demo", dataset_to_graph(ds))])
    before = store.counts()
    joins = [Join("wd-q1", "wd-q2", "a city and its municipality"), Join("wd-q3", "wd-q9", "absent")]
    done = apply_joins(store, joins)
    assert [(r.keep, r.other, r.by) for r in done] == [("wd-q1", "wd-q2", JOINS_BY)]
    assert not store.exists("wd-q2")
    assert "Burgas Municipality" in store.entity("wd-q1").labels["en"] + store.entity("wd-q1").labels.get(
        "und", []
    )
    assert apply_joins(store, joins) == []  # joined already: nothing to do
    # The joined store meets the shapes: one preferred English name, one pair of coordinates.
    report = store.validate()
    assert report.conforms, report.results
    assert store.entity("wd-q1").labels["en"][0] == "Burgas"
    unmerge(store, done[0].id)
    assert store.exists("wd-q2")
    assert store.counts() == before


def test_pairs_judged_two_places_are_recorded_once_and_left_out_of_duplicates() -> None:
    store = EmbeddedStore()
    ds = Dataset(
        name="demo",
        entities=[
            City(id="wd-q1209", labels={"en": ["Bremen"]}, lat=53.08, lon=8.8, population=560_000),
            City(id="wd-q24879", labels={"en": ["Bremen"]}, lat=53.08, lon=8.81),
        ],
    )
    store.load([("demo", dataset_to_graph(ds))])
    assert len(duplicates(store)) == 1
    pairs = [Join("wd-q24879", "wd-q1209", "the city and the state"), Join("wd-q1", "wd-q9", "absent")]
    assert apply_distinct(store, pairs) == 1
    assert apply_distinct(store, pairs) == 0  # recorded already: nothing new, no second reason
    assert duplicates(store) == []
    assert [p.decided for p in duplicates(store, decided=True)] == [True]
    assert store.validate().conforms
