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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as Only

from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import PROV

from graph.store import Store
from loaders.news.extractor import FACT_KINDS, CandidateFact, Extractor, RuleExtractor
from loaders.news.gazetteer import Gazetteer, Mention
from loaders.news.names import NewEntity
from loaders.news.text import NewsText, detect_language, read_news_text, sentences
from ontology.names import normalise
from ontology.records import Agreement, Dataset, Evidence, Membership, Post, Source
from ontology.to_rdf import dataset_to_graph
from ontology.vocab import CKG, entity_iri

__all__ = [
    "FACT_KINDS",
    "CandidateFact",
    "Extractor",
    "Gazetteer",
    "NewsResult",
    "RuleExtractor",
    "candidate_id",
    "default_gazetteer",
    "detect_language",
    "extract_news_files",
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
    gazetteer.add_countries()
    gazetteer.add_places()
    return gazetteer


def store_gazetteer(store: Store) -> Gazetteer:
    """Names of the entities in ``store`` (every label, every language) and the place gazetteers."""
    gazetteer = Gazetteer()
    gazetteer.add_store(store)
    gazetteer.add_known_organisations()
    gazetteer.add_acronyms()
    gazetteer.add_network_aliases()
    gazetteer.add_countries()
    gazetteer.add_places()
    return gazetteer


def news_dataset(news: NewsText, facts: Sequence[CandidateFact]) -> tuple[Dataset, Graph]:
    """The candidate records of ``facts`` as a dataset and its RDF (events included).

    Entities the store lacks come along as records: gazetteer places as cities, people
    and organisations found by title, events with their name, ordinal (``edition``),
    date and host. A fact the article only plans or negotiates (``intent``) is a
    candidate with status ``Planned``. Each fact says how its arguments were linked
    (``rdfs:comment``).
    """
    name = dataset_name(news.path)
    source = Source(
        id=name, file=news.path.name, language=news.lang, title=news.title or None, date=_year_month_day(news)
    )
    ds = Dataset(name=name, sources=[source])
    hosts: dict[str, tuple[str, str | None]] = {}
    for fact in facts:
        if fact.kind == "event_hosted" and not fact.intent:
            hosts.setdefault(fact.arg("event"), (fact.arg("host"), fact.date))
    entities: dict[str, Any] = {}
    events: list[tuple[str, CandidateFact]] = []
    notes: list[tuple[str, CandidateFact]] = []
    for fact in facts:
        for m in fact.mentions:
            _new_entity(m, entities, hosts)
        fid = candidate_id(name, fact)
        ev = [_evidence(name, news.lang, fact)]
        a = dict(fact.args)
        status: Only["Planned"] | None = "Planned" if fact.intent else None
        notes.append((fid, fact))
        if fact.kind == "membership":
            ds.memberships.append(
                Membership(
                    id=fid,
                    member=a["member"],
                    network=a["network"],
                    review="Candidate",
                    evidence=ev,
                    status=status,
                )
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
                        "status": status,
                    }
                )
            )
        else:
            events.append((fid, fact))
    ds.entities.extend(entities.values())
    graph = dataset_to_graph(ds)
    for fid, fact in events:
        _event_candidate(graph, fid, fact, _evidence(name, news.lang, fact))
    for fid, fact in notes:
        graph.add((entity_iri(fid), RDFS.comment, Literal("linked: " + " | ".join(fact.why))))
    return ds, graph


def _year_month_day(news: NewsText) -> str | None:
    from loaders.news.names import parse_date

    return parse_date(news.text[:400])


def _new_entity(m: Mention, entities: dict[str, Any], hosts: dict[str, tuple[str, str | None]]) -> None:
    if m.record is None or m.id in entities:
        return
    if isinstance(m.record, NewEntity) and m.record.kind == "Event":
        host, date = hosts.get(m.id, (None, None))
        record = m.record.to_entity(host=host)
        if date and getattr(record, "start", None) is None:
            record = record.model_copy(update={"start": date})
        entities[m.id] = record
        return
    entities[m.id] = m.record.to_entity()


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
    names = {m.id: m.text for m in fact.mentions}
    other = a.get("host") or a.get("participant") or ""
    label = f"{names.get(a['event'], a['event'])} – {names.get(other, other)}"
    graph.add((node, RDFS.label, Literal(label, lang=ev.lang)))
    graph.add((node, CKG.partOfEvent, entity_iri(a["event"])))
    if fact.kind == "event_hosted":
        graph.add((node, CKG.host, entity_iri(a["host"])))
    else:
        graph.add((node, CKG.participant, entity_iri(a["participant"])))
    graph.add((node, CKG.reviewStatus, CKG.Candidate))
    if fact.intent:
        graph.add((node, CKG.status, CKG.Planned))
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


@dataclass(frozen=True, slots=True)
class NewsResult:
    """One news file read: its dataset name, text, candidate facts and RDF."""

    dataset: str
    news: NewsText
    facts: list[CandidateFact]
    graph: Graph

    def candidates(self) -> list[dict[str, Any]]:
        """The candidates as plain data (what ``citykg news --json`` and ``POST /news`` answer)."""
        return [
            {
                "id": candidate_id(self.dataset, f),
                "kind": f.kind,
                "args": dict(f.args),
                "confidence": f.confidence,
                "intent": f.intent,
                "date": f.date,
                "sentence": f.sentence.text,
                "char_start": f.sentence.start,
                "char_end": f.sentence.end,
                "why": f.why,
                "new_entities": {m.id: _labels_of(m) for m in f.mentions if m.record is not None},
            }
            for f in self.facts
        ]


def _labels_of(m: Mention) -> str:
    labels = getattr(m.record, "labels", ())
    return labels[0][1] if labels else m.text


def candidate_id(dataset: str, fact: CandidateFact) -> str:
    """The id of a candidate fact in its dataset (what ``citykg review accept`` takes)."""
    return f"cand-{dataset[5:]}-{fact.kind.replace('_', '-')}-{fact.fact_hash()}"


def extract_news_files(
    paths: Sequence[Path],
    store: Store | None,
    *,
    lang: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[NewsResult]:
    """Read news files with the names of ``store``'s entities (the bundled seeds without a store).

    The first bad file raises a :class:`~loaders.errors.LoaderError` naming it, before
    anything is written. ``lang`` (``fa``, ``en``, ``sl``) applies to all files, else
    each file's language is detected. ``progress`` is called after each file.
    """
    gazetteer = store_gazetteer(store) if store is not None else default_gazetteer()
    extractor = RuleExtractor(gazetteer)
    out: list[NewsResult] = []
    for path in paths:
        news = read_news_text(path, lang=lang)
        facts = extractor.extract(news)
        dataset, graph = news_dataset(news, facts)
        out.append(NewsResult(dataset.name, news, facts, graph))
        if progress is not None:
            progress(path)
    return out


def read_news_files(
    paths: Sequence[Path],
    store: Store,
    *,
    lang: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[tuple[str, Graph]]:
    """Read news files with the names of ``store``'s entities; the first bad file raises.

    What ``citykg load --format news`` does before its one load (see
    :func:`extract_news_files`).
    """
    return [(r.dataset, r.graph) for r in extract_news_files(paths, store, lang=lang, progress=progress)]


def news_reader(path: Path, ctx: object = None) -> tuple[str, Graph]:
    """The ``news`` entry of :data:`loaders.FORMATS` (language detected; names from the bundled seeds).

    The CLI does not use it: ``citykg load --format news`` reads through
    :func:`read_news_files`, with the store's names and ``--lang``.
    """
    return read_news(path)
