"""The name index on disk as an SQLite table, so that a command finds a name without reading every name.

The embedded store's name index (normalised name → entity ids, each entity's
labels and type) is saved beside the store twice, keyed to the store's
version (:mod:`graph.disk_cache`): as JSON, which a process that asks many
questions (the service, ``citykg show``) reads whole, and as this table, which
a command that looks up one or two names queries in place. A search here
ranks as :func:`graph.store_rules.rank_search` does on the whole index: exact
matches first, then names that start with the text, then names that hold it.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "names.sqlite"
>>> write(path, "v1", {"qazvin": ["qazvin"], "qazvin province": ["qazvin-province"]},
...       {"qazvin": {"en": ["Qazvin"]}, "qazvin-province": {"en": ["Qazvin Province"]}},
...       {"qazvin": "City", "qazvin-province": "Region"})
>>> table = NameTable.open(path, "v1")
>>> [(r.id, r.matched) for r in table.search("Qazvin", "qazvin", lang="en", limit=5)]
[('qazvin', 'Qazvin'), ('qazvin-province', 'qazvin province')]
>>> table.exists("qazvin"), table.exists("tabriz")
(True, False)
>>> NameTable.open(path, "v2") is None  # saved for another version
True
>>> table.close()
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from graph.store import EntityRef, pick_label

__all__ = ["FORMAT", "NameTable", "write"]

FORMAT = 1


def write(
    path: Path,
    version: str,
    by_name: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, Sequence[str]]],
    types: Mapping[str, str],
) -> None:
    """Write the name index of store ``version`` to a new SQLite file at ``path`` (the module has an example)."""
    con = sqlite3.connect(path)
    try:
        con.executescript(
            "CREATE TABLE meta (format INTEGER NOT NULL, version TEXT NOT NULL);"
            "CREATE TABLE names (key TEXT NOT NULL, eid TEXT NOT NULL);"
            "CREATE TABLE entities (eid TEXT PRIMARY KEY, type TEXT NOT NULL, labels TEXT NOT NULL)"
            " WITHOUT ROWID;"
        )
        con.execute("INSERT INTO meta VALUES (?, ?)", (FORMAT, version))
        con.executemany(
            "INSERT INTO names VALUES (?, ?)", ((k, e) for k, ids in by_name.items() for e in ids)
        )
        con.executemany(
            "INSERT INTO entities VALUES (?, ?, ?)",
            ((e, t, json.dumps(labels.get(e, {}), ensure_ascii=False)) for e, t in types.items()),
        )
        con.execute("CREATE INDEX names_key ON names (key)")
        con.commit()
    finally:
        con.close()


class NameTable:
    """An open name table of one store version (:meth:`open`); safe to share between threads."""

    def __init__(self, con: sqlite3.Connection, version: str) -> None:
        self._con = con
        self.version = version
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, version: str) -> NameTable | None:
        """The table at ``path`` if it was saved for ``version``; None when absent or another version.

        Raises ``sqlite3.DatabaseError`` when the file is not a name table or is damaged.
        """
        if not path.is_file():
            return None
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = con.execute("SELECT format, version FROM meta").fetchone()
            con.execute("SELECT key, eid FROM names LIMIT 1").fetchall()
            con.execute("SELECT eid, type, labels FROM entities LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            con.close()
            raise
        if row != (FORMAT, version):
            con.close()
            return None
        return cls(con, version)

    def close(self) -> None:
        """Release the file."""
        with self._lock:
            self._con.close()

    def _ids(self, key: str) -> list[str]:
        return [e for (e,) in self._con.execute("SELECT eid FROM names WHERE key = ?", (key,))]

    def exists(self, entity_id: str) -> bool:
        """Whether ``entity_id`` is an entity of the store."""
        with self._lock:
            return (
                self._con.execute("SELECT 1 FROM entities WHERE eid = ?", (entity_id,)).fetchone() is not None
            )

    def search(self, text: str, key: str, *, lang: str, limit: int) -> list[EntityRef]:
        """The entities named ``text`` (``key`` normalised): exact, then prefix, then substring matches.

        Names that start with ``key`` come from a range of the table's index; the table is scanned for
        names that hold ``key`` further in only when those do not reach ``limit``.
        """
        if not key:
            return []
        with self._lock:
            found: dict[str, str] = {}
            for eid in sorted(self._ids(key)) + sorted(self._ids(text.casefold())):
                found.setdefault(eid, text)
            if len(found) < limit:
                bound = _after_prefix(key)
                if bound is None:
                    rows = self._con.execute(
                        "SELECT DISTINCT key FROM names WHERE key != ? AND instr(key, ?) = 1", (key, key)
                    )
                else:
                    rows = self._con.execute(
                        "SELECT DISTINCT key FROM names WHERE key > ? AND key < ?", (key, bound)
                    )
                prefixed = [name for (name,) in rows if name.startswith(key)]
                if not self._add(found, prefixed, limit):
                    rows = self._con.execute("SELECT DISTINCT key FROM names WHERE instr(key, ?) > 1", (key,))
                    self._add(found, [name for (name,) in rows], limit)
            out = []
            for eid, matched in list(found.items())[:limit]:
                row = self._con.execute("SELECT type, labels FROM entities WHERE eid = ?", (eid,)).fetchone()
                if row is None:
                    raise sqlite3.DatabaseError(f"{eid} is named but not listed")
                out.append(EntityRef(eid, pick_label(json.loads(row[1]), lang, eid), row[0], matched))
            return out

    def _add(self, found: dict[str, str], names: list[str], limit: int) -> bool:
        """Add the entities of ``names``, shortest name first, until ``limit``; whether it was reached."""
        for name in sorted(names, key=lambda n: (len(n), n)):
            for eid in sorted(self._ids(name)):
                found.setdefault(eid, name)
            if len(found) >= limit:
                return True
        return False


def _after_prefix(key: str) -> str | None:
    """The least text after every text that starts with ``key`` (code-point order, which is the table's
    UTF-8 byte order); None when ``key`` ends in the last code point.

    Examples
    --------
    >>> _after_prefix("qazvin")
    'qazvio'
    """
    last = ord(key[-1])
    if last >= 0x10FFFF:
        return None
    following = last + 1 if not 0xD800 <= last + 1 < 0xE000 else 0xE000  # no surrogates in UTF-8
    return key[:-1] + chr(following)
