"""The CSV bundle: typed headers for neo4j-admin, the whole bundled world imported into a real Neo4j, and LOAD CSV."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.cypher_export import property_graph_of, run_cypher_script
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.neo4j_csv import admin_import_args, run_admin_import, write_neo4j_csv
from graph.neo4j_mapping import PropertyGraph, map_graphs
from graph.neo4j_store import Neo4jStore
from ontology.records import City, Dataset
from ontology.to_rdf import dataset_to_graph

LIB = Path.home() / ".cache" / "citykg" / "neo4j-5.26.31" / "lib"
JAVA = Path("/usr/lib/jvm/java-17-openjdk-amd64/bin/java")


def _admin() -> list[str]:
    java = str(JAVA) if JAVA.exists() else (shutil.which("java") or "java")
    return [java, "-Xmx1g", "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool"]


def test_headers_type_every_column(tmp_path: Path) -> None:
    pg = PropertyGraph(
        nodes={
            "a": {
                "id": "a",
                "types": ["City"],
                "population": 5,
                "lat": 1.5,
                "open": True,
                "date": dt.date(2019, 5, 5),
            },
            "b": {"id": "b", "types": ["City"], "population": [5, 6], "label_en": ["B|x", "C;y"]},
        },
        rels={("a", "PARTY", "b"): ["demo"]},
    )
    write_neo4j_csv(pg, tmp_path / "out")
    headers = sorted((tmp_path / "out").glob("nodes-*.header.csv"))
    texts = [h.read_text(encoding="utf-8").strip() for h in headers]
    # population is a long in one node and a long[] in the other: two files, each with one type per column
    assert texts == [
        "id:ID(Resource),:LABEL,date:date,lat:double,open:boolean,population:long,types:string[]",
        "id:ID(Resource),:LABEL,label_en:string[],population:long[],types:string[]",
    ]
    data = (tmp_path / "out" / "nodes-002.csv").read_text(encoding="utf-8")
    # '|' and ';' occur in values, so the arrays are joined with the next candidate
    assert data == '"b","Resource¦Entity¦City","B|x¦C;y","5¦6","City"\n'
    assert "--array-delimiter='¦'" in (tmp_path / "out" / "import.sh").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "rels-PARTY.csv").read_text(encoding="utf-8") == '"a","b","PARTY","demo"\n'
    assert (tmp_path / "out" / "rels-PARTY.header.csv").read_text().startswith(":START_ID(Resource),:END_ID")


def test_refuses_a_folder_with_files_and_leaves_it(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(InvalidArgument, match="not an empty folder"):
        write_neo4j_csv(PropertyGraph(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_admin_args_are_absolute(tmp_path: Path) -> None:
    pg = map_graphs([("demo", dataset_to_graph(Dataset(name="demo", entities=[City(id="qom")])))])
    write_neo4j_csv(pg, tmp_path / "b")
    args = admin_import_args(tmp_path / "b")
    files = [a.split("=", 1)[1] for a in args if a.startswith("--nodes=")]
    assert files
    assert all(Path(f).is_absolute() and Path(f).exists() for x in files for f in x.split(","))


@pytest.fixture(scope="module")
def world(bundled_graphs: list[tuple[str, Any]]) -> Iterator[tuple[EmbeddedStore, PropertyGraph]]:
    """The whole bundled data in an in-memory store, and its property graph (mapped once)."""
    store = EmbeddedStore()
    store.load(bundled_graphs)
    yield store, property_graph_of(store)
    store.close()


@pytest.mark.neo4j
@pytest.mark.slow
def test_whole_world_admin_import(world: tuple[EmbeddedStore, PropertyGraph], tmp_path: Path) -> None:
    """neo4j-admin imports the whole world bundle: counts equal to the store's, numbers and dates typed."""
    from neo4j_server import Neo4jServer

    store, pg = world
    bundle = tmp_path / "bundle"
    write_neo4j_csv(pg, bundle)
    server = Neo4jServer(name="pytest-admin-import")
    uri = server.start()
    try:
        with neo4j.GraphDatabase.driver(uri) as driver:
            rows = driver.execute_query(
                "CALL dbms.listConfig('server.directories.neo4j_home') YIELD value RETURN value"
            ).records
        home = Path(rows[0]["value"])
        server.stop(keep=True)
        run_admin_import(bundle, _admin(), home=home)
        uri = server.start()
        with neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
            with driver.session() as session:
                run_cypher_script(session, (bundle / "constraints.cypher").read_text().splitlines())
            target = Neo4jStore(driver)
            assert target.counts() == store.counts()
            assert set(target.ties()) == set(store.ties())

            def one(query: str, **params: object) -> Any:
                return driver.execute_query(query, params).records[0][0]

            assert one("MATCH ()-[r]->() RETURN count(r)") == len(pg.rels)
            big = sum(1 for p in pg.nodes.values() if "City" in p.get("types", []) and _over(p, 100_000))
            assert big > 100
            assert one("MATCH (c:City) WHERE c.population > 100000 RETURN count(c)") == big
            assert one("MATCH (c:City {id: 'isfahan'}) RETURN valueType(c.population)") == "INTEGER NOT NULL"
            assert one("MATCH (c:City {id: 'isfahan'}) RETURN valueType(c.lat)") == "FLOAT NOT NULL"
            dated = [p for p in pg.nodes.values() if isinstance(p.get("date"), dt.date)]
            assert dated
            assert (
                one("MATCH (n:Resource {id: $id}) RETURN n.date", id=dated[0]["id"]).to_native()
                == dated[0]["date"]
            )
            assert one("MATCH (m:CitykgMeta) RETURN m.version") == f"export-{len(pg.nodes)}-{len(pg.rels)}"
    finally:
        server.stop()


def _over(props: dict[str, object], limit: int) -> bool:
    value = props.get("population")
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, int) and v > limit for v in values)


@pytest.mark.neo4j
def test_load_csv_script_on_a_running_server(
    seed_store: EmbeddedStore, neo4j_uri: str, tmp_path: Path
) -> None:
    """load-csv.cypher, run on a running server from its import folder, gives the store's counts and ties."""
    bundle = tmp_path / "bundle"
    write_neo4j_csv(property_graph_of(seed_store), bundle)
    with neo4j.GraphDatabase.driver(neo4j_uri, notifications_min_severity="OFF") as driver:
        target = Neo4jStore(driver)
        target.clear()
        rows = driver.execute_query(
            "CALL dbms.listConfig('server.directories.import') YIELD value RETURN value"
        ).records
        imports = Path(rows[0]["value"]) / "csv-test"
        if not imports.parent.is_dir():
            pytest.fail(f"the server's import folder {imports.parent} is not on this machine")
        shutil.copytree(bundle, imports, dirs_exist_ok=True)
        script = (bundle / "load-csv.cypher").read_text(encoding="utf-8").splitlines()
        script = [":param base => 'file:///csv-test/'" if x.startswith(":param base") else x for x in script]
        try:
            with driver.session() as session:
                run_cypher_script(session, script)
                run_cypher_script(session, script)  # twice: the same graph
            assert target.counts() == seed_store.counts()
            assert set(target.ties()) == set(seed_store.ties())
            big = sum(1 for p in property_graph_of(seed_store).nodes.values() if _over(p, 1_000_000))
            found = driver.execute_query(
                "MATCH (c:City) WHERE c.population > 1000000 RETURN count(c)"
            ).records
            assert found[0][0] == big > 0
        finally:
            shutil.rmtree(imports, ignore_errors=True)
            target.clear()


def test_a_part_is_the_same_cut_from_rdf_or_from_the_whole_graph(seed_store: EmbeddedStore) -> None:
    """The part of an export: mapped from the part's quads (embedded) or cut from the whole graph (Neo4j)."""
    from graph.cypher_export import part_ids, restrict
    from graph.ego import ego_network

    part = ego_network(seed_store, "qazvin", depth=1)
    from_rdf = property_graph_of(seed_store, part)
    cut = restrict(property_graph_of(seed_store), part_ids(part))
    assert set(from_rdf.nodes) == set(cut.nodes)
    assert set(from_rdf.rels) == set(cut.rels)
    assert "qazvin" in cut.nodes
    assert len(cut.nodes) < len(property_graph_of(seed_store).nodes) / 2

    def same(
        props: dict[str, Any],
    ) -> dict[str, Any]:  # RDF keeps no order; datasets may be seen from outside
        return {
            k: sorted(v, key=str) if isinstance(v, list) else v for k, v in props.items() if k != "datasets"
        }

    for node_id, props in from_rdf.nodes.items():
        if "types" in props:  # a node of the part, not a link's target
            assert same(props) == same(cut.nodes[node_id])
