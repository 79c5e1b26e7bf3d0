"""YAML bombs: anchors, aliases and deep nesting are refused quickly, with file:line, exit 4 and a 422."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from loaders.errors import ParseError
from loaders.records_yaml import MAX_DEPTH, read_dataset
from service.app import create_app
from service.cli import app as cli
from service.settings import ServiceSettings

# The classic "billion laughs": nine levels of nine aliases, 9^9 strings once expanded.
BILLION_LAUGHS = "# 9^9 lols, if expanded\n" + "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
    ]
)
SELF_ALIAS = "name: loop\nentities: &e\n  - *e\n"
MERGE_KEY = "name: m\nbase: &b {type: City}\nentities:\n  - <<: *b\n    id: x\n"
DEEP = "name: deep\nentities: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"


def test_the_bomb_is_the_366_byte_one() -> None:
    assert len(BILLION_LAUGHS.encode()) == 366


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BILLION_LAUGHS, 2, "anchors (&a) are not accepted"),
        (SELF_ALIAS, 2, "anchors (&e) are not accepted"),
        (MERGE_KEY, 2, "anchors (&b) are not accepted"),
        ("name: x\nentities: *nowhere\n", 2, "aliases (*nowhere) are not accepted"),
        (DEEP, 2, f"nested deeper than {MAX_DEPTH} levels"),
    ],
)
def test_refused_with_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ParseError) as info:
        read_dataset(path)
    took = time.perf_counter() - start
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}:")
    assert took < 1.0, f"refusing took {took:.2f} s"  # an expansion would not finish at all


def test_the_cli_exits_4_with_a_one_line_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    for name, text in {"laughs.yaml": BILLION_LAUGHS, "self.yaml": SELF_ALIAS}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["load", str(tmp_path / name)])
        assert result.exit_code == 4, result.output
        assert "YAML refused" in result.output
        assert "Traceback" not in result.output


def test_over_http_the_load_job_fails_with_a_422_not_a_500() -> None:
    store = EmbeddedStore()
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="k"))) as c:
        for text in (BILLION_LAUGHS, SELF_ALIAS):
            r = c.post("/load", params={"format": "yaml"}, content=text.encode(), headers={"X-API-Key": "k"})
            assert r.status_code == 202
            deadline = time.monotonic() + 30
            while (job := c.get(r.headers["location"], headers={"X-API-Key": "k"})).json()["state"] not in {
                "failed",
                "succeeded",
            }:
                assert time.monotonic() < deadline
                time.sleep(0.02)
            assert job.status_code == 422
            assert job.headers["content-type"] == "application/problem+json"
            assert "YAML refused" in job.json()["detail"]
        assert c.get("/health").status_code == 200
    assert len(store) == 0


def test_plain_yaml_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("name: ok\nentities:\n  - {type: City, id: x, labels: {en: [X]}}\n", encoding="utf-8")
    assert [e.id for e in read_dataset(path).entities] == ["x"]
