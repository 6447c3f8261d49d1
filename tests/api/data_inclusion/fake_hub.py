"""A fake data·inclusion v1 API on 127.0.0.1: the hub's list endpoints, paged as it pages
(`page`, `size`; `items`, `total`, `page`, `size`, `pages`), filtered by `code_departement`
and `thematiques`, with faults to play before a page is served (429 + Retry-After, 500...)."""

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.data_files import fixture

PREFIX = "/api/v1/"
TOKEN = "jeton-d-essai"
Fault = tuple[int, dict[str, str], bytes]


def hub_records() -> dict[str, list[dict[str, Any]]]:
    """The fixture's structures and services of department 21."""
    document = json.loads(fixture("data-inclusion-hub-21.json").read_text(encoding="utf-8"))
    return {"structures": document["structures"], "services": document["services"]}


@dataclass
class FakeHub:
    """What the server serves, the faults still to play, and the requests it received."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=hub_records)
    # (resource, page) → answers given, in order, before that page is served.
    faults: dict[tuple[str, int], list[Fault]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], str | None]] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str, query: dict[str, str], auth: str | None) -> Fault:
        """The status, headers and body for one GET."""
        self.requests.append((path, query, auth))
        resource = path.removeprefix(PREFIX)
        if not path.startswith(PREFIX) or resource not in self.records:
            return 404, {}, b'{"detail": "Not Found"}'
        if auth != f"Bearer {TOKEN}":
            return 403 if auth else 401, {}, b'{"detail": "Not authenticated"}'
        page, size = int(query.get("page", "1")), int(query.get("size", "5000"))
        pending = self.faults.get((resource, page))
        if pending:
            return pending.pop(0)
        items = [r for r in self.records[resource] if _matches(r, query)]
        body = {
            "items": items[(page - 1) * size : page * size],
            "total": len(items),
            "page": page,
            "size": len(items[(page - 1) * size : page * size]),
            "pages": math.ceil(len(items) / size),
        }
        return 200, {}, json.dumps(body).encode()


def _matches(record: dict[str, Any], query: dict[str, str]) -> bool:
    department = query.get("code_departement")
    if department and not str(record.get("code_insee") or "").startswith(department):
        return False
    wanted = query.get("thematiques")
    if wanted:
        names = record.get("thematiques") or []
        return any(name == wanted or name.startswith(f"{wanted}--") for name in names)
    return True


@contextmanager
def serving(hub: FakeHub) -> Iterator[FakeHub]:
    """Serve `hub` on a free port of 127.0.0.1 for the block; `hub.url` ends in /api/v1."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            status, headers, body = hub.answer(parts.path, query, self.headers.get("Authorization"))
            self.send_response(status)
            for name, value in ({"Content-Type": "application/json"} | headers).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
