"""A real newsdig server on 127.0.0.1 (uvicorn in a thread) over a home built from fixtures."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from newsdig.home import Home
from newsdig.ingest import add_paths
from newsdig.serve.app import create_app
from tests.support import FIXTURES, SEED


@dataclass
class LiveServer:
    url: str
    home: Home

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Home, **options: bool) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    config = uvicorn.Config(create_app(home, **options), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def served_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """The fixture site, the plain-text site and (when present) the seed."""
    home = Home(tmp_path_factory.mktemp("served-home"))
    inputs = [str(FIXTURES / "site"), str(FIXTURES / "text")]
    if SEED.exists():
        inputs.append(str(SEED))
    add_paths(home, inputs)
    return home


def _serve(home: Home, **options: bool) -> Iterator[LiveServer]:
    server, thread, url = start_server(home, **options)
    try:
        yield LiveServer(url=url, home=home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(served_home: Home) -> Iterator[LiveServer]:
    """Read-only server (the default: writes off)."""
    yield from _serve(served_home)


@pytest.fixture
def writable_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server over its own empty home, started with --allow-writes."""
    yield from _serve(Home(tmp_path / "writable"), allow_writes=True)
