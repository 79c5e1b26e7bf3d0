"""Loaders: read sources into validated records and RDF, before anything is written.

Every loader turns one file into a named dataset (an RDF graph in the citykg
ontology). :func:`read_sources` reads all the files of a load first, so that a
bad file anywhere means nothing is written; the caller then hands the graphs to
a store in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from rdflib import Graph

from loaders.errors import LoaderError, UnknownFormat, UnreadableFile
from loaders.rdf_source import RDF_FORMATS, read_rdf
from loaders.records_yaml import read_dataset
from ontology.to_rdf import dataset_to_graph

__all__ = ["FORMATS", "LoadedSource", "bundled_paths", "detect_format", "read_source", "read_sources"]

LoadedSource = tuple[str, Graph]
Reader = Callable[[Path], LoadedSource]


def _yaml(path: Path) -> LoadedSource:
    dataset = read_dataset(path)
    return dataset.name, dataset_to_graph(dataset)


def _rdf(fmt: str) -> Reader:
    def read(path: Path) -> LoadedSource:
        return path.stem, read_rdf(path, fmt)

    return read


FORMATS: dict[str, Reader] = {"yaml": _yaml, **{name: _rdf(name) for name in RDF_FORMATS}}
"""Format name → reader. Other modules register more (``FORMATS["wikidata"] = ...``)."""

_EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ttl": "turtle",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
}


def detect_format(path: Path) -> str:
    """The format of ``path`` from its extension.

    Examples
    --------
    >>> detect_format(Path("facts.ttl"))
    'turtle'
    """
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"{path}: cannot tell the format from the extension; pass --format ({known})")
    return fmt


def read_source(path: Path, fmt: str | None = None) -> LoadedSource:
    """Read one file as ``fmt`` (detected from the extension when None)."""
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise UnknownFormat(f"{path}: unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    return FORMATS[fmt](path)


def read_sources(
    paths: Sequence[Path],
    fmt: str | None = None,
    *,
    progress: Callable[[Path], None] | None = None,
) -> list[LoadedSource]:
    """Read every path; the first bad one raises and nothing is returned."""
    out: list[LoadedSource] = []
    for path in paths:
        out.append(read_source(path, fmt))
        if progress is not None:
            progress(path)
    return out


def bundled_paths() -> list[Path]:
    """The data shipped with citykg, loaded by ``citykg load`` with no path."""
    data = resources.files("loaders") / "data"
    return [Path(str(data / name)) for name in ("seeds.yaml",)]


__all__ += ["LoaderError"]
