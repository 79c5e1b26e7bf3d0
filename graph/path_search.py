"""Path search on a projection's adjacency lists: bidirectional BFS and Yen's k shortest simple paths.

Both work on vertex indices (``adj[v]`` lists the neighbours of ``v``, as
:meth:`graph.projection.Projection.adjacency` gives them) and count hops.

:func:`bidirectional_path` grows a breadth-first search from both ends and
always expands the side whose next level costs less: the one whose frontier
has the smaller sum of degrees (on a preferential-attachment graph a frontier
of a few nodes may hold a hub, so the number of nodes is a poor guide).

:func:`k_shortest_paths` is Yen's algorithm with three savings that keep its
answer:

- Lawler's rule: a path found by deviating from its parent at position ``i``
  is only deviated from at positions ``i`` and later (earlier deviations were
  tried from the parent);
- bounded spur searches: once enough candidates are known, a spur search only
  looks for paths strictly shorter than the worst of them;
- early stop: paths come out in non-decreasing length, so as soon as enough
  candidates have the length of the last path taken, they are the answer.

The lengths of the k paths equal those of the first k paths of networkx's
``shortest_simple_paths``; among paths of equal length the choice may differ.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from typing import Protocol

__all__ = ["Neighbours", "bidirectional_path", "k_shortest_paths"]


class Neighbours(Protocol):
    """``adj[v]``: the neighbours of vertex ``v`` (lists of lists, or rows read from a file when asked for)."""

    def __getitem__(self, v: int, /) -> Sequence[int]: ...


_NEVER = -2  # marks a vertex that neither side may enter


def bidirectional_path(
    adj: Neighbours,
    s: int,
    t: int,
    max_length: int,
    *,
    avoid: Collection[int] = (),
    skip_first: Collection[int] = (),
) -> list[int]:
    """A shortest path from ``s`` to ``t`` of at most ``max_length`` hops, or ``[]``.

    ``avoid`` are vertices the path may not use; ``skip_first`` are neighbours
    of ``s`` the path may not go to first (the edges ``s``–``x`` are left out).

    Examples
    --------
    >>> adj = [[1, 2], [0, 3], [0, 3], [1, 2]]  # a square 0-1-3-2-0
    >>> bidirectional_path(adj, 0, 3, 6)
    [0, 1, 3]
    >>> bidirectional_path(adj, 0, 3, 6, skip_first=[1]), bidirectional_path(adj, 0, 3, 6, avoid=[1, 2])
    ([0, 2, 3], [])
    >>> bidirectional_path(adj, 0, 3, 1)
    []
    """
    if s == t:
        return [s]
    pred: dict[int, int] = {s: -1}
    succ: dict[int, int] = {t: -1}
    for v in avoid:
        pred[v] = succ[v] = _NEVER
    hops = 0
    if skip_first:
        # Leave s only through the allowed edges: expand s here, and bar the backward side from it.
        succ[s] = _NEVER
        front_s: list[int] = []
        for w in adj[s]:
            if w in pred or w in skip_first:
                continue
            pred[w] = s
            if w in succ:
                return _join(pred, succ, w)
            front_s.append(w)
        hops = 1
    else:
        front_s = [s]
    front_t = [t]
    cost_s = sum(len(adj[v]) for v in front_s)
    cost_t = len(adj[t])
    while front_s and front_t and hops < max_length:
        hops += 1
        nxt: list[int] = []
        cost = 0
        if cost_s <= cost_t:
            for v in front_s:
                for w in adj[v]:
                    if w in pred:
                        continue
                    pred[w] = v
                    if w in succ:
                        return _join(pred, succ, w)
                    nxt.append(w)
                    cost += len(adj[w])
            front_s, cost_s = nxt, cost
        else:
            for v in front_t:
                for w in adj[v]:
                    if w in succ:
                        continue
                    succ[w] = v
                    if w in pred:
                        return _join(pred, succ, w)
                    nxt.append(w)
                    cost += len(adj[w])
            front_t, cost_t = nxt, cost
    return []


def _join(pred: dict[int, int], succ: dict[int, int], meet: int) -> list[int]:
    path = [meet]
    v = pred[meet]
    while v != -1:
        path.append(v)
        v = pred[v]
    path.reverse()
    v = succ[meet]
    while v != -1:
        path.append(v)
        v = succ[v]
    return path


def k_shortest_paths(adj: Neighbours, s: int, t: int, k: int, max_length: int) -> list[list[int]]:
    """The ``k`` shortest simple paths from ``s`` to ``t`` of at most ``max_length`` hops, shortest first.

    Fewer when fewer exist. Yen's algorithm with Lawler's rule, bounded spur
    searches and an early stop (see the module docstring).

    Examples
    --------
    >>> adj = [[1, 2], [0, 3], [0, 3], [1, 2, 4], [3]]  # a square 0-1-3-2-0 and a tail 3-4
    >>> sorted(k_shortest_paths(adj, 0, 4, 3, 6))
    [[0, 1, 3, 4], [0, 2, 3, 4]]
    >>> k_shortest_paths(adj, 0, 4, 1, 2)
    []
    """
    first = bidirectional_path(adj, s, t, max_length)
    if not first:
        return []
    found: list[list[int]] = [first]
    deviation: dict[tuple[int, ...], int] = {tuple(first): 0}
    heap: list[tuple[int, tuple[int, ...]]] = []
    while len(found) < k:
        last = found[-1]
        shortest = len(last)
        need = k - len(found)
        for i in range(deviation[tuple(last)], len(last) - 1):
            if sum(1 for n, _ in heap if n == shortest) >= need:
                break  # enough candidates as short as the last path: none can be shorter
            limit = max_length - i
            if len(heap) >= need:
                worst = heapq.nsmallest(need, heap)[-1][0]
                limit = min(limit, worst - 2 - i)  # strictly shorter than the worst candidate
            if limit < 1:
                continue
            root = last[: i + 1]
            skip = {p[i + 1] for p in found if len(p) > i + 1 and p[: i + 1] == root}
            spur = bidirectional_path(adj, last[i], t, limit, avoid=root[:-1], skip_first=skip)
            if not spur:
                continue
            path = (*root[:-1], *spur)
            if path in deviation:
                continue
            deviation[path] = i
            heapq.heappush(heap, (len(path), path))
        if not heap:
            break
        found.append(list(heapq.heappop(heap)[1]))
    return found
