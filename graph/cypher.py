"""Every Cypher statement of citykg, in one place.

Values travel only as parameters (``$id``, ``$rows``); batches are
``UNWIND $rows AS row``. Node labels and relationship types cannot be
parameters in Cypher, so the few statements that need them are built by
:func:`node_merge` and :func:`rel_merge` from names checked against the
allow-lists of :mod:`graph.neo4j_mapping` (derived from
:class:`ontology.vocab.CKG`) before they are quoted.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import QueryError
from graph.neo4j_mapping import NODE_LABELS, REL_TYPES, rel_type
from graph.store_rules import INCOMING_LINKS, ROLE_PROPERTIES, STRUCTURE_TIES
from ontology.records import AGREEMENT_TYPES

__all__ = [
    "CONSTRAINTS",
    "quote_label",
    "quote_rel_type",
]

META_LABEL = "CitykgMeta"
CONSTRAINTS = (
    "CREATE CONSTRAINT citykg_resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT citykg_meta_key IF NOT EXISTS FOR (m:CitykgMeta) REQUIRE m.key IS UNIQUE",
    "CREATE INDEX citykg_resource_load IF NOT EXISTS FOR (n:Resource) ON (n._load)",
    "CREATE INDEX citykg_resource_names IF NOT EXISTS FOR (n:Resource) ON (n.names)",
)
# The writer's own bookkeeping for batched loads (not part of an exported script).
LOAD_CONSTRAINTS = (
    "CREATE CONSTRAINT citykg_load_id IF NOT EXISTS FOR (l:CitykgLoad) REQUIRE l.id IS UNIQUE",
    "CREATE INDEX citykg_journal_load IF NOT EXISTS FOR (j:CitykgJournal) ON (j.load)",
    "CREATE INDEX citykg_journal_id IF NOT EXISTS FOR (j:CitykgJournal) ON (j.id)",
)
"""Uniqueness constraints and indexes, created by every load (idempotent)."""


def quote_label(label: str) -> str:
    """A node label from the allow-list, backtick-quoted.

    Examples
    --------
    >>> quote_label("City")
    '`City`'
    >>> quote_label("City`) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: 'City`) DETACH DELETE (n' is not a node label of the citykg mapping
    """
    if label not in NODE_LABELS:
        raise QueryError(f"{label!r} is not a node label of the citykg mapping")
    return f"`{label}`"


def quote_rel_type(rtype: str) -> str:
    """A relationship type from the allow-list, backtick-quoted.

    Examples
    --------
    >>> quote_rel_type("PARTY")
    '`PARTY`'
    """
    if rtype not in REL_TYPES:
        raise QueryError(f"{rtype!r} is not a relationship type of the citykg mapping")
    return f"`{rtype}`"


_MERGE_KEYS = (
    "WITH n, row, existing WHERE existing IS NOT NULL UNWIND keys(row.props) AS k\n"
    "WITH n, k, n[k] AS before, row.props[k] AS v\n"
    "WITH n, k, before, v, CASE WHEN before IS NULL THEN [] WHEN before IS :: LIST<ANY> THEN before "
    "ELSE [before] END AS old, CASE WHEN v IS :: LIST<ANY> THEN v ELSE [v] END AS new\n"
    "WITH n, k, before, v, old, old + [x IN new WHERE NOT x IN old] AS merged\n"
    "WHERE size(merged) > size(old) AND NOT (k IN ['lat', 'lon'] AND before IS NOT NULL)\n"
    "SET n[k] = CASE WHEN size(merged) = 1 AND NOT v IS :: LIST<ANY> THEN merged[0] ELSE merged END\n"
    "RETURN sum(size(merged) - size(old)) AS added"
)


def _confirm(var: str, before: str | None = None) -> str:
    """Take ``var`` out of another batched load's hands: this load confirms it (``$load`` is this load).

    A node or relationship that a batched load created carries that load's id in ``_load`` until the
    load finishes; if that load died, its rollback deletes what still carries the id. A later load that
    writes the same node or relationship confirms it, so the rollback must leave it alone.
    """
    tagged = f"{before or var}._load"
    return (
        f"FOREACH (_ IN CASE WHEN {tagged} IS NULL OR {tagged} = $load THEN [] ELSE [1] END | "
        f"REMOVE {var}._load)\n"
    )


def node_merge(labels: Iterable[str], *, tagged: bool = False) -> str:
    """Merge a batch of nodes with these labels; ``$rows`` of ``{id, props}``; returns ``added``.

    A new node gets ``row.props`` whole and is not looked at again (``existing``, matched
    before the ``MERGE``, tells it apart). On a node that existed, each property is
    merged in Cypher as :func:`graph.neo4j_mapping.merge_properties` does in
    Python: new values are appended to a list value (``label_en``, ``datasets``),
    a different scalar becomes a list of both, ``lat``/``lon`` keep the stored
    value; only properties that gain a value are written, and ``added`` counts
    the values gained by nodes that existed (created nodes are counted by the
    driver's ``nodes_created``). ``tagged`` also marks created nodes with the
    load id ``$load`` (the batched fallback of big loads). Either way, a node that
    existed with another load's ``_load`` tag loses it: this load (``$load``)
    confirms it, so the rollback of a load that died cannot delete it.

    Examples
    --------
    >>> print(node_merge(["Resource", "City"]).splitlines()[1])
    MERGE (n:Resource {id: row.id}) ON CREATE SET n += row.props SET n:`City`
    >>> node_merge(["City"], tagged=True).splitlines()[1][-44:]
    'n += row.props, n._load = $load SET n:`City`'
    """
    extra = [quote_label(x) for x in labels if x != "Resource"]
    tail = f" SET n:{':'.join(extra)}" if extra else ""
    tag = ", n._load = $load" if tagged else ""
    return (
        "UNWIND $rows AS row OPTIONAL MATCH (existing:Resource {id: row.id})\n"
        f"MERGE (n:Resource {{id: row.id}}) ON CREATE SET n += row.props{tag}{tail}\n"
        + _confirm("n", "existing")
        + _MERGE_KEYS
    )


# A batched load that adds a dataset to a relationship it did not create notes it in ``r._added`` as
# ``<load id>:<dataset>`` (load ids are 32 hex digits), so its rollback takes back only that name. A load that
# writes the same dataset on the relationship confirms it: another load's note of it is dropped.
_CONFIRM_ADDED = (
    "FOREACH (_ IN CASE WHEN r._added IS NULL THEN [] ELSE [1] END | SET r._added = "
    "CASE WHEN size([x IN r._added WHERE left(x, 32) = $load OR NOT substring(x, 33) IN row.datasets]) = 0 "
    "THEN null ELSE [x IN r._added WHERE left(x, 32) = $load OR NOT substring(x, 33) IN row.datasets] END)\n"
)


def rel_merge(rtype: str, *, tagged: bool = False) -> str:
    """Merge a batch of relationships of one type between existing nodes; ``$rows`` of ``{src, dst, datasets}``.

    The endpoints are found through the unique ``Resource.id`` index; datasets
    new to an existing relationship are appended. ``tagged`` marks created
    relationships with ``$load`` and notes the datasets it adds to relationships it did not
    create in ``r._added``, so a rollback takes back just those. The relationship and both
    endpoints lose another load's ``_load`` tag, and the relationship another load's notes of
    the datasets this row writes (this load confirms them, see :func:`node_merge`).

    Examples
    --------
    >>> rel_merge("PARTY").split(" MERGE ")[1][:43]
    '(a)-[r:`PARTY`]->(b) ON CREATE SET r.datase'
    """
    tag = ", r._load = $load" if tagged else ""
    added = ", r._added = coalesce(r._added, []) + [d IN extra | $load + ':' + d]" if tagged else ""
    return (
        "UNWIND $rows AS row MATCH (a:Resource {id: row.src}) MATCH (b:Resource {id: row.dst}) "
        f"MERGE (a)-[r:{quote_rel_type(rtype)}]->(b) ON CREATE SET r.datasets = row.datasets{tag}\n"
        + _confirm("r")
        + _confirm("a")
        + _confirm("b")
        + _CONFIRM_ADDED
        + "WITH r, [d IN row.datasets WHERE NOT d IN r.datasets] AS extra WHERE size(extra) > 0 "
        f"SET r.datasets = r.datasets + extra{added}"
    )


def _types(names: Iterable[str]) -> str:
    return "|".join(quote_rel_type(rel_type(n)) for n in names)


FETCH_PROPERTIES = "UNWIND $ids AS id MATCH (n:Resource {id: id}) RETURN n.id AS id, properties(n) AS props"
# The nodes of a batch that existed before the load $load: not created by it, not journaled by an earlier batch
# of it (a load written as it is read meets a node in several batches; the first journal entry is the one to
# restore).
FETCH_UNJOURNALED = (
    "UNWIND $ids AS id MATCH (n:Resource {id: id}) WHERE coalesce(n._load, '') <> $load "
    "AND NOT EXISTS { MATCH (j:CitykgJournal {load: $load, id: id}) } "
    "RETURN n.id AS id, properties(n) AS props"
)
RESTORE_PROPERTIES = "UNWIND $rows AS row MATCH (n:Resource {id: row.id}) SET n = row.props"
# Passes of at most $limit rows each, so no transaction grows with the size of the load.
ROLLBACK_RELS = "MATCH ()-[r]->() WHERE r._load = $load WITH r LIMIT $limit DELETE r RETURN count(*) AS n"
# Once the load's own relationships are gone, a node it created that is still linked was confirmed by a
# relationship of another load: it is kept (FINISH_NODES then removes its tag), never detach-deleted.
ROLLBACK_NODES = (
    "MATCH (n:Resource) WHERE n._load = $load AND NOT EXISTS { (n)--() } "
    "WITH n LIMIT $limit DELETE n RETURN count(*) AS n"
)
FINISH_NODES = (
    "MATCH (n:Resource) WHERE n._load = $load WITH n LIMIT $limit REMOVE n._load RETURN count(*) AS n"
)
FINISH_RELS = "MATCH ()-[r]->() WHERE r._load = $load WITH r LIMIT $limit REMOVE r._load RETURN count(*) AS n"
# The datasets a batched load added to relationships it did not create: taken back on rollback, and the notes
# dropped either way (see :func:`rel_merge`).
_MINE = "any(x IN r._added WHERE left(x, 32) = $load)"
_OTHERS = "[x IN r._added WHERE left(x, 32) <> $load]"
ROLLBACK_ADDED = (
    f"MATCH ()-[r]->() WHERE {_MINE} WITH r LIMIT $limit "
    "SET r.datasets = [d IN r.datasets WHERE NOT $load + ':' + d IN r._added], "
    f"r._added = CASE WHEN size({_OTHERS}) = 0 THEN null ELSE {_OTHERS} END RETURN count(*) AS n"
)
FINISH_ADDED = (
    f"MATCH ()-[r]->() WHERE {_MINE} WITH r LIMIT $limit "
    f"SET r._added = CASE WHEN size({_OTHERS}) = 0 THEN null ELSE {_OTHERS} END RETURN count(*) AS n"
)
# A batched load: a CitykgLoad marker that each batch touches, and a CitykgJournal entry per node that existed
# before (its properties as JSON), written in the batch's own transaction, so a load cut short by a crash can
# be rolled back later, from what the database itself holds.
LOAD_BEGIN = "CREATE (:CitykgLoad {id: $load, seen: datetime()})"
LOAD_SEEN = "MATCH (l:CitykgLoad {id: $load}) SET l.seen = datetime()"
JOURNAL = "UNWIND $rows AS row CREATE (:CitykgJournal {load: $load, id: row.id, props: row.props})"
JOURNAL_ROWS = "MATCH (j:CitykgJournal {load: $load}) RETURN j.id AS id, j.props AS props"
JOURNAL_DROP = "MATCH (j:CitykgJournal {load: $load}) WITH j LIMIT $limit DELETE j RETURN count(*) AS n"
# A node this load writes is confirmed: another load's journal entry for it must not restore it later.
JOURNAL_CONFIRM = "UNWIND $ids AS id MATCH (j:CitykgJournal {id: id}) WHERE j.load <> $load DELETE j"
LOAD_END = "MATCH (l:CitykgLoad {id: $load}) DELETE l"
STALE_LOADS = (
    "MATCH (l:CitykgLoad) WHERE l.seen < datetime() - duration({seconds: $seconds}) RETURN l.id AS load"
)
SET_VERSION = "MERGE (m:CitykgMeta {key: 'store'}) SET m.version = $version"
GET_VERSION = "MATCH (m:CitykgMeta {key: 'store'}) RETURN m.version AS version"
# Batched, so clearing a whole world graph stays inside Neo4j's transaction memory limit; it runs
# as an auto-commit query (the only kind that may hold CALL ... IN TRANSACTIONS).
CLEAR = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

ENTITY_INDEX = "MATCH (n:Entity) RETURN n.id AS id, properties(n) AS props"
NODE_OUT = (
    "MATCH (n:Resource {id: $id}) OPTIONAL MATCH (n)-[r]->(m) "
    "RETURN properties(n) AS props, [x IN collect([type(r), m.id]) WHERE x[0] IS NOT NULL] AS out"
)
NODE_IN = (
    f"MATCH (n:Resource {{id: $id}})<-[r:{_types(INCOMING_LINKS)}]-(m) RETURN type(r) AS type, m.id AS id"
)
FACTS_OF = (
    f"MATCH (n:Resource {{id: $id}})<-[r:{_types(ROLE_PROPERTIES)}]-(f) "
    "RETURN DISTINCT f.id AS id, type(r) AS type"
)
SOURCES = (
    "MATCH (f:Resource {id: $id})-[:`EVIDENCE`]->(ev)-[:`SOURCE`]->(src) "
    "RETURN src.id AS id, properties(src) AS src, properties(ev) AS ev "
    "UNION ALL MATCH (f:Resource {id: $id})-[:`DERIVED_FROM`]->(src) "
    "RETURN src.id AS id, properties(src) AS src, null AS ev"
)
NODE_GEO = (
    "MATCH (n:Entity) OPTIONAL MATCH (n)-[:`COUNTRY`]->(c) "
    "RETURN n.id AS id, n.lat AS lat, n.lon AS lon, n.population AS population, collect(c.id) AS countries"
)
# Only trusted facts make ties: no review status, or Accepted; Candidate and Rejected facts stay out. The
# status is a string property (a list when a fact carries several, trusted only if that list is just
# Accepted, as in the embedded store's FILTER NOT EXISTS). ``$accepted`` is ``"Accepted"``.
_TRUSTED = "WHERE f.reviewStatus IS NULL OR f.reviewStatus = $accepted OR f.reviewStatus = [$accepted] "
TIE_LINKS = (
    f"MATCH (f:Resource)-[r:{_types(ROLE_PROPERTIES)}]->(m) "
    + _TRUSTED
    + "RETURN f.id AS id, f.types AS types, f.startDate AS start, f.endDate AS end, f.signingDate AS signed, "
    "collect([type(r), m.id]) AS links, [(f)-[:`DERIVED_FROM`]->(s) | s.id] AS sources"
)
STRUCTURE_LINKS = (
    f"MATCH (f:Resource)-[r:{_types(STRUCTURE_TIES)}]->(m:Resource) "
    + _TRUSTED
    + "RETURN f.id AS id, type(r) AS rel, m.id AS target, f.startDate AS start, f.endDate AS end, "
    "[(f)-[:`DERIVED_FROM`]->(s) | s.id] AS sources"
)
# One level of a breadth-first search over ties, run by the database: from each id in $ids, the entities one
# tie away. A tie is either a fact node between two entities (an agreement's parties, a membership's member
# and network, a post's holder and organisation) or one relationship (an event or programme and who takes
# part, the structural links), as in Neo4jStore.ties.
_BETWEEN_ROLES = ("party", "member", "network", "heldBy", "postIn")
_BETWEEN_FACTS = (*AGREEMENT_TYPES, "Membership", "Post")
_DIRECT_ROLES = ("host", "participant", "organiser", "runBy", "partner", *STRUCTURE_TIES)
NEIGHBOURS = (
    "UNWIND $ids AS id MATCH (x:Resource {id: id}) CALL (x) { "
    f"MATCH (x)<-[:{_types(_BETWEEN_ROLES)}]-(f:{'|'.join(quote_label(t) for t in _BETWEEN_FACTS)})"
    f"-[:{_types(_BETWEEN_ROLES)}]->(y:Resource) WHERE y <> x AND ({_TRUSTED[6:].strip()}) RETURN y "
    f"UNION MATCH (x)-[r:{_types(_DIRECT_ROLES)}]-(y:Resource) WITH y, startNode(r) AS f {_TRUSTED}RETURN y "
    "} RETURN id, collect(DISTINCT y.id) AS next"
)
PLACE_IDS = (
    "MATCH (n:City) WHERE n.geonamesId IS NOT NULL OR n.population IS NOT NULL "
    "RETURN n.id AS id, n.geonamesId AS geonames, n.population AS population"
)
COUNTS = "MATCH (n:Resource) UNWIND n.types AS t RETURN t AS type, count(DISTINCT n) AS n"
ALL_NODES = "MATCH (n:Resource) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY n.id"
ALL_RELS = (
    "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.id AS src, type(r) AS type, b.id AS dst, "
    "r.datasets AS datasets ORDER BY src, type, dst"
)


def export_node_merge(labels: Iterable[str]) -> str:
    """The tail of an exported node statement, after ``UNWIND [...] AS row`` (no parameters, no load id).

    Examples
    --------
    >>> export_node_merge(["Resource", "Entity", "City"])
    'MERGE (n:Resource {id: row.id}) SET n += row.props SET n:`Entity`:`City`'
    """
    extra = [quote_label(x) for x in labels if x != "Resource"]
    tail = f" SET n:{':'.join(extra)}" if extra else ""
    return "MERGE (n:Resource {id: row.id}) SET n += row.props" + tail


def export_rel_merge(rtype: str) -> str:
    """The tail of an exported relationship statement, after ``UNWIND [...] AS row``.

    Examples
    --------
    >>> export_rel_merge("PARTY").split(" MERGE ")[1]
    '(a)-[r:`PARTY`]->(b) SET r.datasets = row.datasets'
    """
    return (
        "MATCH (a:Resource {id: row.src}) MATCH (b:Resource {id: row.dst}) "
        f"MERGE (a)-[r:{quote_rel_type(rtype)}]->(b) SET r.datasets = row.datasets"
    )


EXPORT_VERSION = "MERGE (m:CitykgMeta {key: 'store'}) SET m.version = "
"""The exported script's last statement, completed by a version literal."""


# Curation: joining two entities (graph.curation.merge) and undoing it. A CitykgMerge node journals, in the
# join's own transaction, what the undo needs: both nodes' properties and labels, the other node's
# relationships, and the datasets each touched relationship of the kept node had before (null: it is new).
MERGE_READ = (
    "MATCH (n:Resource {id: $id}) RETURN properties(n) AS props, labels(n) AS labels, "
    "[(n)-[r]->(m) | [type(r), n.id, m.id, r.datasets]] AS out, "
    "[(m)-[r]->(n) | [type(r), m.id, n.id, r.datasets]] AS inc"
)
MERGE_SET_PROPS = "MATCH (n:Resource {id: $id}) SET n = $props"
MERGE_DELETE_NODE = "MATCH (n:Resource {id: $id}) DETACH DELETE n"
MERGE_JOURNAL = (
    "CREATE (:CitykgMerge {id: $id, seq: $seq, record: $record, keep: $keep, other: $other, "
    "keepProps: $keep_props, keepLabels: $keep_labels, otherProps: $other_props, otherLabels: $other_labels, "
    "otherRels: $other_rels, relBefore: $rel_before})"
)
MERGE_JOURNALS = "MATCH (m:CitykgMerge) RETURN properties(m) AS j ORDER BY m.seq"
MERGE_JOURNAL_DROP = "MATCH (m:CitykgMerge {id: $id}) DELETE m"
IS_ENTITY = "MATCH (n:Resource {id: $id}) WHERE any(t IN n.types WHERE t IN $types) RETURN n.id AS id LIMIT 1"
DISTINCT_PAIRS = "MATCH (a:Resource)-[:DIFFERENT_FROM]->(b:Resource) RETURN a.id AS a, b.id AS b"
MERGE_CONSTRAINT = (
    "CREATE CONSTRAINT citykg_merge_id IF NOT EXISTS FOR (m:CitykgMerge) REQUIRE m.id IS UNIQUE"
)


def set_labels(labels: Iterable[str], *, remove: bool = False) -> str:
    """Add (or remove) allow-listed labels on the node ``$id``.

    Examples
    --------
    >>> set_labels(["Entity", "City"])
    'MATCH (n:Resource {id: $id}) SET n:`Entity`:`City`'
    >>> set_labels(["City"], remove=True)
    'MATCH (n:Resource {id: $id}) REMOVE n:`City`'
    """
    quoted = ":".join(quote_label(x) for x in labels)
    return f"MATCH (n:Resource {{id: $id}}) {'REMOVE' if remove else 'SET'} n:{quoted}"


def create_node(labels: Iterable[str]) -> str:
    """Create a node with allow-listed labels and the properties ``$props``.

    Examples
    --------
    >>> create_node(["Resource", "Entity", "City"])
    'CREATE (n:`Resource`:`Entity`:`City`) SET n = $props'
    """
    return f"CREATE (n:{':'.join(quote_label(x) for x in labels)}) SET n = $props"


def rel_set(rtype: str) -> str:
    """Merge relationships of one type and set their datasets; ``$rows`` of ``{src, dst, datasets}``.

    Examples
    --------
    >>> rel_set("PARTY").split(" MERGE ")[1]
    '(a)-[r:`PARTY`]->(b) SET r.datasets = row.datasets'
    """
    return (
        "UNWIND $rows AS row MATCH (a:Resource {id: row.src}) MATCH (b:Resource {id: row.dst}) "
        f"MERGE (a)-[r:{quote_rel_type(rtype)}]->(b) SET r.datasets = row.datasets"
    )


def rel_delete(rtype: str) -> str:
    """Delete the relationships of one type between ``$rows`` of ``{src, dst}``.

    Examples
    --------
    >>> rel_delete("PARTY").split("]->")[1]
    '(b:Resource {id: row.dst}) DELETE r'
    """
    return (
        "UNWIND $rows AS row MATCH (a:Resource {id: row.src})-[r:"
        f"{quote_rel_type(rtype)}]->(b:Resource {{id: row.dst}}) DELETE r"
    )
