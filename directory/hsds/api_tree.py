"""A static HSDS 3.0 API: the files a plain web server (or a bucket) serves as `GET /`, `/services`,
`/services/{id}`, `/taxonomies` and `/taxonomy_terms`. docs/hsds-export.md says how to serve them.

A static host ignores the query string, so `GET /services?page=2` is answered by whatever answers
`/services`. Hence two kinds of listing:
- `services/page-N.json`: pages of `per_page`, for hosts that can rewrite `?page=N` to them;
- `services/index.html` (what `/services` is on any host that serves a folder's index): every
  service in one page, `total_pages` 1 and `last_page` true, so a pager that sends `page=N` and gets it
  back for every N still reads everything once.
`index.html` at the top is `index.json` again, for `GET /`. Each object is also at `<id>.json`; taxonomy
terms, which importers look up by id, are at `<id>` as well (no rewrite needed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..outputs import More
from .attributes import all_terms, taxonomy_object
from .taxonomy import VSD_TAXONOMIES

HSDS_VERSION = "3.0"
# Open Referral's own addresses for HSDS 3.0 (the homepage its datapackage.json names; the OpenAPI file
# beside the schemas vsd validates against).
PROFILE_URL = "http://docs.openreferral.org"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
DEFAULT_PER_PAGE = 100
_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")  # ids name files: nothing else


def _json(doc: Any) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def api_details() -> dict[str, Any]:
    """The answer to `GET /`."""
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": OPENAPI_URL,
        "description": "A static export of the vsd directory of victim-assistance services; "
        "vsd's own fields are described in docs/hsds-export.md of vsd.",
    }


def page(contents: list[dict[str, Any]], number: int, total_items: int, total_pages: int) -> dict[str, Any]:
    """One HSDS page (the `Page` schema of the HSDS OpenAPI), 1-based."""
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number == total_pages,
        "empty": total_items == 0,
        "contents": contents,
    }


def _collection(
    name: str, objects: list[dict[str, Any]], per_page: int, by_id_bare: bool
) -> Iterator[tuple[str, bytes]]:
    total = len(objects)
    pages = max(1, -(-total // per_page))
    for n in range(1, pages + 1):
        yield f"{name}/page-{n}.json", _json(page(objects[(n - 1) * per_page : n * per_page], n, total, pages))
    yield f"{name}/index.html", _json(page(objects, 1, total, 1))
    for obj in objects:
        yield from _by_id(name, obj, _json(obj), by_id_bare)


def _by_id(name: str, obj: dict[str, Any], body: bytes, by_id_bare: bool) -> Iterator[tuple[str, bytes]]:
    if not isinstance(obj.get("id"), str) or not _UUID.match(obj["id"]):
        raise ValueError(f"{name}: id {str(obj.get('id'))[:60]!r} is not a UUID")
    yield f"{name}/{obj['id']}.json", body
    if by_id_bare:
        yield f"{name}/{obj['id']}", body


def _page_head(number: int, size: int, total_items: int, total_pages: int) -> bytes:
    """A page's JSON up to its contents' opening bracket: `_json(page(...))` is this, the contents
    written compactly with commas between them, and `]}` and a newline."""
    text = _json(page([], number, total_items, total_pages) | {"size": size})
    return text[: -len(b"[]}\n")] + b"["


def _streamed_services(services: Iterable[dict[str, Any]], total: int, per_page: int) -> Iterator[tuple[str, bytes]]:
    """The services' files as the services come, holding one page of them: `_collection` of the
    services, in another order, byte for byte. The page of every service comes in pieces (`More`)."""
    pages = max(1, -(-total // per_page))
    index, count = "services/index.html", 0
    yield index, _page_head(1, total, total, 1)
    page_bodies: list[bytes] = []
    for svc in services:
        body = _json(svc)
        yield from _by_id("services", svc, body, by_id_bare=False)
        yield index, More((b"," if count else b"") + body[:-1])
        count += 1
        page_bodies.append(body[:-1])
        if len(page_bodies) == per_page or count == total:
            yield from _page_file(count, per_page, total, pages, page_bodies)
            page_bodies = []
    if count != total:
        raise ValueError(f"services: {count} services for a count of {total}")
    yield index, More(b"]}\n")
    if total == 0:
        yield from _page_file(0, per_page, 0, 1, [])


def _page_file(count: int, per_page: int, total: int, pages: int, bodies: list[bytes]) -> Iterator[tuple[str, bytes]]:
    n = max(1, -(-count // per_page))
    yield f"services/page-{n}.json", _page_head(n, len(bodies), total, pages) + b",".join(bodies) + b"]}\n"


def api_tree_files(
    services: Iterable[dict[str, Any]], total: int, *, per_page: int = DEFAULT_PER_PAGE
) -> Iterator[tuple[str, bytes]]:
    """Every file of the tree as (relative path, bytes), made as the `total` services come (one page of
    them held at a time), for `directory.outputs.write_tree`: a path named again is written anew, or
    added to when its bytes are `More`."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    details = _json(api_details())
    yield "index.json", details
    yield "index.html", details
    yield from _streamed_services(services, total, per_page)
    taxonomies = [taxonomy_object(kind) for kind in VSD_TAXONOMIES if kind != "audience"]
    yield from _collection("taxonomies", taxonomies, per_page, by_id_bare=False)
    yield from _collection("taxonomy_terms", all_terms(), per_page, by_id_bare=True)


def api_tree(services: Iterable[dict[str, Any]], *, per_page: int = DEFAULT_PER_PAGE) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the tree. Service ids must be UUIDs (they name files)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    services = list(services)
    parts: dict[str, list[bytes]] = {}
    for rel, data in api_tree_files(services, len(services), per_page=per_page):
        if isinstance(data, More):
            parts[rel].append(data)
        else:
            parts[rel] = [data]
    return {rel: b"".join(chunks) for rel, chunks in parts.items()}
