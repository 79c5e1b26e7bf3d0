"""`citykg news`, `citykg load --format news` and `citykg review` on a store in a temporary CITYKG_HOME."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()

# A network no bundled gazetteer knows: found only through the store's names.
TINY = """\
name: tiny
entities:
  - type: City
    id: tabriz
    labels: {en: ["Tabriz"], fa: ["تبریز"]}
  - type: City
    id: yazd
    labels: {en: ["Yazd"]}
  - type: City
    id: kerman
    labels: {en: ["Kerman"]}
  - type: Network
    id: harbour
    labels: {en: ["Blue Harbour Cities Network"]}
"""
NEWS = (
    "Harbour news\n"
    "Tabriz joined the Blue Harbour Cities Network in May.\n"
    "Yazd and Kerman are members of the Blue Harbour Cities Network.\n"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "item.txt").write_text(NEWS, encoding="utf-8")
    result = runner.invoke(app, ["load", str(tmp_path / "tiny.yaml")])
    assert result.exit_code == 0, result.output
    return tmp_path


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _candidates(status: str = "Candidate") -> dict[str, dict[str, Any]]:
    """Member id → review item, for the facts with ``status``."""
    return {i["args"]["member"][0]: i for i in _json("review", "--json", "--status", status)}


def _status(entity: str, fact: str) -> str | None:
    [found] = [f for f in _json("show", entity, "--json")["facts"] if f["id"] == fact]
    status: str | None = found["attributes"].get("reviewStatus")
    return status


def _path_facts(source: str, target: str) -> list[str]:
    paths = _json("path", source, target, "--json")
    return [t["fact"] for p in paths for hop in p["hops"] for t in hop["ties"]]


def test_news_finds_the_stores_names_and_review_lists_the_candidates(home: Path) -> None:
    assert "candidates await review" in _ok("news", str(home / "item.txt"))
    items = _candidates()
    assert {m: (i["args"]["network"], i["confidence"]) for m, i in items.items()} == {
        "tabriz": (["harbour"], 0.85),
        "yazd": (["harbour"], 0.8),
        "kerman": (["harbour"], 0.8),
    }
    tabriz = items["tabriz"]
    assert NEWS[tabriz["char_start"] : tabriz["char_end"]] == tabriz["sentence"]
    assert tabriz["source"] == "news-item"
    table = _ok("review")
    assert "3 candidate fact(s)" in table
    assert "member: tabriz" in table
    # Candidates are visible with their status, but are not ties.
    assert _status("tabriz", tabriz["id"]) == "Candidate"
    assert _path_facts("Tabriz", "harbour") == []


def test_accept_and_reject_by_id(home: Path) -> None:
    _ok("news", str(home / "item.txt"), "--lang", "en")
    items = _candidates()
    tabriz, yazd = items["tabriz"]["id"], items["yazd"]["id"]
    assert "1 fact(s) now accepted" in _ok("review", "accept", tabriz)
    assert _path_facts("Tabriz", "harbour") == [tabriz]
    assert _status("tabriz", tabriz) == "Accepted"
    [fact] = [f for f in _json("show", "tabriz", "--json")["facts"] if f["id"] == tabriz]
    assert [(s["id"], s["sentence"]) for s in fact["sources"]] == [("news-item", items["tabriz"]["sentence"])]

    assert "1 fact(s) now rejected" in _ok("review", "reject", yazd)
    assert _path_facts("Yazd", "harbour") == []
    assert _status("yazd", yazd) == "Rejected"
    assert list(_candidates("Rejected")) == ["yazd"]
    assert list(_candidates()) == ["kerman"]

    missing = runner.invoke(app, ["review", "accept", "cand-no-such-fact"])
    assert missing.exit_code == 3
    assert "no fact under review with id cand-no-such-fact" in missing.output
    nothing = runner.invoke(app, ["review", "accept"])
    assert nothing.exit_code == 2
    assert "--above" in nothing.output


def test_accept_and_reject_above_a_threshold(home: Path) -> None:
    _ok("news", str(home / "item.txt"))
    items = _candidates()
    assert "1 fact(s) now accepted" in _ok("review", "accept", "--above", "0.82")
    assert list(_candidates("Accepted")) == ["tabriz"]
    assert sorted(_candidates()) == ["kerman", "yazd"]
    assert "2 fact(s) now rejected" in _ok("review", "reject", "--above", "0.5")
    assert _candidates() == {}
    assert _path_facts("Tabriz", "harbour") == [items["tabriz"]["id"]]
    assert _path_facts("Kerman", "harbour") == []
    assert _path_facts("Tabriz", "Kerman") == []
    assert runner.invoke(app, ["review", "accept", "--above", "1.5"]).exit_code == 2


def test_load_format_news_uses_the_stores_names_and_lang(home: Path) -> None:
    out = _ok("load", "--format", "news", str(home / "item.txt"), "--lang", "en")
    assert "loaded 1 file(s) as news-item" in out
    assert "candidates await review" in out
    assert sorted(_candidates()) == ["kerman", "tabriz", "yazd"]
    # The language given wins over detection (the rules themselves match in any language).
    (home / "as-fa.txt").write_text(NEWS, encoding="utf-8")
    _ok("load", "--format", "news", str(home / "as-fa.txt"), "--lang", "fa")
    query = (
        "PREFIX ckg: <https://w3id.org/citykg/ontology#> SELECT ?s ?lang WHERE { "
        "VALUES ?s { <https://w3id.org/citykg/id/news-item> <https://w3id.org/citykg/id/news-as-fa> } "
        "?s ckg:language ?lang } ORDER BY ?s"
    )
    rows = _json("sparql", query, "--format", "json")["results"]["bindings"]
    assert [(r["s"]["value"].rsplit("/", 1)[1], r["lang"]["value"]) for r in rows] == [
        ("news-as-fa", "fa"),
        ("news-item", "en"),
    ]

    not_news = runner.invoke(app, ["load", str(home / "tiny.yaml"), "--lang", "en"])
    assert not_news.exit_code == 2
    assert "--lang applies to --format news only" in not_news.output
    unknown = runner.invoke(app, ["load", "--format", "news", str(home / "item.txt"), "--lang", "de"])
    assert unknown.exit_code == 2
