"""The joins shipped with the bundled data: read with file:line errors, applied as recorded, undoable merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.curation import unmerge
from graph.embedded_store import EmbeddedStore
from loaders.errors import RecordInvalid
from loaders.joins import JOINS_BY, Join, apply_joins, bundled_joins, read_joins
from ontology.records import City, Dataset
from ontology.to_rdf import dataset_to_graph


def test_the_shipped_joins_are_well_formed() -> None:
    joins = bundled_joins()
    assert len(joins) >= 20
    assert len({j.other for j in joins}) == len(joins)  # each entity joined once
    assert not {j.keep for j in joins} & {j.other for j in joins}  # no chains
    assert all(j.reason for j in joins)


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
    unmerge(store, done[0].id)
    assert store.exists("wd-q2")
    assert store.counts() == before
