"""News loader: sourced candidate facts from Persian, English and Slovenian text.

``citykg load --format news FILE`` (or ``citykg news FILE --lang fa``) reads a
plain-text or HTML news item, finds mentions of cities, organisations,
networks, events and people (the store's entities in every language they carry,
the Iranian gazetteer's Persian names, GeoNames cities), and extracts candidate
facts with an :class:`~loaders.news.extractor.Extractor`. Every candidate is a
record with ``review="Candidate"`` in a dataset of its own (``news-<file
stem>``), citing a Source for the file and an Evidence with the sentence, its
character offsets and a confidence. Nothing enters the trusted graph until a
reviewer accepts it (:mod:`loaders.news.review`).

Events have no fact record of their own: a hosted/attended candidate is a node
of class ``ckg:Event`` that is ``ckg:partOfEvent`` the event named, with
``ckg:host`` or ``ckg:participant`` and the same review status and evidence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal
from rdflib.namespace import PROV

from graph.store import Store
from loaders.news.extractor import FACT_KINDS, CandidateFact, Extractor, RuleExtractor
from loaders.news.gazetteer import Gazetteer, Mention
from loaders.news.text import NewsText, detect_language, read_news_text, sentences
from ontology.names import normalise
from ontology.records import Agreement, City, Dataset, Evidence, Membership, Post, Source
from ontology.to_rdf import dataset_to_graph
from ontology.vocab import CKG, entity_iri

__all__ = [
    "FACT_KINDS",
    "CandidateFact",
    "Extractor",
    "Gazetteer",
    "RuleExtractor",
    "default_gazetteer",
    "detect_language",
    "news_dataset",
    "news_reader",
    "read_news",
    "read_news_files",
    "read_news_text",
    "sentences",
    "store_gazetteer",
]


def dataset_name(path: Path) -> str:
    """The dataset (named graph) of a news file: ``news-<file stem>``.

    Examples
    --------
    >>> dataset_name(Path("/tmp/000_2d2c.txt"))
    'news-000-2d2c'
    """
    stem = re.sub(r"[^A-Za-z0-9._~-]+", "-", normalise(path.stem).encode("ascii", "ignore").decode()).strip(
        "-."
    )
    if not stem:
        stem = hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:10]
    return "news-" + stem


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Names known without a store: the bundled seed knowledge base and the place gazetteers."""
    from loaders import bundled_paths
    from loaders.records_yaml import read_dataset

    gazetteer = Gazetteer()
    for path in bundled_paths():
        if path.suffix in {".yaml", ".yml"}:
            gazetteer.add_dataset(read_dataset(path))
    gazetteer.add_network_aliases()
    gazetteer.add_places()
    return gazetteer


def store_gazetteer(store: Store) -> Gazetteer:
    """Names of the entities in ``store`` (every label, every language) and the place gazetteers."""
    gazetteer = Gazetteer()
    gazetteer.add_store(store)
    gazetteer.add_network_aliases()
    gazetteer.add_places()
    return gazetteer


def news_dataset(news: NewsText, facts: Sequence[CandidateFact]) -> tuple[Dataset, Graph]:
    """The candidate records of ``facts`` as a dataset and its RDF (events included)."""
    name = dataset_name(news.path)
    source = Source(id=name, file=news.path.name, language=news.lang, title=news.title or None)
    ds = Dataset(name=name, sources=[source])
    places: dict[str, City] = {}
    events: list[tuple[str, CandidateFact]] = []
    for fact in facts:
        for m in fact.mentions:
            _place(m, places)
        fid = f"cand-{name[5:]}-{fact.kind.replace('_', '-')}-{fact.fact_hash()}"
        ev = [_evidence(name, news.lang, fact)]
        a = dict(fact.args)
        if fact.kind == "membership":
            ds.memberships.append(
                Membership(id=fid, member=a["member"], network=a["network"], review="Candidate", evidence=ev)
            )
        elif fact.kind == "post":
            ds.posts.append(
                Post(
                    id=fid,
                    person=a["person"],
                    role=a["role"],
                    organisation=a["organisation"],
                    review="Candidate",
                    evidence=ev,
                )
            )
        elif fact.kind == "agreement":
            ds.agreements.append(
                Agreement.model_validate(
                    {
                        "id": fid,
                        "type": a["type"],
                        "parties": a["parties"].split("|"),
                        "review": "Candidate",
                        "evidence": ev,
                    }
                )
            )
        else:
            events.append((fid, fact))
    ds.entities.extend(places.values())
    graph = dataset_to_graph(ds)
    for fid, fact in events:
        _event_candidate(graph, fid, fact, _evidence(name, news.lang, fact))
    return ds, graph


def _place(m: Mention, places: dict[str, City]) -> None:
    if m.record is not None and m.id not in places:
        places[m.id] = m.record.to_city()


def _evidence(source: str, lang: str, fact: CandidateFact) -> Evidence:
    s = fact.sentence
    return Evidence(
        source=source,
        sentence=s.text,
        lang=lang,
        char_start=s.start,
        char_end=s.end,
        confidence=fact.confidence,
    )


def _event_candidate(graph: Graph, fid: str, fact: CandidateFact, ev: Evidence) -> None:
    # Mirrors ontology.to_rdf's evidence nodes (same hashing), for the Event-shaped candidates.
    node = entity_iri(fid)
    a = dict(fact.args)
    graph.add((node, RDF.type, CKG.Event))
    graph.add((node, CKG.partOfEvent, entity_iri(a["event"])))
    if fact.kind == "event_hosted":
        graph.add((node, CKG.host, entity_iri(a["host"])))
    else:
        graph.add((node, CKG.participant, entity_iri(a["participant"])))
    graph.add((node, CKG.reviewStatus, CKG.Candidate))
    source = entity_iri(ev.source)
    graph.add((node, PROV.wasDerivedFrom, source))
    key = "\x1f".join([str(node), ev.source, ev.sentence or "", str(ev.char_start), str(ev.char_end)])
    evn = entity_iri("evidence/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])
    graph.add((node, CKG.evidence, evn))
    graph.add((evn, RDF.type, CKG.Evidence))
    graph.add((evn, CKG.source, source))
    graph.add((evn, CKG.sentence, Literal(ev.sentence, lang=ev.lang)))
    graph.add((evn, CKG.charStart, Literal(ev.char_start)))
    graph.add((evn, CKG.charEnd, Literal(ev.char_end)))
    graph.add((evn, CKG.confidence, Literal(ev.confidence, datatype=XSD.decimal)))


def read_news(
    path: Path,
    *,
    lang: str | None = None,
    store: Store | None = None,
    extractor: Extractor | None = None,
) -> tuple[str, Graph]:
    """Read one news file into its candidate dataset: ``(dataset name, RDF graph)``.

    Names are looked up in ``store`` when given, else in the bundled seed
    knowledge base; places in the gazetteers either way. Raises a
    :class:`~loaders.errors.LoaderError` naming the file for empty, binary,
    too large, mixed-script or unknown-language input; nothing is returned then.
    """
    news = read_news_text(path, lang=lang)
    if extractor is None:
        extractor = RuleExtractor(store_gazetteer(store) if store is not None else default_gazetteer())
    facts = extractor.extract(news)
    dataset, graph = news_dataset(news, facts)
    return dataset.name, graph


def read_news_files(
    paths: Sequence[Path],
    store: Store,
    *,
    lang: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[tuple[str, Graph]]:
    """Read news files with the names of ``store``'s entities; the first bad file raises.

    What ``citykg news`` and ``citykg load --format news`` do before their one
    load: one extractor over the store's names and the gazetteers serves every
    file; ``lang`` (``fa``, ``en``, ``sl``) applies to all files, else each
    file's language is detected. ``progress`` is called after each file.
    """
    extractor = RuleExtractor(store_gazetteer(store))
    out: list[tuple[str, Graph]] = []
    for path in paths:
        out.append(read_news(path, lang=lang, extractor=extractor))
        if progress is not None:
            progress(path)
    return out


def news_reader(path: Path, ctx: object = None) -> tuple[str, Graph]:
    """The ``news`` entry of :data:`loaders.FORMATS` (language detected; names from the bundled seeds).

    The CLI does not use it: ``citykg load --format news`` reads through
    :func:`read_news_files`, with the store's names and ``--lang``.
    """
    return read_news(path)
