"""The news extractor on text it was not written from, and on the seeds against the seed knowledge base."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths
from loaders.news import read_news
from loaders.news.extractor import RuleExtractor
from loaders.news.gazetteer import Gazetteer
from loaders.news.review import list_review, set_review_above
from loaders.news.text import read_news_text
from loaders.records_yaml import read_dataset
from ontology.records import City, Dataset, Event, Network

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"
HERE = Path(__file__).resolve().parent

NETWORKS = Dataset(
    name="n",
    entities=[
        City(id="tabriz", labels={"fa": ["تبریز"], "en": ["Tabriz"]}),
        City(id="rasht", labels={"fa": ["رشت"]}),
        City(id="ljubljana", labels={"en": ["Ljubljana"], "sl": ["Ljubljana"]}),
        City(id="kranj", labels={"sl": ["Kranj"]}),
        City(id="koper", labels={"sl": ["Koper"]}),
        Network(id="uccn", labels={"en": ["UNESCO Creative Cities Network"]}),
        Network(
            id="gnlc",
            labels={
                "en": ["UNESCO Global Network of Learning Cities"],
                "fa": ["شبکه جهانی شهرهای یادگیرنده"],
            },
        ),
        Network(id="aplcc", labels={"fa": ["کمیته شهرهای یادگیرنده آسیا و اقیانوسیه"]}),
    ],
)


def _facts(tmp_path: Path, text: str, lang: str) -> set[tuple[str, ...]]:
    gazetteer = Gazetteer()
    gazetteer.add_dataset(NETWORKS)
    gazetteer.add_network_aliases()
    path = tmp_path / "item.txt"
    path.write_text(text, encoding="utf-8")
    return {
        (f.kind, *dict(f.args).values())
        for f in RuleExtractor(gazetteer).extract(read_news_text(path, lang=lang))
    }


def test_aliases_resolve_to_the_store_networks_by_label() -> None:
    gazetteer = Gazetteer()
    gazetteer.add_dataset(NETWORKS)
    aliases = gazetteer.add_network_aliases()
    # The learning-cities patterns match gnlc twice (en and fa labels), the committee once (fa): gnlc wins.
    assert {nid for _, nid in aliases.adjectives} == {"uccn", "gnlc"}
    assert ("شهر خلاق", "uccn") in aliases.phrases


def test_descriptive_names_and_coordinations_in_three_languages(tmp_path: Path) -> None:
    fa = _facts(tmp_path, "تبریز به عنوان عضو جدید شبکه شهرهای خلاق پذیرفته شد.", "fa")
    assert fa == {("membership", "tabriz", "uccn")}
    fa2 = _facts(
        tmp_path, "تنها دو شهر دارای برند جهانی خلاق و یادگیرنده هستند که شامل تبریز و رشت است.", "fa"
    )
    assert fa2 == {("membership", m, n) for m in ("tabriz", "rasht") for n in ("uccn", "gnlc")}
    en = _facts(tmp_path, "Ljubljana holds both the creative and learning cities titles of UNESCO.", "en")
    assert en == {("membership", "ljubljana", "uccn"), ("membership", "ljubljana", "gnlc")}
    sl = _facts(tmp_path, "Kranj in Koper sta se pridružila mreži učečih se mest.", "sl")
    assert sl == {("membership", "kranj", "gnlc"), ("membership", "koper", "gnlc")}


def test_a_lone_adjective_names_no_network(tmp_path: Path) -> None:
    assert _facts(tmp_path, "Tabriz joined a creative programme of the region with Rasht.", "en") == set()


def _figures(seeds: Path, gold: Path) -> dict[str, list[str]]:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "evaluate_news.py"),
            "--seeds",
            str(seeds),
            "--gold",
            str(gold),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}


@pytest.mark.slow
def test_held_out_figures() -> None:
    """Five paragraphs written for testing after the rules (docs/news.md reports these figures)."""
    rows = _figures(HERE / "heldout", HERE / "heldout_gold.yaml")
    # This gold names people and events no store knows "unknown-…": the rules now find them
    # (new ids), which this file's scoring counts as a false positive and a miss each: h4's
    # attending cities Yazd and Kerman, found since the fifth round, are two such. The seventh
    # round drops one false twinning (Sarajevo with UNESCO: *a UNESCO creative city* now names the
    # network, so UNESCO is no party). The ninth round finds a second hosted event (an event
    # named before *in CITY* in Persian): a new id again, so counted false (event_hosted 0 of 2).
    assert rows["all"][2:] == ["27", "25", "14", "0.56", "0.52"]
    assert rows["event_hosted"][2:] == ["2", "0", "0.00", "0.00"]
    assert rows["event_attended"][-3:] == ["3", "0.38", "0.50"]
    assert rows["membership"][-2:] == ["0.78", "0.58"]
    assert rows["agreement"][-2:] == ["0.67", "0.67"]
    # h5's secretary-general of the Asian Mayors Forum: the network's name is no longer an event
    assert rows["post"][-2:] == ["0.67", "0.50"]


@pytest.mark.slow
def test_accepted_seed_news_reproduce_most_of_the_seed_knowledge_base(seed_store: EmbeddedStore) -> None:
    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    seed_store.load([read_news(SEEDS / name, store=seed_store) for name in docs])
    assert set_review_above(seed_store, 0.5) == 26
    accepted = list_review(seed_store, status="Accepted")
    kb = read_dataset(next(p for p in bundled_paths(world=False) if p.name == "seeds.yaml"))
    want_m = {(m.member, m.network) for m in kb.memberships}
    want_p = {(p.person, p.role) for p in kb.posts}
    want_h = {(e.host, e.id) for e in kb.entities if isinstance(e, Event) and e.host}
    got_m = {(i.args["member"][0], i.args["network"][0]) for i in accepted if "member" in i.args}
    got_p = {(i.args["heldBy"][0], i.args["postRole"][0]) for i in accepted if "heldBy" in i.args}
    got_h = {(i.args["host"][0], i.args["partOfEvent"][0]) for i in accepted if "host" in i.args}
    # Measured: 10 of 11 memberships (one enumerated membership falls below 0.5), 7 of 8 posts
    # (Atchoarena: the text says Head, the base Director), both hostings.
    assert (len(want_m & got_m), len(want_m)) == (10, 11)
    assert (len(want_p & got_p), len(want_p)) == (7, 8)
    assert (len(want_h & got_h), len(want_h)) == (2, 2)
    for item in accepted:
        assert item.sentence
        assert any(item.sentence in text for text in docs.values())


@pytest.mark.slow
def test_article_set_test_split_figures() -> None:
    """The article set's test split (docs/news.md, "Figures on the article set"): a guard against regressions.

    Thresholds sit just below the figures measured on 2026-12-02, third round (precision
    0.95, recall 0.78; recall fa 0.87, en 0.70, sl 0.77; every fact type at least 0.56, MoU 0.75),
    except precision: the sixth round's rules found 77 right of 83 (0.928; two Persian memberships
    more found wrong, one cooperation fewer), and the seventh 80 right of 87 (0.920, recall 0.82):
    its one new false positive, a Slovenian post, comes from reading a bare *Mayor NAME* as the
    mayor of the city the article opens on (switching that rule off removes it, and one right
    English post with it). The eighth round found 80 right of 89 (0.899): its two new false
    positives are English attendances from reading ceremonies as events and a speaker at an
    event as present there, rules that on dev add 17 right attendances and hostings and 8
    wrong ones; no rule was changed on seeing this. The articles stay unread so the split
    stays a measure.
    """
    sys.path.insert(0, str(REPO / "scripts"))
    from evaluate_news import evaluate_corpus

    scores, _, counts = evaluate_corpus(HERE / "corpus.yaml", "test")
    assert counts["articles"] == 33
    assert counts["intent_as_fact"] == 0  # no planned or negotiated fact taken as done
    tp = sum(s.tp for s in scores.values())
    fp = sum(s.fp for s in scores.values())
    fn = sum(s.fn for s in scores.values())
    assert tp / (tp + fp) >= 0.89
    assert tp / (tp + fn) >= 0.76
    for lang, least in (("fa", 0.85), ("en", 0.68), ("sl", 0.74)):
        cells = [s for (lg, _), s in scores.items() if lg == lang]
        ltp, lfn = sum(s.tp for s in cells), sum(s.fn for s in cells)
        assert ltp / (ltp + lfn) >= least, lang
    for kind in {k for _, k in scores}:
        cells = [s for (_, k), s in scores.items() if k == kind]
        ktp, kfn = sum(s.tp for s in cells), sum(s.fn for s in cells)
        assert ktp / (ktp + kfn) >= (0.7 if kind == "mou" else 0.5), kind
