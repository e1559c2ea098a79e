"""Importing from an HSDS API served by a real HTTP server on 127.0.0.1 (pytest-httpserver; no mocked transport)."""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time
from datetime import UTC, datetime

import pytest
from werkzeug import Request, Response

from directory.layers import IMPORTS_FILE, Layers
from sync.hsds_import import (
    MODIFIED_AFTER_MARGIN,
    HsdsImportError,
    ImportOptions,
    _parse_stamp,
    _stamp,
    import_hsds,
)
from tests.hsds_support import hsds_service
from tui.cli import main

# `GET /` of an HSDS 3.0 API: the spec's own OpenAPI file as its openapi_url.
API_DETAILS = {
    "version": "3.0",
    "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
}
NESTED = ("phones", "schedules", "service_areas", "service_at_locations", "languages", "attributes", "organization")


class FakeHsdsApi:
    """An HSDS 3.0 API under /hsds: GET /services (paged, modified_after, optional format=ndjson) and /services/{id}."""

    def __init__(self, services, *, ndjson=False, full=True):
        self.services = [copy.deepcopy(s) for s in services]
        self.ndjson = ndjson
        self.full = full
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.broken_page: tuple[int, str] | None = None  # (page, "html" | "500")
        self.pager = "ok"  # "ok" | "endless" | "stuck"
        self.delay = 0.0
        self.stop = threading.Event()  # set at teardown: a delayed answer ends at once

    def _listing(self, s):
        return s if self.full else {k: v for k, v in s.items() if k not in NESTED}

    def __call__(self, request: Request) -> Response:
        args = dict(request.args)
        self.requests.append((request.path, args))
        if self.delay:
            self.stop.wait(self.delay)
        if request.path == "/hsds/":
            return Response(json.dumps(API_DETAILS), content_type="application/json")
        m = re.fullmatch(r"/hsds/services/([^/]+)", request.path)
        if m:
            found = [s for s in self.services if s["id"] == m.group(1)]
            if not found:
                return Response('{"error": "not found"}', 404, content_type="application/json")
            return Response(json.dumps(found[0]), content_type="application/json")
        if request.path != "/hsds/services":
            return Response("not found", 404)
        items = self.services
        if "modified_after" in args:
            since = _parse_stamp(args["modified_after"])
            items = [s for s in items if _parse_stamp(s["last_modified"]) >= since]
        if args.get("format") == "ndjson":
            if not self.ndjson:
                return Response('{"error": "format not supported"}', 400, content_type="application/json")
            body = "".join(json.dumps(self._listing(s)) + "\n" for s in items)
            return Response(body, content_type="application/x-ndjson")
        page, per_page = int(args.get("page", 1)), int(args.get("per_page", 10))
        if self.broken_page and self.broken_page[0] == page:
            if self.broken_page[1] == "html":
                return Response("<html><body>Please log in</body></html>", 200, content_type="text/html")
            return Response("Internal Server Error", 500)
        if self.pager == "endless":
            n = 1000 + page
            doc = {"page_number": page, "last_page": False, "contents": [hsds_service(n)]}
            return Response(json.dumps(doc), content_type="application/json")
        if self.pager == "stuck":
            page = 1
        total_pages = max(1, -(-len(items) // per_page))
        contents = [self._listing(s) for s in items[(page - 1) * per_page : page * per_page]]
        doc = {
            "total_items": len(items),
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not items,
            "contents": contents,
        }
        if self.pager == "stuck":
            doc["last_page"] = False
            doc.pop("total_pages")
        return Response(json.dumps(doc), content_type="application/json")

    def paths(self):
        return [
            (p, {k: v for k, v in a.items() if k in ("page", "format", "modified_after")}) for p, a in self.requests
        ]


@pytest.fixture
def api(httpserver):
    fake = FakeHsdsApi([hsds_service(n) for n in range(1, 8)])
    httpserver.expect_request(re.compile(r"^/hsds/.*")).respond_with_handler(fake)
    fake.url = f"http://127.0.0.1:{httpserver.port}/hsds"
    yield fake
    fake.stop.set()


def opts(**kw):
    kw.setdefault("label", "city")
    kw.setdefault("per_page", 3)
    kw.setdefault("backoff", 0.01)
    return ImportOptions(**kw)


def run(api, data_dir, **kw):
    return import_hsds(api.url, data_dir=data_dir, options=opts(**kw), sleep=lambda _s: None)


def layer_bytes(data_dir):
    return (data_dir / IMPORTS_FILE).read_bytes()


def test_paged_api_import_then_modified_after_refresh(api, tmp_path):
    data = tmp_path / "data"
    report = run(api, data)
    assert report.committed and report.transfer == "pages" and report.pages == 3 and report.mode == "full"
    assert api.paths() == [
        ("/hsds/", {}),  # api_details
        ("/hsds/services", {"format": "ndjson", "page": "1"}),  # not offered: 400
        ("/hsds/services", {"page": "1"}),
        ("/hsds/services", {"page": "2"}),
        ("/hsds/services", {"page": "3"}),
    ]
    layer = Layers(data).get("city")
    assert layer["kind"] == "api" and layer["source"] == api.url
    recs = layer["records"]
    assert [r["name"] for r in recs] == [f"Beratungsstelle Nummer {n}" for n in range(1, 8)]
    sid = hsds_service(2)["id"]
    second = next(r for r in recs if r["name"].endswith(" 2"))
    assert second["origin"] == f"HSDS import 'city': {api.url}/services/{sid}"
    assert second["source"] == f"{api.url}/services/{sid}"
    assert second["channels"][0] == {
        "kind": "phone",
        "value": "+49 30 40504050",
        "label": "Beratungstelefon",
        "languages": ["de"],
        "international": "+493040504050",
    }

    # The API changes: one service renamed, one now inactive, one new.
    now = _stamp(datetime.now(UTC))
    api.services[1].update(name="Beratungsstelle Mitte", last_modified=now)
    api.services[2].update(status="inactive", last_modified=now)
    api.services.append(hsds_service(8, last_modified=now))
    api.requests.clear()
    report = run(api, data)
    expected_since = _stamp(_parse_stamp(layer["fetched_at"]) - MODIFIED_AFTER_MARGIN)
    assert report.mode == "incremental" and report.modified_after == expected_since
    changed = [a for p, a in api.requests if p == "/hsds/services" and "minimal" not in a]
    assert changed and all(a.get("modified_after") == expected_since for a in changed)
    assert len(report.result.outcomes) == 3  # only what changed was sent
    assert (len(report.result.imported), len(report.result.skipped)) == (2, 1)
    after = Layers(data).get("city")
    names = [r["name"] for r in after["records"]]
    assert "Beratungsstelle Mitte" in names and "Beratungsstelle Nummer 8" in names
    assert "Beratungsstelle Nummer 3" not in names and len(names) == 7
    assert next(r for r in after["records"] if r["name"] == "Beratungsstelle Mitte")["id"] == second["id"]
    assert after["mode"] == "incremental"

    api.requests.clear()
    run(api, data, full=True)  # --full asks for everything again
    assert all("modified_after" not in a for _, a in api.requests)
    assert len(Layers(data).get("city")["records"]) == 7


def test_ndjson_when_the_api_offers_it(api, tmp_path):
    api.ndjson = True
    report = run(api, tmp_path / "data")
    assert report.transfer == "ndjson" and len(report.result.imported) == 7
    assert api.paths() == [("/hsds/", {}), ("/hsds/services", {"format": "ndjson", "page": "1"})]


def test_listings_without_details_fetch_each_service(api, tmp_path):
    api.full = False
    report = run(api, tmp_path / "data")
    assert len(report.result.imported) == 7
    detail = [p for p, _ in api.requests if p.startswith("/hsds/services/")]
    assert len(detail) == 7
    assert Layers(tmp_path / "data").get("city")["records"][0]["channels"][0]["kind"] == "phone"


def test_an_id_from_the_api_is_quoted_into_the_detail_url(api, tmp_path):
    api.full = False
    api.services[0]["id"] = "odd?id=1#x"  # unquoted, "?" would start a query and fetch another path
    report = run(api, tmp_path / "data")
    assert len(report.result.imported) == 7
    assert ("/hsds/services/odd?id=1#x", {}) in api.requests


def test_a_malformed_api_address_is_one_clear_line(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "import", "hsds", "http://[::1"]) == 1
    err = capsys.readouterr().err
    assert "not a usable API address" in err and err.count("\n") == 1


def test_import_list_prints_damaged_entries_as_plain_text(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "imports.json").write_text(
        json.dumps(
            {
                "sources": {
                    "1": {"records": []},
                    "2": {"label": "\x1b]0;x\x07ok", "records": [], "source": "\x1b[2Jsrc"},
                }
            }
        )
    )
    assert main(["--data-dir", str(data), "import", "list"]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "ok " in out and "src" in out and "ignored 1 source document" in err


def test_the_command_shows_progress_and_a_summary(api, tmp_path, capsys, monkeypatch):
    from tui.subcommands import hsds as cmd

    monkeypatch.setattr(cmd, "PROGRESS_AFTER_S", 0.0)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", "hsds", api.url, "--per-page", "3"]) == 0
    out, err = capsys.readouterr()
    assert "vsd import: page 1/3: 3 services" in err and "vsd import: page 3/3: 7 services" in err
    assert f"{api.url}: read 7 services in 3 pages" in out
    assert (
        f"detected: HSDS 3.0 API (openapi {API_DETAILS['openapi_url']}); count checked against total_items (7)" in out
    )
    assert "imported 7, skipped 0 (inactive/defunct), rejected 0; '127-0-0-1' now has 7 services (full import)" in out
    assert main(["--data-dir", str(data), "import", "hsds", api.url + "/services", "--per-page", "3"]) == 0
    assert "changed since" in capsys.readouterr().out  # same API, same label: incremental


# -- refusals: nothing half-imported, the existing layer byte-for-byte unchanged ------------------


@pytest.fixture
def imported(api, tmp_path):
    data = tmp_path / "data"
    run(api, data)
    api.requests.clear()
    return data


def refused(api, data, match, **kw):
    before = layer_bytes(data)
    with pytest.raises(HsdsImportError, match=match):
        run(api, data, full=True, **kw)
    assert layer_bytes(data) == before


def test_html_instead_of_json_is_refused(api, imported):
    api.broken_page = (2, "html")
    refused(api, imported, r"page 2: this is HTML, not HSDS JSON")


def test_server_error_midway_is_retried_then_refused(api, imported):
    api.broken_page = (2, "500")
    refused(api, imported, r"page 2: the API answered HTTP 500")
    assert [a.get("page") for _, a in api.requests].count("2") == 3  # 1 + 2 retries


def test_endless_pager_is_stopped_by_the_page_limit(api, imported):
    api.pager = "endless"
    refused(api, imported, r"gave up after 5 pages: the API still reported more", max_pages=5)
    assert len(api.requests) == 1 + 1 + 5  # the root, the NDJSON probe, 5 pages


def test_pager_that_ignores_the_page_parameter_is_refused(api, imported):
    api.pager = "stuck"
    refused(api, imported, r"page 2 repeats page 1: the API ignores the page parameter")


def test_overall_deadline(api, imported):
    api.delay = 0.4
    refused(api, imported, r"deadline passed", deadline=1.0)


def test_unreachable_api(imported, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = layer_bytes(imported)
    with pytest.raises(HsdsImportError, match="cannot connect to 127.0.0.1"):
        import_hsds(f"http://127.0.0.1:{port}/hsds", data_dir=imported, options=opts(), sleep=lambda _s: None)
    assert layer_bytes(imported) == before


def test_rejected_services_from_an_api_import_nothing(api, imported):
    api.services[4]["phones"] = "not a list"
    before = layer_bytes(imported)
    from sync.hsds_import import ImportRejected

    with pytest.raises(ImportRejected) as e:
        run(api, imported, full=True)
    assert e.value.report.result.rejected[0].where.startswith('page 2 contents[1] "Beratungsstelle Nummer 5"')
    assert layer_bytes(imported) == before


def test_an_api_address_without_a_full_host_name_is_refused_up_front(tmp_path):
    from directory.errors import InputError

    with pytest.raises(InputError, match="not a usable API address"):
        import_hsds("http://intranet/hsds", data_dir=tmp_path / "data", options=opts())
    assert not (tmp_path / "data" / IMPORTS_FILE).exists()


def test_a_stalled_server_does_not_outlive_the_deadline(api, imported):
    api.delay = 5.0
    t0 = time.monotonic()
    refused(api, imported, r"deadline passed", deadline=1.0, retries=0)
    assert time.monotonic() - t0 < 3.0


def test_an_api_with_more_pages_than_max_pages_is_read_when_total_items_says_so(api, tmp_path):
    """7 services at 2 a page is 4 pages: past --max-pages 2, yet no endless pager (total_items says 7)."""
    report = run(api, tmp_path / "data", per_page=2, max_pages=2)
    assert report.committed and len(report.result.imported) == 7 and report.pages == 4
