"""The projection's file: flat arrays beside the store, read through a memory map.

A command that reads a saved projection asks a few questions of it (two
vertices by id, whether they are connected, their neighbours, the ties of a
few edges), so the file is laid out for those, and nothing in it is parsed
until it is asked for: opening it costs a header and a checksum, not the
size of the graph. It needs neither numpy nor igraph; the igraph graph, the
id list and the node list of :class:`~graph.projection.Projection` are built
from it only when a caller asks for them (``centrality``, ``stats``, ...).

Layout
------
``MAGIC`` (8 bytes), the header's length (8 bytes, little-endian), the header
(JSON), then the sections, each at an 8-byte boundary. The header names the
file's format, store version, filters and byte order, the counts, the CRC-32
of everything after it, and each section's offset, length and item type (an
:mod:`array` type code). Sections:

- ``edges``: the simple graph's edges, two ``int32`` per edge, in the graph's edge order;
- ``adj_ptr``, ``adj``, ``adj_edge``: the neighbours in CSR form, ``adj[adj_ptr[v]:adj_ptr[v + 1]]``
  sorted ascending, and the edge of each (``adj_edge``), as
  :meth:`~graph.projection.Projection.adjacency` gives them;
- ``component``: each vertex's connected component;
- ``id_order``: the vertices sorted by entity id (a binary search finds a vertex by id);
- ``ids``, ``node_type``, ``node_label``, ``node_country``: UTF-8 text and byte offsets
  (``<name>.text``, ``<name>.offsets``);
- ``node_lat``, ``node_lon``, ``node_pop``: ``float64``, NaN for none;
- ``tie_ptr`` (the ties of edge ``e`` are ``tie_ptr[e]:tie_ptr[e + 1]``) and the tie columns as text.
"""

from __future__ import annotations

import array
import bisect
import json
import mmap
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, overload

from graph.store import NodeInfo, Tie

if TYPE_CHECKING:
    import igraph as ig

    from graph.projection import Filters, Projection

__all__ = ["FORMAT", "Adjacency", "MappedProjection", "read", "write"]

FORMAT = 2
MAGIC = b"CKGPROJ\x02"
_TIE_COLUMNS = ("tie_fact", "tie_kind", "tie_source", "tie_target", "tie_start", "tie_end", "tie_sources")
_NODE_TEXT = ("ids", "node_type", "node_label", "node_country")


# ---------------------------------------------------------------------------- writing
def _texts(strings: Sequence[str]) -> tuple[bytes, array.array[int]]:
    """UTF-8 text and byte offsets of ``strings``."""
    encoded = [s.encode("utf-8") for s in strings]
    offsets = array.array("q", [0])
    total = 0
    for b in encoded:
        total += len(b)
        offsets.append(total)
    return b"".join(encoded), offsets


def _floats(values: Sequence[float | None]) -> array.array[float]:
    return array.array("d", (float("nan") if v is None else float(v) for v in values))


def _sections(p: Projection) -> dict[str, array.array[Any] | bytes]:
    """The arrays of projection ``p`` as the file holds them."""
    n = len(p.ids)
    edge_list = p.graph.get_edgelist()
    edges = array.array("i", (x for pair in edge_list for x in pair))
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for e, (a, b) in enumerate(edge_list):
        neighbours[a].append((b, e))
        if a != b:
            neighbours[b].append((a, e))
    adj_ptr, adj, adj_edge = array.array("q", [0]), array.array("i"), array.array("i")
    for row in neighbours:
        row.sort()
        adj.extend(w for w, _ in row)
        adj_edge.extend(e for _, e in row)
        adj_ptr.append(len(adj))
    component = array.array("i", p.graph.connected_components().membership)
    ids = list(p.ids)
    id_order = array.array("i", sorted(range(n), key=ids.__getitem__))
    ties = [t for group in p.edge_ties for t in group]
    tie_ptr = array.array("q", [0])
    for group in p.edge_ties:
        tie_ptr.append(tie_ptr[-1] + len(group))
    out: dict[str, array.array[Any] | bytes] = {
        "edges": edges,
        "adj_ptr": adj_ptr,
        "adj": adj,
        "adj_edge": adj_edge,
        "component": component,
        "id_order": id_order,
        "node_lat": _floats([x.lat for x in p.nodes]),
        "node_lon": _floats([x.lon for x in p.nodes]),
        "node_pop": _floats([x.population for x in p.nodes]),
        "tie_ptr": tie_ptr,
    }
    columns: dict[str, list[str]] = {
        "ids": ids,
        "node_type": [x.type for x in p.nodes],
        "node_label": [x.label for x in p.nodes],
        "node_country": [x.country or "" for x in p.nodes],
        "tie_fact": [t.fact for t in ties],
        "tie_kind": [t.kind for t in ties],
        "tie_source": [t.source for t in ties],
        "tie_target": [t.target for t in ties],
        "tie_start": [t.start or "" for t in ties],
        "tie_end": [t.end or "" for t in ties],
        "tie_sources": [" ".join(t.sources) for t in ties],
    }
    for name, values in columns.items():
        out[f"{name}.text"], out[f"{name}.offsets"] = _texts(values)
    return out


def write(fh: BinaryIO, p: Projection, filters_key: str) -> None:
    """Write projection ``p`` (saved under ``filters_key``) to ``fh``; :func:`read` has an example."""
    sections = _sections(p)
    table: dict[str, list[Any]] = {}
    body = bytearray()
    for name, data in sections.items():
        body.extend(b"\0" * (-len(body) % 8))
        raw = data if isinstance(data, bytes) else data.tobytes()
        code = "B" if isinstance(data, bytes) else data.typecode
        table[name] = [len(body), len(raw), code]
        body.extend(raw)
    header = json.dumps(
        {
            "format": FORMAT,
            "version": p.version,
            "filters": filters_key,
            "byteorder": sys.byteorder,
            "n": len(p.ids),
            "m": len(p.edge_ties),
            "crc32": zlib.crc32(body),
            "sections": table,
        },
        sort_keys=True,
    ).encode("utf-8")
    header += b" " * (-(len(header) + 16) % 8)
    fh.write(MAGIC)
    fh.write(len(header).to_bytes(8, "little"))
    fh.write(header)
    fh.write(body)


# ---------------------------------------------------------------------------- reading
class _Texts(Sequence[str]):
    """Strings packed as UTF-8 text and byte offsets; each decoded when asked for."""

    def __init__(self, text: memoryview, offsets: memoryview) -> None:
        self._text, self._offsets = text, offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        o = self._offsets
        return str(self._text[o[i] : o[i + 1]], "utf-8")

    def all(self) -> list[str]:
        """Every string, decoded at once."""
        raw = self._text.tobytes()
        o = self._offsets.tolist()
        if raw.isascii():  # byte offsets are character offsets: slice one decoded text
            text = raw.decode("ascii")
            return [text[o[i] : o[i + 1]] for i in range(len(o) - 1)]
        return [raw[o[i] : o[i + 1]].decode("utf-8") for i in range(len(o) - 1)]


class Adjacency(dict[int, list[int]]):
    """``adj[v]``: the neighbours of ``v``, sorted, read from the CSR arrays when first asked for.

    A row is kept once read (a dictionary, so that a row already read costs a plain lookup); a command
    that searches once reads only the rows its search visits. (A process that searches again is given
    every row as lists at once: :meth:`MappedProjection.adjacency_lists`.)
    """

    def __init__(self, ptr: memoryview, adj: memoryview) -> None:
        super().__init__()
        self._ptr, self._adj = ptr, adj

    def __missing__(self, v: int) -> list[int]:
        if not 0 <= v < len(self._ptr) - 1:
            raise KeyError(v)
        row: list[int] = self._adj[self._ptr[v] : self._ptr[v + 1]].tolist()
        self[v] = row
        return row


class _EdgeTies(Sequence[list[Tie]]):
    """``edge_ties`` of a projection read from its file: edge ``e``'s ties built when first asked for."""

    def __init__(self, columns: Sequence[_Texts], ptr: memoryview) -> None:
        self._columns, self._ptr = columns, ptr
        self._built: dict[int, list[Tie]] = {}

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def __eq__(self, other: object) -> bool:  # equal to the lists a projection built from the store holds
        return (
            isinstance(other, Sequence)
            and len(self) == len(other)
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]

    def _tie(self, i: int) -> Tie:
        f, k, s, t, a, b, src = (c[i] for c in self._columns)
        return Tie(f, k, s, t, a or None, b or None, tuple(src.split(" ")) if src else ())

    @overload
    def __getitem__(self, e: int) -> list[Tie]: ...
    @overload
    def __getitem__(self, e: slice) -> list[list[Tie]]: ...
    def __getitem__(self, e: int | slice) -> list[Tie] | list[list[Tie]]:
        if isinstance(e, slice):
            return [self[i] for i in range(*e.indices(len(self)))]
        if e < 0:
            e += len(self)
        if not 0 <= e < len(self):
            raise IndexError(e)
        built = self._built.get(e)
        if built is None:
            built = [self._tie(i) for i in range(self._ptr[e], self._ptr[e + 1])]
            self._built[e] = built
        return built


class _Index(Mapping[str, int]):
    """Entity id → vertex, by binary search over the vertices sorted by id."""

    def __init__(self, ids: _Texts, order: memoryview) -> None:
        self._ids, self._order = ids, order

    def find(self, key: str) -> int | None:
        """The vertex of entity ``key``, or None."""
        ids, order = self._ids, self._order
        lo = bisect.bisect_left(range(len(order)), key, key=lambda j: ids[order[j]])
        if lo < len(order) and ids[order[lo]] == key:
            return int(order[lo])
        return None

    def __getitem__(self, key: str) -> int:
        found = self.find(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids.all())

    def __len__(self) -> int:
        return len(self._ids)


def _nan_none(v: float) -> float | None:
    return None if v != v else v


def _read_sections(
    path: Path, version: str, filters_key: str
) -> tuple[dict[str, Any], dict[str, memoryview]]:
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        if size < 16:
            raise ValueError("not a projection file")
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mm)
    if view[:8] != MAGIC:
        raise ValueError("not a projection file")
    hlen = int.from_bytes(view[8:16], "little")
    start = 16 + hlen
    if start > size:
        raise ValueError("the header is cut short")
    header = json.loads(str(view[16:start], "utf-8"))
    if not isinstance(header, dict) or (
        header.get("format"),
        header.get("version"),
        header.get("filters"),
        header.get("byteorder"),
    ) != (FORMAT, version, filters_key, sys.byteorder):
        raise ValueError("another version, filter, format or byte order")
    body = view[start:]
    if zlib.crc32(body) != header["crc32"]:
        raise ValueError("the file is damaged (checksum)")
    out: dict[str, memoryview] = {}
    for name, (offset, length, code) in header["sections"].items():
        if offset % 8 or offset + length > len(body):
            raise ValueError(f"section {name} lies outside the file")
        out[name] = body[offset : offset + length].cast(code)
    return header, out


class MappedProjection:
    """The arrays of a projection file, with the few reads a path question needs.

    :func:`read` wraps it in a :class:`~graph.projection.Projection` that builds
    the rest (igraph graph, id and node lists) only when asked for.
    """

    def __init__(self, header: Mapping[str, Any], sections: Mapping[str, memoryview]) -> None:
        s = sections
        self.n: int = header["n"]
        self.m: int = header["m"]
        texts = {name: _Texts(s[f"{name}.text"], s[f"{name}.offsets"]) for name in _NODE_TEXT}
        self.ids = texts["ids"]
        self._types, self._labels, self._countries = (
            texts["node_type"],
            texts["node_label"],
            texts["node_country"],
        )
        self._lat, self._lon, self._pop = s["node_lat"], s["node_lon"], s["node_pop"]
        self.edges = s["edges"]
        self.adjacency = Adjacency(s["adj_ptr"], s["adj"])
        self._adj_ptr, self._adj, self._adj_edge = s["adj_ptr"], s["adj"], s["adj_edge"]
        self.component = s["component"]
        self.index = _Index(self.ids, s["id_order"])
        ties = [_Texts(s[f"{name}.text"], s[f"{name}.offsets"]) for name in _TIE_COLUMNS]
        self.edge_ties = _EdgeTies(ties, s["tie_ptr"])
        lengths = {len(t) for t in ties}
        if (
            len(lengths) != 1
            or any(
                len(x) != self.n for x in (*texts.values(), self._lat, self._lon, self._pop, self.component)
            )
            or len(s["id_order"]) != self.n
            or len(s["adj_ptr"]) != self.n + 1
            or len(self.edges) != 2 * self.m
            or len(self._adj) != len(self._adj_edge)
            or len(s["tie_ptr"]) != self.m + 1
            or s["tie_ptr"][-1] != lengths.pop()
            or self._adj_ptr[-1] != len(self._adj)
        ):
            raise ValueError("sections of different lengths")

    def adjacency_lists(self) -> list[list[int]]:
        """Every vertex's neighbours as lists, read at once (for a process that searches many times)."""
        flat, ptr = self._adj.tolist(), self._adj_ptr.tolist()
        return [flat[ptr[v] : ptr[v + 1]] for v in range(self.n)]

    def node(self, i: int) -> NodeInfo:
        """The entity of vertex ``i``."""
        return NodeInfo(
            self.ids[i],
            self._types[i],
            self._labels[i],
            self._countries[i] or None,
            _nan_none(self._lat[i]),
            _nan_none(self._lon[i]),
            _nan_none(self._pop[i]),
        )

    def nodes(self) -> list[NodeInfo]:
        """Every vertex's entity."""
        lat, lon, pop = (
            [None if v != v else v for v in x.tolist()] for x in (self._lat, self._lon, self._pop)
        )
        return [
            NodeInfo(i, ty, label, c or None, la, lo, po)
            for i, ty, label, c, la, lo, po in zip(
                self.ids.all(),
                self._types.all(),
                self._labels.all(),
                self._countries.all(),
                lat,
                lon,
                pop,
                strict=True,
            )
        ]

    def edge_id(self, a: int, b: int) -> int:
        """The edge linking vertices ``a`` and ``b``; -1 when there is none."""
        lo, hi = self._adj_ptr[a], self._adj_ptr[a + 1]
        j = bisect.bisect_left(self._adj, b, lo, hi)
        return self._adj_edge[j] if j < hi and self._adj[j] == b else -1

    def graph(self) -> ig.Graph:
        """The igraph graph of the edges."""
        import igraph as ig

        flat = self.edges.tolist()
        return ig.Graph(n=self.n, edges=list(zip(flat[0::2], flat[1::2], strict=True)), directed=False)


def read(path: Path, version: str, filters: Filters, filters_key: str) -> Projection:
    """The projection saved in ``path`` for ``version`` and ``filters``.

    Raises ``ValueError`` (or ``OSError``) when the file is not one, is cut short or damaged, or was
    saved for another version, filter or byte order.

    Examples
    --------
    >>> import tempfile
    >>> import igraph as ig
    >>> from graph.projection import Filters, Projection
    >>> nodes = [NodeInfo(x, "City", x.title()) for x in ("b", "a", "c")]
    >>> ties = [[Tie("t1", "TwinningAgreement", "b", "a", "1990")], [Tie("t2", "TwinningAgreement", "a", "c")]]
    >>> p = Projection(ig.Graph(n=3, edges=[(0, 1), (1, 2)]), ["b", "a", "c"], {}, nodes, ties, "v1")
    >>> path = Path(tempfile.mkdtemp()) / "p.proj"
    >>> with path.open("wb") as fh:
    ...     write(fh, p, "all")
    >>> q = read(path, "v1", Filters(), "all")
    >>> q.vertex("c"), q.node(0).label, q.adjacency()[1], q.edge_ids([(2, 1)]), q.edge_ties[0][0].start
    (2, 'B', [0, 2], [1], '1990')
    >>> read(path, "v2", Filters(), "all")
    Traceback (most recent call last):
    ...
    ValueError: another version, filter, format or byte order
    """
    from graph.projection import Projection

    header, sections = _read_sections(path, version, filters_key)
    return Projection.from_file(MappedProjection(header, sections), version=version, filters=filters)
