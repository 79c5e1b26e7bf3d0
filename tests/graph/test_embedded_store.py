"""The embedded store on the seed knowledge base: lookup, idempotence, atomicity, round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import LoadFailed, NotFound
from graph.rdf_export import export_rdf
from loaders import read_sources
from loaders.errors import ParseError, RecordInvalid
from loaders.pipeline import load_paths


def test_lookup_by_persian_and_english_label(seed_store: EmbeddedStore) -> None:
    by_fa = seed_store.search("قزوین")
    by_en = seed_store.search("Qazvin")
    assert by_fa[0].id == by_en[0].id == "qazvin"
    # Arabic-script variants of the same letters (ي for ی) find the same city.
    assert seed_store.search("قزوين")[0].id == "qazvin"
    assert seed_store.search("Qazvin", lang="fa")[0].label == "قزوین"


def test_entity_shows_facts_with_sources(seed_store: EmbeddedStore) -> None:
    qazvin = seed_store.entity("qazvin")
    hosted = [f for f in qazvin.facts if f.role == "host"]
    assert len(hosted) == 1
    summit = hosted[0]
    assert summit.type == "Summit"
    assert {s.id for s in summit.sources} == {"seed-000"}
    assert any("قزوین میزبان اجلاس جاده ابریشم" in (s.sentence or "") for s in summit.sources)


def test_unknown_entity_suggests_names(seed_store: EmbeddedStore) -> None:
    with pytest.raises(NotFound) as info:
        seed_store.entity("qazvn")
    assert "qazvin" in info.value.suggestions


def test_load_twice_changes_nothing(seed_graphs: list[tuple[str, object]]) -> None:
    store = EmbeddedStore()
    first = store.load(seed_graphs)  # type: ignore[arg-type]
    size = len(store)
    second = store.load(seed_graphs)  # type: ignore[arg-type]
    assert first.triples_added == size > 500
    assert second.triples_added == 0
    assert second.unchanged
    assert len(store) == size
    assert second.counts == first.counts


def test_bad_file_in_the_middle_leaves_store_unchanged(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("name: good\nentities:\n  - {id: a, type: City, labels: {en: A}}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nentities:\n  - {id: b, type: City, labels: {en: B}\n", encoding="utf-8")
    later = tmp_path / "later.yaml"
    later.write_text("name: later\nentities:\n  - {id: c, type: City, labels: {en: C}}\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(ParseError) as info:
        load_paths(store, [good, bad, later])
    assert "bad.yaml:4" in str(info.value)
    assert len(store) == 0
    store.close()
    # Reopened from disk: still empty.
    assert len(EmbeddedStore(tmp_path / "store")) == 0


def test_invalid_record_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(
        "name: facts\nentities:\n  - {id: a, type: City}\n  - {id: b, type: City}\n"
        "agreements:\n  - id: t\n    type: TwinningAgreement\n    parties: [a, b]\n    signed: 20-01-2020\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordInvalid) as info:
        read_sources([path])
    assert str(info.value).startswith(f"{path}:9: field 'agreements.0.signed'")


def test_dangling_reference_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(
        "name: facts\nentities:\n  - {id: a, type: City}\nmemberships:\n  - {id: m, member: a, network: nowhere}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordInvalid, match="'nowhere' is not defined"):
        read_sources([path])


def test_read_only_store_refuses_loads(tmp_path: Path, seed_graphs: list[tuple[str, object]]) -> None:
    EmbeddedStore(tmp_path / "s").close()
    reader = EmbeddedStore(tmp_path / "s", read_only=True)
    with pytest.raises(LoadFailed):
        reader.load(seed_graphs)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "nquads"])
def test_export_round_trip(seed_store: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    suffix = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "nquads": ".nq"}[fmt]
    path = tmp_path / f"export{suffix}"
    export_rdf(seed_store, fmt, path)
    fresh = EmbeddedStore()
    load_paths(fresh, [path])
    assert set(fresh.triples()) == set(seed_store.triples())


def test_jsonld_export_is_compacted_with_its_context(seed_store: EmbeddedStore) -> None:
    doc = json.loads(export_rdf(seed_store, "jsonld") or b"")
    assert doc["@context"]["ckg"] == "https://w3id.org/citykg/ontology#"
    qazvin = next(n for n in doc["@graph"] if n["@id"] in {"id:qazvin", "https://w3id.org/citykg/id/qazvin"})
    assert "ckg:City" in (qazvin["@type"] if isinstance(qazvin["@type"], list) else [qazvin["@type"]])
