"""The embedded store: Oxigraph on disk, the default, needing no server.

Each dataset lives in a named graph of its own (``GRAPH["seeds"]``); queries
see the union of all of them. :meth:`EmbeddedStore.load` is one Oxigraph
transaction, so it is all or nothing, and RDF's set semantics make it
idempotent: the same data loaded twice adds nothing. A load too big to hold in
memory is written in batches (:meth:`EmbeddedStore.begin_load`); the
statements each batch adds are first appended to a journal beside the store,
so a load that fails is taken back from it, and a load that died with its
process is taken back when the store is next opened for writing. Values from callers reach SPARQL only as substitutions
(bound variables), never as query text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
import os
import re
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.curation import MergeRecord, merge_rewrite
from graph.disk_cache import load_json, open_name_table, save_json, save_name_table
from graph.errors import InvalidArgument, LoadFailed, NotFound, QueryError, StoreUnavailable
from graph.store import (
    EntityDetail,
    EntityRef,
    FactView,
    LoadSummary,
    NodeInfo,
    PlaceView,
    SourceView,
    Tie,
    pick_label,
)
from graph.store_rules import (
    ENTITY_CLASSES,
    TYPE_ORDER,
    add_attribute,
    dedupe_sources,
    most_specific,
    order_labels,
    rank_search,
)
from ontology.iris import CKG, DATA, DCTERMS, GRAPH, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, WGS
from ontology.names import normalise

if TYPE_CHECKING:  # rdflib only where graphs are written: reading the store does without it (0.15 s)
    from rdflib import Graph

    from graph.name_table import NameTable
    from ontology.validation import ValidationReport

__all__ = ["EmbeddedLoad", "EmbeddedStore", "local_id", "to_oxigraph"]

_CKG = str(CKG)
_DATA = str(DATA)
_TYPE_ORDER = TYPE_ORDER
_ID_PROPS = {str(CKG.wikidataId): "wikidata", str(CKG.geonamesId): "geonames", str(CKG.iso2): "iso2"}
_DATE_PROPS = {
    str(CKG.startDate): "start",
    str(CKG.endDate): "end",
    str(CKG.signingDate): "signed",
    str(SCHEMA.foundingDate): "founded",
}
_SKIP_LINKS = {str(PROV.wasDerivedFrom), str(CKG.evidence), str(SKOS.exactMatch), str(RDF.type)}
# Incoming links worth listing on an entity page (country membership would list thousands).
_INCOMING = {
    str(CKG.locatedIn): "locatedHere",
    str(CKG.governs): "governedBy",
    str(SCHEMA.parentOrganization): "subOrganisation",
}


def local_id(iri: str) -> str:
    """The local id of a citykg IRI (``.../id/qazvin`` → ``qazvin``); other IRIs unchanged.

    Examples
    --------
    >>> local_id("https://w3id.org/citykg/id/qazvin")
    'qazvin'
    >>> local_id("https://w3id.org/citykg/ontology#City")
    'City'
    """
    if iri.startswith(_DATA):
        return iri[len(_DATA) :]
    if iri.startswith(_CKG):
        return iri[len(_CKG) :]
    return iri


def to_oxigraph(term: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert an rdflib term to a pyoxigraph term.

    Examples
    --------
    >>> from rdflib import Literal
    >>> to_oxigraph(Literal("Qazvin", lang="en"))
    <Literal value=Qazvin language=en>
    """
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise LoadFailed(f"cannot store RDF term {term!r}")


def _text(term: Any) -> str:
    return str(term.value)


def _lang(term: Any) -> str | None:
    return term.language if isinstance(term, ox.Literal) else None


@dataclass(slots=True)
class _Index:
    version: str
    by_name: dict[str, list[str]]
    labels: dict[str, dict[str, list[str]]]
    types: dict[str, str]


def _quads(graph: Graph, gname: ox.NamedNode, terms: dict[Any, Any]) -> Iterator[ox.Quad]:
    """``graph``'s triples as Oxigraph quads in ``gname``; ``terms`` converts a term met again only once."""
    for s, p, o in graph:
        oxs, oxp, oxo = terms.get(s), terms.get(p), terms.get(o)
        if oxs is None:
            oxs = terms[s] = to_oxigraph(s)
        if oxp is None:
            oxp = terms[p] = to_oxigraph(p)
        if oxo is None:
            oxo = terms[o] = to_oxigraph(o)
        yield ox.Quad(oxs, oxp, oxo, gname)  # type: ignore[arg-type]


class EmbeddedStore:
    """Oxigraph-backed store in a directory (or in memory when ``path`` is None).

    Parameters
    ----------
    path : pathlib.Path, optional
        The store's directory; created when missing. ``None`` keeps it in memory.
    read_only : bool
        Open an existing store for reading only (another process may hold it).
    deferred : bool
        Open the store when it is first read, writable if no other process holds it,
        else read-only; a store without a saved version is opened at once.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"], "fa": ["قزوین"]})])
    >>> store.load([("demo", dataset_to_graph(ds))]).triples_added
    5
    >>> [ref.id for ref in store.search("قزوين")]
    ['qazvin']
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False, deferred: bool = False) -> None:
        self.path = path
        self._read_only = read_only
        self._db: ox.Store | None = None
        self._closed = False
        self._persistent = True
        self._version_file = None if path is None else path.with_name(path.name + ".version")
        self.cache_dir: Path | None = None if path is None else path.parent / "cache"
        self._index: _Index | None = None
        self._table: NameTable | None = None
        self._lock = threading.Lock()
        self._memory_journals: dict[str, dict[str, Any]] = {}
        self._loading = False
        # Deferred: a store with a saved version is opened when first read, so an answer read from the
        # cache beside it (graph/disk_cache.py) needs no RocksDB at all; without a saved version, now.
        saved = self._saved_version() if deferred and path is not None and path.is_dir() else None
        self._deferred = saved is not None
        if saved is not None:
            self._version = saved
            return
        self._open(read_only)
        self._version = self._read_version()
        if not read_only:
            self._recover_load()

    def _open(self, read_only: bool) -> ox.Store:
        path = self.path
        if path is not None:
            _prune_rocksdb_logs(path)
        try:
            if path is None:
                db = ox.Store()
            elif read_only:
                db = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                db = ox.Store(str(path))
        except OSError as exc:
            raise StoreUnavailable(_open_failure(path, exc)) from exc
        self._read_only = read_only
        self._db = db
        return db

    @property
    def _ox(self) -> ox.Store:
        db = self._db
        if db is not None:
            return db
        if self._closed:
            raise StoreUnavailable("the store is closed")
        if not self._deferred:
            raise StoreUnavailable("the store is not open")
        # As :func:`graph.open_store.open_store` for reading: writable when no other process holds it.
        self._deferred = False
        try:
            return self._open(False)
        except StoreUnavailable:
            return self._open(True)

    @property
    def read_only(self) -> bool:
        """Whether the store is open for reading only (a deferred store is opened to know)."""
        if self._deferred and self._db is None:
            _ = self._ox
        return self._read_only

    # ------------------------------------------------------------------ writing
    def load(self, graphs: Sequence[tuple[str, Graph]]) -> LoadSummary:
        """Add every (dataset, graph) pair in one transaction; nothing is written on failure."""
        if self.read_only:
            raise LoadFailed("the store is open read-only; stop the process that holds it and try again")
        summary = LoadSummary()
        quads: list[ox.Quad] = []
        terms: dict[Any, Any] = {}  # a term met again (a predicate, a class, an entity) is converted once
        for name, graph in graphs:
            gname = ox.NamedNode(str(GRAPH[name]))
            summary.datasets.append(name)
            quads.extend(_quads(graph, gname, terms))
        summary.triples_read = len(quads)
        new = [q for q in dict.fromkeys(quads) if q not in self._ox]
        if new:
            self._changed()  # before the write too: a crash half-way never leaves a cache keyed to the old token
        try:
            self._ox.extend(new)
        except OSError as exc:
            raise LoadFailed(f"the store refused the load, nothing was written: {exc}") from exc
        summary.triples_added = len(new)
        if new:
            self._changed()
        summary.counts = self.counts()
        return summary

    def begin_load(self) -> EmbeddedLoad:
        """Start a load written in batches, all or nothing (see :class:`EmbeddedLoad`)."""
        self._writable()
        if self._loading:
            raise LoadFailed("another load into this store is under way; wait for it to finish")
        self._recover_load()
        self._loading = True
        return EmbeddedLoad(self)

    def _load_journal(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + ".load-journal.nq")

    def _recover_load(self) -> None:
        """Take back what a load that died half-way added (its journal is still beside the store)."""
        journal = self._load_journal()
        if journal is None or not journal.exists():
            return
        self._changed()
        self._remove_all(_journaled(journal))
        journal.unlink()
        self._changed()

    def _remove_all(self, quads: Iterator[ox.Quad]) -> None:
        for q in quads:
            self._ox.remove(q)

    def clear(self) -> None:
        """Remove everything from the store, and the journals of its merges."""
        self._changed()
        self._ox.clear()
        self._memory_journals.clear()
        folder = self._merge_dir()
        if folder is not None and folder.is_dir():
            for f in folder.glob("merge-*.json"):
                f.unlink()
        self._changed()

    def set_review(self, fact_ids: Sequence[str], status: str) -> int:
        """Set the review status (``Candidate``, ``Accepted``, ``Rejected``) of facts under review.

        Only facts that already carry a ``ckg:reviewStatus`` change; the number
        changed is returned. The old status is removed and the new one added in
        ONE Oxigraph update (a single transaction). Its text is built only from
        a fixed template, a status taken from an allow-list, and IRIs made here
        from ids that match ``[A-Za-z0-9._~-]+``: such an id cannot close an IRI
        (``>``) or start SPARQL syntax, so no caller text reaches the query.
        """
        if self.read_only:
            raise LoadFailed("the store is open read-only; stop the process that holds it and try again")
        if status not in _REVIEW_STATUSES:
            raise InvalidArgument(f"unknown review status {status!r}; one of {', '.join(_REVIEW_STATUSES)}")
        bad = [fid for fid in fact_ids if not _SAFE_ID.fullmatch(fid)]
        if bad:
            raise InvalidArgument(f"not a fact id: {bad[0]!r}")
        if not fact_ids:
            return 0
        under_review = ox.NamedNode(str(CKG.reviewStatus))
        ids = [
            fid
            for fid in dict.fromkeys(fact_ids)
            if any(True for _ in self._ox.quads_for_pattern(ox.NamedNode(_DATA + fid), under_review, None))
        ]
        if not ids:
            return 0
        values = " ".join(f"<{_DATA}{fid}>" for fid in ids)
        self._changed()
        self._ox.update(
            f"DELETE {{ GRAPH ?g {{ ?f <{CKG.reviewStatus}> ?old }} }} "
            f"INSERT {{ GRAPH ?g {{ ?f <{CKG.reviewStatus}> <{CKG[status]}> }} }} "
            f"WHERE {{ VALUES ?f {{ {values} }} GRAPH ?g {{ ?f <{CKG.reviewStatus}> ?old }} }}"
        )
        self._changed()
        return len(ids)

    # ------------------------------------------------------------------ curation
    def merge(self, keep: str, other: str, record: MergeRecord, graph: Graph) -> MergeRecord:
        """Join ``other`` into ``keep`` (see :func:`graph.curation.merge`).

        Every quad naming ``other`` (as subject or object, in any dataset) is
        replaced by the same quad naming ``keep``, in the same dataset, rewritten
        as :func:`graph.curation.merge_rewrite` says (``other``'s preferred names
        become alternative ones, its identifiers ``owl:sameAs`` links, its values
        of single-valued properties ``keep`` has are dropped). The record's
        triples go to the dataset ``record.id``. The quads removed and
        added are journaled before anything changes, in a file beside the store
        (in memory for an in-memory store), so :meth:`unmerge` restores them
        exactly; additions are one transaction, and both steps can run again.
        """
        self._writable()
        keep_n, other_n = ox.NamedNode(_DATA + keep), ox.NamedNode(_DATA + other)
        removed = list(
            dict.fromkeys(
                [
                    *self._ox.quads_for_pattern(other_n, None, None, None),
                    *self._ox.quads_for_pattern(None, None, other_n, None),
                ]
            )
        )
        own = [q for q in removed if q.subject == other_n]
        rewrite = dict(
            zip(
                own,
                merge_rewrite(
                    {_statement(q)[:2] for q in self._ox.quads_for_pattern(keep_n, None, None, None)},
                    [_statement(q) for q in own],
                ),
                strict=True,
            )
        )
        added: dict[ox.Quad, None] = {}
        moved = 0
        for q in removed:
            s, p, o = q.subject, q.predicate, q.object
            if q in rewrite:
                row = rewrite[q]
                if row is None:
                    continue
                s, p, o = keep_n, _REWRITTEN.get(row[0], p), ox.NamedNode(row[2]) if row[0] == "sameAs" else o
            o = keep_n if o == other_n else o
            new = ox.Quad(s, p, o, q.graph_name)
            moved += 1
            if new not in self._ox:
                added[new] = None
        gname = ox.NamedNode(str(GRAPH[record.id]))
        for s_, p_, o_ in graph:
            added[ox.Quad(to_oxigraph(s_), to_oxigraph(p_), to_oxigraph(o_), gname)] = None  # type: ignore[arg-type]
        record = MergeRecord(record.id, record.keep, record.other, record.by, record.at, moved)
        self._journal_put(
            record,
            {
                "removed": _nquads(removed),
                "added": _nquads(list(added)),
            },
        )
        self._changed()
        try:
            self._ox.extend(list(added))
            for q in removed:
                self._ox.remove(q)
        except OSError as exc:
            raise LoadFailed(f"the store refused the merge (undo it with {record.id}): {exc}") from exc
        finally:
            self._changed()
        return record

    def unmerge(self, merge_id: str) -> MergeRecord:
        """Undo the join ``merge_id``: re-add the quads it removed, remove those it added."""
        self._writable()
        journals = self._journals()
        if merge_id not in journals:
            raise NotFound(
                f"no merge {merge_id!r} to undo" + (f"; known: {', '.join(journals)}" if journals else "")
            )
        record, data = journals[merge_id]
        later = [
            r.id
            for r, _ in list(journals.values())[list(journals).index(merge_id) + 1 :]
            if {r.keep, r.other} & {record.keep, record.other}
        ]
        if later:
            raise InvalidArgument(f"undo the later merges of the same entities first: {', '.join(later)}")
        removed = list(ox.parse(data["removed"].encode(), ox.RdfFormat.N_QUADS))
        added = list(ox.parse(data["added"].encode(), ox.RdfFormat.N_QUADS))
        self._changed()
        try:
            self._ox.extend(removed)
            for q in added:
                self._ox.remove(q)
        except OSError as exc:
            raise LoadFailed(f"the store refused the undo (run it again): {exc}") from exc
        finally:
            self._changed()
        self._journal_drop(merge_id)
        return record

    def merges(self) -> list[MergeRecord]:
        """The joins that can be undone, oldest first."""
        return [r for r, _ in self._journals().values()]

    def distinct_pairs(self) -> set[tuple[str, str]]:
        """The pairs a curator judged two places (``owl:differentFrom``), each as ``(a, b)`` with ``a < b``."""
        pairs = ((local_id(_text(r["a"])), local_id(_text(r["b"]))) for r in self._select(_Q_DISTINCT))
        return {(min(a, b), max(a, b)) for a, b in pairs}

    def _merge_dir(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + "-merges")

    def _journals(self) -> dict[str, tuple[MergeRecord, dict[str, str]]]:
        folder = self._merge_dir()
        if folder is None:
            raw = list(self._memory_journals.values())
        else:
            raw = (
                [json.loads(f.read_text("utf-8")) for f in sorted(folder.glob("merge-*.json"))]
                if folder.is_dir()
                else []
            )
        raw.sort(key=lambda j: j["seq"])
        return {j["record"]["id"]: (MergeRecord(**j["record"]), j["data"]) for j in raw}

    def _journal_put(self, record: MergeRecord, data: dict[str, str]) -> None:
        entry = {"seq": time.time_ns(), "record": dataclasses.asdict(record), "data": data}
        folder = self._merge_dir()
        if folder is None:
            self._memory_journals[record.id] = entry
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{record.id}.json.part"
        tmp.write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
        tmp.replace(folder / f"{record.id}.json")

    def _journal_drop(self, merge_id: str) -> None:
        folder = self._merge_dir()
        if folder is None:
            self._memory_journals.pop(merge_id, None)
        else:
            (folder / f"{merge_id}.json").unlink(missing_ok=True)

    def _writable(self) -> None:
        if self.read_only:
            raise LoadFailed("the store is open read-only; stop the process that holds it and try again")

    def _changed(self) -> None:
        with self._lock:
            self._version = uuid.uuid4().hex
            self._index = None
            self._write_version()

    def _saved_version(self) -> str | None:
        """The version token saved beside the store, or None."""
        if self._version_file is None:
            return None
        try:
            token = self._version_file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return token if re.fullmatch(r"[0-9a-f]{32}", token) else None

    def _read_version(self) -> str:
        """The version token saved beside the store; a new one (saved when writable) if there is none."""
        saved = self._saved_version()
        if saved is not None:
            return saved
        self._version = uuid.uuid4().hex
        if not self.read_only:
            self._write_version()
        elif self._version_file is not None:
            # An unsaved token is never written into caches, so nothing is kept under it.
            self._persistent = False
        return self._version

    def _write_version(self) -> None:
        """Save the token beside the store atomically (a temporary file renamed over the old one)."""
        if self._version_file is None or self.read_only:
            return
        tmp = self._version_file.with_name(f"{self._version_file.name}.{uuid.uuid4().hex[:8]}.part")
        try:
            tmp.write_text(self._version + "\n", encoding="ascii")
            tmp.replace(self._version_file)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LoadFailed(f"cannot record the store's version in {self._version_file}: {exc}") from exc

    @property
    def persistent_version(self) -> bool:
        """Whether :meth:`version` is saved beside the store, so caches on disk may be keyed to it."""
        return self._version_file is not None and self._persistent

    # ------------------------------------------------------------------ SPARQL
    def sparql(
        self, query: str, *, bindings: Mapping[str, Any] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all datasets.

        ``bindings`` maps variable names to values (rdflib or pyoxigraph terms,
        or plain ``str``/``int``/``float`` turned into literals); they are bound,
        never spliced into the text. A bound variable must be in the projection.
        """
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None
        if bindings:
            subs = {ox.Variable(k): _bound(v) for k, v in bindings.items()}
        try:
            return self._ox.query(query, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except RuntimeError as exc:
            raise QueryError(f"the query could not run: {exc}") from exc
        except OSError as exc:
            raise StoreUnavailable(f"the store could not answer: {exc}") from exc

    def _select(self, query: str, **bindings: Any) -> Iterator[ox.QuerySolution]:
        result = self.sparql(query, bindings=bindings or None)
        assert isinstance(result, ox.QuerySolutions)
        return iter(result)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, dataset graph included."""
        return iter(self._ox)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the union graph, each once."""
        seen: set[ox.Triple] = set()
        for q in self._ox:
            t = q.triple
            if t not in seen:
                seen.add(t)
                yield t

    def __len__(self) -> int:
        return len(self._ox)

    def validate(self, *, progress: Callable[[int, int, str], None] | None = None) -> ValidationReport:
        """Check the whole store against the SHACL shapes, compiled to SPARQL (pyshacl's results, in seconds)."""
        from ontology.shacl_sparql import validate_oxigraph

        return validate_oxigraph(self._ox, progress=progress)

    # ------------------------------------------------------------------ lookups
    def version(self) -> str:
        """A token that changes after every load that changed the content."""
        return self._version

    def _name_index(self) -> _Index:
        with self._lock:
            if self._index is not None and self._index.version == self._version:
                return self._index
            version = self._version
        saved = load_json(self, "names", "index", version)
        if saved is not None:
            try:
                index = _Index(version, saved["by_name"], saved["labels"], saved["types"])
            except (KeyError, TypeError):
                index = None
            if index is not None:
                with self._lock:
                    self._index = index
                save_name_table(self, version, index.by_name, index.labels, index.types)
                return index
        by_name: dict[str, list[str]] = defaultdict(list)
        labels: dict[str, dict[str, list[str]]] = defaultdict(dict)
        types: dict[str, set[str]] = defaultdict(set)
        for row in self._select(_Q_ENTITY_TYPES):
            types[local_id(_text(row["s"]))].add(local_id(_text(row["t"])))
        for row in self._select(_Q_LABELS):
            eid = local_id(_text(row["s"]))
            if eid not in types:
                continue
            text = _text(row["label"])
            labels[eid].setdefault(_lang(row["label"]) or "", [])
            if text not in labels[eid][_lang(row["label"]) or ""]:
                labels[eid][_lang(row["label"]) or ""].append(text)
            key = normalise(text)
            if eid not in by_name[key]:
                by_name[key].append(eid)
        for row in self._select(_Q_IDENTIFIERS):
            eid = local_id(_text(row["s"]))
            if eid in types:
                by_name[normalise(_text(row["v"]))].append(eid)
        for eid in types:  # every entity is found by its id too
            by_name[eid.casefold()].append(eid)
        pref: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in self._select(_Q_PREF_LABELS):
            pref[local_id(_text(row["s"]))].append((_text(row["label"]), _lang(row["label"]) or ""))
        ordered = {eid: order_labels(names, pref.get(eid, [])) for eid, names in labels.items()}
        index = _Index(version, dict(by_name), ordered, {k: _most_specific(v) for k, v in types.items()})
        with self._lock:
            self._index = index
        save_json(
            self,
            "names",
            "index",
            version,
            {"by_name": index.by_name, "labels": ordered, "types": index.types},
        )
        save_name_table(self, version, index.by_name, ordered, index.types)
        return index

    def _name_table(self) -> NameTable | None:
        """The name table of this version saved beside the store, while the whole index is not in memory."""
        with self._lock:
            if self._index is not None and self._index.version == self._version:
                return None
            table, version = self._table, self._version
        if table is not None and table.version == version:
            return table
        table = open_name_table(self, version)
        with self._lock:
            self._table = table
        return table

    def search(self, text: str, *, lang: str = "en", limit: int = 10) -> list[EntityRef]:
        """Entities whose label, id or identifier matches ``text``: exact, then prefix, then substring."""
        table = self._name_table()
        if table is not None:
            import sqlite3

            try:
                return table.search(text, normalise(text), lang=lang, limit=limit)
            except sqlite3.Error:
                with self._lock:
                    self._table = None  # a damaged table: the whole index answers, and saves it again
        index = self._name_index()
        return rank_search(
            index.by_name, index.labels, index.types, text, normalise(text), lang=lang, limit=limit
        )

    def suggest(self, text: str, *, n: int = 5) -> list[str]:
        """The closest known names to ``text``, for 'did you mean' messages."""
        index = self._name_index()
        return difflib.get_close_matches(normalise(text), list(index.by_name), n=n, cutoff=0.6)

    def exists(self, entity_id: str) -> bool:
        """Whether ``entity_id`` names an entity of the store."""
        with self._lock:
            fresh = self._index is not None and self._index.version == self._version
        if not fresh:
            table = self._name_table()
            if table is not None:
                import sqlite3

                with contextlib.suppress(sqlite3.Error):
                    return table.exists(entity_id)
        if fresh or not _SAFE_ID.fullmatch(entity_id):
            return entity_id in self._name_index().types
        # One lookup, not a rebuild of the whole name index after each write (a load's joins check many pairs).
        return any(True for _ in self._select(_Q_IS_ENTITY, s=ox.NamedNode(_DATA + entity_id)))

    def entity(self, entity_id: str, *, lang: str = "en") -> EntityDetail:
        """The entity with its labels, identifiers, attributes, links, facts and sources."""
        index = self._name_index()
        if entity_id not in index.types:
            raise NotFound(f"no entity with id {entity_id!r}", suggestions=self.suggest(entity_id))
        iri = ox.NamedNode(_DATA + entity_id)
        types: list[str] = []
        identifiers: dict[str, str] = {}
        attributes: dict[str, str] = {}
        links: dict[str, list[EntityRef]] = defaultdict(list)
        for row in self._select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", s=iri):
            p, o = _text(row["p"]), row["o"]
            if p == str(RDF.type):
                types.append(local_id(_text(o)))
            elif p in _ID_PROPS:
                add_attribute(identifiers, _ID_PROPS[p], _text(o))
            elif p in {str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)} or p in _SKIP_LINKS:
                continue
            elif isinstance(o, ox.NamedNode):
                oid = local_id(o.value)
                if oid in index.types:
                    links[_short(p)].append(self._ref(index, oid, lang))
                else:
                    add_attribute(attributes, _short(p), oid)
            elif p == str(SCHEMA.description):
                if _lang(o) in (lang, None) or _short(p) not in attributes:
                    attributes["description"] = _text(o)
            else:
                add_attribute(attributes, _DATE_PROPS.get(p, _short(p)), _text(o))
        for row in self._select("SELECT ?o ?p ?s WHERE { ?s ?p ?o }", o=iri):
            p = _text(row["p"])
            if p in _INCOMING:
                sid = local_id(_text(row["s"]))
                if sid in index.types:
                    links[_INCOMING[p]].append(self._ref(index, sid, lang))
        facts = [self._fact(index, fid, role, entity_id, lang) for fid, role in self._facts_of(iri)]
        facts.sort(key=lambda f: (f.type, f.dates.get("start") or f.dates.get("signed") or "", f.id))
        labels = index.labels.get(entity_id, {})
        return EntityDetail(
            id=entity_id,
            type=index.types[entity_id],
            types=sorted(set(types)),  # a type stated by two datasets (two named graphs) is one type
            label=pick_label(labels, lang, entity_id),
            labels=labels,
            identifiers=identifiers,
            attributes=attributes,
            links={k: sorted(v, key=lambda r: r.id) for k, v in links.items()},
            facts=facts,
            sources=self._sources(iri),
        )

    def _ref(self, index: _Index, eid: str, lang: str) -> EntityRef:
        return EntityRef(eid, pick_label(index.labels.get(eid, {}), lang, eid), index.types.get(eid, ""))

    def _facts_of(self, iri: ox.NamedNode) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for row in self._select(_Q_FACTS_OF, e=iri):
            out.append((local_id(_text(row["f"])), _short(_text(row["p"]))))
        return sorted(set(out))

    def _fact(self, index: _Index, fid: str, role: str, seen_from: str, lang: str) -> FactView:
        iri = ox.NamedNode(_DATA + fid)
        types: set[str] = set()
        others: dict[str, list[EntityRef]] = defaultdict(list)
        dates: dict[str, str] = {}
        attributes: dict[str, str] = {}
        for row in self._select("SELECT ?f ?p ?o WHERE { ?f ?p ?o }", f=iri):
            p, o = _text(row["p"]), row["o"]
            if p == str(RDF.type):
                types.add(local_id(_text(o)))
            elif p in _DATE_PROPS:
                dates[_DATE_PROPS[p]] = _text(o)
            elif p in _SKIP_LINKS or p in {str(SKOS.prefLabel), str(SKOS.altLabel)}:
                continue
            elif p == str(RDFS.label):
                if "label" not in attributes or _lang(o) == lang:
                    attributes["label"] = _text(o)
            elif isinstance(o, ox.NamedNode):
                oid = local_id(o.value)
                if oid in index.types and oid != seen_from:
                    others[_short(p)].append(self._ref(index, oid, lang))
                elif oid not in index.types:
                    add_attribute(attributes, _short(p), oid)
            else:
                add_attribute(attributes, _short(p), _text(o))
        for refs in others.values():
            refs.sort(key=lambda r: r.id)
        return FactView(
            id=fid,
            type=_most_specific(types),
            role=role,
            others=dict(others),
            dates=dates,
            attributes=attributes,
            sources=self._sources(iri),
        )

    def _sources(self, iri: ox.NamedNode) -> list[SourceView]:
        views: list[SourceView] = []
        for row in self._select(_Q_SOURCES, f=iri):
            sid = local_id(_text(row["src"]))
            views.append(
                SourceView(
                    id=sid,
                    label=_text(row["label"]) if row["label"] is not None else sid,
                    date=_text(row["date"]) if row["date"] is not None else None,
                    publisher=_text(row["pub"]) if row["pub"] is not None else None,
                    sentence=_text(row["sentence"]) if row["sentence"] is not None else None,
                    sentence_lang=_lang(row["sentence"]) if row["sentence"] is not None else None,
                    url=_text(row["url"]) if row["url"] is not None else None,
                )
            )
        return dedupe_sources(views)

    # ------------------------------------------------------------------ projections
    def nodes(self, *, lang: str = "en") -> list[NodeInfo]:
        """Every entity, with its label in ``lang``, country and coordinates."""
        index = self._name_index()
        geo: dict[str, tuple[str | None, float | None, float | None, float | None]] = {}
        for row in self._select(_Q_NODE_ATTRS):
            eid = local_id(_text(row["s"]))
            country = local_id(_text(row["country"])) if row["country"] is not None else None
            lat = float(_text(row["lat"])) if row["lat"] is not None else None
            lon = float(_text(row["lon"])) if row["lon"] is not None else None
            # the largest population stated (-1: none), as the Neo4j store takes the largest of a list
            pop = float(_text(row["pop"])) if row["pop"] is not None else -1.0
            geo[eid] = (country, lat, lon, pop if pop >= 0 else None)
        return [
            NodeInfo(eid, etype, pick_label(index.labels.get(eid, {}), lang, eid), *geo.get(eid, (None,) * 4))
            for eid, etype in sorted(index.types.items())
        ]

    def places(self) -> list[PlaceView]:
        """Every city with all its labels, GeoNames ids, coordinates and population (for curation)."""
        index = self._name_index()
        extra: dict[str, tuple[tuple[str, ...], int | None]] = {}
        for row in self._select(_Q_PLACE_IDS):
            eid = local_id(_text(row["s"]))
            gn = tuple(sorted({g for g in _text(row["gn"]).split(" ") if g})) if row["gn"] is not None else ()
            # Aggregates over the union's rows: a row without a population counts -1, one without a
            # GeoNames id '' (an unbound value would make the whole aggregate unbound, and a city with
            # both lose one of them).
            pop = _int(_text(row["pop"])) if row["pop"] is not None else None
            extra[eid] = (gn, pop if pop is not None and pop >= 0 else None)
        out: list[PlaceView] = []
        for n in self.nodes():
            if n.type != "City":
                continue
            gn, pop = extra.get(n.id, ((), None))
            out.append(PlaceView(n.id, n.type, index.labels.get(n.id, {}), gn, n.lat, n.lon, pop))
        return out

    def ties(self) -> list[Tie]:
        """Every tie between two entities drawn from a trusted fact (see :class:`graph.store.Tie`)."""
        out: list[Tie] = []
        for row in self._select(_Q_TIES):
            out.append(
                Tie(
                    fact=local_id(_text(row["f"])),
                    kind=_text(row["kind"]),
                    source=local_id(_text(row["a"])),
                    target=local_id(_text(row["b"])),
                    start=_text(row["start"]) if row["start"] is not None else None,
                    end=_text(row["end"]) if row["end"] is not None else None,
                    sources=tuple(
                        sorted(local_id(s) for s in _text(row["srcs"] or ox.Literal("")).split(" ") if s)
                    ),
                )
            )
        out.sort(key=lambda t: (t.fact, t.kind, t.source, t.target))
        return out

    def counts(self) -> dict[str, int]:
        """Entities and facts per ontology class, and the number of triples."""
        out = {local_id(_text(r["t"])): int(_text(r["n"])) for r in self._select(_Q_COUNTS)}
        return dict(sorted(out.items()))

    def close(self) -> None:
        """Flush and release the store (again: nothing)."""
        db, self._db, self._closed = self._db, None, True
        table, self._table = self._table, None
        if table is not None:
            table.close()
        if db is None:
            return
        if not self._read_only and self.path is not None:
            db.flush()


_REVIEW_STATUSES = ("Candidate", "Accepted", "Rejected")
_SAFE_ID = re.compile(r"[A-Za-z0-9._~-]+")


_KEEP_OLD_LOGS = 3


class EmbeddedLoad:
    """A load into an :class:`EmbeddedStore` written as it is read, all or nothing.

    Each :meth:`write` adds the statements of one batch that the store lacks, after appending them
    (synced) to a journal beside the store: :meth:`abort` removes what the journal lists, and a load
    whose process died, in a batch or between two, is taken back the same way when the store is next
    opened for writing. :meth:`commit` drops the journal. A store on disk takes each batch through
    Oxigraph's bulk writer (new files, no memory tables growing with the load); a store in memory
    takes it in one transaction and keeps its journal in memory. Memory grows with one batch, not
    with the load.
    """

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.summary = LoadSummary()
        self._journal = store._load_journal()
        self._memory: list[ox.Quad] = []
        self._open = True

    def write(self, name: str, graph: Graph) -> None:
        """Add one batch of dataset ``name``; on failure nothing of the load stays (it is aborted)."""
        if not self._open:
            raise LoadFailed("this load is finished; begin another")
        gname = ox.NamedNode(str(GRAPH[name]))
        if name not in self.summary.datasets:
            self.summary.datasets.append(name)
        terms: dict[Any, Any] = {}  # a term met again (a predicate, a class, an entity) is converted once
        quads = dict.fromkeys(_quads(graph, gname, terms))
        self.summary.triples_read += len(quads)
        store = self._store
        new = [q for q in quads if q not in store._ox]
        if not new:
            return
        if not self.summary.triples_added:
            store._changed()  # before the first write: a crash never leaves a cache keyed to the old token
        try:
            self._log(new)
            if store.path is None:
                store._ox.extend(new)
            else:
                # Oxigraph's bulk writer: new files on disk, no memory tables that grow with the load, half
                # the CPU of a transaction plus a flush per batch. Not atomic itself: the journal is.
                store._ox.bulk_extend(new)
        except (OSError, LoadFailed) as exc:
            self.abort()
            raise LoadFailed(f"the store refused the load, nothing was kept: {exc}") from exc
        self.summary.triples_added += len(new)

    def _log(self, quads: list[ox.Quad]) -> None:
        if self._journal is None:
            self._memory.extend(quads)
            return
        try:
            with self._journal.open("ab") as fh:
                ox.serialize(quads, fh, ox.RdfFormat.N_QUADS)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise LoadFailed(f"cannot write the load's journal {self._journal}: {exc}") from exc

    def commit(self) -> LoadSummary:
        """Keep what was written: drop the journal; the summary with the store's counts."""
        self._finish()
        if self._journal is not None:
            self._journal.unlink(missing_ok=True)
        self._memory.clear()
        if self.summary.triples_added:
            self._store._changed()
        self.summary.counts = self._store.counts()
        return self.summary

    def abort(self) -> None:
        """Take back everything this load added (safe to call again, or after commit: then it does nothing)."""
        if not self._open:
            return
        self._finish()
        store = self._store
        if self.summary.triples_added or self._memory:
            store._changed()
        if self._journal is None:
            store._remove_all(iter(self._memory))
            self._memory.clear()
        elif self._journal.exists():
            store._remove_all(_journaled(self._journal))
            self._journal.unlink()
        store._changed()
        self.summary.triples_added = 0

    def _finish(self) -> None:
        self._open = False
        self._store._loading = False


def _journaled(journal: Path) -> Iterator[ox.Quad]:
    """The quads a load journal lists; a last line cut off by a crash is left out (its batch was never
    written: the journal is synced before each batch goes to the store)."""
    try:
        yield from ox.parse(path=str(journal), format=ox.RdfFormat.N_QUADS)
    except SyntaxError:
        return


def _prune_rocksdb_logs(path: Path) -> None:
    """Keep RocksDB's info logs bounded: every open rotates ``LOG`` to a ``LOG.old.<time>`` file of its own."""
    try:
        old = sorted(path.glob("LOG.old.*"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-_KEEP_OLD_LOGS]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a log we cannot remove is not worth refusing to open the store for


def _bound(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(value, URIRef | RLiteral | BNode):
        return to_oxigraph(value)
    if isinstance(value, bool | int | float | str):
        return to_oxigraph(RLiteral(value))
    raise QueryError(f"cannot bind a value of type {type(value).__name__}")


_REWRITTEN = {"altLabel": ox.NamedNode(str(SKOS.altLabel)), "sameAs": ox.NamedNode(str(OWL.sameAs))}


def _statement(q: ox.Quad) -> tuple[str, str | None, str]:
    """A quad as :func:`graph.curation.merge_rewrite` reads it: short property name, language, value."""
    o = q.object
    return _short(q.predicate.value), o.language if isinstance(o, ox.Literal) else None, _text(o)


def _nquads(quads: Sequence[ox.Quad]) -> str:
    data = ox.serialize(quads, None, ox.RdfFormat.N_QUADS)
    return data.decode("utf-8") if data is not None else ""


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


def _short(iri: str) -> str:
    for prefix in (_CKG, str(SCHEMA), str(DCTERMS), str(WGS), str(PROV), str(RDFS), str(SKOS), str(OWL)):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


_most_specific = most_specific


_P = f"""PREFIX ckg: <{_CKG}>
PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}>
PREFIX dcterms: <{DCTERMS}>
PREFIX wgs: <{WGS}>
PREFIX schema: <{SCHEMA}>
"""
_ENTITY_CLASSES = " ".join(f"ckg:{t}" for t in ENTITY_CLASSES)
_Q_ENTITY_TYPES = _P + f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?t {{ {_ENTITY_CLASSES} }} ?s a ?t }}"
_Q_IS_ENTITY = _P + f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {_ENTITY_CLASSES} }} ?s a ?t }} LIMIT 1"
_Q_LABELS = _P + "SELECT DISTINCT ?s ?label WHERE { ?s rdfs:label ?label }"
_Q_PREF_LABELS = f"SELECT DISTINCT ?s ?label WHERE {{ ?s <{SKOS.prefLabel}> ?label }}"
_Q_IDENTIFIERS = _P + ("SELECT DISTINCT ?s ?v WHERE { VALUES ?p { ckg:wikidataId ckg:geonamesId } ?s ?p ?v }")
_Q_FACTS_OF = _P + (
    "SELECT DISTINCT ?e ?f ?p WHERE { ?f ?p ?e . "
    "VALUES ?p { ckg:party ckg:member ckg:network ckg:heldBy ckg:postIn ckg:host ckg:participant "
    "ckg:organiser ckg:runBy ckg:partner ckg:certifiedBy } }"
)
_Q_SOURCES = _P + (
    "SELECT DISTINCT ?f ?src ?label ?date ?pub ?url ?sentence WHERE { "
    "{ ?f ckg:evidence ?ev . ?ev ckg:source ?src . OPTIONAL { ?ev ckg:sentence ?sentence } } "
    "UNION { ?f prov:wasDerivedFrom ?src } "
    "OPTIONAL { ?src rdfs:label ?label FILTER(LANG(?label) = 'en' || LANG(?label) = '') } "
    "OPTIONAL { ?src dcterms:date ?date } OPTIONAL { ?src ckg:publisherName ?pub } "
    "OPTIONAL { ?src schema:url ?url } }"
)
_Q_PLACE_IDS = _P + (
    "SELECT ?s (GROUP_CONCAT(DISTINCT COALESCE(STR(?g), ''); separator=' ') AS ?gn) "
    "(MAX(COALESCE(?p, -1)) AS ?pop) WHERE { "
    "?s a ckg:City . { ?s ckg:geonamesId ?g } UNION { ?s ckg:population ?p } } GROUP BY ?s"
)
_Q_NODE_ATTRS = _P + (
    "SELECT ?s (SAMPLE(?c) AS ?country) (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?lon) (MAX(COALESCE(?po, -1)) AS ?pop) "
    "WHERE { { ?s ckg:country ?c } UNION { ?s wgs:lat ?la ; wgs:long ?lo } UNION { ?s ckg:population ?po } } "
    "GROUP BY ?s"
)
_TIE_PATTERNS = {
    "Agreement": "?f a ?k ; ckg:party ?a, ?b . FILTER(STR(?a) < STR(?b)) "
    "VALUES ?k { ckg:TwinningAgreement ckg:PartnershipAgreement ckg:MemorandumOfUnderstanding "
    "ckg:CooperationAgreement } BIND(STRAFTER(STR(?k), '#') AS ?kind) "
    "OPTIONAL { ?f ckg:signingDate ?signed }",
    "Membership": "?f a ckg:Membership ; ckg:member ?a ; ckg:network ?b . BIND('Membership' AS ?kind)",
    "Post": "?f a ckg:Post ; ckg:heldBy ?a ; ckg:postIn ?b . BIND('Post' AS ?kind)",
    "EventHost": "?f ckg:host ?b . BIND(?f AS ?a) BIND('EventHost' AS ?kind)",
    "EventParticipant": "?f ckg:participant ?b . BIND(?f AS ?a) BIND('EventParticipant' AS ?kind)",
    "EventOrganiser": "?f ckg:organiser ?b . BIND(?f AS ?a) BIND('EventOrganiser' AS ?kind)",
    "ProgrammeRunBy": "?f ckg:runBy ?b . BIND(?f AS ?a) BIND('ProgrammeRunBy' AS ?kind)",
    "ProgrammePartner": "?f ckg:partner ?b . BIND(?f AS ?a) BIND('ProgrammePartner' AS ?kind)",
    "LocatedIn": "?f ckg:locatedIn ?b . BIND(?f AS ?a) BIND('LocatedIn' AS ?kind)",
    "Governs": "?f ckg:governs ?b . BIND(?f AS ?a) BIND('Governs' AS ?kind)",
    "PartOf": "?f schema:parentOrganization ?b . BIND(?f AS ?a) BIND('PartOf' AS ?kind)",
}
# Only trusted facts make ties: no review status, or Accepted (a Candidate or Rejected one stays out).
_TRUSTED = "FILTER NOT EXISTS { ?f ckg:reviewStatus ?review FILTER(?review != ckg:Accepted) } "
_Q_TIES = _P + (
    "SELECT ?f ?kind ?a ?b (SAMPLE(COALESCE(?st, ?signed)) AS ?start) (SAMPLE(?en) AS ?end) "
    "(GROUP_CONCAT(DISTINCT STR(?src); separator=' ') AS ?srcs) WHERE { "
    + " UNION ".join("{ " + p + " }" for p in _TIE_PATTERNS.values())
    + " "
    + _TRUSTED
    + "OPTIONAL { ?f ckg:startDate ?st } OPTIONAL { ?f ckg:endDate ?en } "
    "OPTIONAL { ?f prov:wasDerivedFrom ?src } } GROUP BY ?f ?kind ?a ?b"
)
_Q_DISTINCT = f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{OWL.differentFrom}> ?b }}"
_Q_COUNTS = _P + (
    "SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(ckg:))) } GROUP BY ?t"
)


def _open_failure(path: Path | None, exc: OSError) -> str:
    """Why the store at ``path`` cannot be opened, in words: a held lock names who holds it."""
    if path is None or "lock" not in str(exc).lower():
        return f"cannot open the store at {path}: {exc}"
    from graph.running import find_server

    server = find_server(path.parent)
    if server is not None:
        return (
            f"the store at {path} is held by a running citykg server ({server.describe()}); "
            f"`citykg load` hands loads to it, other writes need it stopped first (kill {server.pid})"
        )
    return (
        f"the store at {path} is held by another process (a running `citykg serve`, or a load or "
        "merge still at work); wait for it to finish or stop it, then try again"
    )
