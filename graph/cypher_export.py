"""Write the store as a Cypher script that a partner runs with cypher-shell or pastes into Neo4j Browser.

The script is the same property graph that :class:`graph.neo4j_store.Neo4jStore`
writes (see :mod:`graph.neo4j_mapping`): first the uniqueness constraints and
indexes of :data:`graph.cypher.CONSTRAINTS`, then nodes and relationships in
batches. Each batch travels as a parameter, the way cypher-shell and Neo4j
Browser set one::

    :param rows => [{id: 'qazvin', props: {...}}, ...]
    UNWIND $rows AS row MERGE (n:Resource {id: row.id}) SET n += row.props ...;

so every batch of a kind runs the same statement text and Neo4j plans it once
(a statement with its rows inlined as literals is planned anew for every batch,
about 20 s each on the world graph). Running the script twice leaves the same
graph. :func:`run_cypher_script` runs such a script through the Python driver,
as cypher-shell does.

The rows become Cypher text only in :func:`cypher_literal` (a ``:param`` value
is an expression). Labels and relationship types are quoted by :mod:`graph.cypher`
after the allow-list check.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pyoxigraph as ox
from neo4j.time import Date as Neo4jDate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph import cypher
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.neo4j_mapping import PropertyGraph, map_graphs
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from ontology.vocab import GRAPH

__all__ = [
    "BATCH_SIZE",
    "cypher_literal",
    "cypher_statements",
    "parse_literal",
    "property_graph_of",
    "restrict",
    "run_cypher_script",
    "write_cypher",
]

BATCH_SIZE = 5000
"""Rows per batch (one ``:param`` and one ``UNWIND $rows`` statement): the whole world imported in half the
time of batches of 1,000 (benchmarks/bench_cypher_import.py), and a batch holds about 15 MB of server memory."""
PARAM_COMMAND = ":param rows => "
"""How cypher-shell and Neo4j Browser set the parameter ``$rows`` from an expression."""

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r"[\\'\x00-\x1f\x7f\u2028\u2029]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char, f"\\u{ord(char):04x}")


def _key(key: str) -> str:
    if _IDENTIFIER.match(key):
        return key
    return "`" + key.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal: strings, numbers, booleans, None, lists and maps.

    Strings are single-quoted with backslash escapes for quotes, backslashes and
    control characters; other characters (Persian included) are written as they
    are, so the script must be read as UTF-8. Map keys that are not plain
    identifiers are backtick-quoted.

    Examples
    --------
    >>> print(cypher_literal("it's C:\\\\ a\\nb"))
    'it\\'s C:\\\\ a\\nb'
    >>> print(cypher_literal(["قزوین", 1.5, 2, None, True]))
    ['قزوین', 1.5, 2, null, true]
    >>> print(cypher_literal({"id": "q", "label_zh-hant": ["x"]}))
    {id: 'q', `label_zh-hant`: ['x']}
    >>> print(cypher_literal(dt.date(2019, 5, 5)))
    date('2019-05-05')
    >>> cypher_literal(float("nan"))
    Traceback (most recent call last):
    ...
    graph.errors.InvalidArgument: nan has no Cypher literal
    """
    if value is None:
        return "null"
    if isinstance(value, dt.date | Neo4jDate) and not isinstance(value, dt.datetime):
        return f"date('{value.isoformat()}')"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgument(f"{value!r} has no Cypher literal")
        text = repr(value).replace("e+", "e")
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return "'" + _NEEDS_ESCAPE.sub(_escape_char, value) + "'"
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise InvalidArgument(f"a {type(value).__name__} has no Cypher literal")


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def store_graphs(store: EmbeddedStore, quads: Iterable[ox.Quad] | None = None) -> list[tuple[str, Graph]]:
    """The store's datasets (or those of ``quads``) as (name, rdflib graph) pairs, as :meth:`Neo4jStore.load` takes them."""
    prefix = str(GRAPH)
    graphs: dict[str, Graph] = defaultdict(Graph)
    for quad in store.quads() if quads is None else quads:
        gname = quad.graph_name
        name = gname.value if isinstance(gname, ox.NamedNode) else "default"
        name = name[len(prefix) :] if name.startswith(prefix) else name
        graphs[name].add(
            (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))  # type: ignore[arg-type]
        )
    return sorted(graphs.items())


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _ordered(props: Mapping[str, Any]) -> dict[str, Any]:
    """Keys and list values in order (RDF values have none): the same script whichever store it comes from."""
    return {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in sorted(props.items())}


def cypher_statements(pg: PropertyGraph, *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """The statements of the script for a property graph, each ending with ``;``, without newlines.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"]})])
    >>> lines = list(cypher_statements(map_graphs([("demo", dataset_to_graph(ds))])))
    >>> print(lines[0])
    CREATE CONSTRAINT citykg_resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE;
    >>> print(lines[4][:50])
    :param rows => [{id: 'qazvin', props: {datasets: [
    >>> print(lines[5][:60])
    UNWIND $rows AS row MERGE (n:Resource {id: row.id}) SET n +=
    """
    for statement in cypher.CONSTRAINTS:
        yield statement + ";"
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in pg.node_rows():
        groups[tuple(row["labels"])].append({"id": row["id"], "props": _ordered(row["props"])})
    for labels, rows in sorted(groups.items()):
        tail = cypher.export_node_merge(labels)
        for batch in _batches(rows, batch_size):
            yield f"{PARAM_COMMAND}{cypher_literal(list(batch))}"
            yield f"UNWIND $rows AS row {tail};"
    for rtype, rrows in sorted(pg.rel_rows().items()):
        tail = cypher.export_rel_merge(rtype)
        for batch in _batches(rrows, batch_size):
            yield f"{PARAM_COMMAND}{cypher_literal(list(batch))}"
            yield f"UNWIND $rows AS row {tail};"
    yield cypher.EXPORT_VERSION + cypher_literal(f"export-{len(pg.nodes)}-{len(pg.rels)}") + ";"


_FOLLOW_RELS = frozenset({"EVIDENCE", "DERIVED_FROM"})


def restrict(pg: PropertyGraph, wanted: Iterable[str]) -> PropertyGraph:
    """The part of ``pg`` about the nodes ``wanted``, their evidence and their sources.

    Those nodes keep all their properties and outgoing relationships; a relationship's target
    outside the part is kept as a node with only its id and datasets (what the mapping of the
    part's own triples makes of it), so a part has the same nodes and relationships from either
    store.

    Examples
    --------
    >>> pg = PropertyGraph(nodes={"a": {"id": "a", "types": ["City"]}, "f": {"id": "f", "types": ["Evidence"]},
    ...                           "b": {"id": "b", "types": ["City"]}},
    ...                    rels={("a", "EVIDENCE", "f"): ["d"], ("a", "PARTY", "b"): ["d"]})
    >>> part = restrict(pg, ["a"])
    >>> part.nodes["f"]["types"], part.nodes["b"], sorted(part.rels)
    (['Evidence'], {'id': 'b', 'datasets': ['d']}, [('a', 'EVIDENCE', 'f'), ('a', 'PARTY', 'b')])
    """
    keep = {n for n in wanted if n in pg.nodes}
    follow = {dst for (src, rtype, dst) in pg.rels if src in keep and rtype in _FOLLOW_RELS}
    keep |= {n for n in follow if n in pg.nodes}
    rels = {key: list(ds) for key, ds in pg.rels.items() if key[0] in keep}
    nodes = {n: pg.nodes[n] for n in sorted(keep)}
    for (_, _, dst), datasets in sorted(rels.items()):
        if dst not in keep:
            stub = nodes.setdefault(dst, {"id": dst, "datasets": []})
            stub["datasets"] = sorted(set(stub["datasets"]) | set(datasets))
    return PropertyGraph(nodes=nodes, rels=rels)


def part_ids(subgraph: Any) -> set[str]:
    """The ids of a part's entities and facts (a subgraph, a view or paths)."""
    from graph.visual import as_view

    view = as_view(subgraph)
    return {n.id for n in view.nodes} | {t.fact for t in view.ties}


def property_graph_of(store: Store, part: Any = None) -> PropertyGraph:
    """The store (or a ``part`` of it) as the property graph of :mod:`graph.neo4j_mapping`.

    From the embedded store it is mapped from RDF (for a part, from the quads
    :func:`graph.graph_export.part_quads` chooses), from Neo4j read back; a part
    read from Neo4j is cut with :func:`restrict`.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> _ = store.load([("demo", dataset_to_graph(Dataset(name="demo", entities=[City(id="yazd")])))])
    >>> list(property_graph_of(store).nodes)
    ['yazd']
    """
    if isinstance(store, EmbeddedStore):
        if part is None:
            return map_graphs(store_graphs(store))
        from graph.graph_export import part_quads

        return map_graphs(store_graphs(store, part_quads(store, part)))
    if isinstance(store, Neo4jStore):
        nodes, rels = store.property_graph()
        pg = PropertyGraph(
            nodes={n["id"]: {k: _native(v) for k, v in n["props"].items()} for n in nodes},
            rels={(r["src"], r["type"], r["dst"]): list(r["datasets"] or []) for r in rels},
        )
        return pg if part is None else restrict(pg, part_ids(part))
    raise InvalidArgument(f"the Cypher export cannot read a {type(store).__name__}")


def _native(value: Any) -> Any:
    """A property read from Neo4j with its dates as Python dates."""
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value.to_native() if isinstance(value, Neo4jDate) else value


def write_cypher(
    store: Store, output: Path | BinaryIO | TextIO, *, batch_size: int = BATCH_SIZE, part: Any = None
) -> None:
    """Write the store as a Cypher script (UTF-8): constraints first, then batched ``UNWIND ... MERGE``.

    Each statement is one line ending with ``;`` and each ``:param`` command one line, so
    cypher-shell (``cypher-shell -f FILE``) and Neo4j Browser run it as it is, and
    :func:`run_cypher_script` runs it through the Python driver.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> _ = store.load([("demo", dataset_to_graph(Dataset(name="demo", entities=[City(id="kermanshah")])))])
    >>> buf = io.BytesIO()
    >>> write_cypher(store, buf)
    >>> text = buf.getvalue().decode()
    >>> params = [line for line in text.splitlines() if line.startswith(":param rows => ")]
    >>> text.count(";\\n"), len(params), "MERGE (n:Resource {id: row.id})" in text
    (6, 1, True)
    """
    pg = property_graph_of(store, part)
    lines = [
        "// citykg property graph: run with cypher-shell -f FILE or paste into Neo4j Browser.\n",
        f"// {len(pg.nodes)} nodes, {len(pg.rels)} relationships; constraints first, then batches:\n",
        "// each ':param rows => [...]' line sets $rows for the UNWIND $rows statement after it.\n",
    ]
    data = "".join(lines) + "".join(s + "\n" for s in cypher_statements(pg, batch_size=batch_size))
    encoded = data.encode("utf-8")
    if isinstance(output, Path):
        tmp = output.with_name(output.name + ".part")
        tmp.write_bytes(encoded)
        tmp.replace(output)
    elif isinstance(output, io.TextIOBase):
        output.write(data)
    else:
        output.write(encoded)  # type: ignore[arg-type]


_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"|(?P<date>date\('(?P<day>\d{4}-\d{2}-\d{2})'\))|(?P<key>[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)*`)\s*:"
    r"|(?P<word>null|true|false)|(?P<punct>[\[\]{},]))"
)
_UNESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_UNESCAPED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


class _NotALiteral(ValueError):
    pass


class _Map:
    __slots__ = ("key", "value")

    def __init__(self) -> None:
        self.value: dict[str, Any] = {}
        self.key: str | None = None


def parse_literal(text: str) -> Any:
    """Read a value written by :func:`cypher_literal` back, without a server (the inverse of it).

    Raises ``ValueError`` for anything else (an expression that only a server can evaluate).

    Examples
    --------
    >>> parse_literal("[{id: 'it\\\\'s', `label_zh-hant`: ['x'], n: -2, f: 1.5e3, d: date('2019-05-05')}, null]")
    [{'id': "it's", 'label_zh-hant': ['x'], 'n': -2, 'f': 1500.0, 'd': datetime.date(2019, 5, 5)}, None]
    >>> parse_literal("1 + 1")
    Traceback (most recent call last):
    ...
    graph.cypher_export._NotALiteral: not a literal at 1
    """
    tokens = _TOKEN.finditer(text)
    pos = 0
    stack: list[list[Any] | _Map] = []  # open lists and maps
    result: Any = None
    done = False

    def unescape(match: re.Match[str]) -> str:
        esc = match.group(1)
        if esc[0] == "u" and len(esc) == 5:
            return chr(int(esc[1:], 16))
        return _UNESCAPED.get(esc, esc)

    def put(value: Any) -> None:
        nonlocal result, done
        if not stack:
            if done:
                raise _NotALiteral(f"not a literal at {pos}")
            result, done = value, True
            return
        top = stack[-1]
        if isinstance(top, list):
            top.append(value)
        else:
            if top.key is None:
                raise _NotALiteral(f"a map value without a key at {pos}")
            top.value[top.key] = value
            top.key = None

    for match in tokens:
        if match.start() != pos:
            break
        pos = match.end()
        kind = match.lastgroup if match.lastgroup != "day" else "date"
        if kind == "str":
            put(_UNESCAPE.sub(unescape, match.group("str")[1:-1]))
        elif kind == "num":
            num = match.group("num")
            put(float(num) if any(c in num for c in ".eE") else int(num))
        elif kind == "date":
            put(dt.date.fromisoformat(match.group("day")))
        elif kind == "word":
            put({"null": None, "true": True, "false": False}[match.group("word")])
        elif kind == "key":
            key = match.group("key")
            top = stack[-1] if stack else None
            if not isinstance(top, _Map) or top.key is not None:
                raise _NotALiteral(f"a key outside a map at {match.start()}")
            top.key = key[1:-1].replace("``", "`") if key.startswith("`") else key
        else:
            char = match.group("punct")
            if char == "[":
                stack.append([])
            elif char == "{":
                stack.append(_Map())
            elif char == ",":
                continue
            else:
                if not stack or (char == "]") != isinstance(stack[-1], list):
                    raise _NotALiteral(f"unbalanced {char!r} at {match.start()}")
                closed = stack.pop()
                put(closed if isinstance(closed, list) else closed.value)
    if stack or not done or text[pos:].strip():
        raise _NotALiteral(f"not a literal at {pos}")
    return result


def run_cypher_script(
    session: Any, lines: Iterable[str], *, progress: Callable[[int], None] | None = None
) -> int:
    """Run a script of :func:`write_cypher` through a driver session, as cypher-shell runs it; the statements run.

    A ``:param NAME => EXPR`` line sets a parameter for the statements after it: a literal of
    :func:`cypher_literal` is read here (:func:`parse_literal`), since having the server evaluate a
    batch's literal made the batch about 47 times slower (benchmarks/bench_cypher_import.py); any other expression is
    evaluated by the server (``RETURN EXPR``); comments and blank lines are skipped; each other
    line is one statement. ``progress(n)`` is called after each statement.
    """
    params: dict[str, Any] = {}
    done = 0
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith(":param "):
            name, _, expr = line[len(":param ") :].partition("=>")
            name = name.strip()
            if not _IDENTIFIER.match(name) or not expr.strip():
                raise InvalidArgument(f"not a ':param NAME => EXPR' line: {line[:60]!r}")
            try:  # a literal of cypher_literal is read here; anything else is evaluated by the server
                params[name] = parse_literal(expr.strip())
            except ValueError:
                params[name] = session.run(f"RETURN {expr.strip()} AS value").single()["value"]
            continue
        session.run(line.removesuffix(";"), params).consume()
        done += 1
        if progress is not None:
            progress(done)
    return done
