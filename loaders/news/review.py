"""Reviewing candidate facts: list them, accept or reject them one by one or above a threshold.

Candidates live in the store with ``ckg:reviewStatus ckg:Candidate``; accepting
or rejecting changes only that status (one transaction, see
:meth:`graph.embedded_store.EmbeddedStore.set_review`), so an accepted fact keeps
its source, sentence, offsets and confidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.errors import InvalidArgument, NotFound
from ontology.vocab import CKG, DATA

__all__ = ["REVIEW_STATUSES", "ReviewItem", "ReviewStore", "list_review", "set_review", "set_review_above"]

REVIEW_STATUSES = ("Candidate", "Accepted", "Rejected")


class ReviewStore(Protocol):
    """What review needs of a store: bound SPARQL and a status update."""

    def sparql(self, query: str, *, bindings: Any = None) -> Any:
        """Run a read-only query with bound values."""
        ...

    def set_review(self, fact_ids: Sequence[str], status: str) -> int:
        """Change the review status of facts under review."""
        ...


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One fact under review with its sentence and confidence."""

    id: str
    type: str
    status: str
    args: dict[str, list[str]]
    source: str | None = None
    sentence: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    confidence: float | None = None
    extra_sentences: list[str] = field(default_factory=list)
    why: str | None = None


_C = str(CKG._NS)
_D = str(DATA)
_Q_ITEMS = f"""PREFIX ckg: <{_C}>
SELECT ?status ?f ?type ?src ?sentence ?start ?end ?conf WHERE {{
  ?f ckg:reviewStatus ?status ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(ckg:)))
  OPTIONAL {{ ?f ckg:evidence ?ev . ?ev ckg:source ?src .
    OPTIONAL {{ ?ev ckg:sentence ?sentence }} OPTIONAL {{ ?ev ckg:charStart ?start }}
    OPTIONAL {{ ?ev ckg:charEnd ?end }} OPTIONAL {{ ?ev ckg:confidence ?conf }} }}
}}"""
_Q_ARGS = f"""PREFIX ckg: <{_C}>
SELECT ?status ?f ?p ?o WHERE {{
  ?f ckg:reviewStatus ?status .
  VALUES ?p {{ ckg:party ckg:member ckg:network ckg:heldBy ckg:postIn ckg:postRole ckg:partOfEvent ckg:host
              ckg:participant }}
  ?f ?p ?o
}}"""
_Q_WHY = f"""PREFIX ckg: <{_C}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?status ?f ?why WHERE {{ ?f ckg:reviewStatus ?status ; rdfs:comment ?why }}"""
_TYPE_ORDER = (
    "TwinningAgreement",
    "PartnershipAgreement",
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
    "Membership",
    "Post",
    "Event",
)


def _local(value: str) -> str:
    for prefix in (_D, _C):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


_KINDS = {
    "agreement": set(_TYPE_ORDER[:4]),
    "twinning": {"TwinningAgreement"},
    "partnership": {"PartnershipAgreement"},
    "mou": {"MemorandumOfUnderstanding"},
    "cooperation": {"CooperationAgreement"},
    "membership": {"Membership"},
    "post": {"Post"},
    "event": {"Event"},
}


def _article_matches(source: str | None, article: str) -> bool:
    """Whether a fact's source dataset is the news file ``article`` (a file name, its stem or the dataset)."""
    if source is None:
        return False
    from loaders.news import dataset_name

    wanted = {article, dataset_name(Path(article)), "news-" + article}
    return source in wanted


def list_review(
    store: ReviewStore,
    *,
    status: str = "Candidate",
    min_confidence: float | None = None,
    article: str | None = None,
    kind: str | None = None,
) -> list[ReviewItem]:
    """The facts with review ``status``, most confident first.

    ``article`` keeps the facts of one news file (its name, stem or dataset);
    ``kind`` one kind (``agreement``, ``twinning``, ``membership``, ``post``,
    ``event``… or a type name such as ``TwinningAgreement``).
    """
    if status not in REVIEW_STATUSES:
        raise InvalidArgument(f"unknown review status {status!r}; one of {', '.join(REVIEW_STATUSES)}")
    kinds: set[str] | None = None
    if kind is not None:
        kinds = _KINDS.get(kind.casefold()) or ({kind} if kind in _TYPE_ORDER else None)
        if kinds is None:
            raise InvalidArgument(
                f"unknown kind {kind!r}; one of {', '.join(sorted(_KINDS))} or {', '.join(_TYPE_ORDER)}"
            )
    bound = {"status": _named(CKG[status])}
    rows: dict[str, dict[str, Any]] = {}
    for row in store.sparql(_Q_ITEMS, bindings=bound):
        fid = _local(row["f"].value)
        item = rows.setdefault(fid, {"types": set(), "sentences": []})
        item["types"].add(_local(row["type"].value))
        if row["src"] is not None and "source" not in item:
            item["source"] = _local(row["src"].value)
            item["start"] = int(row["start"].value) if row["start"] is not None else None
            item["end"] = int(row["end"].value) if row["end"] is not None else None
            item["conf"] = float(row["conf"].value) if row["conf"] is not None else None
        if row["sentence"] is not None and row["sentence"].value not in item["sentences"]:
            item["sentences"].append(row["sentence"].value)
    args: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.sparql(_Q_ARGS, bindings=bound):
        args[_local(row["f"].value)][_local(row["p"].value)].append(_local(row["o"].value))
    why = {_local(row["f"].value): str(row["why"].value) for row in store.sparql(_Q_WHY, bindings=bound)}
    out = []
    for fid, item in rows.items():
        ftype = next((t for t in _TYPE_ORDER if t in item["types"]), sorted(item["types"])[0])
        conf = item.get("conf")
        if min_confidence is not None and (conf is None or conf < min_confidence):
            continue
        if kinds is not None and ftype not in kinds:
            continue
        if article is not None and not _article_matches(item.get("source"), article):
            continue
        sentences = item["sentences"]
        out.append(
            ReviewItem(
                id=fid,
                type=ftype,
                status=status,
                args={k: sorted(v) for k, v in sorted(args[fid].items())},
                source=item.get("source"),
                sentence=sentences[0] if sentences else None,
                char_start=item.get("start"),
                char_end=item.get("end"),
                confidence=conf,
                extra_sentences=sentences[1:],
                why=why.get(fid),
            )
        )
    out.sort(key=lambda i: (-(i.confidence or 0.0), i.id))
    return out


def _named(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))


def set_review(store: ReviewStore, fact_ids: Sequence[str], status: str) -> int:
    """Set the status of the given facts; :class:`~graph.errors.NotFound` when none is under review."""
    changed = store.set_review(list(fact_ids), status)
    if fact_ids and changed == 0:
        raise NotFound(f"no fact under review with id {', '.join(fact_ids[:5])}")
    return changed


def set_review_above(store: ReviewStore, threshold: float, status: str = "Accepted") -> int:
    """Set ``status`` on every candidate whose confidence is at least ``threshold``."""
    if not 0.0 <= threshold <= 1.0:
        raise InvalidArgument(f"a confidence threshold is between 0 and 1, not {threshold}")
    ids = [i.id for i in list_review(store, min_confidence=threshold)]
    return store.set_review(ids, status) if ids else 0
