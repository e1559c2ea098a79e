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
        if not isinstance(obj.get("id"), str) or not _UUID.match(obj["id"]):
            raise ValueError(f"{name}: id {str(obj.get('id'))[:60]!r} is not a UUID")
        body = _json(obj)
        yield f"{name}/{obj['id']}.json", body
        if by_id_bare:
            yield f"{name}/{obj['id']}", body


def api_tree(services: Iterable[dict[str, Any]], *, per_page: int = DEFAULT_PER_PAGE) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the tree. Service ids must be UUIDs (they name files)."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    details = _json(api_details())
    files = {"index.json": details, "index.html": details}
    files.update(_collection("services", list(services), per_page, by_id_bare=False))
    taxonomies = [taxonomy_object(kind) for kind in VSD_TAXONOMIES if kind != "audience"]
    files.update(_collection("taxonomies", taxonomies, per_page, by_id_bare=False))
    files.update(_collection("taxonomy_terms", all_terms(), per_page, by_id_bare=True))
    return files
