"""Run the real app on 127.0.0.1 in a background thread, for API, browser and load tests."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from communique.api import ServerSettings, create_app
from communique.api.server import config as server_config
from communique.api.server import listen
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


@contextmanager
def serve(config: ServerSettings | FastAPI) -> Iterator[str]:
    """Serve the app (or the app for a config) until the block ends; yields its base URL."""
    app = config if isinstance(config, FastAPI) else create_app(config)
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, log_level="error"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
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


Page = tuple[int, dict[str, str], bytes]  # status, headers, body


@contextmanager
def pages(address: str, routes: dict[str, Page]) -> Iterator[str]:
    """A plain HTTP server on `address` answering each path with its canned page (404 else); yields its base URL.

    A route's body may hold "{base}" for the server's own base URL.
    """
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, headers, body = routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            body = body.replace(b"{base}", base.encode())
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value.replace("{base}", base))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((address, 0), Handler)
    httpd.daemon_threads = True
    base = f"http://{address}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()
