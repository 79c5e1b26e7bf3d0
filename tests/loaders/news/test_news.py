"""The news loader: reading, language, bad input, rules, candidates in the store, review."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from loaders import read_sources
from loaders.errors import LoaderError, SourceError, UnreadableFile
from loaders.news import news_dataset, read_news
from loaders.news.extractor import RuleExtractor
from loaders.news.gazetteer import Gazetteer
from loaders.news.review import list_review, set_review, set_review_above
from loaders.news.text import detect_language, read_news_text
from ontology.records import City, Dataset, Event, Network, Person
from ontology.to_rdf import dataset_to_graph

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"

KNOWN = Dataset(
    name="known",
    entities=[
        City(id="maribor", labels={"en": ["Maribor"], "sl": ["Maribor"]}),
        City(id="graz", labels={"en": ["Graz"], "sl": ["Gradec"]}),
        City(id="qazvin", labels={"en": ["Qazvin"], "fa": ["قزوین"]}),
        City(id="kermanshah", labels={"en": ["Kermanshah"], "fa": ["کرمانشاه"]}),
        Network(
            id="gnlc",
            labels={
                "en": ["UNESCO Global Network of Learning Cities"],
                "fa": ["شبکه جهانی شهرهای یادگیرنده یونسکو"],
            },
        ),
        Event(id="summit", kind="Summit", labels={"en": ["Silk Road Summit"], "fa": ["اجلاس جاده ابریشم"]}),
        Person(id="ana", labels={"en": ["Ana Novak"]}),
    ],
)


def _extract(
    tmp_path: Path, text: str, name: str = "item.txt", lang: str | None = None
) -> list[tuple[str, dict[str, str]]]:
    gazetteer = Gazetteer()
    gazetteer.add_dataset(KNOWN)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    facts = RuleExtractor(gazetteer).extract(read_news_text(path, lang=lang))
    return [(f.kind, dict(f.args)) for f in facts]


def test_languages_are_detected() -> None:
    assert detect_language("قزوین میزبان اجلاس جاده ابریشم شد و این را گفت") == "fa"
    assert detect_language("Maribor is twinned with Graz and the city of Graz is in Austria") == "en"
    assert detect_language("Maribor je pobraten z mestom Gradec in sodeluje na mnogih področjih") == "sl"


def test_mixed_scripts_and_unknown_language_are_refused(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_text(
        "Maribor is twinned with Graz. " * 3 + "قزوین میزبان اجلاس جاده ابریشم شد " * 3, encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"mixed\.txt: mixed scripts"):
        read_news_text(mixed)
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Stadt Maribor ist mit der Stadt Graz verschwistert und arbeitet zusammen.", encoding="utf-8"
    )
    with pytest.raises(SourceError, match=r"de\.txt: unknown language"):
        read_news_text(german)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"\xff\xfe\xfa bad", "not UTF-8"),
    ],
)
def test_bad_files_raise_naming_the_file_and_write_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    store = EmbeddedStore()
    with pytest.raises(UnreadableFile, match=rf"bad\.txt: .*{message}"):
        store.load(read_sources([path], "news"))
    assert len(store) == 0


def test_very_large_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(5 * 1024 * 1024 + 1)
    with pytest.raises(LoaderError, match=r"huge\.txt: .*too large"):
        read_news_text(path)


def test_html_tags_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body><h1>Twin cities</h1>"
        "<p>Maribor is twinned with <b>Graz</b> and the city works with many cities.</p></body></html>",
        encoding="utf-8",
    )
    news = read_news_text(path)
    assert news.lang == "en"
    assert news.title == "Twin cities"
    assert "<b>" not in news.text
    assert "var a" not in news.text


def test_english_rules(tmp_path: Path) -> None:
    facts = _extract(
        tmp_path,
        "Maribor is twinned with Graz since 1987.\nQazvin hosted the Silk Road Summit in the city.\n"
        "Kermanshah joined the UNESCO Global Network of Learning Cities this year.\n"
        "Ana Novak, mayor of Maribor, attended the Silk Road Summit.",
    )
    assert ("agreement", {"type": "TwinningAgreement", "parties": "graz|maribor"}) in facts
    assert ("event_hosted", {"event": "summit", "host": "qazvin"}) in facts
    assert ("membership", {"member": "kermanshah", "network": "gnlc"}) in facts
    assert ("event_attended", {"event": "summit", "participant": "ana"}) in facts


def test_slovenian_and_persian_rules(tmp_path: Path) -> None:
    sl = _extract(
        tmp_path,
        "Maribor in Gradec sta pobratena mesta že od leta 1987 in sodelujeta na mnogih področjih.",
        "sl.txt",
    )
    assert sl == [("agreement", {"type": "TwinningAgreement", "parties": "graz|maribor"})]
    fa = _extract(
        tmp_path,
        "شهر کرمانشاه به عنوان یکی از اعضای جدید شبکه جهانی شهرهای یادگیرنده یونسکو پذیرفته شد و این را گفت.",
        "fa.txt",
    )
    assert fa == [("membership", {"member": "kermanshah", "network": "gnlc"})]


def test_a_generic_mention_makes_no_agreement(tmp_path: Path) -> None:
    facts = _extract(
        tmp_path, "Maribor has many twin cities and partner cities around the world and in Europe."
    )
    assert facts == []


def test_candidates_keep_source_sentence_offsets_and_confidence(tmp_path: Path) -> None:
    gazetteer = Gazetteer()
    gazetteer.add_dataset(KNOWN)
    path = tmp_path / "item.txt"
    text = "Headline of the item\nQazvin hosted the Silk Road Summit in the city of Qazvin."
    path.write_text(text, encoding="utf-8")
    news = read_news_text(path)
    dataset, graph = news_dataset(news, RuleExtractor(gazetteer).extract(news))
    assert dataset.name == "news-item"
    assert dataset.sources[0].title == "Headline of the item"
    store = EmbeddedStore()
    store.load([("known", dataset_to_graph(KNOWN)), (dataset.name, graph)])
    [item] = list_review(store)
    assert item.type == "Event"
    assert item.args == {"host": ["qazvin"], "partOfEvent": ["summit"]}
    assert (
        text[item.char_start : item.char_end]
        == item.sentence
        == "Qazvin hosted the Silk Road Summit in the city of Qazvin."
    )
    assert item.confidence == 0.85
    assert item.source == "news-item"


def test_set_review_refuses_unsafe_ids_and_unknown_statuses() -> None:
    store = EmbeddedStore()
    with pytest.raises(InvalidArgument):
        store.set_review(["x> } ; DROP ALL ; <y"], "Accepted")
    with pytest.raises(InvalidArgument):
        store.set_review(["a"], "Trusted")
    with pytest.raises(NotFound):
        set_review(store, ["no-such-fact"], "Accepted")


@pytest.fixture
def news_store(seed_store: EmbeddedStore) -> EmbeddedStore:
    paths = sorted(SEEDS.glob("*.txt"))
    seed_store.load([read_news(p, store=seed_store) for p in paths])
    return seed_store


@pytest.mark.slow
def test_seed_news_become_candidates_and_accepted_facts_keep_provenance(news_store: EmbeddedStore) -> None:
    candidates = list_review(news_store)
    assert len(candidates) == 28
    detail = news_store.entity("kermanshah")
    news_facts = [f for f in detail.facts if f.id.startswith("cand-")]
    assert {f.attributes.get("reviewStatus") for f in news_facts} == {"Candidate"}
    assert set_review_above(news_store, 0.8) == 9
    assert len(list_review(news_store)) == 19
    accepted = {i.id: i for i in list_review(news_store, status="Accepted")}
    kermanshah = [i for i in accepted.values() if i.args.get("member") == ["kermanshah"]]
    assert kermanshah[0].args["network"] == ["unesco-gnlc"]
    assert "پذیرفته شد" in (kermanshah[0].sentence or "")
    assert kermanshah[0].confidence == 0.85
    detail = news_store.entity("kermanshah")
    assert {f.attributes.get("reviewStatus") for f in detail.facts if f.id in accepted} == {"Accepted"}


@pytest.mark.slow
def test_review_api(news_store: EmbeddedStore) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's deprecation notice about httpx, raised at import
        from starlette.testclient import TestClient

    from service.app import create_app
    from service.settings import ServiceSettings

    app = create_app(store=news_store, settings=ServiceSettings(api_key="secret"))  # type: ignore[arg-type]
    with TestClient(app) as client:
        items = client.get("/review/candidates", params={"above": 0.8}).json()
        assert len(items) == 9
        fid = items[0]["id"]
        assert client.post(f"/review/{fid}/accept").status_code == 403
        ok = client.post(f"/review/{fid}/accept", headers={"X-API-Key": "secret"})
        assert ok.json() == {"id": fid, "status": "Accepted", "changed": 1}
        assert client.post("/review/nope/reject", headers={"X-API-Key": "secret"}).status_code == 404
        assert len(client.get("/review/candidates", params={"above": 0.8}).json()) == 8


@pytest.mark.slow
def test_evaluation_script_meets_the_targets_where_documented() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "evaluate_news.py"),
            "--seeds",
            str(SEEDS),
            "--gold",
            str(REPO / "tests" / "loaders" / "news" / "gold.yaml"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    assert rows["all"][-2:] == ["0.96", "0.92"]
    for kind in ("membership", "event_hosted", "event_attended", "post"):
        assert float(rows[kind][-2]) >= 0.8
    for kind in ("event_hosted", "event_attended", "post"):
        assert float(rows[kind][-1]) >= 0.6
    # The seeds were read while writing the first rules; the article set's figures are in test_news_eval.py.
    assert rows["membership"][-2:] == ["1.00", "0.90"]
    assert rows["post"][-2:] == ["1.00", "1.00"]
