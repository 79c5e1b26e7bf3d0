"""Read citykg's own YAML record files (the seed knowledge base and hand-curated data).

The YAML is parsed with node positions kept, so that a validation error names
the line of the offending key, not only its path.

Only plain YAML is read: anchors and aliases (``&name``, ``*name``, and the merge
key built on them) are refused where they first appear, so a small document cannot
expand into a huge one ("billion laughs") or refer to itself; nesting deeper than
:data:`MAX_DEPTH` is refused too, before any recursion can run out of stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from loaders.errors import ParseError, RecordInvalid, UnreadableFile
from ontology.records import Dataset

__all__ = ["MAX_DEPTH", "StrictSafeLoader", "YamlRefused", "read_dataset", "read_yaml_with_lines"]

Loc = tuple[str | int, ...]

MAX_DEPTH = 64
"""The deepest nesting of mappings and sequences a YAML file may have."""


class YamlRefused(yaml.MarkedYAMLError):
    """Valid YAML that citykg does not read: an anchor, an alias, or nesting past :data:`MAX_DEPTH`."""


class StrictSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, and with a nesting limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(
                None,
                None,
                f"aliases (*{event.anchor}) are not accepted; write the value out",
                mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlRefused(None, None, f"anchors (&{anchor}) are not accepted; write the values out", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlRefused(None, None, f"the YAML is nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``path`` and return its data and a map from each key path to its 1-based line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror}") from exc
    try:
        node = yaml.compose(text, Loader=StrictSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ParseError(
            f"{'YAML refused' if isinstance(exc, YamlRefused) else 'malformed YAML'}: {exc.problem}",
            file=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from exc
    lines: dict[Loc, int] = {}
    return _build(node, (), lines, path), lines


def _build(node: yaml.Node | None, loc: Loc, lines: dict[Loc, int], path: Path) -> Any:
    if node is None:
        return None
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise ParseError(
                    f"key {key!r} appears twice", file=path, line=key_node.start_mark.line + 1, field=str(key)
                )
            out[key] = _build(value_node, (*loc, key), lines, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), lines, path) for i, item in enumerate(node.value)]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node)
    finally:
        loader.dispose()


def read_dataset(path: Path) -> Dataset:
    """Read a YAML record file into a validated :class:`~ontology.records.Dataset`.

    Raises
    ------
    ParseError
        The YAML is malformed.
    RecordInvalid
        A record breaks the model or names an id that is not defined.
    """
    data, lines = read_yaml_with_lines(path)
    if not isinstance(data, dict):
        raise RecordInvalid("expected a mapping with 'name', 'sources', 'entities', ...", file=path, line=1)
    data.setdefault("name", path.stem)
    try:
        dataset = Dataset.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))
        line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
        field = ".".join(str(p) for p in loc)
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RecordInvalid(err["msg"] + more, file=path, line=line, field=field) from exc
    _check_references(dataset, data, lines, path)
    return dataset


def _check_references(dataset: Dataset, data: dict[str, Any], lines: dict[Loc, int], path: Path) -> None:
    """Every id a record points to must be defined in the same file."""
    defined = {e.id for e in dataset.entities} | {s.id for s in dataset.sources}
    ids = {"sources", "entities", "agreements", "memberships", "posts"}
    for section in ids:
        for i, item in enumerate(data.get(section) or []):
            if not isinstance(item, dict):
                continue
            for key, value in item.items():
                _check_value(section, i, key, value, defined, lines, path)


_REF_KEYS = {
    "country",
    "region",
    "located_in",
    "governs",
    "part_of",
    "host",
    "organisers",
    "participants",
    "run_by",
    "partners",
    "parties",
    "member",
    "network",
    "person",
    "organisation",
}


def _check_value(
    section: str, i: int, key: str, value: Any, defined: set[str], lines: dict[Loc, int], path: Path
) -> None:
    refs: list[tuple[Loc, Any]] = []
    if key in _REF_KEYS:
        items = value if isinstance(value, list) else [value]
        refs = [
            ((section, i, key, j) if isinstance(value, list) else (section, i, key), v)
            for j, v in enumerate(items)
        ]
    elif key == "evidence" and isinstance(value, list):
        refs = [
            ((section, i, key, j, "source"), ev.get("source"))
            for j, ev in enumerate(value)
            if isinstance(ev, dict)
        ]
    for loc, ref in refs:
        if ref is not None and ref not in defined:
            raise RecordInvalid(
                f"{ref!r} is not defined in this file",
                file=path,
                line=lines.get(loc) or lines.get((section, i)),
                field=".".join(str(p) for p in loc),
            )
