"""The review web server: the standard library's ``http.server`` and a small router.

:class:`App` turns a request (method, path, headers, body) into a response and knows no
sockets, so tests drive it in process; :func:`serve` puts it behind a
``ThreadingHTTPServer`` bound to 127.0.0.1 unless told otherwise.

- every page has a JSON twin: ``/queue`` ↔ ``/api/queue`` (or ``?format=json``);
- errors have one shape: ``{"error": {"code", "message"}}``;
- write requests (POST) must carry the page's CSRF token (``X-CSRF-Token``), and their
  ``Origin`` (when sent) and ``Host`` must name this server;
- only the scans that the store's documents name are read; static files come from a fixed
  list; a path with ``..`` is refused.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..store import StoreError, default_reviewer, open_store
from . import pages, views

STATIC_DIR = Path(__file__).resolve().parent
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code = status, code


def json_response(data, status: int = 200) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def error_response(status: int, code: str, message: str) -> Response:
    return json_response({"error": {"code": code, "message": message}}, status)


def _float(q: dict, name: str) -> float | None:
    v = q.get(name)
    if v in (None, ""):
        return None
    try:
        return float(v)
    except ValueError:
        raise HttpError(400, "E710", f"{name} must be a number, got {v!r}") from None


class App:
    """The review application over one store."""

    def __init__(self, store_path: str | Path | None = None, reviewer: str | None = None,
                 allowed_hosts: tuple[str, ...] = ()):
        self.store_path = store_path
        self.reviewer = reviewer or default_reviewer()
        self.csrf = secrets.token_urlsafe(24)
        self.allowed_hosts = set(allowed_hosts)
        open_store(store_path).close()  # create / migrate once before serving
        self.routes = [
            ("GET", r"/", self.home), ("GET", r"/queue", self.queue), ("GET", r"/docs", self.docs),
            ("GET", r"/doc/([^/]+)", self.document), ("GET", r"/item/([^/]+)/([0-9a-f]+)", self.item),
            ("GET", r"/similar/([^/]+)/([0-9a-f]+)", self.similar), ("GET", r"/progress", self.progress),
            ("GET", r"/crop/([^/]+)/([0-9a-f]+)\.png", self.crop), ("GET", r"/static/([a-z]+\.(?:js|css))", self.static),
            ("POST", r"/decide", self.decide), ("POST", r"/similar/([^/]+)/([0-9a-f]+)", self.apply_similar),
        ]

    # --- dispatch -----------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Response:
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        try:
            resp = self._dispatch(method.upper(), target, headers, body)
        except HttpError as exc:
            resp = error_response(exc.status, exc.code, str(exc))
        except StoreError as exc:
            resp = error_response(exc.status, exc.code, str(exc))
        except Exception as exc:  # never a stack trace to the browser
            resp = error_response(500, "E799", f"{type(exc).__name__}: {exc}")
        resp.headers = {**SECURITY_HEADERS, **resp.headers}
        return resp

    def _dispatch(self, method: str, target: str, headers: dict, body: bytes) -> Response:
        parts = urlsplit(target)
        raw_path = parts.path
        path = unquote(raw_path)
        if ".." in path.split("/") or ".." in raw_path or "\\" in path or "\x00" in path or "//" in path:
            raise HttpError(400, "E720", "path refused: only the review pages and their assets are served")
        q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        as_json = raw_path.startswith("/api/") or q.get("format") == "json"
        path = raw_path[4:] if raw_path.startswith("/api/") else raw_path  # route on the raw path
        matching = [(m, re.fullmatch(p, path), fn) for m, p, fn in self.routes if re.fullmatch(p, path)]
        if matching and not any(m == method for m, _, _ in matching):
            raise HttpError(405, "E711", f"{method} is not allowed on {path}")
        for m, match, fn in matching:
            if m == method:
                if method == "POST":
                    self._check_write(headers)
                    try:
                        data = json.loads(body or b"{}")
                    except json.JSONDecodeError as exc:
                        raise HttpError(400, "E712", f"the request body is not JSON: {exc}") from None
                    if not isinstance(data, dict):
                        raise HttpError(400, "E712", "the request body must be a JSON object")
                    return fn(*[unquote(g) for g in match.groups()], data=data)
                return fn(*[unquote(g) for g in match.groups()], q=q, as_json=as_json)
        raise HttpError(404, "E404", f"no page {path}")

    def _check_write(self, headers: dict) -> None:
        host = headers.get("host", "")
        if self.allowed_hosts and host not in self.allowed_hosts:
            raise HttpError(403, "E730", f"host {host!r} refused")
        origin = headers.get("origin")
        if origin and urlsplit(origin).netloc != host:
            raise HttpError(403, "E731", f"cross-site request from {origin!r} refused")
        if not secrets.compare_digest(headers.get("x-csrf-token", ""), self.csrf):
            raise HttpError(403, "E732", "missing or wrong CSRF token (reload the page)")

    def _html(self, html: str) -> Response:
        return Response(200, html.encode("utf-8"), "text/html; charset=utf-8")

    # --- pages (each with its JSON twin) ------------------------------------------------
    def home(self, q, as_json):
        if as_json:
            return json_response({"pages": ["/queue", "/docs", "/doc/DOC", "/item/DOC/ID", "/similar/DOC/ID",
                                            "/progress"], "api": "/api + page path, or ?format=json"})
        return Response(302, b"", "text/plain", {"Location": "/queue"})

    def queue(self, q, as_json):
        filters = {"doc": q.get("doc") or None, "stage": q.get("stage") or None, "status": q.get("status") or "open",
                   "kind": q.get("kind") or None, "min_conf": _float(q, "min_conf"), "max_conf": _float(q, "max_conf")}
        limit = int(q["limit"]) if q.get("limit", "").isdigit() else 50
        with open_store(self.store_path) as st:
            data = views.queue_view(st, filters, limit)
        return json_response(data) if as_json else self._html(pages.queue_page(data, self.csrf, self.reviewer))

    def docs(self, q, as_json):
        from urllib.parse import quote
        with open_store(self.store_path) as st:
            data = [{"id": d, "link": quote(d, safe=""), "title": (st.document(d).get("meta") or {}).get("title", ""),
                     "progress": st.progress(d)} for d in st.documents()]
        return json_response({"documents": data}) if as_json else self._html(pages.docs_page(data, self.csrf,
                                                                                              self.reviewer))

    def document(self, doc, q, as_json):
        with open_store(self.store_path) as st:
            data = views.document_view(st, doc)
        return json_response(data) if as_json else self._html(pages.document_page(data, self.csrf, self.reviewer))

    def item(self, doc, sid, q, as_json):
        with open_store(self.store_path) as st:
            it = st.item(doc, sid)
            data = views.item_view(st, it)
            prog = st.progress()
        if as_json:
            return json_response({"item": data, "progress": prog})
        return self._html(pages.item_page(data, self.csrf, self.reviewer, prog))

    def similar(self, doc, sid, q, as_json):
        from ..concordance import similar
        with open_store(self.store_path) as st:
            src, occs = similar(st, doc, sid)
        data = {"source": src, "occurrences": [o.to_dict() for o in occs]}
        return json_response(data) if as_json else self._html(pages.similar_page(data, self.csrf, self.reviewer))

    def progress(self, q, as_json):
        with open_store(self.store_path) as st:
            return json_response(st.progress(q.get("doc") or None))

    def crop(self, doc, sid, q, as_json):
        with open_store(self.store_path) as st:
            png = views.crop_png(st, doc, sid)
        return Response(200, png, "image/png")

    def static(self, name, q, as_json):
        if name not in STATIC:
            raise HttpError(404, "E404", f"no asset {name}")
        return Response(200, (STATIC_DIR / name).read_bytes(), STATIC[name])

    # --- writes -------------------------------------------------------------------------
    def decide(self, data):
        for k in ("doc", "id", "action"):
            if not isinstance(data.get(k), str) or not data[k]:
                raise HttpError(400, "E713", f"'{k}' is required")
        rep = data.get("replacement")
        if rep is not None and not isinstance(rep, str):
            raise HttpError(400, "E713", "'replacement' must be text")
        with open_store(self.store_path) as st:
            it = st.decide(data["doc"], data["id"], data["action"], data.get("reviewer") or self.reviewer,
                           replacement=rep, note=str(data.get("note") or ""), via="web")
            return json_response({"item": views.item_view(st, it), "progress": st.progress()})

    def apply_similar(self, doc, sid, data):
        from ..concordance import apply_similar
        refs = data.get("refs")
        if refs is not None and not (isinstance(refs, list) and all(isinstance(r, str) for r in refs)):
            raise HttpError(400, "E713", "'refs' must be a list of DOC:START:END or null for all")
        with open_store(self.store_path) as st:
            done = apply_similar(st, doc, sid, refs, data.get("reviewer") or self.reviewer)
            return json_response({"done": done, "progress": st.progress()})


def make_server(store_path, host: str = "127.0.0.1", port: int = 8765, reviewer: str | None = None):
    """A ``ThreadingHTTPServer`` serving :class:`App` (not started)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        server_version = "ocrfix-review"

        def _run(self, method: str) -> None:
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(min(n, 1 << 20)) if n else b""
            resp = app.handle(method, self.path, dict(self.headers.items()), body)
            self.send_response(resp.status)
            self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(resp.body)))
            for k, v in resp.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(resp.body)

        def do_GET(self) -> None:  # noqa: N802
            self._run("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._run("POST")

        def log_message(self, fmt, *args) -> None:  # quiet: one line per write only
            if self.command == "POST":
                super().log_message(fmt, *args)

    srv = ThreadingHTTPServer((host, port), Handler)
    real_port = srv.server_address[1]
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    app = App(store_path, reviewer, tuple(f"{h}:{real_port}" for h in names))
    srv.app = app  # type: ignore[attr-defined]
    return srv


def serve(store_path, host: str = "127.0.0.1", port: int = 8765, reviewer: str | None = None) -> None:
    srv = make_server(store_path, host, port, reviewer)
    print(f"ocrfix review: http://{host}:{srv.server_address[1]}/queue (store {store_path or 'ocrfix.sqlite'}, "
          f"reviewer {srv.app.reviewer}); Ctrl-C stops", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
