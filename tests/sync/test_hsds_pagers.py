"""HSDS API pagers as servers really page: every service arrives, or nothing changes.

Each case is a real HTTP server on 127.0.0.1 (pytest-httpserver) that pages the way a published API
does: counting from 0, without total_pages or last_page, answering 429/503 with Retry-After,
refusing `full=true`, in the Open Referral UK v1 envelope, and Open Referral's own mock API
(openreferral/mock-hsds-api, recreated from its source with its own data: see
tests/fixtures/hsds-api/README.md). Each asserts that every service arrives and that the count equals
the API's total_items; a refusal leaves the data dir byte-identical.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from werkzeug import Request, Response

from directory.layers import IMPORTS_FILE, Layers
from sync.hsds_client import HsdsImportError, has_term
from sync.hsds_import import ImportOptions, import_hsds
from sync.hsds_paging import PagerError, PageWalk, read_page
from sync.hsds_retry import MAX_ATTEMPTS, retry_after
from tests.hsds_support import hsds_service
from tui.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hsds-api"
MOCK = FIXTURES / "mock-hsds-api" / "data"
TOTAL = 42  # as in the report: a 0-based pager lost 10 of 42
NESTED = ("phones", "schedules", "service_areas", "service_at_locations", "languages", "attributes", "organization")
TERM_ID = "90000000-0000-4000-8000-000000000001"


def ids(services: list[dict[str, Any]]) -> list[str]:
    return [s["id"] for s in services]


class PagingApi:
    """`/services` paged in one of the ways real servers page, `/services/{id}`, `/taxonomy_terms/{id}`, `/`.

    base: the number of the first page (0 or 1); envelope: "hsds" or "uk_v1"; fields: the page fields
    sent beside the services (None: all of the envelope's); strict_full: 400 to any `full`;
    answers: queued (status, Retry-After) answers for a page, sent before its real answer;
    total_items / minimal_total: a count to report instead of the true one (in every listing / in the
    minimal=true listing); on_page: called with each page number asked for."""

    def __init__(self, services: list[dict[str, Any]], *, base: int = 1, envelope: str = "hsds") -> None:
        self.services = [copy.deepcopy(s) for s in services]
        self.base = base
        self.envelope = envelope
        self.fields: set[str] | None = None
        self.strict_full = False
        self.answers: dict[int, list[tuple[int, str | None]]] = {}
        self.total_items: int | None = None
        self.minimal_total: int | None = None
        self.filters = True  # honours taxonomy_term_id and search
        self.root: Any = {"version": "3.0"}
        self.past_end: int | None = None  # an HTTP status for a page past the last, instead of an empty page
        self.on_page: Callable[[int], None] = lambda _n: None
        self.terms: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.url = ""

    def pages_asked(self) -> list[int]:
        return [int(a["page"]) for p, a in self.requests if p.endswith("/services") and "format" not in a]

    def __call__(self, request: Request) -> Response:
        args = dict(request.args)
        self.requests.append((request.path, args))
        path = request.path.removeprefix("/api")
        if path == "/":
            return _json(self.root)
        m = re.fullmatch(r"/taxonomy_terms/([^/]+)", path)
        if m:
            term = self.terms.get(m.group(1))
            return _json(term) if term else Response("not found", 404)
        m = re.fullmatch(r"/services/([^/]+)", path)
        if m:
            found = [s for s in self.services if s["id"] == m.group(1)]
            return _json(found[0]) if found else Response("not found", 404)
        if path != "/services":
            return Response("not found", 404)
        if self.strict_full and "full" in args:
            return _json({"error": "unknown parameter: full"}, 400)
        if args.get("format") == "ndjson":
            return _json({"error": "format not supported"}, 400)
        page, per_page = int(args.get("page", self.base)), int(args.get("per_page", 10))
        self.on_page(page)
        queued = self.answers.get(page)
        if queued:
            status, wait = queued.pop(0)
            headers = {"Retry-After": wait} if wait is not None else {}
            return Response("slow down", status, headers=headers)
        services = self.services
        if "minimal" in args:
            services = [{"id": s["id"], "last_modified": s["last_modified"]} for s in services]
        elif "full" not in args:
            services = [{k: v for k, v in s.items() if k not in NESTED} for s in services]
        if "modified_after" in args:
            services = [s for s in services if s["last_modified"] >= args["modified_after"]]
        if self.filters and "taxonomy_term_id" in args:
            wanted = {s["id"] for s in self.services if has_term(s, args["taxonomy_term_id"])}
            services = [s for s in services if s["id"] in wanted]
        if self.filters and "search" in args:
            services = [s for s in services if args["search"].lower() in s.get("name", "").lower()]
        start = (page - self.base) * per_page
        contents = services[start : start + per_page] if start >= 0 else []
        if self.past_end is not None and not contents:
            return Response("no such page", self.past_end)
        pages = max(1, -(-len(services) // per_page))
        total = self.total_items if self.total_items is not None else len(services)
        if "minimal" in args and self.minimal_total is not None:
            total = self.minimal_total
        last = page - self.base >= pages - 1
        if self.envelope == "uk_v1":
            doc = {
                "totalElements": total,
                "totalPages": pages,
                "number": page,
                "size": per_page,
                "first": page == self.base,
                "last": last,
                "empty": not contents,
                "content": contents,
            }
        else:
            doc = {
                "total_items": total,
                "total_pages": pages,
                "page_number": page,
                "size": len(contents),
                "first_page": page == self.base,
                "last_page": last,
                "empty": not contents,
                "contents": contents,
            }
        if self.fields is not None:
            doc = {k: v for k, v in doc.items() if k in self.fields or k in ("contents", "content")}
        return _json(doc)


class MockHsdsApi:
    """Open Referral's mock API (openreferral/mock-hsds-api, app.py at 2e75054), recreated: every list
    endpoint ignores all parameters and answers one page with every object of its folder,
    `page_number` 1 and no total_pages or last_page; with none it answers `{"empty": true}` alone.
    `/services/{id}` answers 500 there (its handler's argument is misnamed); so it does here."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.extra: list[dict[str, Any]] = []
        self.requests: list[tuple[str, dict[str, str]]] = []

    def _folder(self, name: str) -> list[dict[str, Any]]:
        found = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((self.data / name).glob("*.json"))]
        return found + (self.extra if name == "services" else [])

    @staticmethod
    def _page(contents: list[dict[str, Any]]) -> dict[str, Any]:
        if not contents:
            return {"empty": True}
        return {
            "empty": False,
            "total_items": len(contents),
            "page_number": 1,
            "size": len(contents),
            "contents": contents,
        }

    def __call__(self, request: Request) -> Response:
        self.requests.append((request.path, dict(request.args)))
        if request.path == "/":
            return _json(json.loads((self.data / "root.json").read_text(encoding="utf-8")))
        m = re.fullmatch(
            r"/(services|taxonomies|taxonomy_terms|organizations|service_at_locations)(/[^/]+)?", request.path
        )
        if not m:
            return Response("not found", 404)
        if m.group(2) is None:
            return _json(self._page(self._folder(m.group(1))))
        if m.group(1) == "services":
            return Response("Internal Server Error", 500)
        one = self.data / m.group(1) / f"{m.group(2)[1:]}.json"
        return _json(json.loads(one.read_text(encoding="utf-8"))) if one.is_file() else Response("Item Not Found", 404)


def _json(doc: Any, status: int = 200) -> Response:
    return Response(json.dumps(doc), status, content_type="application/json")


def serve(httpserver, api, prefix: str = "/api"):
    httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(api)
    api.url = f"http://127.0.0.1:{httpserver.port}{prefix}"
    return api


def opts(**kw) -> ImportOptions:
    kw.setdefault("label", "api")
    kw.setdefault("per_page", 10)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("deadline", 30.0)
    return ImportOptions(**kw)


def run(url: str, data: Path, **kw):
    return import_hsds(url, data_dir=data, options=opts(**kw), sleep=lambda _s: None)


def snapshot(data: Path) -> dict[str, bytes]:
    """Every file of the data dir, byte for byte."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def stored(data: Path, label: str = "api") -> list[str]:
    layer = Layers(data).get(label)
    assert layer is not None
    by_vsd = layer["hsds_ids"]
    return sorted(by_vsd[r["id"]] for r in layer["records"])


def imported_all(report, data: Path, services: list[dict[str, Any]]) -> None:
    assert report.committed and len(report.result.imported) == len(services)
    assert stored(data) == sorted(ids(services))


@pytest.fixture
def services():
    return [hsds_service(n) for n in range(1, TOTAL + 1)]


@pytest.fixture
def imported(httpserver, services, tmp_path):
    """A data dir that already holds the 42 services, and the API they came from."""
    api = serve(httpserver, PagingApi(services))
    data = tmp_path / "data"
    run(api.url, data)
    api.requests.clear()
    return api, data


def refused(url: str, data: Path, match: str, **kw) -> str:
    before = snapshot(data)
    with pytest.raises(HsdsImportError, match=match) as e:
        run(url, data, **kw)
    assert snapshot(data) == before
    return str(e.value)


# -- pages counted from 0 ---------------------------------------------------------------


@pytest.mark.parametrize("flags", [True, False], ids=["first_page-false-on-page-1", "no-flags"])
def test_a_pager_counting_from_0_loses_nothing(httpserver, services, tmp_path, flags):
    """The issue's case: pages 0-4 of 42 services; reading from page 1 found 32."""
    api = serve(httpserver, PagingApi(services, base=0))
    if not flags:  # only the count says something is missing
        api.fields = {"total_items", "page_number", "size"}
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    assert sorted(api.pages_asked()) == [0, 1, 2, 3, 4] + ([] if flags else [5])
    assert "pages numbered from 0" in report.detected
    assert f"count checked against total_items ({TOTAL})" in report.detected


# -- no total_pages, no last_page -------------------------------------------------------------


def test_a_pager_without_last_page_stops_at_total_items(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    api.fields = {"total_items", "page_number", "size", "empty"}
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    # 42 of 42 after page 5; page 6 confirms the count (a total_items that counted something else
    # would show there as more services, and be refused)
    assert api.pages_asked() == [1, 2, 3, 4, 5, 6]
    assert report.pages == 5


@pytest.mark.parametrize("status", [404, 500])
def test_a_server_that_fails_past_its_last_page(httpserver, services, tmp_path, status):
    """The page that confirms the count (or page 0) may be an error on some servers: it counts as empty."""
    api = serve(httpserver, PagingApi(services))
    api.fields = {"total_items", "page_number"}
    api.past_end = status
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    assert api.pages_asked()[:6] == [1, 2, 3, 4, 5, 6]


def test_a_pager_with_neither_total_stops_at_an_empty_page(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    api.fields = {"page_number"}
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    assert api.pages_asked() == [1, 2, 3, 4, 5, 6]
    assert "no total_items to check the count against" in report.detected


# -- 429 and 503 ---------------------------------------------------------------------------------


def test_429_and_503_are_retried_as_retry_after_asks(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=1), usegmt=True)
    api.answers = {2: [(429, "0")], 3: [(503, past), (429, None)]}
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    assert api.pages_asked() == [1, 2, 2, 3, 3, 3, 4, 5]
    assert any("slow down 3 times (HTTP 429/503)" in n for n in report.notices)


def test_a_wait_longer_than_the_deadline_is_refused_at_once(imported):
    api, data = imported
    api.answers = {2: [(429, "3600")]}
    msg = refused(api.url, data, r"page 2: the API asks to wait 3600 s \(HTTP 429, Retry-After\)", full=True)
    assert "left of the import's 30 s deadline; nothing imported" in msg
    assert api.pages_asked() == [1, 2]  # not asked again


def test_an_api_that_never_stops_answering_429_is_given_up(imported):
    api, data = imported
    api.answers = {1: [(429, "0")] * (MAX_ATTEMPTS + 1)}
    refused(api.url, data, rf"page 1: the API answered HTTP 429 \(too many requests\) {MAX_ATTEMPTS} times", full=True)
    assert api.pages_asked() == [1] * MAX_ATTEMPTS


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Mon, 30 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("Mon, 30 Nov 2026 11:00:00 GMT", now) == 0.0  # already past
    assert retry_after("soon", now) is None and retry_after("-5", now) is None and retry_after(None, now) is None


# -- a server that refuses full=true ----------------------------------------------------------


def test_a_server_that_refuses_full_is_read_without_it(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    api.strict_full = True
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    details = [p for p, _ in api.requests if re.fullmatch(r"/api/services/[^/]+", p)]
    assert len(details) == TOTAL  # the listings lack the nested parts: each service fetched whole
    assert any("HTTP 400 to full=true; read without it" in n for n in report.notices)
    layer = Layers(tmp_path / "data").get("api")
    assert all(r["channels"][0]["kind"] == "phone" for r in layer["records"])


# -- the UK v1 envelope ------------------------------------------------------------------------


@pytest.mark.parametrize("base", [1, 0])
def test_the_uk_v1_envelope(httpserver, services, tmp_path, base):
    api = serve(httpserver, PagingApi(services, base=base, envelope="uk_v1"))
    report = run(api.url, tmp_path / "data")
    imported_all(report, tmp_path / "data", services)
    assert "Open Referral UK v1 page" in report.detected
    assert f"count checked against total_items ({TOTAL})" in report.detected
    assert sorted(api.pages_asked()) == [base + i for i in range(5)]


# -- Open Referral's mock API ---------------------------------------------------------------------


def test_open_referrals_mock_api_unchanged(httpserver, tmp_path, capsys):
    """It sends every service on every page with total_items and page_number 1 and no last_page: the
    old importer asked for page 2, got page 1 again and refused ("page 2 repeats page 1")."""
    mock = MockHsdsApi(MOCK)
    serve(httpserver, mock, prefix="")
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", "hsds", mock.url + "/", "--name", "mock"]) == 0
    out = capsys.readouterr().out
    root = json.loads((MOCK / "root.json").read_text(encoding="utf-8"))
    assert f"detected: HSDS 3.0 API (openapi {root['openapi_url']}); count checked against total_items (1)" in out
    assert "read 1 services in 1 page" in out
    # the root; /services asked for NDJSON answers a JSON page: page 1, all of total_items; page 2
    # (page 1 again) confirms that nothing more comes
    assert [(p, a.get("page")) for p, a in mock.requests] == [("/", None), ("/services", "1"), ("/services", "2")]
    assert stored(data, "mock") == ["ac148810-d857-441c-9679-408f346de14b"]


def test_the_mock_api_with_many_services_needs_one_page(httpserver, services, tmp_path):
    mock = MockHsdsApi(MOCK)
    mock.extra = services
    serve(httpserver, mock, prefix="")
    report = run(mock.url, tmp_path / "data", per_page=5)
    assert report.committed and len(report.result.imported) == TOTAL + 1 and report.pages == 1


def test_the_mock_api_with_no_services_says_so(httpserver, tmp_path):
    empty = tmp_path / "empty"
    (empty / "services").mkdir(parents=True)
    (empty / "root.json").write_bytes((MOCK / "root.json").read_bytes())
    mock = MockHsdsApi(empty)
    serve(httpserver, mock, prefix="")
    with pytest.raises(HsdsImportError, match="no services found; nothing imported"):
        run(mock.url, tmp_path / "data")
    assert not (tmp_path / "data" / IMPORTS_FILE).exists()


# -- counts that disagree: refused, nothing changed ----------------------------------------------


def test_a_count_that_disagrees_with_total_items_is_refused(imported):
    api, data = imported
    api.total_items = TOTAL + 3
    msg = refused(
        api.url, data, rf"the API reports {TOTAL + 3} services \(total_items\) but {TOTAL} arrived", full=True
    )
    assert "nothing imported" in msg


def test_a_pager_counting_from_1_that_loses_services_is_refused(imported):
    """A page that comes back empty before the end: the count, not the pager, notices."""
    api, data = imported
    api.fields = {"total_items", "page_number"}
    api.services = api.services[:30]  # the server drops its last 12 from the listing ...
    api.total_items = TOTAL  # ... but still counts them
    refused(api.url, data, rf"reports {TOTAL} services \(total_items\) but 30 arrived in 5 pages", full=True)
    assert sorted(api.pages_asked()) == [0, 1, 2, 3, 4]  # page 0 tried too, for the missing ones


def test_total_items_that_changes_while_read_is_refused(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    data = tmp_path / "data"
    run(api.url, data)

    def grow(page: int) -> None:
        if page == 3:
            api.total_items = TOTAL + 1

    api.on_page = grow
    refused(api.url, data, rf"total_items changed from {TOTAL} to {TOTAL + 1} while it was read", full=True)


# -- taxonomy terms given by id --------------------------------------------------------------------


def test_terms_given_by_id_are_fetched_once_each(httpserver, tmp_path):
    term = hsds_service(1)["attributes"][0]["taxonomy_term"]
    only_id = [hsds_service(n, attributes=[{"id": f"a-{n}", "taxonomy_term_id": TERM_ID}]) for n in range(1, 13)]
    api = serve(httpserver, PagingApi(only_id))
    api.terms = {TERM_ID: term}
    report = run(api.url, tmp_path / "data")
    assert report.committed and len(report.result.imported) == 12
    assert [p for p, _ in api.requests].count(f"/api/taxonomy_terms/{TERM_ID}") == 1
    records = Layers(tmp_path / "data").get("api")["records"]
    assert all(r["support_types"] == ["domestic_violence"] for r in records)
    assert "1 taxonomy terms fetched by id for 12 attributes" in report.detected


def test_a_term_the_api_cannot_give_is_noted(httpserver, tmp_path):
    svc = hsds_service(1, name="Frauenberatung Gewalt", attributes=[{"id": "a", "taxonomy_term_id": "gone"}])
    api = serve(httpserver, PagingApi([svc]))
    report = run(api.url, tmp_path / "data", types=["domestic_violence"])
    assert any("1 taxonomy terms given only by id could not be fetched (gone: HTTP 404)" in n for n in report.notices)


# -- services deleted at the source -------------------------------------------------------------


def test_services_deleted_at_the_source_leave_the_layer(imported):
    api, data = imported
    gone = api.services[5]["id"], api.services[17]["id"]
    api.services = [s for s in api.services if s["id"] not in gone]
    report = run(api.url, data)  # incremental: modified_after alone cannot tell a deletion
    assert report.mode == "incremental" and report.removed == 2
    assert "removed 2 (deleted at the source)" in report.summary()
    assert stored(data) == sorted(ids(api.services))
    assert any(a.get("minimal") == "true" for _, a in api.requests)


def test_a_short_id_listing_deletes_nothing(imported):
    api, data = imported
    api.minimal_total = TOTAL
    api.services = api.services[:35]  # lists 35 of the 42 it reports: its ids cannot be trusted
    refused(api.url, data, rf"the API reports {TOTAL} services \(total_items\) but 35 arrived")


def test_an_api_that_lists_nothing_on_reimport_deletes_nothing(imported):
    api, data = imported
    api.services = []
    refused(api.url, data, r"the API lists no services at all; nothing changed")


# -- the walk itself -------------------------------------------------------------------------------


def test_read_page_knows_the_envelopes_and_refuses_the_rest():
    assert read_page({"empty": True}).contents == []  # the mock API's empty answer
    uk = read_page({"content": [{"id": "x"}], "totalElements": 1, "number": 0, "first": True})
    assert (uk.total_items, uk.number, uk.first, uk.envelope.key) == (1, 0, True, "uk_v1")
    bogus = read_page({"contents": [], "total_items": True, "total_pages": -1})
    assert bogus.total_items is None and bogus.total_pages is None
    with pytest.raises(PagerError, match='expected "contents" or "content"'):
        read_page({"services": []})


def test_a_repeated_page_is_refused_unless_the_count_is_complete():
    one = read_page({"contents": [{"id": "a"}], "page_number": 1})
    walk = PageWalk(max_pages=10)
    assert walk.next(1, one, 1, 1) == 2
    with pytest.raises(PagerError, match="page 2 repeats page 1"):
        walk.next(2, one, 0, 1)
    counted = read_page({"contents": [{"id": "a"}], "page_number": 1, "total_items": 1})
    walk = PageWalk(max_pages=10)
    assert walk.next(1, counted, 1, 1) == 2  # one more page, to confirm the count
    assert walk.next(2, counted, 0, 1) is None  # the same again: complete
    walk.check(1)


def test_a_total_items_that_counts_one_page_is_refused(imported):
    """total_items of 10 on every page of 42, and no other sign of the end: the page that should
    confirm the count brings 10 more services instead."""
    api, data = imported
    api.fields = {"total_items", "page_number"}
    api.total_items = 10
    refused(api.url, data, r"the API reports 10 services \(total_items\) but 20 arrived in 2 pages", full=True)


# -- only matching services: taxonomy_term_id and search ------------------------------------------

OTHER_TERM = {"id": "90000000-0000-4000-8000-000000000002", "name": "Sexual Assault Hotlines"}


@pytest.fixture
def mixed():
    """42 services, every seventh with another term (6 of them)."""
    out = [hsds_service(n) for n in range(1, TOTAL + 1)]
    for s in out[6::7]:
        s["attributes"][0]["taxonomy_term"] = OTHER_TERM
    return out


def test_only_services_with_a_term(httpserver, mixed, tmp_path, capsys):
    api = serve(httpserver, PagingApi(mixed))
    data = tmp_path / "data"
    args = ["--data-dir", str(data), "import", "hsds", api.url, "--name", "api", "--taxonomy-term", OTHER_TERM["id"]]
    assert main(args) == 0
    assert "count checked against total_items (6)" in capsys.readouterr().out
    assert stored(data) == sorted(ids(mixed[6::7]))
    assert Layers(data).get("api")["filters"] == {"taxonomy_term_id": OTHER_TERM["id"]}
    assert all(a.get("taxonomy_term_id") == OTHER_TERM["id"] for p, a in api.requests if p.endswith("/services"))

    # the same filter again: only what changed; without it: a full import of everything, not a merge
    assert run(api.url, data, filters={"taxonomy_term_id": OTHER_TERM["id"]}).mode == "incremental"
    report = run(api.url, data)
    assert report.mode == "full" and stored(data) == sorted(ids(mixed))
    assert "filters" not in Layers(data).get("api")


def test_only_services_the_apis_search_finds(httpserver, mixed, tmp_path):
    api = serve(httpserver, PagingApi(mixed))
    report = run(api.url, tmp_path / "data", filters={"search": "Nummer 4"})
    assert stored(tmp_path / "data") == sorted(ids([mixed[3], *mixed[39:42]]))  # 4, 40, 41, 42
    assert "count checked against total_items (4)" in report.detected


def test_an_api_that_ignores_the_term_filter_is_noted(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    api.filters = False
    report = run(api.url, tmp_path / "data", filters={"taxonomy_term_id": OTHER_TERM["id"]})
    assert any(f"none of the {TOTAL} services the API sent names taxonomy term" in n for n in report.notices)


def test_a_filter_on_a_file_is_refused(tmp_path):
    from directory.errors import InputError

    f = tmp_path / "one.json"
    f.write_text(json.dumps(hsds_service(1)))
    with pytest.raises(InputError, match="search: a filter the API applies; a file is imported whole"):
        run(str(f), tmp_path / "data", filters={"search": "x"})


# -- what GET / says ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "said"),
    [
        (
            {
                "version": "HSDS-UK-3.0",
                "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
            },
            "detected: HSDS-UK-3.0 API (profile https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md);",
        ),
        ({"version": "\x1b]0;pwned\x07\x1b[2J3.0\u202e"}, "detected: ]0;pwned [2J3.0 API;"),
        (["not", "api_details"], "detected: no api_details at / (no version, profile or openapi_url);"),
    ],
    ids=["uk-profile", "escape-codes", "a-list"],
)
def test_what_the_root_says_is_shown_as_plain_text(httpserver, services, tmp_path, capsys, root, said):
    api = serve(httpserver, PagingApi(services[:3]))
    api.root = root
    assert main(["--data-dir", str(tmp_path / "data"), "import", "hsds", api.url]) == 0
    out = capsys.readouterr().out
    assert said in out and "\x1b" not in out and "\x07" not in out and "\u202e" not in out


def test_an_api_without_a_root_is_read_all_the_same(httpserver, services, tmp_path):
    api = serve(httpserver, PagingApi(services))
    report = run(api.url + "/services", tmp_path / "data")  # the services' own address: no root asked for
    assert report.committed and not any(p == "/api/" for p, _ in api.requests)
    api.root = None
    api.requests.clear()
    report = run(api.url, tmp_path / "data", full=True)
    assert report.committed and len(report.result.imported) == TOTAL


# -- the page limit follows total_items ---------------------------------------------------------------


def _walk_pages(walk: PageWalk, total: int | None, size: int, pages: int) -> int | None:
    """Feed `walk` up to `pages` pages of `size` new services each; the last answer of `next`."""
    nxt: int | None = 1
    count = 0
    for n in range(1, pages + 1):
        assert nxt == n
        contents = [{"id": f"s{(n - 1) * size + i}"} for i in range(size)]
        count += size
        nxt = walk.next(n, read_page({"contents": contents, "page_number": n, "total_items": total}), size, count)
        if nxt is None:
            break
    return nxt


def test_an_api_with_more_services_than_the_page_limit_covers_is_read_whole():
    """150 services at 2 a page is 75 pages, past a limit of 10: total_items says they are expected."""
    walk = PageWalk(max_pages=10, max_items=1000)
    assert _walk_pages(walk, 150, 2, 80) is None
    assert walk.page_limit() == 77 and len(walk.asked) == 76  # 75 pages, and one that confirms the count
    walk.check(150)


def test_without_total_items_the_page_limit_stands():
    with pytest.raises(PagerError, match="gave up after 10 pages"):
        _walk_pages(PageWalk(max_pages=10, max_items=1000), None, 2, 80)


def test_a_total_items_past_what_an_import_takes_raises_the_limit_no_further():
    with pytest.raises(PagerError, match="gave up after 27 pages"):  # 50 services at 2 a page, and 2
        _walk_pages(PageWalk(max_pages=10, max_items=50), 10**9, 2, 200)
