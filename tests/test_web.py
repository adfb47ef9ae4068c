"""The review web page through an in-process client: every page and its JSON twin, the
error shape, escaping, CSRF / Origin / Host checks, refused paths, scan crops."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

from pipeline.web.server import App, make_server
from test_store import store_path  # noqa: F401  (fixture)

HOST = {"Host": "127.0.0.1:8765"}


@pytest.fixture
def app(store_path):  # noqa: F811
    return App(store_path, "anna", ("127.0.0.1:8765",))


class Client:
    def __init__(self, app: App):
        self.app = app

    def get(self, path):
        return self.app.handle("GET", path, HOST)

    def post(self, path, data, **headers):
        h = {**HOST, "X-CSRF-Token": self.app.csrf, "Origin": "http://127.0.0.1:8765", **headers}
        return self.app.handle("POST", path, {k: v for k, v in h.items() if v is not None},
                               json.dumps(data).encode())


def _ids(app):
    q = Client(app).get("/api/queue").json
    return {(v["original"], v["doc"]): v for v in q["items"]}


PAGES = ["/queue", "/queue?doc=cable-a&kind=name&min_conf=0.3&max_conf=0.9", "/docs", "/doc/cable-a",
         "/doc/scan-b", "/item/{doc}/{id}", "/similar/{doc}/{id}"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_and_its_json_twin(app, page):
    v = _ids(app)[("георически", "scan-b")]
    page = page.format(doc=v["doc"], id=v["id"])
    c = Client(app)
    html = c.get(page)
    assert html.status == 200 and html.content_type.startswith("text/html")
    assert "/static/review.js" in html.text and 'name="csrf-token"' in html.text
    for twin in ("/api" + page, page + ("&" if "?" in page else "?") + "format=json"):
        j = c.get(twin)
        assert j.status == 200 and j.content_type.startswith("application/json")
        assert isinstance(j.json, dict) and "error" not in j.json


def test_queue_order_and_content(app):
    q = Client(app).get("/api/queue").json
    assert q["progress"]["review"] == 7 and q["total"] == 7
    pr = [v["priority"] for v in q["items"]]
    assert pr == sorted(pr, reverse=True)
    top = q["items"][0]
    assert top["kind"] == "name" and "a name" in top["reasons"]  # low confidence and a name first
    skiom = next(v for v in q["items"] if v["original"] == "Скиом")
    assert skiom["english"]["aligned"] and "Kim Il Sung" in skiom["english"]["text"]
    assert skiom["context"]["span"] == "Скиом" and skiom["context"]["line"] == 4
    assert skiom["alternatives"][0]["replacement"] == "Сена"
    assert skiom["crop"] is None
    mas = next(v for v in q["items"] if v["original"] == "Мас")
    assert mas["crop"].startswith("/crop/scan-b/")


def test_crop_is_a_png_of_the_scan(app):
    mas = _ids(app)[("Мас", "scan-b")]
    r = Client(app).get(mas["crop"])
    assert r.status == 200 and r.content_type == "image/png" and r.body[:8] == b"\x89PNG\r\n\x1a\n"
    no = _ids(app)[("Скиом", "cable-a")]
    r = Client(app).get(f"/crop/cable-a/{no['id']}.png")
    assert r.status == 404 and r.json["error"]["code"] == "E701"


def test_ocr_text_and_translation_are_escaped(app):
    c = Client(app)
    for page in ("/queue", "/doc/cable-a", "/queue?status=open,auto"):
        html = c.get(page).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>x</b>" not in html
    r = c.get("/queue")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_decide_edit_and_progress(app):
    c = Client(app)
    v = _ids(app)[("Скиом", "cable-a")]
    r = c.post("/api/decide", {"doc": "cable-a", "id": v["id"], "action": "approved"})
    assert r.status == 200 and r.json["item"]["status"] == "approved" and r.json["progress"]["approved"] == 1
    r = c.post("/api/decide", {"doc": "cable-a", "id": v["id"], "action": "edited", "replacement": "Сеном"})
    assert r.json["item"]["effective"] == "Сеном" and r.json["item"]["status"] == "edited"
    from pipeline.store import open_store
    with open_store(app.store_path) as st:
        ev = st.events("cable-a", v["id"])
        assert [e.action for e in ev] == ["proposed", "approved", "edited"]
        assert ev[-1].reviewer == "anna" and ev[-1].details["via"] == "web"


@pytest.mark.parametrize("headers,code", [
    ({"X-CSRF-Token": None}, "E732"),
    ({"X-CSRF-Token": "forged"}, "E732"),
    ({"Origin": "http://evil.example"}, "E731"),
    ({"Host": "evil.example:8765", "Origin": None}, "E730"),
])
def test_writes_need_csrf_token_origin_and_host(app, headers, code):
    v = _ids(app)[("Скиом", "cable-a")]
    r = Client(app).post("/api/decide", {"doc": "cable-a", "id": v["id"], "action": "approved"}, **headers)
    assert r.status == 403 and r.json == {"error": {"code": code, "message": r.json["error"]["message"]}}
    with pytest.raises(KeyError):
        r.json["item"]


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                                  "/crop/..%2F..%2Fetc/passwd.png", "/doc/..%2f..%2fetc%2fpasswd",
                                  "/static/..\\..\\etc\\passwd", "//etc/passwd"])
def test_path_traversal_is_refused(app, path):
    r = Client(app).get(path)
    assert r.status in (400, 404)
    assert set(r.json) == {"error"} and set(r.json["error"]) == {"code", "message"}
    assert b"root:" not in r.body


def test_errors_share_one_shape(app):
    c = Client(app)
    for r in (c.get("/nope"), c.get("/api/doc/unknown"), c.get("/api/item/cable-a/abc"),
              c.get("/api/queue?min_conf=x"), c.post("/api/decide", {"doc": "cable-a"}),
              c.app.handle("POST", "/api/queue", HOST), c.post("/api/decide", {"doc": "cable-a", "id": "0", "action": "x"})):
        assert r.status >= 400
        assert set(r.json) == {"error"} and set(r.json["error"]) == {"code", "message"}


def test_similar_applies_the_fix_to_identical_tokens(app):
    c = Client(app)
    v = _ids(app)[("георически", "scan-b")]
    c.post("/api/decide", {"doc": "scan-b", "id": v["id"], "action": "edited", "replacement": "теоретически"})
    s = c.get(f"/api/similar/scan-b/{v['id']}").json
    assert len(s["occurrences"]) == 3 and sum(o["same"] for o in s["occurrences"]) == 1
    one = next(o["ref"] for o in s["occurrences"] if o["doc"] == "cable-a")
    r = c.post(f"/api/similar/scan-b/{v['id']}", {"refs": [one]})
    assert r.status == 200 and [d["action"] for d in r.json["done"]] == ["approved"]
    r = c.post(f"/api/similar/scan-b/{v['id']}", {"refs": None})
    assert [d["action"] for d in r.json["done"]] == ["unchanged", "approved"]


def test_real_server_binds_localhost(store_path):  # noqa: F811
    srv = make_server(store_path, "127.0.0.1", 0, "anna")
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        port = srv.server_address[1]
        assert srv.server_address[0] == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/progress", timeout=10) as r:
            assert json.load(r)["review"] == 7
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/decide", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(req, timeout=10)
        assert exc.value.code == 403
    finally:
        srv.shutdown()
        srv.server_close()
