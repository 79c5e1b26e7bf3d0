"""Build the bundled file of reviewed news facts on Iranian cities' international ties.

The facts come from the project's own workflow (``docs/news.md``, "Iranian city diplomacy"):

1. ``citykg load`` into an empty ``CITYKG_HOME`` (the bundled data: the names the extractor links to);
2. ``citykg news loaders/data/iran-news/articles --lang auto --json`` (the candidates);
3. ``python scripts/build_iran_facts.py review`` applies the decisions of
   ``loaders/data/iran-news/review.csv`` (one row per candidate: accept, or reject with the reason) with
   the store's own review operation, and refuses to go on while a candidate has no decision;
4. ``python scripts/build_iran_facts.py build`` writes ``loaders/data/iran-city-diplomacy.ttl``: from each
   article's dataset, the accepted facts and what they reach (their evidence, the article's Source, the
   people, events and cities the news made), never a rejected or planned candidate; each Source gets
   the article's address and date from ``loaders/data/iran-news/sources.csv``. It prints the
   candidates and the accepted facts per batch (the table in ``docs/news.md``).

Both steps take ``--home`` (default ``CITYKG_HOME``).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders.news import dataset_name  # noqa: E402
from loaders.rdf_source import _term  # noqa: E402
from ontology.to_rdf import partial_date  # noqa: E402
from ontology.vocab import CKG, GRAPH, SCHEMA  # noqa: E402

NEWS = REPO / "loaders" / "data" / "iran-news"
ARTICLES = NEWS / "articles"
REVIEW = NEWS / "review.csv"
SOURCES = NEWS / "sources.csv"
OUT = REPO / "loaders" / "data" / "iran-city-diplomacy.ttl"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _home(arg: str | None) -> Path:
    home = arg or os.environ.get("CITYKG_HOME")
    if not home:
        raise SystemExit("give --home or set CITYKG_HOME (the store the news were read into)")
    return Path(home)


def _statuses(store: ox.Store) -> dict[str, str]:
    """Every news fact under review → its status (Candidate, Accepted, Rejected, Planned)."""
    query = (
        f"SELECT ?f ?s WHERE {{ GRAPH ?g {{ ?f <{CKG.reviewStatus}> ?s }} "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH}news-")) }}'
    )
    out: dict[str, str] = {}
    for row in store.query(query):  # type: ignore[union-attr]
        fid = str(row["f"].value).rsplit("/", 1)[-1]
        out[fid] = str(row["s"].value).rsplit("#", 1)[-1]
    return out


def review(home: Path) -> None:
    """Apply review.csv with the store's review operation (the one ``citykg review`` uses)."""
    from graph.embedded_store import EmbeddedStore

    decisions = _rows(REVIEW)
    bad = [r["candidate"] for r in decisions if r["decision"] not in {"accept", "reject"}]
    if bad:
        raise SystemExit(f"{REVIEW.name}: decision must be accept or reject ({bad[0]})")
    unexplained = [r["candidate"] for r in decisions if r["decision"] == "reject" and not r["reason"].strip()]
    if unexplained:
        raise SystemExit(f"{REVIEW.name}: a rejection needs its reason ({unexplained[0]})")
    store = EmbeddedStore(home / "store")
    try:
        present = {fid for fid in _statuses(store._ox) if fid.startswith("cand-")}
        decided = {r["candidate"] for r in decisions}
        missing = sorted(present - decided)
        if missing:
            raise SystemExit(
                f"{len(missing)} candidates have no decision in {REVIEW.name}, e.g. {missing[0]}"
            )
        unknown = sorted(decided - present)
        if unknown:
            raise SystemExit(f"{len(unknown)} decisions name no candidate in the store, e.g. {unknown[0]}")
        accepted = store.set_review(
            [r["candidate"] for r in decisions if r["decision"] == "accept"], "Accepted"
        )
        rejected = store.set_review(
            [r["candidate"] for r in decisions if r["decision"] == "reject"], "Rejected"
        )
    finally:
        store.close()
    print(f"accepted {accepted}, rejected {rejected}")


def _closure(graph: Graph, roots: set[URIRef]) -> set[URIRef | BNode]:
    keep: set[URIRef | BNode] = set()
    todo: list[URIRef | BNode] = list(roots)
    while todo:
        node = todo.pop()
        if node in keep:
            continue
        keep.add(node)
        for obj in graph.objects(node, None):
            if isinstance(obj, URIRef | BNode) and (obj, None, None) in graph and obj not in keep:
                todo.append(obj)
    return keep


def build(home: Path) -> None:
    sources = _rows(SOURCES)
    files = sorted(p.name for p in ARTICLES.glob("*.txt"))
    listed = [r["file"] for r in sources]
    if sorted(listed) != files:
        raise SystemExit(f"{SOURCES.name} must list every article once: {sorted(set(files) ^ set(listed))}")
    store = ox.Store.read_only(str(home / "store"))
    out = Graph()
    out.bind("ckg", CKG)
    out.bind("schema", SCHEMA)
    out.bind("dcterms", DCTERMS)
    table: list[tuple[str, int, int, int]] = []
    kinds: Counter[str] = Counter()
    for row in sources:
        name = dataset_name(Path(row["file"]))
        graph = Graph()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH[name]))):
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
        if not len(graph):
            raise SystemExit(f"{row['file']}: no dataset {name} in the store; run citykg news first")
        status = {s: str(o).rsplit("#", 1)[-1] for s, o in graph.subject_objects(CKG.reviewStatus)}
        left = [s for s, v in status.items() if v == "Candidate"]
        if left:
            raise SystemExit(f"{row['file']}: {len(left)} candidates not reviewed (run the review step)")
        accepted = {s for s, v in status.items() if v == "Accepted"}
        sources_here = set(graph.subjects(RDF.type, CKG.Source))
        keep = _closure(graph, {URIRef(str(s)) for s in accepted} | {URIRef(str(s)) for s in sources_here})
        for s, p, o in graph:
            if s in keep:
                out.add((s, p, o))
        for src in sources_here:
            out.add((src, SCHEMA.url, Literal(row["url"], datatype=XSD.anyURI)))
            if row["date"] and (src, DCTERMS.date, None) not in graph:
                out.add((src, DCTERMS.date, partial_date(row["date"])))
        for s in accepted:
            kinds[str(graph.value(s, RDF.type)).rsplit("#", 1)[-1]] += 1
        table.append((row["file"], len(status), len(accepted), len(status) - len(accepted)))
    OUT.write_text(out.serialize(format="turtle"), encoding="utf-8")
    print("| article | candidates | accepted | rejected |")
    print("|---|---:|---:|---:|")
    for file, n, a, r in table:
        print(f"| {file} | {n} | {a} | {r} |")
    total = sum(t[1] for t in table), sum(t[2] for t in table), sum(t[3] for t in table)
    print(f"| all ({len(table)} articles) | {total[0]} | {total[1]} | {total[2]} |")
    print("accepted by type:", dict(sorted(kinds.items())))
    print(f"wrote {OUT.relative_to(REPO)} ({len(out)} triples)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=["review", "build"])
    parser.add_argument("--home", help="the store's directory (default: CITYKG_HOME)")
    args = parser.parse_args()
    home = _home(args.home)
    review(home) if args.step == "review" else build(home)


if __name__ == "__main__":
    main()
