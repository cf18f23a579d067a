"""A local stand-in for SSB's PxWebApi (v2 and v0) on 127.0.0.1, serving hand-made fixtures."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ssb"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def slice_cube(cube: dict, selection: dict[str, list[str]]) -> dict:
    """Cut a json-stat2 cube down to a selection, as PxWebApi does (unknown code → KeyError)."""
    ids, sizes = cube["id"], cube["size"]
    status = [cube["status"].get(str(i), None) for i in range(len(cube["value"]))]
    values = np.array(cube["value"], dtype=object).reshape(sizes)
    statuses = np.array(status, dtype=object).reshape(sizes)
    dims = json.loads(json.dumps(cube["dimension"]))
    for axis, var in enumerate(ids):
        index = dims[var]["category"]["index"]
        codes = selection.get(var, ["*"])
        codes = list(index) if codes == ["*"] else codes
        positions = [index[c] for c in codes]
        values, statuses = values.take(positions, axis=axis), statuses.take(positions, axis=axis)
        dims[var]["category"]["index"] = {c: i for i, c in enumerate(codes)}
        dims[var]["category"]["label"] = {c: dims[var]["category"]["label"][c] for c in codes}
    flat_status = statuses.ravel().tolist()
    return {
        **cube,
        "size": list(values.shape),
        "dimension": dims,
        "value": values.ravel().tolist(),
        "status": {str(i): s for i, s in enumerate(flat_status) if s},
    }


class FakeSsb:
    """Routes: /v2/tables/{id}/metadata, /v2/tables/{id}/data, /v0/table/{id} (GET meta, POST data)."""

    def __init__(self):
        tables = sorted(p.name.split("_")[1] for p in FIXTURES.glob("v2_*_metadata.json"))
        self.v2_meta = {t: load_fixture(f"v2_{t}_metadata.json") for t in tables}
        self.cubes = {t: load_fixture(f"v2_{t}_cube.json") for t in tables}
        self.v0_meta: dict[str, dict] = {}
        self.klass: dict[str, list[dict]] = {}  # date → correspondence items 131 → 112
        self.faults: list[tuple[str, object]] = []  # (path fragment, 429 | "timeout" | 503)
        self.log: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def data_requests(self) -> list[str]:
        return [p for m, p in self.log if "/data" in p or m == "POST"]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, doc, headers=()):
                body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _fault(self) -> bool:
                for i, (fragment, kind) in enumerate(fake.faults):
                    if fragment in self.path:
                        del fake.faults[i]
                        if kind == "timeout":
                            time.sleep(0.6)
                            return False
                        self._send(kind, {"title": "Too many requests"}, [("Retry-After", "7")])
                        return True
                return False

            def do_GET(self):
                fake.log.append(("GET", self.path))
                if self._fault():
                    return
                url = urllib.parse.urlsplit(self.path)
                parts = url.path.strip("/").split("/")
                if parts[:2] == ["v2", "tables"] and parts[3:] == ["metadata"] and parts[2] in fake.v2_meta:
                    return self._send(200, fake.v2_meta[parts[2]])
                if parts[:2] == ["v2", "tables"] and parts[3:] == ["data"] and parts[2] in fake.cubes:
                    query = urllib.parse.parse_qs(url.query)
                    selection = {
                        k[len("valueCodes[") : -1]: v[0].split(",")
                        for k, v in query.items()
                        if k.startswith("valueCodes[")
                    }
                    return self._slice(parts[2], selection)
                if parts[:2] == ["klass", "v1"] and parts[2:] == ["classifications", "131", "correspondsAt"]:
                    query = urllib.parse.parse_qs(url.query)
                    if query.get("targetClassificationId") == ["112"] and query["date"][0] in fake.klass:
                        return self._send(200, {"correspondenceItems": fake.klass[query["date"][0]]})
                if parts[:2] == ["v0", "table"] and parts[2] in fake.v0_meta:
                    return self._send(200, fake.v0_meta[parts[2]])
                self._send(404, {"title": "Non-existent table"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.log.append(("POST", self.path))
                if self._fault():
                    return
                table = self.path.strip("/").split("/")[-1]
                assert body["response"]["format"] == "json-stat2"
                selection = {q["code"]: q["selection"]["values"] for q in body["query"]}
                self._slice(table, selection)

            def _slice(self, table, selection):
                try:
                    self._send(200, slice_cube(fake.cubes[table], selection))
                except KeyError as exc:
                    self._send(400, {"title": f"Non-existent value {exc}"})

        return Handler
