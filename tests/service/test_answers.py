"""Answers kept beside the store (service/answers.py): read again while the store is unchanged, never after a write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from graph.open_store import open_embedded
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph
from service import answers
from service.cli import app

runner = CliRunner()

SMALL = """
name: small
entities:
  - {type: City, id: qazvin, labels: {en: Qazvin}}
  - {type: City, id: xian, labels: {en: "Xi'an"}}
  - {type: City, id: graz, labels: {en: Graz}}
agreements:
  - {id: t-qx, type: TwinningAgreement, parties: [qazvin, xian]}
  - {id: t-xg, type: TwinningAgreement, parties: [xian, graz]}
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CITYKG_CACHE", raising=False)
    data = tmp_path / "small.yaml"
    data.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["load", str(data)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _answer_file(home: Path, command: str) -> Path:
    [path] = (home / "cache").glob(f"*-answer-{command}-*.json")
    return path


def _tamper(path: Path, edit: object) -> None:
    """Change the kept answer, so that a command printing the change shows it read the file."""
    body = json.loads(path.read_text(encoding="utf-8"))
    edit(body["value"])  # type: ignore[operator]
    path.write_text(json.dumps(body), encoding="utf-8")


def _write(home: Path, ds: Dataset) -> None:
    store = EmbeddedStore(home / "store")
    try:
        store.load([(ds.name, dataset_to_graph(ds))])
    finally:
        store.close()


def test_show_reads_its_answer_again_until_a_write(home: Path) -> None:
    first = _json("show", "Qazvin")
    assert isinstance(first, dict)
    assert first["label"] == "Qazvin"
    assert _json("show", "Qazvin") == first
    _tamper(_answer_file(home, "show"), lambda v: v.update(label="from the kept answer"))
    kept = _json("show", "Qazvin")
    assert isinstance(kept, dict)
    assert kept["label"] == "from the kept answer"
    # Another question (language) is another answer.
    assert isinstance(other := _json("show", "Qazvin", "--lang", "fa"), dict)
    assert other["label"] == "Qazvin"
    # A write changes the store's version: the next answer is computed from the new data.
    _write(home, Dataset(name="more", entities=[City(id="qazvin", labels={"fa": ["قزوین"]})]))
    fresh = _json("show", "Qazvin")
    assert isinstance(fresh, dict)
    assert fresh["label"] == "Qazvin"
    assert fresh["labels"]["fa"] == ["قزوین"]


def test_path_and_ego_see_a_new_tie_after_a_load(home: Path) -> None:
    [p] = _json("path", "qazvin", "graz")  # type: ignore[misc]
    assert [n["id"] for n in p["nodes"]] == ["qazvin", "xian", "graz"]
    ego = _json("ego", "qazvin")
    assert isinstance(ego, dict)
    assert [n["id"] for n in ego["nodes"]] == ["qazvin", "xian"]
    _tamper(_answer_file(home, "path"), lambda v: v.clear())
    assert _json("path", "qazvin", "graz") == []
    _write(
        home,
        Dataset(
            name="direct",
            entities=[City(id="qazvin"), City(id="graz")],
            agreements=[Agreement(id="t-qg", type="TwinningAgreement", parties=["qazvin", "graz"])],
        ),
    )
    [p] = _json("path", "qazvin", "graz")  # type: ignore[misc]
    assert [n["id"] for n in p["nodes"]] == ["qazvin", "graz"]
    assert [t["fact"] for t in p["hops"][0]["ties"]] == ["t-qg"]
    ego = _json("ego", "qazvin")
    assert isinstance(ego, dict)
    assert [n["id"] for n in ego["nodes"]] == ["qazvin", "graz", "xian"]


def test_a_merge_through_the_cli_invalidates_answers(home: Path) -> None:
    assert [n["id"] for n in _json("ego", "xian")["nodes"]] == ["xian", "graz", "qazvin"]  # type: ignore[index]
    result = runner.invoke(app, ["merge", "graz", "qazvin"])
    assert result.exit_code == 0, result.output
    assert [n["id"] for n in _json("ego", "xian")["nodes"]] == ["xian", "graz"]  # type: ignore[index]


def test_errors_are_not_kept_and_the_cache_can_be_off(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.invoke(app, ["show", "Nowhere"]).exit_code == 3
    assert not list((home / "cache").glob("*-answer-*"))
    monkeypatch.setenv("CITYKG_CACHE", "off")
    assert _json("show", "Qazvin")["label"] == "Qazvin"  # type: ignore[index]
    assert not list((home / "cache").glob("*-answer-*"))


def test_an_unreadable_answer_is_computed_again(home: Path) -> None:
    first = _json("show", "Qazvin")
    _tamper(_answer_file(home, "show"), lambda v: v.clear())
    assert _json("show", "Qazvin") == first


def test_answers_are_bounded(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "MAX_FILES", 2)
    for name in ("Qazvin", "Graz", "xian"):
        _json("show", name)
    assert len(list((home / "cache").glob("*-answer-*.json"))) == 2


def test_a_kept_answer_needs_no_rocksdb(home: Path) -> None:
    _json("show", "Qazvin")
    store = open_embedded(home / "store", read_only=True)
    try:
        detail = answers.answer(
            store,
            "show",
            {"name": "Qazvin", "lang": "en"},
            lambda: pytest.fail("the kept answer should have been read"),
            dump=lambda d: d,
            load=answers.entity_from,
        )
        assert detail.label == "Qazvin"
        assert store._db is None  # never opened
        assert store.entity("graz").label == "Graz"  # opened on the first query
        assert store._db is not None
    finally:
        store.close()


def test_a_deferred_store_held_by_another_falls_back_to_read_only(home: Path) -> None:
    holder = EmbeddedStore(home / "store")
    try:
        reader = open_embedded(home / "store", read_only=True)
        try:
            assert reader.search("Graz")[0].id == "graz"
            assert reader.read_only
        finally:
            reader.close()
    finally:
        holder.close()
