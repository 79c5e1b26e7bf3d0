"""The Neo4j store: the same facts as a property graph (see :mod:`graph.neo4j_mapping`).

The driver is injected (:meth:`Neo4jStore.from_settings` builds one from the
settings; ``neo4j://`` and ``neo4j+s://`` give the routing driver, so a cluster
or Aura works unchanged). All work goes through managed transactions
(``execute_read``/``execute_write``), which the driver retries on transient
errors. The driver's ``ServiceUnavailable``, ``SessionExpired`` and
``AuthError`` become :class:`graph.errors.StoreUnavailable` here.

A load is all or nothing. A load of up to ``single_tx_limit`` nodes plus
relationships (120,000 by default: the world twinning data is about 89,000)
is ONE managed write transaction: nodes grouped by label set, then
relationships grouped by type, each group in ``UNWIND`` batches of
``batch_size`` rows, then the version; a transient error retries the whole
unit, any other error leaves nothing. The property merge with what is stored
runs in Cypher (see :func:`graph.cypher.node_merge`), so nothing is read back
first. A bigger load is written in batches, each its own transaction, with
everything it creates tagged with a load id (``_load``), a marker node that
every batch touches, and a journal of the properties of nodes that existed
before, written in each batch's own transaction; on any failure the tagged
nodes and relationships are deleted and the journaled properties restored; on
success the tags, journal and marker are removed. A dataset name the load adds to a relationship that
existed before is noted on it (``_added``) and taken back the same way. A load that died with its
process (its marker untouched for ``stale_after`` seconds) is rolled back the
same way by the next load. Every load confirms what it writes: a node or
relationship it merges loses another load's ``_load`` tag and its journal
entries, so such a rollback removes only what the dead load wrote and no later
load (a successful rerun, say) wrote again. Loads MERGE on ``Resource.id``
(unique), so loading twice leaves the same counts.
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.time import Date as Neo4jDate
from rdflib import Graph

from graph import cypher
from graph.curation import MergeRecord, merge_rewrite
from graph.errors import InvalidArgument, LoadFailed, NotFound, StoreUnavailable
from graph.neo4j_mapping import (
    PropertyGraph,
    literal_items,
    map_graphs,
    merge_properties,
    property_key,
    rel_name,
    values,
)
from graph.settings import StoreSettings
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
    DATE_KEYS,
    ENTITY_CLASSES,
    IDENTIFIER_KEYS,
    INCOMING_LINKS,
    STRUCTURE_TIES,
    add_attribute,
    dedupe_sources,
    most_specific,
    rank_search,
)
from ontology.names import normalise

__all__ = ["Neo4jStore"]

T = TypeVar("T")
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, AuthError)
_SKIP = {"wasDerivedFrom", "evidence", "exactMatch"}  # as the embedded store skips them
_AGREEMENTS = (
    "TwinningAgreement",
    "PartnershipAgreement",
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
)
_EVENT_KINDS = {
    "host": "EventHost",
    "participant": "EventParticipant",
    "organiser": "EventOrganiser",
    "runBy": "ProgrammeRunBy",
    "partner": "ProgrammePartner",
}


class _Index:
    def __init__(self, version: str) -> None:
        self.version = version
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, dict[str, list[str]]] = {}
        self.types: dict[str, str] = {}


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def _first(props: Mapping[str, Any], key: str) -> Any:
    vals = values(props, key)
    if not vals:
        return None
    # A date property (xsd:date, typed by the mapping) reads back as text, as the embedded store gives it.
    return vals[0].iso_format() if isinstance(vals[0], Neo4jDate) else vals[0]


def _text(value: Any) -> str:
    return str(value)


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _rels(out: Sequence[Sequence[Any]], inc: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """A node's relationships as ``[type, src, dst, datasets]``, each once (a self-loop is in both lists)."""
    seen: dict[tuple[str, str, str], list[Any]] = {}
    for t, a, b, ds in [*out, *inc]:
        seen.setdefault((t, a, b), [t, a, b, list(ds) if ds is not None else None])
    return [seen[k] for k in sorted(seen)]


def _groups(pg: PropertyGraph) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in pg.node_rows():
        groups[tuple(row["labels"])].append({"id": row["id"], "props": row["props"]})
    return groups


def node_labels(props: Mapping[str, Any]) -> dict[str, list[str]]:
    """Labels per language of a node, the preferred label first, the others sorted."""
    out: dict[str, list[str]] = {}
    for key in sorted(props):
        name, lang = key.partition("_")[0], key.partition("_")[2]
        if name != "label":
            continue
        pref = set(values(props, f"prefLabel_{lang}" if lang else "prefLabel"))
        out[lang] = sorted(values(props, key), key=lambda t: (t not in pref, t))
    return out


def _node_groups(pg: PropertyGraph) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """The node rows of ``pg`` grouped by label set (one ``MERGE`` statement per group)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in pg.node_rows():
        groups[tuple(row["labels"])].append({"id": row["id"], "props": row["props"]})
    return groups


class Neo4jStore:
    """A store in a Neo4j database, reached through an injected driver.

    Parameters
    ----------
    driver : neo4j.Driver
        The driver (``neo4j.GraphDatabase.driver(...)``); the store closes it in :meth:`close`.
    database : str, optional
        The database name (``None``: the server's default).
    batch_size : int
        Rows per ``UNWIND`` statement.
    single_tx_limit : int
        Loads with at most this many nodes plus relationships run in one transaction. One
        transaction holds about 3 KB of server memory per row (258 MB measured for the 89,228 rows
        of the world twinning data), so 120,000 rows stay within the 512 MB
        ``dbms.memory.transaction.total.max`` of ``scripts/neo4j-server``; raise both together.
    stale_after : float
        Seconds after which a batched load that stopped touching its marker counts as dead: the next
        load rolls it back (a live load touches it with every batch).

    The attribute ``rollback_pass`` (10,000) bounds the rows each transaction of a rollback or of the
    clean-up after a batched load touches.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        batch_size: int = 5000,
        single_tx_limit: int = 120_000,
        stale_after: float = 600.0,
    ) -> None:
        self._driver = driver
        self._database = database
        self.batch_size = batch_size
        self.single_tx_limit = single_tx_limit
        self.stale_after = stale_after
        self.rollback_pass = 10_000
        self._index: _Index | None = None

    @classmethod
    def from_settings(cls, settings: StoreSettings) -> Neo4jStore:
        """Build the driver from ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` and wrap it."""
        auth = None
        if settings.neo4j_password is not None:
            auth = (settings.neo4j_user or "neo4j", settings.neo4j_password.get_secret_value())
        try:
            # citykg's queries are fixed; the server's notes on them (a property no node has yet, in a
            # young database) would only reach users as log noise.
            driver = neo4j.GraphDatabase.driver(
                settings.neo4j_uri,
                auth=auth,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"cannot use NEO4J_URI {settings.neo4j_uri!r}: {exc}") from exc
        try:
            # Fail fast when the server is down, rather than after the managed retries (30 s).
            driver.verify_connectivity()
        except (*_UNAVAILABLE, OSError) as exc:
            driver.close()
            raise StoreUnavailable(
                f"Neo4j is not reachable at {settings.neo4j_uri}: {_one_line(exc)}"
            ) from exc
        return cls(driver, database=settings.neo4j_database)

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        try:
            with self._driver.session(database=self._database) as session:
                yield session
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j is not reachable: {_one_line(exc)}") from exc
        except OSError as exc:
            raise StoreUnavailable(f"Neo4j is not reachable: {_one_line(exc)}") from exc

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        with self._session() as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._session() as session:
            return session.execute_write(work)

    cache_dir: Path | None = None
    """Where caches of this database go (set by :func:`graph.open_store.open_store`); None: no caches."""

    @property
    def persistent_version(self) -> bool:
        """Whether :meth:`version` is kept in the database, so caches on disk may be keyed to it."""
        return self.version() != "empty"

    def version(self) -> str:
        """A token that changes after every load that changed the content."""
        rows = self._read(cypher.GET_VERSION)
        return str(rows[0]["version"]) if rows else "empty"

    def close(self) -> None:
        """Close the driver."""
        self._driver.close()

    def clear(self) -> None:
        """Remove everything from the database (tests and ``--replace`` loads)."""
        with self._session() as session:
            session.run(cypher.CLEAR).consume()
        self._write(lambda tx: tx.run(cypher.SET_VERSION, version=uuid.uuid4().hex).consume())
        self._index = None

    # ------------------------------------------------------------------ writing
    def load(self, graphs: Sequence[tuple[str, Graph]]) -> LoadSummary:
        """Write every (dataset, graph) pair, all or nothing (see the module docstring)."""
        return self.load_mapped(map_graphs(graphs), datasets=[name for name, _ in graphs])

    def load_mapped(self, pg: PropertyGraph, *, datasets: Sequence[str]) -> LoadSummary:
        """Write an already mapped property graph, all or nothing (what :meth:`load` does after mapping)."""
        summary = LoadSummary(datasets=list(datasets), triples_read=pg.triples)
        with self._session() as session:
            for statement in (*cypher.CONSTRAINTS, *cypher.LOAD_CONSTRAINTS):
                session.run(statement).consume()
        self._recover()
        groups = _node_groups(pg)
        rels = pg.rel_rows()
        load_id = uuid.uuid4().hex
        big = len(pg.nodes) + len(pg.rels) > self.single_tx_limit
        try:
            if big:
                added = self._write_batched(groups, rels, load_id)
            else:
                added = self._write(lambda tx: self._write_all(tx, groups, rels, load_id))
        except (Neo4jError, DriverError, StoreUnavailable) as exc:
            kept = "nothing was kept"
            if big and not self._rollback(load_id):
                kept = (
                    f"its partial writes (load {load_id}) could not be rolled back now and will be "
                    "by the next load"
                )
            if isinstance(exc, (*_UNAVAILABLE, StoreUnavailable)):
                raise StoreUnavailable(
                    f"Neo4j became unreachable during the load; {kept}: {_one_line(exc)}"
                ) from exc
            raise LoadFailed(f"Neo4j refused the load, {kept}: {_one_line(exc)}") from exc
        summary.triples_added = added
        if added:
            self._index = None
        summary.counts = self.counts()
        return summary

    def _batches(self, rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
        for start in range(0, len(rows), self.batch_size):
            yield rows[start : start + self.batch_size]

    def _write_all(
        self,
        tx: neo4j.ManagedTransaction,
        groups: Mapping[tuple[str, ...], list[dict[str, Any]]],
        rels: Mapping[str, list[dict[str, Any]]],
        load_id: str,
    ) -> int:
        """The whole load in one transaction: nodes by label set, then relationships by type, then the version.

        What it writes it confirms (see :func:`graph.cypher.node_merge`): a batched load that died cannot
        take it away in its rollback.
        """
        added = 0
        for labels, rows in groups.items():
            query = cypher.node_merge(labels)
            for batch in self._batches(rows):
                tx.run(cypher.JOURNAL_CONFIRM, ids=[row["id"] for row in batch], load=load_id).consume()
                added += self._run_nodes(tx, query, batch, load=load_id)
        for rtype, rrows in rels.items():
            query = cypher.rel_merge(rtype)
            for batch in self._batches(rrows):
                added += tx.run(query, rows=batch, load=load_id).consume().counters.relationships_created
        if added:
            tx.run(cypher.SET_VERSION, version=uuid.uuid4().hex).consume()
        return added

    @staticmethod
    def _run_nodes(
        tx: neo4j.ManagedTransaction, query: str, batch: list[dict[str, Any]], **params: Any
    ) -> int:
        result = tx.run(query, rows=batch, **params)
        gained = int(result.single(strict=True)["added"] or 0)
        return gained + result.consume().counters.nodes_created

    def _write_batched(
        self,
        groups: Mapping[tuple[str, ...], list[dict[str, Any]]],
        rels: Mapping[str, list[dict[str, Any]]],
        load_id: str,
    ) -> int:
        """A load too big for one transaction: a transaction per batch, created things tagged ``_load``.

        Each node batch journals, in its own transaction, the properties of the nodes that existed
        before it, so :meth:`_rollback` can restore them, now or after a crash.
        """
        self._begin_batched(load_id)
        added = self._write_tagged(groups, rels, load_id)
        self._end_batched(load_id, added)
        return added

    def _begin_batched(self, load_id: str) -> None:
        self._write(lambda tx: tx.run(cypher.LOAD_BEGIN, load=load_id).consume())

    def _write_tagged(
        self,
        groups: Mapping[tuple[str, ...], list[dict[str, Any]]],
        rels: Mapping[str, list[dict[str, Any]]],
        load_id: str,
    ) -> int:
        """Nodes, then relationships, in ``UNWIND`` batches, each its own transaction, tagged with ``load_id``."""
        added = 0
        for labels, rows in groups.items():
            query = cypher.node_merge(labels, tagged=True)
            for batch in self._batches(rows):

                def nodes(
                    tx: neo4j.ManagedTransaction, q: str = query, b: list[dict[str, Any]] = batch
                ) -> int:
                    ids = [row["id"] for row in b]
                    old = [
                        {"id": r["id"], "props": _props_json(r["props"])}
                        for r in tx.run(cypher.FETCH_UNJOURNALED, ids=ids, load=load_id)
                    ]
                    if old:
                        tx.run(cypher.JOURNAL, rows=old, load=load_id).consume()
                    tx.run(cypher.JOURNAL_CONFIRM, ids=ids, load=load_id).consume()
                    tx.run(cypher.LOAD_SEEN, load=load_id).consume()
                    return self._run_nodes(tx, q, b, load=load_id)

                added += self._write(nodes)
        for rtype, rrows in rels.items():
            query = cypher.rel_merge(rtype, tagged=True)
            for batch in self._batches(rrows):

                def links(
                    tx: neo4j.ManagedTransaction, q: str = query, b: list[dict[str, Any]] = batch
                ) -> int:
                    tx.run(cypher.LOAD_SEEN, load=load_id).consume()
                    return int(tx.run(q, rows=b, load=load_id).consume().counters.relationships_created)

                added += self._write(links)
        return added

    def _end_batched(self, load_id: str, added: int) -> None:
        """Keep a batched load: drop its tags, journal and marker; a new version when it added anything."""
        self._finish(cypher.FINISH_RELS, load_id)
        self._finish(cypher.FINISH_ADDED, load_id)
        self._finish(cypher.FINISH_NODES, load_id)
        self._finish(cypher.JOURNAL_DROP, load_id)
        self._write(lambda tx: tx.run(cypher.LOAD_END, load=load_id).consume())
        if added:
            self._write(lambda tx: tx.run(cypher.SET_VERSION, version=uuid.uuid4().hex).consume())

    def begin_load(self) -> Neo4jLoad:
        """Start a load written as it is read, all or nothing (see :class:`Neo4jLoad`)."""
        return Neo4jLoad(self)

    def _finish(self, query: str, load_id: str) -> None:
        """Run a pass statement (at most ``rollback_pass`` rows each) until it finds nothing more."""
        while self._write(
            lambda tx: tx.run(query, load=load_id, limit=self.rollback_pass).single(strict=True)["n"]
        ):
            pass

    def _rollback(self, load_id: str) -> bool:
        """Undo a batched load from what the database holds; False when Neo4j could not be reached.

        Deletes what the load created and no later load confirmed (what still carries its id in
        ``_load``: a load that writes a node or relationship removes another load's tag, and a node
        still linked by a relationship of another load is kept), restores the journaled properties of
        the nodes that existed before and no later load wrote (a later load drops their journal entries),
        then drops the journal and the marker. Each step can run again, so a rollback cut short (its
        process killed) is finished by the next load.
        """
        try:
            self._finish(cypher.ROLLBACK_RELS, load_id)
            self._finish(cypher.ROLLBACK_ADDED, load_id)
            self._finish(cypher.ROLLBACK_NODES, load_id)
            self._finish(cypher.FINISH_NODES, load_id)  # the created nodes other loads link to stay
            rows = [
                {"id": r["id"], "props": _props_from_json(r["props"])}
                for r in self._read(cypher.JOURNAL_ROWS, load=load_id)
            ]
            for chunk in self._batches(rows):
                self._write(lambda tx, c=chunk: tx.run(cypher.RESTORE_PROPERTIES, rows=c).consume())  # type: ignore[misc]
            self._finish(cypher.JOURNAL_DROP, load_id)
            self._write(lambda tx: tx.run(cypher.LOAD_END, load=load_id).consume())
        except (Neo4jError, DriverError, StoreUnavailable):
            return False
        return True

    def _recover(self) -> None:
        """Roll back every batched load that died midway (its marker untouched for ``stale_after`` s)."""
        for row in self._read(cypher.STALE_LOADS, seconds=self.stale_after):
            if not self._rollback(row["load"]):
                raise StoreUnavailable(f"Neo4j failed while rolling back the dead load {row['load']}")
            self._index = None

    # ------------------------------------------------------------------ curation
    def merge(self, keep: str, other: str, record: MergeRecord, graph: Graph) -> MergeRecord:
        """Join ``other`` into ``keep`` in one write transaction (see :func:`graph.curation.merge`).

        ``keep`` gains the properties, labels and relationships of ``other``,
        rewritten as :func:`graph.curation.merge_rewrite` says (as the embedded
        store does: preferred names become ``altLabel_<lang>``, identifiers
        ``sameAs`` IRIs, single-valued values ``keep`` has are dropped, a
        ``COUNTRY`` or ``LOCATED_IN`` link among them); ``other`` stays as a bare node
        that ``keep`` is ``SAME_AS``; the record is written as the mapping of
        its RDF. A ``CitykgMerge`` node journals what :meth:`unmerge` restores.
        """
        with self._session() as session:
            session.run(cypher.MERGE_CONSTRAINT).consume()
        pg = map_graphs([(record.id, graph)])

        def work(tx: neo4j.ManagedTransaction) -> MergeRecord:
            k = tx.run(cypher.MERGE_READ, id=keep).single(strict=True)
            o = tx.run(cypher.MERGE_READ, id=other).single(strict=True)
            other_rels = _rels(o["out"], o["inc"])
            keep_rels = {(t, a, b): ds for t, a, b, ds in _rels(k["out"], k["inc"])}
            # One rule for both stores (graph.curation.merge_rewrite), over literals and outgoing links alike.
            keep_has = {(n, lang) for n, lang, _ in literal_items(k["props"])}
            keep_has |= {(rel_name(t), None) for t, a, _, _ in _rels(k["out"], k["inc"]) if a == keep}
            literals = list(literal_items(o["props"]))
            out_rels = [r for r in other_rels if r[1] == other]
            rewritten = merge_rewrite(
                keep_has, [*literals, *((rel_name(t), None, b) for t, _, b, _ in out_rels)]
            )
            extra: dict[str, Any] = {
                key: o["props"][key] for key in ("types", "datasets", "names") if key in o["props"]
            }
            for row in rewritten[: len(literals)]:
                if row is not None:
                    extra.setdefault(property_key(*row[:2]), []).append(row[2])
            dropped = {
                (t, a, b)
                for (t, a, b, _), row in zip(out_rels, rewritten[len(literals) :], strict=True)
                if row is None
            }
            props, _ = merge_properties(k["props"], extra)
            moved: dict[tuple[str, str, str], list[str]] = {}
            before: dict[tuple[str, str, str], list[str] | None] = {}
            for t, a, b, ds in other_rels:
                if (t, a, b) in dropped:
                    continue
                key = (t, keep if a == other else a, keep if b == other else b)
                if key not in before:
                    old = keep_rels.get(key)
                    before[key] = None if old is None else list(old)
                    moved[key] = list(old or [])
                moved[key] += [d for d in ds or [] if d not in moved[key]]
            tx.run(cypher.MERGE_DELETE_NODE, id=other).consume()
            tx.run(cypher.MERGE_SET_PROPS, id=keep, props=props).consume()
            new_labels = [x for x in o["labels"] if x not in k["labels"]]
            if new_labels:
                tx.run(cypher.set_labels(new_labels), id=keep).consume()
            by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for (t, a, b), ds in moved.items():
                by_type[t].append({"src": a, "dst": b, "datasets": ds})
            for t, rows in sorted(by_type.items()):
                tx.run(cypher.rel_set(t), rows=rows).consume()
            self._write_all(tx, _groups(pg), pg.rel_rows(), uuid.uuid4().hex)
            done = MergeRecord(record.id, keep, other, record.by, record.at, len(other_rels))
            tx.run(
                cypher.MERGE_JOURNAL,
                id=record.id,
                seq=time.time_ns(),
                record=json.dumps(dataclasses.asdict(done)),
                keep=keep,
                other=other,
                keep_props=_props_json(k["props"]),
                keep_labels=list(k["labels"]),
                other_props=_props_json(o["props"]),
                other_labels=list(o["labels"]),
                other_rels=json.dumps(other_rels, ensure_ascii=False),
                rel_before=json.dumps([[*key, ds] for key, ds in before.items()], ensure_ascii=False),
            ).consume()
            tx.run(cypher.SET_VERSION, version=uuid.uuid4().hex).consume()
            return done

        try:
            done = self._write(work)
        except (Neo4jError, DriverError) as exc:
            raise LoadFailed(f"Neo4j refused the merge, nothing was changed: {_one_line(exc)}") from exc
        self._index = None
        return done

    def unmerge(self, merge_id: str) -> MergeRecord:
        """Undo the join ``merge_id`` in one write transaction, from its journal."""
        journals = self._merge_journals()
        if merge_id not in journals:
            raise NotFound(
                f"no merge {merge_id!r} to undo" + (f"; known: {', '.join(journals)}" if journals else "")
            )
        j = journals[merge_id]
        record = MergeRecord(**json.loads(j["record"]))
        later = [
            mid
            for mid in list(journals)[list(journals).index(merge_id) + 1 :]
            if {journals[mid]["keep"], journals[mid]["other"]} & {record.keep, record.other}
        ]
        if later:
            raise InvalidArgument(f"undo the later merges of the same entities first: {', '.join(later)}")

        def work(tx: neo4j.ManagedTransaction) -> None:
            current = tx.run(cypher.MERGE_READ, id=record.keep).single(strict=True)
            tx.run(cypher.MERGE_DELETE_NODE, id=merge_id).consume()
            tx.run(cypher.MERGE_DELETE_NODE, id=record.other).consume()
            tx.run(cypher.MERGE_SET_PROPS, id=record.keep, props=_props_from_json(j["keepProps"])).consume()
            gained = [x for x in current["labels"] if x not in j["keepLabels"]]
            if gained:
                tx.run(cypher.set_labels(gained, remove=True), id=record.keep).consume()
            drop: dict[str, list[dict[str, Any]]] = defaultdict(list)
            reset: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for t, a, b, ds in json.loads(j["relBefore"]):
                (drop if ds is None else reset)[t].append({"src": a, "dst": b, "datasets": ds})
            for t, rows in sorted(drop.items()):
                tx.run(cypher.rel_delete(t), rows=rows).consume()
            for t, rows in sorted(reset.items()):
                tx.run(cypher.rel_set(t), rows=rows).consume()
            tx.run(cypher.create_node(j["otherLabels"]), props=_props_from_json(j["otherProps"])).consume()
            back: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for t, a, b, ds in json.loads(j["otherRels"]):
                back[t].append({"src": a, "dst": b, "datasets": ds})
            for t, rows in sorted(back.items()):
                tx.run(cypher.rel_set(t), rows=rows).consume()
            tx.run(cypher.MERGE_JOURNAL_DROP, id=merge_id).consume()
            tx.run(cypher.SET_VERSION, version=uuid.uuid4().hex).consume()

        try:
            self._write(work)
        except (Neo4jError, DriverError) as exc:
            raise LoadFailed(f"Neo4j refused the undo, nothing was changed: {_one_line(exc)}") from exc
        self._index = None
        return record

    def merges(self) -> list[MergeRecord]:
        """The joins that can be undone, oldest first."""
        return [MergeRecord(**json.loads(j["record"])) for j in self._merge_journals().values()]

    def distinct_pairs(self) -> set[tuple[str, str]]:
        """The pairs a curator judged two places (``DIFFERENT_FROM``), each as ``(a, b)`` with ``a < b``."""
        return {(min(r["a"], r["b"]), max(r["a"], r["b"])) for r in self._read(cypher.DISTINCT_PAIRS)}

    def _merge_journals(self) -> dict[str, dict[str, Any]]:
        return {r["j"]["id"]: r["j"] for r in self._read(cypher.MERGE_JOURNALS)}

    # ------------------------------------------------------------------ lookups
    def _name_index(self) -> _Index:
        version = self.version()
        if self._index is not None and self._index.version == version:
            return self._index
        index = _Index(version)
        for row in sorted(self._read(cypher.ENTITY_INDEX), key=lambda r: r["id"]):
            eid, props = row["id"], row["props"]
            types = [t for t in values(props, "types") if t in ENTITY_CLASSES]
            if not types:
                continue
            index.types[eid] = most_specific(types)
            labels = node_labels(props)
            index.labels[eid] = labels
            for names in labels.values():
                for text in names:
                    if eid not in index.by_name[normalise(text)]:
                        index.by_name[normalise(text)].append(eid)
            for key in ("wikidataId", "geonamesId"):
                for v in values(props, key):
                    index.by_name[normalise(str(v))].append(eid)
            index.by_name[eid.casefold()].append(eid)
        index.by_name = defaultdict(list, index.by_name)
        self._index = index
        return index

    def search(self, text: str, *, lang: str = "en", limit: int = 10) -> list[EntityRef]:
        """Entities whose label, id or identifier matches ``text``: exact, then prefix, then substring."""
        index = self._name_index()
        return rank_search(
            dict(index.by_name), index.labels, index.types, text, normalise(text), lang=lang, limit=limit
        )

    def suggest(self, text: str, *, n: int = 5) -> list[str]:
        """The closest known names to ``text``, for 'did you mean' messages."""
        import difflib

        return difflib.get_close_matches(normalise(text), list(self._name_index().by_name), n=n, cutoff=0.6)

    def exists(self, entity_id: str) -> bool:
        """Whether ``entity_id`` names an entity of the store."""
        index = self._index
        if index is not None and index.version == self.version():
            return entity_id in index.types
        # One lookup, not a rebuild of the whole name index after each write (a load's joins check many pairs).
        return bool(self._read(cypher.IS_ENTITY, id=entity_id, types=sorted(ENTITY_CLASSES)))

    def _ref(self, index: _Index, eid: str, lang: str) -> EntityRef:
        return EntityRef(eid, pick_label(index.labels.get(eid, {}), lang, eid), index.types.get(eid, ""))

    def entity(self, entity_id: str, *, lang: str = "en") -> EntityDetail:
        """The entity with its labels, identifiers, attributes, links, facts and sources."""
        index = self._name_index()
        if entity_id not in index.types:
            raise NotFound(f"no entity with id {entity_id!r}", suggestions=self.suggest(entity_id))
        row = self._read(cypher.NODE_OUT, id=entity_id)[0]
        props = row["props"]
        identifiers: dict[str, str] = {}
        attributes: dict[str, str] = {}
        links: dict[str, list[EntityRef]] = defaultdict(list)
        description: dict[str | None, str] = {}
        for name, lang_, value in literal_items(props):
            if name in IDENTIFIER_KEYS:
                add_attribute(identifiers, IDENTIFIER_KEYS[name], _text(value))
            elif name in {"label", "prefLabel", "altLabel"} or name in _SKIP:
                continue
            elif name == "description":
                description.setdefault(lang_, _text(value))
            else:
                add_attribute(attributes, DATE_KEYS.get(name, name), _text(value))
        if description:
            attributes["description"] = description.get(
                lang, description.get(None, next(iter(description.values())))
            )
        for rtype, oid in row["out"]:
            name = rel_name(rtype)
            if name in _SKIP:
                continue
            if oid in index.types:
                links[name].append(self._ref(index, oid, lang))
            else:
                add_attribute(attributes, name, oid)
        for r in self._read(cypher.NODE_IN, id=entity_id):
            if r["id"] in index.types:
                links[INCOMING_LINKS[rel_name(r["type"])]].append(self._ref(index, r["id"], lang))
        roles = sorted({(r["id"], rel_name(r["type"])) for r in self._read(cypher.FACTS_OF, id=entity_id)})
        facts = [self._fact(index, fid, role, entity_id, lang) for fid, role in roles]
        facts.sort(key=lambda f: (f.type, f.dates.get("start") or f.dates.get("signed") or "", f.id))
        labels = index.labels.get(entity_id, {})
        return EntityDetail(
            id=entity_id,
            type=index.types[entity_id],
            types=sorted(values(props, "types")),
            label=pick_label(labels, lang, entity_id),
            labels=labels,
            identifiers=identifiers,
            attributes=attributes,
            links={k: sorted(v, key=lambda r: r.id) for k, v in links.items()},
            facts=facts,
            sources=self._sources(entity_id),
        )

    def _fact(self, index: _Index, fid: str, role: str, seen_from: str, lang: str) -> FactView:
        row = self._read(cypher.NODE_OUT, id=fid)[0]
        props = row["props"]
        others: dict[str, list[EntityRef]] = defaultdict(list)
        dates: dict[str, str] = {}
        attributes: dict[str, str] = {}
        labels: dict[str | None, str] = {}
        for name, lang_, value in literal_items(props):
            if name in DATE_KEYS:
                dates[DATE_KEYS[name]] = _text(value)
            elif name in {"prefLabel", "altLabel"} or name in _SKIP:
                continue
            elif name == "label":
                labels.setdefault(lang_, _text(value))
            else:
                add_attribute(attributes, name, _text(value))
        if labels:
            attributes["label"] = labels.get(lang, next(iter(labels.values())))
        for rtype, oid in row["out"]:
            name = rel_name(rtype)
            if name in _SKIP:
                continue
            if oid in index.types and oid != seen_from:
                others[name].append(self._ref(index, oid, lang))
            elif oid not in index.types:
                add_attribute(attributes, name, oid)
        return FactView(
            id=fid,
            type=most_specific(values(props, "types")),
            role=role,
            others={k: sorted(v, key=lambda r: r.id) for k, v in others.items()},
            dates=dates,
            attributes=attributes,
            sources=self._sources(fid),
        )

    def _sources(self, node_id: str) -> list[SourceView]:
        views: list[SourceView] = []
        for row in self._read(cypher.SOURCES, id=node_id):
            src, ev = row["src"], row["ev"]
            label_values = values(src, "label_en") + values(src, "label")
            sentences: list[tuple[str | None, str | None]] = [(None, None)]
            if ev:
                found: list[tuple[str | None, str | None]] = [
                    (str(v), lg) for name, lg, v in literal_items(ev) if name == "sentence"
                ]
                sentences = found or sentences
            for sentence, sentence_lang in sentences:
                for label in label_values or [row["id"]]:
                    views.append(
                        SourceView(
                            id=row["id"],
                            label=str(label),
                            date=_first(src, "date"),
                            publisher=_first(src, "publisherName"),
                            sentence=sentence,
                            sentence_lang=sentence_lang,
                            url=_first(src, "url"),
                        )
                    )
        return dedupe_sources(views)

    # ------------------------------------------------------------------ projections
    def nodes(self, *, lang: str = "en") -> list[NodeInfo]:
        """Every entity, with its label in ``lang``, country and coordinates."""
        index = self._name_index()
        geo: dict[str, tuple[str | None, float | None, float | None, float | None]] = {}
        for row in self._read(cypher.NODE_GEO):
            country = row["countries"][0] if row["countries"] else None
            has_geo = row["lat"] is not None and row["lon"] is not None
            # Literals other than lat/lon are stored as text; a population stated by two sources is a
            # list of both, and the embedded store takes the largest.
            stated = row["population"]
            pops = [_number(x) for x in (stated if isinstance(stated, list) else [stated])]
            known = [x for x in pops if x is not None]
            geo[row["id"]] = (
                country,
                float(row["lat"]) if has_geo else None,
                float(row["lon"]) if has_geo else None,
                max(known) if known else None,
            )
        return [
            NodeInfo(eid, etype, pick_label(index.labels.get(eid, {}), lang, eid), *geo.get(eid, (None,) * 4))
            for eid, etype in sorted(index.types.items())
        ]

    def places(self) -> list[PlaceView]:
        """Every city with all its labels, GeoNames ids, coordinates and population (for curation)."""
        index = self._name_index()
        extra: dict[str, tuple[tuple[str, ...], int | None]] = {}
        for row in self._read(cypher.PLACE_IDS):
            pops = [p for p in (_int(v) for v in values({"v": row["population"]}, "v")) if p is not None]
            gn = tuple(sorted({str(g) for g in values({"v": row["geonames"]}, "v")}))
            extra[row["id"]] = (gn, max(pops) if pops else None)
        out: list[PlaceView] = []
        for n in self.nodes():
            if n.type != "City":
                continue
            gn, pop = extra.get(n.id, ((), None))
            out.append(PlaceView(n.id, n.type, index.labels.get(n.id, {}), gn, n.lat, n.lon, pop))
        return out

    def ties(self) -> list[Tie]:
        """Every tie between two entities drawn from a trusted fact (see :class:`graph.store.Tie`)."""
        out: set[Tie] = set()
        for row in self._read(cypher.TIE_LINKS, accepted="Accepted"):
            fid, types = row["id"], set(values({"t": row["types"]}, "t"))
            by_role: dict[str, list[str]] = defaultdict(list)
            for rtype, oid in row["links"]:
                by_role[rel_name(rtype)].append(oid)
            start = _first({"v": row["start"]}, "v")
            end = _first({"v": row["end"]}, "v")
            signed = _first({"v": row["signed"]}, "v")
            sources = tuple(sorted(set(row["sources"])))

            def tie(
                kind: str,
                a: str,
                b: str,
                start_: Any = start,
                fid: str = fid,
                end: Any = end,
                srcs: Any = sources,
            ) -> Tie:
                return Tie(fid, kind, a, b, None if start_ is None else str(start_), end and str(end), srcs)

            for kind in _AGREEMENTS:
                if kind in types:
                    parties = by_role.get("party", [])
                    for a in parties:
                        for b in parties:
                            if a < b:
                                out.add(tie(kind, a, b, start if start is not None else signed))
            if "Membership" in types:
                for a in by_role.get("member", []):
                    for b in by_role.get("network", []):
                        out.add(tie("Membership", a, b))
            if "Post" in types:
                for a in by_role.get("heldBy", []):
                    for b in by_role.get("postIn", []):
                        out.add(tie("Post", a, b))
            for role, kind in _EVENT_KINDS.items():
                for b in by_role.get(role, []):
                    out.add(tie(kind, fid, b))
        for row in self._read(cypher.STRUCTURE_LINKS, accepted="Accepted"):
            start, end = _first({"v": row["start"]}, "v"), _first({"v": row["end"]}, "v")
            out.add(
                Tie(
                    row["id"],
                    STRUCTURE_TIES[rel_name(row["rel"])],
                    row["id"],
                    row["target"],
                    None if start is None else str(start),
                    end and str(end),
                    tuple(sorted(set(row["sources"]))),
                )
            )
        return sorted(out, key=lambda t: (t.fact, t.kind, t.source, t.target))

    def shortest_path(self, source: str, target: str, *, max_hops: int = 12) -> list[str] | None:
        """One shortest chain of ties from ``source`` to ``target``, searched in the database.

        A breadth-first search from both ends, one Cypher query per level
        (``cypher.NEIGHBOURS``), growing the smaller side; hops count ties as
        :func:`graph.paths.shortest_paths` does on the unfiltered projection, so
        both give the same length. Returns the entity ids from ``source`` to
        ``target``, or ``None`` when they are not linked within ``max_hops``.
        """
        for eid in (source, target):
            if not self.exists(eid):
                raise NotFound(f"no entity with id {eid!r}")
        if source == target:
            return [source]
        parents: tuple[dict[str, str | None], dict[str, str | None]] = ({source: None}, {target: None})
        depth: tuple[dict[str, int], dict[str, int]] = ({source: 0}, {target: 0})
        frontiers = ([source], [target])
        for _ in range(max_hops):
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            if not frontiers[side]:
                return None
            seen, other = parents[side], parents[1 - side]
            grown: list[str] = []
            meets: list[tuple[int, str]] = []
            for row in sorted(
                self._read(cypher.NEIGHBOURS, ids=frontiers[side], accepted="Accepted"), key=lambda r: r["id"]
            ):
                for nxt in sorted(row["next"]):
                    if nxt in seen:
                        continue
                    seen[nxt] = row["id"]
                    depth[side][nxt] = depth[side][row["id"]] + 1
                    grown.append(nxt)
                    if nxt in other:
                        meets.append((depth[side][nxt] + depth[1 - side][nxt], nxt))
            if meets:  # the whole level is grown first, so the shortest meeting point wins
                return self._join(parents, min(meets)[1])
            frontiers = (grown, frontiers[1]) if side == 0 else (frontiers[0], grown)
        return None

    @staticmethod
    def _join(parents: tuple[dict[str, str | None], dict[str, str | None]], meet: str) -> list[str]:
        head: list[str] = []
        node: str | None = meet
        while node is not None:
            head.append(node)
            node = parents[0][node]
        tail: list[str] = []
        node = parents[1][meet]
        while node is not None:
            tail.append(node)
            node = parents[1][node]
        return head[::-1] + tail

    def counts(self) -> dict[str, int]:
        """Entities and facts per ontology class."""
        out = {r["type"]: int(r["n"]) for r in self._read(cypher.COUNTS) if "/" not in r["type"]}
        return dict(sorted(out.items()))

    # ------------------------------------------------------------------ export
    def property_graph(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Every node (id, labels, props) and relationship (src, type, dst, datasets), in a stable order."""
        nodes = self._read(cypher.ALL_NODES)
        rels = self._read(cypher.ALL_RELS)
        return nodes, rels


def _props_json(props: Mapping[str, Any]) -> str:
    """A node's properties as JSON for the load journal; a date keeps its type (``{"$date": ISO}``).

    Examples
    --------
    >>> text = _props_json({"id": "t", "startDate": Neo4jDate(1990, 5, 1), "label_en": ["A"]})
    >>> text
    '{"id": "t", "startDate": {"$date": "1990-05-01"}, "label_en": ["A"]}'
    >>> _props_from_json(text)["startDate"] == Neo4jDate(1990, 5, 1)
    True
    """
    return json.dumps(props, ensure_ascii=False, default=_encode_value)


def _encode_value(value: Any) -> Any:
    if isinstance(value, Neo4jDate):
        return {"$date": value.iso_format()}
    raise TypeError(f"a {type(value).__name__} property cannot be journaled")


def _props_from_json(text: str) -> dict[str, Any]:
    """The properties :func:`_props_json` wrote, dates as dates again."""
    found: dict[str, Any] = json.loads(text, object_hook=_decode_value)
    return found


def _decode_value(obj: dict[str, Any]) -> Any:
    return Neo4jDate.from_iso_format(obj["$date"]) if obj.keys() == {"$date"} else obj


def _number(value: Any) -> float | None:
    """A stored literal as a number, None when it is none."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Neo4jLoad:
    """A load into a :class:`Neo4jStore` handed over in batches as they are read, all or nothing.

    Batches are held until they pass ``single_tx_limit`` nodes plus relationships; a load that
    stays under it is written at :meth:`commit` as one transaction, as :meth:`Neo4jStore.load`
    writes it. A bigger one switches to the batched form of the module docstring: every batch from
    then on is mapped and written at once (each ``UNWIND`` batch its own transaction, what it creates
    tagged with the load id, the nodes that existed before journaled once), so memory holds one
    batch; :meth:`commit` drops the tags, :meth:`abort` (or the next load, after a crash) rolls back.
    """

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self.summary = LoadSummary()
        self._pending: list[tuple[str, Graph]] = []
        self._rows = 0
        self._load_id: str | None = None
        self._added = 0
        self._open = True

    def write(self, name: str, graph: Graph) -> None:
        """Add one batch of dataset ``name``; a failure rolls back everything this load wrote."""
        if not self._open:
            raise LoadFailed("this load is finished; begin another")
        if name not in self.summary.datasets:
            self.summary.datasets.append(name)
        if self._load_id is None:
            self._pending.append((name, graph))
            pg = map_graphs([(name, graph)])
            self._rows += len(pg.nodes) + len(pg.rels)
            if self._rows <= self._store.single_tx_limit:
                return
            pending, self._pending = self._pending, []
            self._guarded(self._start)
            for n, g in pending:
                self._guarded(lambda n=n, g=g: self._batch(n, g))  # type: ignore[misc]
            return
        self._guarded(lambda: self._batch(name, graph))

    def _start(self) -> None:
        store = self._store
        with store._session() as session:
            for statement in (*cypher.CONSTRAINTS, *cypher.LOAD_CONSTRAINTS):
                session.run(statement).consume()
        store._recover()
        self._load_id = uuid.uuid4().hex
        store._begin_batched(self._load_id)

    def _batch(self, name: str, graph: Graph) -> None:
        assert self._load_id is not None
        pg = map_graphs([(name, graph)])
        self.summary.triples_read += pg.triples
        self._added += self._store._write_tagged(_node_groups(pg), pg.rel_rows(), self._load_id)

    def _guarded(self, work: Callable[[], None]) -> None:
        """Run ``work``; on a Neo4j failure roll the load back and raise as :meth:`Neo4jStore.load` does."""
        try:
            work()
        except (Neo4jError, DriverError, StoreUnavailable) as exc:
            self._open = False
            kept = "nothing was kept"
            if self._load_id is not None and not self._store._rollback(self._load_id):
                kept = (
                    f"its partial writes (load {self._load_id}) could not be rolled back now and will be "
                    "by the next load"
                )
            self._store._index = None
            if isinstance(exc, (*_UNAVAILABLE, StoreUnavailable)):
                raise StoreUnavailable(
                    f"Neo4j became unreachable during the load; {kept}: {_one_line(exc)}"
                ) from exc
            raise LoadFailed(f"Neo4j refused the load, {kept}: {_one_line(exc)}") from exc

    def commit(self) -> LoadSummary:
        """Keep the load: one transaction for a small load, else the batched load's tags dropped."""
        if not self._open:
            raise LoadFailed("this load is finished; begin another")
        self._open = False
        store = self._store
        if self._load_id is None:
            datasets = list(self.summary.datasets)
            return store.load_mapped(map_graphs(self._pending), datasets=datasets)
        load_id = self._load_id
        self._open = True
        self._guarded(lambda: store._end_batched(load_id, self._added))
        self._open = False
        self.summary.triples_added = self._added
        if self._added:
            store._index = None
        self.summary.counts = store.counts()
        return self.summary

    def abort(self) -> None:
        """Take back what this load wrote (nothing, while its batches are still held); safe to call again."""
        if not self._open:
            return
        self._open = False
        self._pending.clear()
        if self._load_id is not None and not self._store._rollback(self._load_id):
            raise StoreUnavailable(
                f"Neo4j failed while rolling back load {self._load_id}; the next load will finish it"
            )
        self._store._index = None
