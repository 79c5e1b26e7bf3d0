"""Precision and recall of the news extractor per fact type on the five seed documents.

Usage: ``python scripts/evaluate_news.py [--seeds DIR] [--gold FILE]``. Names are looked up
in the bundled seed knowledge base (the store a user would have) and the place gazetteers.
Prints one line per fact type and the micro-averaged total; exits 0.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from loaders.news import default_gazetteer  # noqa: E402
from loaders.news.extractor import FACT_KINDS, CandidateFact, RuleExtractor  # noqa: E402
from loaders.news.text import read_news_text  # noqa: E402

Key = tuple[str, ...]
_FIELDS = {
    "agreement": ("type", "parties"),
    "membership": ("member", "network"),
    "event_hosted": ("event", "host"),
    "event_attended": ("event", "participant"),
    "post": ("person", "role", "organisation"),
}


@dataclass
class Score:
    """Counts of one fact type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _key(kind: str, values: dict[str, str]) -> Key:
    if kind == "agreement":
        return (values["type"], "|".join(sorted(values["parties"].split("|"))))
    return tuple(str(values[f]) for f in _FIELDS[kind])


def evaluate(seeds: Path, gold_path: Path) -> tuple[dict[str, Score], list[str]]:
    """Scores per fact type and the list of errors (false positives and misses)."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    extractor = RuleExtractor(default_gazetteer())
    scores: dict[str, Score] = {kind: Score() for kind in FACT_KINDS}
    errors: list[str] = []
    for name, facts in sorted(gold.items()):
        news = read_news_text(seeds / name)
        found: list[CandidateFact] = extractor.extract(news)
        for kind in FACT_KINDS:
            want = {_key(kind, g) for g in facts.get(kind) or []}
            got = {_key(kind, dict(f.args)) for f in found if f.kind == kind}
            s = scores[kind]
            s.tp += len(want & got)
            s.fp += len(got - want)
            s.fn += len(want - got)
            errors += [f"{name} {kind} false positive {k}" for k in sorted(got - want)]
            errors += [f"{name} {kind} missed {k}" for k in sorted(want - got)]
    return scores, errors


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--gold", type=Path, default=REPO / "tests" / "loaders" / "news" / "gold.yaml")
    parser.add_argument("--errors", action="store_true", help="also list false positives and misses")
    args = parser.parse_args(argv)
    scores, errors = evaluate(args.seeds, args.gold)
    total = Score()
    print(f"{'fact type':<16}{'gold':>5}{'found':>6}{'tp':>4} precision recall")
    for kind, s in scores.items():
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        print(
            f"{kind:<16}{s.tp + s.fn:>5}{s.tp + s.fp:>6}{s.tp:>4}     {_fmt(s.precision)}  {_fmt(s.recall)}"
        )
    print(
        f"{'all (micro)':<16}{total.tp + total.fn:>5}{total.tp + total.fp:>6}{total.tp:>4}     "
        f"{_fmt(total.precision)}  {_fmt(total.recall)}"
    )
    if args.errors:
        for line in errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
