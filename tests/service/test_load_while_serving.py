"""`citykg load` next to a running `citykg serve`: the load goes to the server, which answers with it.

A real server process on 127.0.0.1 and a free port, over a home holding the seed knowledge base.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.embedded_store import EmbeddedStore
from graph.running import find_server, server_file

REPO = Path(__file__).resolve().parents[2]
MAIN = "from service.cli import main; main()"
PARTNERS = """record,id,name,lang,country,wikidata,geonames,lat,lon,population,kind,type,parties,signed,start,end,status,member,network,role
city,served-newtown,Servedtown,en,,,,,,,,,,,,,,,,
agreement,,,,,,,,,,,TwinningAgreement,qazvin|served-newtown,2021-05-02,,,Active,,,
"""


@dataclass
class Served:
    home: Path
    url: str
    pid: int
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _citykg(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CITYKG_HOME": str(home), "COLUMNS": "200"}
    env.pop("CITYKG_STORE", None)
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
    )


def _serve(home: Path) -> Served:
    port = _free_port()
    env = {**os.environ, "CITYKG_HOME": str(home)}
    env.pop("CITYKG_STORE", None)
    env.pop("CITYKG_API_KEY", None)  # writes are off: only the server file's token may load
    process = subprocess.Popen(
        [sys.executable, "-c", MAIN, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if _get(url + "/health")[0] == 200 and find_server(home) is not None:
                return Served(home, url, process.pid, process)
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    process.kill()
    raise AssertionError("the server did not answer within 120 s")


def _stop(served: Served) -> int:
    served.process.send_signal(signal.SIGTERM)
    try:
        return served.process.wait(timeout=60)
    finally:
        if served.process.stderr is not None:
            served.process.stderr.close()


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory, seed_graphs: list[tuple[str, Any]]) -> Path:
    home = tmp_path_factory.mktemp("served")
    store = EmbeddedStore(home / "store")
    store.load(seed_graphs)  # type: ignore[arg-type]
    store.close()
    return home


@pytest.fixture(scope="module")
def served(seeded_home: Path) -> Iterator[Served]:
    s = _serve(seeded_home)
    yield s
    if s.process.poll() is None:
        _stop(s)


def test_load_goes_to_the_running_server_which_answers_with_the_new_data(
    served: Served, tmp_path: Path
) -> None:
    assert _get(served.url + "/entities/served-newtown")[0] == 404
    csv = tmp_path / "served-partners.csv"
    csv.write_text(PARTNERS, encoding="utf-8")
    done = _citykg(served.home, "load", str(csv))
    assert done.returncode == 0, done.stderr
    assert f"through the running server (PID {served.pid}" in done.stdout
    assert "served-partners" in done.stdout  # the dataset is named after the file, as in a local load
    status, entity = _get(served.url + "/entities/served-newtown")
    assert status == 200, entity
    assert entity["label"] == "Servedtown"
    status, paths = _get(served.url + "/paths?source=qazvin&target=served-newtown")
    assert status == 200, paths
    assert [n["id"] for n in paths[0]["nodes"]] == ["qazvin", "served-newtown"]
    # A command that reads sees it too (a read-only view of the store), through the cache of the new version.
    shown = _citykg(served.home, "show", "served-newtown", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["label"] == "Servedtown"


def test_what_the_server_cannot_take_names_its_pid_and_port(served: Served, tmp_path: Path) -> None:
    csv = tmp_path / "skip.csv"
    csv.write_text(PARTNERS, encoding="utf-8")
    port = served.url.rsplit(":", 1)[1]
    for args in (["load", str(csv), "--on-error", "skip"], ["merge", "qazvin", "served-newtown"]):
        done = _citykg(served.home, *args)
        assert done.returncode == 6, done.stderr
        assert f"PID {served.pid}" in done.stderr
        assert f":{port}" in done.stderr
        assert f"kill {served.pid}" in done.stderr
        assert "IO error" not in done.stderr
        assert "LOCK" not in done.stderr


def test_a_bad_file_fails_with_the_servers_reason_and_exit_code(served: Served, tmp_path: Path) -> None:
    bad = tmp_path / "bad-date.csv"
    bad.write_text(
        PARTNERS.replace("2021-05-02", "2021-13-45").replace("served-newtown", "served-bad"), "utf-8"
    )
    done = _citykg(served.home, "load", str(bad))
    assert done.returncode == 4, done.stdout + done.stderr
    assert "bad-date.csv" in done.stderr
    assert _get(served.url + "/entities/served-bad")[0] == 404


def test_a_store_held_without_a_server_file_is_named_in_words(tmp_path: Path) -> None:
    holder = EmbeddedStore(tmp_path / "store")
    try:
        done = _citykg(tmp_path, "load", str(REPO / "docs" / "examples" / "isfahan-partners.csv"))
    finally:
        holder.close()
    assert done.returncode == 6
    assert "held by another process" in done.stderr
    assert "IO error" not in done.stderr
    assert "LOCK" not in done.stderr


def test_the_server_file_goes_when_the_server_stops(tmp_path: Path) -> None:
    from ontology.records import City, Dataset
    from ontology.to_rdf import dataset_to_graph

    store = EmbeddedStore(tmp_path / "store")
    store.load([("tiny", dataset_to_graph(Dataset(name="tiny", entities=[City(id="tiny-town")])))])
    store.close()
    s = _serve(tmp_path)
    info = json.loads(server_file(tmp_path).read_text())
    assert info["pid"] == s.pid
    assert oct(server_file(tmp_path).stat().st_mode & 0o777) == "0o600"
    _stop(s)
    assert not server_file(tmp_path).exists()
    assert find_server(tmp_path) is None
