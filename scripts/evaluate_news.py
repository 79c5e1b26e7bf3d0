"""Precision and recall of the news extractor per language and fact type, on the dev and test splits.

Usage::

    python scripts/evaluate_news.py [--corpus FILE] [--split dev|test|all] [--batch DATE] [--errors]
    python scripts/evaluate_news.py --gold FILE --seeds DIR     # the older per-document gold files

The corpus (``tests/loaders/news/corpus.yaml``) holds passages of public articles with
hand-annotated facts (docs/news.md, "The article set"). Names are looked up in the store
``citykg load`` builds (the seed knowledge base and the world's twinning graph) and the
place gazetteers, as a user would have them. A found fact is right when its type and both
arguments match a gold fact: an argument matches when the gold name is one of the linked
entity's names (the store's labels, the text it was found as, Slovenian case endings
aside); an event also matches when one name contains the other. Facts the article only
plans or negotiates (``intent: true``) must not be found as facts: such a find counts as
a false positive. Candidates the extractor marks as intent are not counted (they stay out
of the graph). Prints one table per split; exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.news.extractor import FACT_KINDS, CandidateFact, RuleExtractor  # noqa: E402
from loaders.news.gazetteer import Gazetteer, _stems_of, key_of  # noqa: E402
from loaders.news.names import stem_key  # noqa: E402
from loaders.news.text import NewsText, read_news_text  # noqa: E402

CORPUS = REPO / "tests" / "loaders" / "news" / "corpus.yaml"
TYPES = (
    "twinning",
    "mou",
    "partnership",
    "cooperation",
    "membership",
    "event_hosted",
    "event_attended",
    "post",
)
_AGREEMENT_TYPES = {
    "TwinningAgreement": "twinning",
    "MemorandumOfUnderstanding": "mou",
    "PartnershipAgreement": "partnership",
    "CooperationAgreement": "cooperation",
}


@dataclass
class Score:
    """Counts of one cell of the table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def world_gazetteer() -> Gazetteer:
    """The names a user has after ``citykg load``: the bundled seeds and world graph, and the gazetteers."""
    from graph.embedded_store import EmbeddedStore
    from loaders import bundled_paths, read_sources
    from loaders.news import store_gazetteer

    store = EmbeddedStore()
    store.load(read_sources(bundled_paths()))
    gazetteer = store_gazetteer(store)
    store.close()
    return gazetteer


def as_triple(fact: CandidateFact) -> tuple[str, str, str]:
    """``(type, subject id, object id)`` of a found fact, in the corpus's terms."""
    a = dict(fact.args)
    if fact.kind == "agreement":
        x, y = a["parties"].split("|")
        return _AGREEMENT_TYPES[a["type"]], x, y
    if fact.kind == "membership":
        return "membership", a["member"], a["network"]
    if fact.kind == "event_hosted":
        return "event_hosted", a["event"], a["host"]
    if fact.kind == "event_attended":
        return "event_attended", a["participant"], a["event"]
    return "post", a["person"], a["organisation"]


class Names:
    """Every name an entity id goes by: the store's labels and what the text called it."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.keys: dict[str, set[str]] = defaultdict(set)
        for key, names in gazetteer._names.items():
            for n in names:
                self.keys[n.id].add(key)
                self.keys[n.id].add(stem_key(n.label))
        self.events: set[str] = set()

    def learn(self, fact: CandidateFact) -> None:
        for m in fact.mentions:
            self.keys[m.id] |= {key_of(m.text), stem_key(m.text)}
            record: Any = m.record
            for _, label in getattr(record, "labels", ()):
                self.keys[m.id] |= {key_of(label), stem_key(label)}
            if m.category == "event":
                self.events.add(m.id)

    def match(self, gold: str, eid: str) -> bool:
        keys = self.keys.get(eid, set())
        g, gs = key_of(gold), stem_key(gold)
        # a Slovenian name that loses its «e» in the other cases (*Celovec*, found as *Celovca*)
        if g in keys or gs in keys or any(k in keys for k in _stems_of(gold)):
            return True
        if eid in self.events or eid.startswith("ne-"):
            return any(len(k) >= 6 and (k in g or g in k or k in gs or gs in k) for k in keys)
        return False


def _matches(names: Names, gold: dict[str, Any], found: tuple[str, str, str]) -> bool:
    kind, x, y = found
    if gold["type"] != kind:
        return False
    s, o = str(gold["subject"]), str(gold["object"])
    if names.match(s, x) and names.match(o, y):
        return True
    return (
        kind in {"twinning", "mou", "partnership", "cooperation"} and names.match(s, y) and names.match(o, x)
    )


def evaluate_corpus(
    corpus: Path, split: str, gazetteer: Gazetteer | None = None, *, batch: str | None = None
) -> tuple[dict[tuple[str, str], Score], list[str], dict[str, int]]:
    """Scores per (language, type) on one split (or one batch of it), the errors, and counts."""
    articles = yaml.safe_load(corpus.read_text(encoding="utf-8"))["articles"]
    gazetteer = gazetteer or world_gazetteer()
    extractor = RuleExtractor(gazetteer)
    names = Names(gazetteer)
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    errors: list[str] = []
    counts = {"articles": 0, "intent_gold": 0, "intent_as_fact": 0, "intent_marked": 0}
    for art in articles:
        if split != "all" and art["split"] != split:
            continue
        if batch is not None and str(art.get("batch", "")) != batch:
            continue
        counts["articles"] += 1
        text = art["text"]
        url = str(art.get("url", ""))
        news = NewsText(
            Path(f"{art['id']}.txt"),
            text,
            art["lang"],
            text.strip().splitlines()[0][:300],
            url=url if url.startswith("http") else None,
        )
        facts = extractor.extract(news)
        for f in facts:
            names.learn(f)
        found = [(as_triple(f), f) for f in facts if not f.intent]
        marked = [(as_triple(f), f) for f in facts if f.intent]
        gold = [g for g in art["facts"] if not g.get("intent")]
        intents = [g for g in art["facts"] if g.get("intent")]
        counts["intent_gold"] += len(intents)
        used: set[int] = set()
        for g in gold:
            cell = scores[(art["lang"], g["type"])]
            hit = next((i for i, (t, _) in enumerate(found) if i not in used and _matches(names, g, t)), None)
            if hit is None:
                cell.fn += 1
                errors.append(f"{art['id']} missed {g['type']}: {g['subject']} / {g['object']}")
            else:
                used.add(hit)
                cell.tp += 1
        for i, (t, f) in enumerate(found):
            if i in used:
                continue
            if any(_matches(names, g, t) for g in gold):
                continue  # the same gold fact found twice (two ids for one name): not counted again
            scores[(art["lang"], t[0])].fp += 1
            trap = any(_matches(names, g, t) for g in intents)
            counts["intent_as_fact"] += trap
            label = "intent taken as fact" if trap else "false positive"
            errors.append(f"{art['id']} {label} {t[0]}: {_show(f)}")
        counts["intent_marked"] += sum(any(_matches(names, g, t) for t, _ in marked) for g in intents)
    return scores, errors, counts


def _show(f: CandidateFact) -> str:
    return ", ".join(f"{k}={v}" for k, v in f.args) + " [" + "; ".join(m.text for m in f.mentions) + "]"


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def _row(label: str, s: Score) -> str:
    return f"{label:<16}{s.tp + s.fn:>5}{s.tp + s.fp:>6}{s.tp:>4}     {_fmt(s.precision)}  {_fmt(s.recall)}"


def table(scores: dict[tuple[str, str], Score]) -> list[str]:
    """The printed table: per type, per language, and the micro-averaged total."""
    lines = [f"{'':<16}{'gold':>5}{'found':>6}{'tp':>4} precision recall"]
    total = Score()
    for kind in TYPES:
        s = Score()
        for (_, k), v in scores.items():
            if k == kind:
                s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        lines.append(_row(kind, s))
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    for lang in ("fa", "en", "sl"):
        s = Score()
        for (lg, _), v in scores.items():
            if lg == lang:
                s.tp, s.fp, s.fn = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn
        lines.append(_row(f"lang {lang}", s))
    lines.append(_row("all (micro)", total))
    return lines


def _legacy(seeds: Path, gold_path: Path, errors_too: bool) -> int:
    from loaders.news import default_gazetteer

    fields = {
        "agreement": ("type", "parties"),
        "membership": ("member", "network"),
        "event_hosted": ("event", "host"),
        "event_attended": ("event", "participant"),
        "post": ("person", "role", "organisation"),
    }

    def key(kind: str, values: dict[str, str]) -> tuple[str, ...]:
        if kind == "agreement":
            return (values["type"], "|".join(sorted(values["parties"].split("|"))))
        return tuple(str(values[f]) for f in fields[kind])

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    extractor = RuleExtractor(default_gazetteer())
    scores = {kind: Score() for kind in FACT_KINDS}
    errors: list[str] = []
    for name, facts in sorted(gold.items()):
        found = [f for f in extractor.extract(read_news_text(seeds / name)) if not f.intent]
        for kind in FACT_KINDS:
            want = {key(kind, g) for g in facts.get(kind) or []}
            got = {key(kind, dict(f.args)) for f in found if f.kind == kind}
            s = scores[kind]
            s.tp, s.fp, s.fn = s.tp + len(want & got), s.fp + len(got - want), s.fn + len(want - got)
            errors += [f"{name} {kind} false positive {k}" for k in sorted(got - want)]
            errors += [f"{name} {kind} missed {k}" for k in sorted(want - got)]
    total = Score()
    print(f"{'fact type':<16}{'gold':>5}{'found':>6}{'tp':>4} precision recall")
    for kind, s in scores.items():
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        print(_row(kind, s))
    print(_row("all (micro)", total))
    if errors_too:
        for line in errors:
            print("  " + line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--split", choices=("dev", "test", "all", "both"), default="both")
    parser.add_argument("--gold", type=Path, help="older per-document gold file (with --seeds)")
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--batch", help="only the articles added in one batch (their `batch:` value)")
    parser.add_argument("--errors", action="store_true", help="also list false positives and misses")
    args = parser.parse_args(argv)
    if args.gold is not None:
        return _legacy(args.seeds, args.gold, args.errors)
    started = time.perf_counter()
    gazetteer = world_gazetteer()
    for split in ("dev", "test") if args.split == "both" else (args.split,):
        scores, errors, counts = evaluate_corpus(args.corpus, split, gazetteer, batch=args.batch)
        label = split if args.batch is None else f"{split}, batch {args.batch}"
        print(
            f"== {label}: {counts['articles']} articles; intent facts {counts['intent_gold']}, "
            f"taken as facts {counts['intent_as_fact']}, marked intent {counts['intent_marked']}"
        )
        for line in table(scores):
            print(line)
        if args.errors:
            for line in errors:
                print("  " + line)
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
