"""A planner's additions to the seed data: a twinning with its source sentence, a parallel MoU, a tie that ended,
and a city whose name is markup (it must stay text everywhere it is shown)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from rdflib import Graph

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources
from ontology.records import Agreement, City, Dataset, Evidence, Source
from ontology.to_rdf import dataset_to_graph
from service.app import create_app
from service.settings import ServiceSettings

EVIL = "<img src=x onerror=alert(1)>"
SENTENCE = "قزوین و شهر نمونه در سال ۱۳۹۱ پیمان خواهرخواندگی امضا کردند."


def planner_graphs() -> list[tuple[str, Graph]]:
    """One dataset tied to the seed's Qazvin: read beside the seed graphs."""
    ds = Dataset(
        name="planner",
        sources=[
            Source(
                id="planner-news-1",
                title="Qazvin signs a twinning",
                title_en="Qazvin signs a twinning",
                publisher="Qazvin Gazette",
                date="2012-05-03",
                url="https://news.example/qazvin-twinning",
                language="fa",
            ),
            Source(id="planner-news-2", title="Old ties end", publisher="City Desk", date="2010-02-01"),
        ],
        entities=[
            City(id="evil-town", labels={"en": [EVIL], "fa": [EVIL]}, country="iran", lat=35.0, lon=51.0),
            City(
                id="oldtown",
                labels={"en": ["Oldtown"], "fa": ["شهر کهن"]},
                country="iran",
                lat=34.0,
                lon=49.0,
            ),
        ],
        agreements=[
            Agreement(
                id="twin-qazvin-evil",
                type="TwinningAgreement",
                parties=["qazvin", "evil-town"],
                signed="2012-05-03",
                start="2012",
                status="Active",
                evidence=[Evidence(source="planner-news-1", sentence=SENTENCE, lang="fa")],
            ),
            Agreement(
                id="mou-qazvin-evil",
                type="MemorandumOfUnderstanding",
                parties=["qazvin", "evil-town"],
                start="2019",
                evidence=[Evidence(source="planner-news-1")],
            ),
            Agreement(
                id="twin-qazvin-oldtown",
                type="TwinningAgreement",
                parties=["qazvin", "oldtown"],
                start="1995",
                end="2010",
                status="Former",
                evidence=[
                    Evidence(source="planner-news-2", sentence="The twinning ended in 2010.", lang="en")
                ],
            ),
        ],
    )
    return [("planner", dataset_to_graph(ds))]


def planner_store() -> EmbeddedStore:
    """An in-memory store with the seed knowledge base and the planner dataset."""
    store = EmbeddedStore()
    store.load(read_sources(bundled_paths(world=False)) + planner_graphs())
    return store


@contextmanager
def serve(store: EmbeddedStore) -> Iterator[str]:
    """A real uvicorn serving ``store`` on a free loopback port; yields its base URL."""
    app = create_app(store=store, settings=ServiceSettings(sparql_max_rows=50))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
