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
from loaders import bundled_paths
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
    (world,) = [p for p in bundled_paths() if "wikidata" in p.name]
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
