"""News extraction speed: articles per second, against the store's load of what was found (same run).

A batch of ``--n`` articles (the passages of ``tests/loaders/news/corpus.yaml``, repeated to make up the
number, each under its own file name) goes through the rules with the names of the bundled store (seeds
and world graph, built before the clock starts). After a warm-up pass over the corpus, three phases are
timed in CPU seconds of this process (``time.process_time``), so other work on the machine does not
inflate them:

- ``extract``: finding names and facts (``RuleExtractor.extract``);
- ``rdf``: building the candidate datasets (``news_dataset``);
- ``write``: loading them into a fresh in-memory embedded store.

The ratio ``extract / write`` says whether extraction, rather than the store, dominates a news load.

Run: ``.venv/bin/python benchmarks/bench_news.py [--n 100]``
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources
from loaders.news import news_dataset, store_gazetteer
from loaders.news.extractor import RuleExtractor
from loaders.news.text import NewsText

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "loaders" / "news" / "corpus.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="articles in the timed batch")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    articles = yaml.safe_load(args.corpus.read_text(encoding="utf-8"))["articles"]
    batch = [
        NewsText(Path(f"b{i:04d}-{a['id']}.txt"), a["text"], a["lang"], a["text"].splitlines()[0])
        for i, a in enumerate(articles[j % len(articles)] for j in range(args.n))
    ]
    t0 = time.process_time()
    world = EmbeddedStore()
    world.load(read_sources(bundled_paths()))
    extractor = RuleExtractor(store_gazetteer(world))
    world.close()
    setup = time.process_time() - t0
    for news in batch[: len(articles)]:  # warm-up: caches of the gazetteers and the Slovenian stems
        extractor.extract(news)

    t0 = time.process_time()
    found = [(news, extractor.extract(news)) for news in batch]
    extract = time.process_time() - t0
    t0 = time.process_time()
    graphs = []
    for news, facts in found:
        dataset, graph = news_dataset(news, facts)
        graphs.append((dataset.name, graph))
    rdf = time.process_time() - t0
    store = EmbeddedStore()
    t0 = time.process_time()
    summary = store.load(graphs)
    write = time.process_time() - t0
    store.close()

    facts = sum(len(f) for _, f in found)
    print(
        f"python {platform.python_version()} on {platform.machine()}; setup (store + names) {setup:.1f} s CPU"
    )
    print(f"{len(batch)} articles, {facts} candidate facts, {summary.triples_added} triples")
    print(f"extract {extract:8.3f} s CPU   {len(batch) / extract:8.1f} articles/s")
    print(f"rdf     {rdf:8.3f} s CPU   {len(batch) / rdf:8.1f} articles/s")
    print(f"write   {write:8.3f} s CPU   {len(batch) / write:8.1f} articles/s")
    print(
        f"extract / write = {extract / write:.2f}   extract / (rdf + write) = {extract / (rdf + write):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
