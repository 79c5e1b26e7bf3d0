"""Every loader's output conforms to the shapes: each bundled and shared-data source, loaded on top of the
seed knowledge base into a fresh store, passes ``validate``.

pyshacl takes about 13 ms per entity or fact, so the big sources are cut to their first rows (the same file
name, so the same reader and dataset name); the small ones load whole.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, serialize

from graph.embedded_store import EmbeddedStore
from loaders import BUNDLED_WORLD, bundled_paths
from loaders.assembly import ReadContext
from loaders.pipeline import load_paths
from ontology.validation import validate

pytestmark = pytest.mark.slow

ROWS = 400
# (shared-data file, delimiter of a table to cut, or None to load the file whole)
SHARED = [
    ("etmun-urbact-memberships/etmun_memberships_geocoded.csv", ";"),
    ("etmun-urbact-memberships/urbact_memberships.csv", ";"),
    ("etmun-urbact-memberships/etmun_networks.csv", None),
    ("etmun-urbact-memberships/urbact_networks.csv", None),
    ("eurocities-gpm-members/eurocities_members_wikidata.json", None),
    ("eurocities-gpm-members/eurocities_members_from_website.txt", None),
    ("eurocities-gpm-members/gpm_declaration_for_democracy_signatures.csv", None),
    ("wikipedia-twin-cities-hekman/twin_cities_geocoded.csv", ","),
    ("wikipedia-twin-cities-hekman/twin_cities_raw.csv", ","),
    ("wikidata-sister-cities-2021/query.csv", ","),
]


def _head(path: Path, delimiter: str, out_dir: Path) -> Path:
    """The header and the first ROWS rows of a table, under the same file name (gunzipped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        reader = csv.reader(fh, delimiter=delimiter)
        rows = [row for _, row in zip(range(ROWS + 1), reader, strict=False)]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    out = out_dir / path.name.removesuffix(".gz")
    out.write_text(buf.getvalue(), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def seeded() -> bytes:
    """The seed knowledge base, loaded once, as N-Quads to start each store from."""
    store = EmbeddedStore(None)
    load_paths(store, bundled_paths(world=False))
    return bytes(serialize(store._ox, None, RdfFormat.N_QUADS) or b"")


def _validate_after(seeded: bytes, paths: list[Path]) -> tuple[ReadContext, str, bool]:
    store = EmbeddedStore(None)
    store._ox.load(seeded, RdfFormat.N_QUADS)
    ctx = ReadContext()
    load_paths(store, paths, ctx=ctx)
    graph = rdflib.Graph()  # as `citykg validate` reads the store
    graph.parse(data=serialize(store.triples(), None, RdfFormat.N_TRIPLES), format="nt")
    report = validate(graph)
    return ctx, report.to_text(), report.conforms


def test_the_seed_knowledge_base_and_a_cut_of_the_world_data_conform(seeded: bytes, tmp_path: Path) -> None:
    (world,) = [p for p in bundled_paths() if p.name == BUNDLED_WORLD]
    ctx, text, conforms = _validate_after(seeded, [_head(world, ",", tmp_path)])
    assert ctx.stats[0].agreements > 100
    assert conforms, text


@pytest.mark.parametrize(("name", "delimiter"), SHARED, ids=[Path(n).name for n, _ in SHARED])
def test_each_shared_source_conforms(
    seeded: bytes, shared_data: Path, tmp_path: Path, name: str, delimiter: str | None
) -> None:
    path = shared_data / name
    if delimiter is not None:
        path = _head(path, delimiter, tmp_path)
    ctx, text, conforms = _validate_after(seeded, [path])
    assert ctx.stats[0].rows > 0
    assert conforms, text


PREF_TWICE = (
    "SELECT ?s ?lang WHERE { GRAPH ?g { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } "
    "BIND(lang(?l) AS ?lang) } GROUP BY ?s ?lang HAVING (COUNT(DISTINCT ?l) > 1)"
)


def test_a_second_source_naming_a_known_city_otherwise_gives_no_second_preferred_label(
    tmp_path: Path,
) -> None:
    header = "record,id,name,lang,wikidata\n"
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(header + "city,krakow,Krakow,und,Q31487\n", encoding="utf-8")
    second.write_text(header + "city,cracow,Cracow,und,Q31487\n", encoding="utf-8")
    store = EmbeddedStore(None)
    load_paths(store, [first])
    load_paths(store, [second])  # separate loads: the second meets the city in the store
    assert list(store._ox.query(PREF_TWICE)) == []  # type: ignore[arg-type]
    assert store.entity("krakow").labels["und"] == ["Krakow", "Cracow"]
    graph = rdflib.Graph()
    graph.parse(data=serialize(store.triples(), None, RdfFormat.N_TRIPLES), format="nt")
    report = validate(graph)
    assert report.conforms, report.to_text()


def test_etmun_then_urbact_whole_give_no_second_preferred_label(seeded: bytes, shared_data: Path) -> None:
    """The URBACT load after ETMUN named 107 places again in other spellings, each a second preferred label.

    The shape is sh:uniqueLang on skos:prefLabel; checked here in SPARQL on the whole files (SHACL on them
    would take minutes), and by pyshacl on the cuts above.
    """
    store = EmbeddedStore(None)
    store._ox.load(seeded, RdfFormat.N_QUADS)
    folder = shared_data / "etmun-urbact-memberships"
    load_paths(store, [folder / "etmun_memberships_geocoded.csv"])
    summary = load_paths(store, [folder / "urbact_memberships.csv"])
    assert summary.counts["Membership"] > 10_000
    assert list(store._ox.query(PREF_TWICE)) == []  # type: ignore[arg-type]
