"""Write the property graph as a CSV bundle for ``neo4j-admin database import full`` and for ``LOAD CSV``.

The bundle is a folder (see docs/neo4j.md, "The CSV bundle"):

* ``nodes-NNN.header.csv`` + ``nodes-NNN.csv``: one pair per group of nodes with the same labels and
  compatible property types. The header types every column the way ``neo4j-admin`` reads it:
  ``id:ID(Resource)``, ``:LABEL``, ``population:long``, ``lat:double``, ``signingDate:date``,
  ``label_en:string[]``, booleans as ``boolean``;
* ``rels-TYPE.header.csv`` + ``rels-TYPE.csv``: one pair per relationship type
  (``:START_ID(Resource)``, ``:END_ID(Resource)``, ``:TYPE``, ``datasets:string[]``);
* ``meta.header.csv`` + ``meta.csv``: the ``CitykgMeta`` node with the store's version;
* ``import.sh``: the ``neo4j-admin database import full`` command for these files;
* ``constraints.cypher``: the uniqueness constraints and indexes, to run once the import is done;
* ``load-csv.cypher``: the same graph for a running server: constraints first, then one
  ``LOAD CSV ... CALL (row) {...} IN TRANSACTIONS`` statement per file, converting each column to its type.

Data files carry no header row (the headers are their own files, as ``neo4j-admin`` allows), so
``LOAD CSV`` reads columns by position. Arrays are joined with one delimiter chosen so that no array
value contains it; it is written into ``import.sh`` and ``load-csv.cypher``. An absent property is an
empty unquoted field; every present value is quoted, so an empty text stays an empty text.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from graph import cypher
from graph.cypher_export import _key, cypher_literal
from graph.errors import InvalidArgument
from graph.neo4j_mapping import PropertyGraph, _labels

__all__ = ["ARRAY_DELIMITERS", "NEO4J_TYPES", "write_neo4j_csv"]

NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", dt.date: "date", str: "string"}
"""Python value type → ``neo4j-admin`` column type."""
ARRAY_DELIMITERS = ("|", ";", "¦", "\u241f")
"""Candidates for the array delimiter, in order; the first that no array value contains is used."""
ID_SPACE = "Resource"
TX_ROWS = 5000
"""Rows per inner transaction of the ``LOAD CSV`` statements (the tests' server allows 512 MiB per transaction)."""

_CONVERT = {
    "boolean": "toBoolean({})",
    "long": "toInteger({})",
    "double": "toFloat({})",
    "date": "date({})",
    "string": "{}",
}


def _kind(value: Any) -> tuple[str, bool]:
    """(column type, is an array) of a property value."""
    if isinstance(value, list):
        if not value:
            return "string", True
        return NEO4J_TYPES[type(value[0])], True
    try:
        return NEO4J_TYPES[type(value)], False
    except KeyError:
        raise InvalidArgument(f"a {type(value).__name__} property has no neo4j-admin column type") from None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _field(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    text = delimiter.join(_text(v) for v in value) if isinstance(value, list) else _text(value)
    return '"' + text.replace('"', '""') + '"'


def _line(fields: Iterable[Any], delimiter: str) -> str:
    return ",".join(_field(v, delimiter) for v in fields) + "\n"


def _delimiter(pg: PropertyGraph) -> str:
    used: set[str] = set()
    for props in pg.nodes.values():
        for value in props.values():
            if isinstance(value, list):
                for v in value:
                    if isinstance(v, str):
                        used.update(c for c in ARRAY_DELIMITERS if c in v)
    for datasets in pg.rels.values():
        for name in datasets:
            used.update(c for c in ARRAY_DELIMITERS if c in name)
    for candidate in ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate
    raise InvalidArgument(
        "every array delimiter candidate occurs in a value; the CSV bundle cannot be written"
    )


class _Group:
    """Nodes of one label set whose property types agree: one CSV file."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels
        self.columns: dict[str, tuple[str, bool]] = {}
        self.rows: list[Mapping[str, Any]] = []

    def accepts(self, kinds: Mapping[str, tuple[str, bool]]) -> bool:
        return all(self.columns.get(k, v) == v for k, v in kinds.items())

    def add(self, props: Mapping[str, Any], kinds: Mapping[str, tuple[str, bool]]) -> None:
        self.columns.update(kinds)
        self.rows.append(props)


def _groups(pg: PropertyGraph) -> list[_Group]:
    by_labels: dict[tuple[str, ...], list[_Group]] = defaultdict(list)
    for _, props in sorted(pg.nodes.items()):
        labels = tuple(_labels(props))
        kinds = {k: _kind(v) for k, v in props.items() if k != "id"}
        groups = by_labels[labels]
        group = next((g for g in groups if g.accepts(kinds)), None)
        if group is None:
            group = _Group(labels)
            groups.append(group)
        group.add(props, kinds)
    return [g for _, gs in sorted(by_labels.items()) for g in gs]


def _header(name: str, kind: tuple[str, bool]) -> str:
    ctype, array = kind
    return f"{name}:{ctype}{'[]' if array else ''}"


def _load_value(index: int, kind: tuple[str, bool], delimiter: str) -> str:
    ctype, array = kind
    cell = f"row[{index}]"
    if array:
        item = _CONVERT[ctype].format("x")
        split = f"split({cell}, {cypher_literal(delimiter)})"
        return split if ctype == "string" else f"[x IN {split} | {item}]"
    return _CONVERT[ctype].format(cell)


def _node_statement(file: str, group: _Group, keys: Sequence[str], delimiter: str) -> str:
    labels = ":".join(cypher.quote_label(x) for x in group.labels if x != "Resource")
    props = ", ".join(
        f"{_key(k)}: {_load_value(i + 2, group.columns[k], delimiter)}" for i, k in enumerate(keys)
    )
    return (
        f"LOAD CSV FROM $base + {cypher_literal(file)} AS row CALL (row) {{ "
        f"MERGE (n:Resource {{id: row[0]}}) SET n += {{{props}}}{' SET n:' + labels if labels else ''} "
        f"}} IN TRANSACTIONS OF {TX_ROWS} ROWS;"
    )


def _rel_statement(file: str, rtype: str, delimiter: str) -> str:
    return (
        f"LOAD CSV FROM $base + {cypher_literal(file)} AS row CALL (row) {{ "
        "MATCH (a:Resource {id: row[0]}) MATCH (b:Resource {id: row[1]}) "
        f"MERGE (a)-[r:{cypher.quote_rel_type(rtype)}]->(b) "
        f"SET r.datasets = split(row[3], {cypher_literal(delimiter)}) }} IN TRANSACTIONS OF {TX_ROWS} ROWS;"
    )


def _shell(word: str) -> str:
    return "'" + word.replace("'", "'\"'\"'") + "'"


def write_neo4j_csv(pg: PropertyGraph, directory: Path, *, version: str | None = None) -> list[Path]:
    """Write the bundle into ``directory`` (created; it must be absent or empty); return the files written.

    The files are written into a sibling ``.part`` folder that is renamed at the end, so a failure
    leaves no half-written bundle.

    Examples
    --------
    >>> import tempfile
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> from graph.neo4j_mapping import map_graphs
    >>> pg = map_graphs([("demo", dataset_to_graph(Dataset(name="demo", entities=[
    ...     City(id="qazvin", labels={"en": ["Qazvin"]}, population=402748, lat=36.27, lon=50.0)])))])
    >>> out = Path(tempfile.mkdtemp()) / "bundle"
    >>> sorted(p.name for p in write_neo4j_csv(pg, out))[:4]
    ['constraints.cypher', 'import.sh', 'load-csv.cypher', 'meta.csv']
    >>> print((out / "nodes-001.header.csv").read_text().strip())
    id:ID(Resource),:LABEL,datasets:string[],label_en:string[],lat:double,lon:double,names:string[],population:long,prefLabel_en:string[],types:string[]
    """
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InvalidArgument(f"{directory} exists and is not an empty folder; choose a new folder")
    tmp = directory.with_name(directory.name + ".part")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    try:
        names = _write(pg, tmp, version or f"export-{len(pg.nodes)}-{len(pg.rels)}")
        if directory.exists():
            directory.rmdir()
        tmp.replace(directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [directory / n for n in names]


def _write(pg: PropertyGraph, out: Path, version: str) -> list[str]:
    delimiter = _delimiter(pg)
    written: list[str] = []
    node_args: list[str] = []
    rel_args: list[str] = []
    statements: list[str] = []

    def pair(stem: str, header: Sequence[str], rows: Iterator[Sequence[Any]]) -> str:
        (out / f"{stem}.header.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        with open(out / f"{stem}.csv", "w", encoding="utf-8", newline="") as fh:
            for row in rows:
                fh.write(_line(row, delimiter))
        written.extend([f"{stem}.header.csv", f"{stem}.csv"])
        return f"{stem}.header.csv,{stem}.csv"

    for number, group in enumerate(_groups(pg), start=1):
        keys = sorted(group.columns)
        header = [f"id:ID({ID_SPACE})", ":LABEL", *(_header(k, group.columns[k]) for k in keys)]
        stem = f"nodes-{number:03d}"
        rows = ([p["id"], list(group.labels), *(p.get(k) for k in keys)] for p in group.rows)
        node_args.append(pair(stem, header, rows))
        statements.append(_node_statement(f"{stem}.csv", group, keys, delimiter))
    for rtype, rrows in sorted(pg.rel_rows().items()):
        header = [f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE", "datasets:string[]"]
        stem = f"rels-{rtype}"
        rel_args.append(pair(stem, header, ([r["src"], r["dst"], rtype, r["datasets"]] for r in rrows)))
        statements.append(_rel_statement(f"{stem}.csv", rtype, delimiter))
    node_args.append(
        pair("meta", ["key:ID(CitykgMeta)", ":LABEL", "version"], iter([["store", ["CitykgMeta"], version]]))
    )
    statements.append(cypher.EXPORT_VERSION + cypher_literal(version) + ";")

    constraints = "".join(s + ";\n" for s in cypher.CONSTRAINTS)
    (out / "constraints.cypher").write_text(
        "// Run once after neo4j-admin database import: cypher-shell -f constraints.cypher\n" + constraints,
        encoding="utf-8",
    )
    (out / "load-csv.cypher").write_text(
        "// citykg property graph for a running Neo4j: copy the *.csv files into the server's import folder\n"
        "// (server.directories.import), then: cypher-shell -f load-csv.cypher (or paste into Neo4j Browser).\n"
        f"// {len(pg.nodes)} nodes, {len(pg.rels)} relationships; arrays are joined with {delimiter!r}.\n"
        "// $base is where the files are; change it if they are served from elsewhere.\n"
        ":param base => 'file:///'\n" + constraints + "".join(s + "\n" for s in statements),
        encoding="utf-8",
    )
    args = [f"--nodes={a}" for a in node_args] + [f"--relationships={a}" for a in rel_args]
    command = (
        '#!/bin/sh\n# Import the bundle into an offline database (default "neo4j"), then start the server and\n'
        "# run constraints.cypher. Run from this folder: NEO4J_ADMIN=/path/to/neo4j-admin sh import.sh [DATABASE]\n"
        'cd "$(dirname "$0")" || exit 1\n'
        '"${NEO4J_ADMIN:-neo4j-admin}" database import full "${1:-neo4j}" --overwrite-destination=true \\\n'
        f"  --multiline-fields=true --array-delimiter={_shell(delimiter)} \\\n"
        + " \\\n".join(f"  {_shell(a)}" for a in args)
        + "\n"
    )
    (out / "import.sh").write_text(command, encoding="utf-8")
    (out / "import.sh").chmod(0o755)
    return sorted([*written, "constraints.cypher", "load-csv.cypher", "import.sh"])


def admin_import_args(directory: Path) -> list[str]:
    """The arguments of ``neo4j-admin database import full`` after the database name, read from ``import.sh``.

    File names become absolute paths in ``directory``, so the command runs from anywhere.
    """
    text = (directory / "import.sh").read_text(encoding="utf-8")
    words = shlex.split(text.split("--overwrite-destination=true", 1)[1].replace("\\\n", " "))
    out = []
    for word in words:
        if word.startswith(("--nodes=", "--relationships=")):
            flag, _, files = word.partition("=")
            word = flag + "=" + ",".join(str(directory / f) for f in files.split(","))
        out.append(word)
    return ["--overwrite-destination=true", *out]


def run_admin_import(
    directory: Path, admin: Sequence[str], *, home: Path, database: str = "neo4j"
) -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin database import full`` on a bundle into the (stopped) server at ``home``.

    ``admin`` is the command that runs neo4j-admin: its script, or ``java -cp LIB/* org.neo4j.cli.AdminTool``.
    Raises ``InvalidArgument`` with the tool's last output lines when the import fails.
    """
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    cmd = [*admin, "database", "import", "full", database, *admin_import_args(directory)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise InvalidArgument(f"neo4j-admin database import failed (exit {proc.returncode}):\n{tail}")
    return proc
