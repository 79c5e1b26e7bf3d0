"""The Cypher export: one escaping function, and a script that loads into an empty Neo4j and answers like its source."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from graph.cypher_export import cypher_literal, run_cypher_script, write_cypher
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.neo4j_store import Neo4jStore
from graph.paths import shortest_paths


def test_string_quotes_and_backslashes() -> None:
    assert cypher_literal('O\'Brien \\ "x"') == "'O\\'Brien \\\\ \"x\"'"


def test_string_control_characters() -> None:
    assert cypher_literal("a\nb\rc\td\x00e\u2028") == "'a\\nb\\rc\\td\\u0000e\\u2028'"


def test_string_persian_kept_as_is() -> None:
    assert cypher_literal("قزوین") == "'قزوین'"
    assert cypher_literal("بندر خمیر") == "'بندر خمیر'"


def test_numbers_booleans_null() -> None:
    assert cypher_literal(36.2797) == "36.2797"
    assert cypher_literal(-0.5) == "-0.5"
    assert cypher_literal(1e20) == "1e20"
    assert cypher_literal(3.0) == "3.0"
    assert cypher_literal(7) == "7"
    assert cypher_literal(True) == "true"
    assert cypher_literal(None) == "null"


def test_lists_and_maps() -> None:
    assert cypher_literal([]) == "[]"
    assert cypher_literal(["a", 1.5, ["b"]]) == "['a', 1.5, ['b']]"
    assert (
        cypher_literal({"id": "x", "label_zh-hant": [], "a`b": 1})
        == "{id: 'x', `label_zh-hant`: [], `a``b`: 1}"
    )


def test_values_without_a_literal_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="inf has no Cypher literal"):
        cypher_literal(float("inf"))
    with pytest.raises(InvalidArgument, match="a bytes has no Cypher literal"):
        cypher_literal(b"x")


def test_statements_are_one_line_each(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "seed.cypher"
    write_cypher(seed_store, out, batch_size=50)
    lines = [x for x in out.read_text(encoding="utf-8").splitlines() if not x.startswith("//")]
    assert lines[0].startswith("CREATE CONSTRAINT citykg_resource_id")
    assert all(x.endswith(";") or x.startswith(":param rows => [") for x in lines)
    params = [x for x in lines if x.startswith(":param rows => [")]
    assert len(params) > 5
    assert max(x.count(", props: ") for x in params) == 50
    # every batch runs the same statement text, so Neo4j plans each kind once
    unwinds = {x for x in lines if x.startswith("UNWIND ")}
    assert all(x.startswith("UNWIND $rows AS row ") for x in unwinds)
    assert len(unwinds) < len(params)


@pytest.mark.neo4j
def test_script_loads_into_empty_neo4j_and_answers_alike(
    seed_store: EmbeddedStore, neo4j_uri: str, tmp_path: Path
) -> None:
    source = shortest_paths(seed_store, "kermanshah", "bandar-khamir")
    assert [n.id for n in source[0].nodes] == ["kermanshah", "unesco-gnlc", "bandar-khamir"], (
        "the seed store must link kermanshah and bandar-khamir"
    )
    out = tmp_path / "seed.cypher"
    write_cypher(seed_store, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    driver = neo4j.GraphDatabase.driver(neo4j_uri)
    store = Neo4jStore(driver)
    try:
        with driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
            run_cypher_script(session, lines)
        assert store.counts() == seed_store.counts()
        assert sorted(store.ties(), key=repr) == sorted(seed_store.ties(), key=repr)
        assert shortest_paths(store, "kermanshah", "bandar-khamir") == source
        with driver.session() as session:
            run_cypher_script(session, lines)
        assert store.counts() == seed_store.counts()
    finally:
        store.clear()
        store.close()
