"""``citykg fetch wikidata`` against a local endpoint that replays answers in the Query Service's JSON shape.

The answers in ``data/wdqs/`` are built from real rows of the 2021 export (Maribor's and Vilnius's twins,
English labels from the same extraction's GEXF, countries with their ISO codes), in the JSON the Query
Service returns. The endpoint serves them per country, and can answer 429 with Retry-After, stall past the
client's time-out, or send a body that is not a SPARQL result.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from typer.testing import CliRunner

from loaders.errors import ParseError, SourceUnreachable
from loaders.wikidata_fetch import WikidataClient, fetch_wikidata, scoped_query
from service.cli import app

RESPONSES = Path(__file__).resolve().parent / "data" / "wdqs"
runner = CliRunner()


@dataclass
class Replay:
    """What the endpoint does next, per country: "ok", ("429", retry_after), ("stall", seconds), "malformed"."""

    script: dict[str, list[object]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (country, user agent)


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            query = parse_qs(self.rfile.read(length).decode())["query"][0]
            code = re.search(r'wdt:P297 "([A-Z]{2})"', query)
            country = code.group(1) if code else "??"
            replay.seen.append((country, self.headers.get("User-Agent", "")))
            steps = replay.script.get(country, [])
            action = steps.pop(0) if steps else "ok"
            if isinstance(action, tuple) and action[0] == "429":
                self._send(429, b"Too Many Requests", {"Retry-After": str(action[1])})
            elif isinstance(action, tuple) and action[0] == "stall":
                time.sleep(float(action[1]))  # type: ignore[arg-type]
                self._send(200, b"{}", {})
            elif action == "malformed":
                self._send(200, b"<html><body>Query timeout limit reached</body></html>", {})
            else:
                answer = RESPONSES / f"twinning-{country}.json"
                body = (
                    answer.read_bytes()
                    if answer.is_file()
                    else b'{"head":{"vars":[]},"results":{"bindings":[]}}'
                )
                self._send(200, body, {"Content-Type": "application/sparql-results+json"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its time-out): nothing to answer

    return Handler


@pytest.fixture
def endpoint() -> Iterator[tuple[str, Replay]]:
    replay = Replay()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", replay
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CITYKG_CACHE", str(tmp_path / "cache"))
    return tmp_path


def _client(url: str, tmp_path: Path, waits: list[float] | None = None, **kw: object) -> WikidataClient:
    return WikidataClient(
        endpoint=url,
        cache_dir=tmp_path / "cache",
        sleep=(waits.append if waits is not None else lambda s: None),
        **kw,  # type: ignore[arg-type]
    )


def test_queries_are_split_by_country_and_merged(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    result = fetch_wikidata(
        "twinning", tmp_path / "out.json", countries=["si", "LT"], client=_client(url, tmp_path)
    )
    assert sorted(c for c, _ in replay.seen) == ["LT", "SI"]
    assert all(agent.startswith("citykg/") and "contact" in agent for _, agent in replay.seen)
    assert result.per_country == {"LT": 50, "SI": 11}
    doc = json.loads((tmp_path / "out.json").read_text())
    assert len(doc["results"]["bindings"]) == 61
    assert "city_country_iso2" in doc["head"]["vars"]


def test_cached_answers_are_not_asked_again(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    fetch_wikidata("twinning", tmp_path / "a.json", countries=["SI"], client=_client(url, tmp_path))
    again = fetch_wikidata("twinning", tmp_path / "b.json", countries=["SI"], client=_client(url, tmp_path))
    assert len(replay.seen) == 1
    assert again.requests == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_429_waits_for_retry_after(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    replay.script["SI"] = [("429", 7), ("429", 3)]
    waits: list[float] = []
    result = fetch_wikidata(
        "twinning", tmp_path / "o.json", countries=["SI"], client=_client(url, tmp_path, waits)
    )
    assert waits == [7.0, 3.0]
    assert result.rows == 11
    assert len(replay.seen) == 3


def test_a_stalled_answer_is_retried_after_the_timeout(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    replay.script["SI"] = [("stall", 2.0)]
    waits: list[float] = []
    client = _client(url, tmp_path, waits, timeout=0.5)
    result = fetch_wikidata("twinning", tmp_path / "o.json", countries=["SI"], client=client)
    assert result.rows == 11
    assert waits == [1.0]  # the first back-off step


def test_endless_timeouts_give_up_with_the_reason(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    replay.script["SI"] = [("stall", 1.5)] * 3
    client = _client(url, tmp_path, timeout=0.3, attempts=3)
    with pytest.raises(SourceUnreachable, match=r"failed 3 times .* no answer within 0.3 s"):
        fetch_wikidata("twinning", tmp_path / "o.json", countries=["SI"], client=client)
    assert not (tmp_path / "o.json").exists()


def test_a_malformed_body_is_named_and_nothing_written(endpoint: tuple[str, Replay], tmp_path: Path) -> None:
    url, replay = endpoint
    replay.script["LT"] = ["malformed"]
    with pytest.raises(ParseError, match=r"twinning query for LT: the answer is not JSON"):
        fetch_wikidata("twinning", tmp_path / "o.json", countries=["SI", "LT"], client=_client(url, tmp_path))
    assert not (tmp_path / "o.json").exists()


def test_the_membership_query_finds_networks_generally() -> None:
    query = scoped_query("membership", "IR")
    assert "ps:P463 ?network" in query
    assert '?member wdt:P17/wdt:P297 "IR"' in query
    assert not re.search(r"VALUES\s+\?network", query)  # no fixed list of networks


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _counts() -> dict[str, object]:
    result = runner.invoke(app, ["stats", "--json"])
    return json.loads(result.output) if result.exit_code == 0 else {"exit": result.exit_code}


def test_cli_fetches_and_loads(endpoint: tuple[str, Replay], env: Path) -> None:
    url, _ = endpoint
    out = env / "twins.json"
    result = runner.invoke(
        app, ["fetch", "wikidata", "twinning", "-c", "SI", "-c", "LT", "--endpoint", url, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "fetched 61 twinning rows from 2 countries" in result.output
    shown = runner.invoke(app, ["show", "Maribor", "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert "Q1010" in json.dumps(detail)
    assert len([f for f in detail["facts"] if f["type"] == "TwinningAgreement"]) >= 5


def test_cli_offline_exits_6_and_leaves_the_store_alone(env: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    assert runner.invoke(app, ["load", str(seeds)]).exit_code == 0
    before = _counts()
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    result = runner.invoke(app, ["fetch", "wikidata", "twinning", "-c", "SI", "--endpoint", url])
    assert result.exit_code == 6, result.output
    assert "cannot be reached" in result.output
    assert _counts() == before


def test_cli_malformed_body_exits_4_and_leaves_the_store_alone(
    endpoint: tuple[str, Replay], env: Path
) -> None:
    url, replay = endpoint
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    assert runner.invoke(app, ["load", str(seeds)]).exit_code == 0
    before = _counts()
    replay.script["SI"] = ["malformed"]
    result = runner.invoke(app, ["fetch", "wikidata", "twinning", "-c", "SI", "--endpoint", url])
    assert result.exit_code == 4, result.output
    assert _counts() == before


def test_cli_refuses_a_bad_country_before_asking(endpoint: tuple[str, Replay], env: Path) -> None:
    url, replay = endpoint
    result = runner.invoke(app, ["fetch", "wikidata", "twinning", "-c", "XX", "--endpoint", url])
    assert result.exit_code == 2, result.output
    assert "not an ISO 3166-1 alpha-2" in result.output
    assert replay.seen == []
