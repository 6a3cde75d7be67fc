"""Run the real app on 127.0.0.1 in a background thread, for API, browser and load tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from communique.api import ServerSettings, create_app
from communique.settings import Settings
from communique.store import Store, ingest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "examples" / "seed" / "article.txt"


def example_store(path: Path) -> Path:
    """A store holding the bundled example articles (the seed among them)."""
    with Store(path) as store:
        ingest(store, [str(ROOT / "examples")], settings=Settings())
    return path


def copy_store(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(config: ServerSettings) -> Iterator[str]:
    """Serve the app until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
