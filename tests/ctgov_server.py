"""A registry stand-in for the tests: an HTTP server on 127.0.0.1 in a thread.

Each path answers from a queue of canned responses (status, body, headers); the last one
repeats. A response with status 0 hangs until the test ends, so a client times out
without the test sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = 0


@dataclass
class Registry:
    url: str
    routes: dict[str, list[tuple[int, bytes, dict[str, str]]]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    pauses: list[float] = field(default_factory=list)

    def serve(self, path: str, *responses: tuple[int, bytes | str, dict[str, str]]) -> None:
        self.routes[path] = [
            (code, body.encode() if isinstance(body, str) else body, headers)
            for code, body, headers in responses
        ]

    def study(self, nct_id: str, *responses: tuple[int, bytes | str, dict[str, str]]) -> None:
        self.serve(f"/api/v2/studies/{nct_id}", *responses)

    def hits(self, path_end: str) -> int:
        return sum(1 for p, _ in self.requests if p.endswith(path_end))


def start(registry_holder: dict[str, Registry]) -> Iterator[Registry]:
    def handler_factory() -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                registry = registry_holder["r"]
                registry.requests.append((self.path, dict(self.headers.items())))
                queue = registry.routes.get(self.path)
                if not queue:
                    code, body, headers = 404, b'{"message": "not found"}', {}
                else:
                    code, body, headers = queue.pop(0) if len(queue) > 1 else queue[0]
                if code == HANG:
                    registry.release.wait(30)
                    return
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_factory())
    server.daemon_threads = True
    host, port = server.server_address[:2]
    registry = Registry(url=f"http://{host!s}:{port}/api/v2")
    registry_holder["r"] = registry
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield registry
    finally:
        registry.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
