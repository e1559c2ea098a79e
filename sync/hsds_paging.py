"""Pages of an HSDS API listing, whatever envelope and numbering the server uses, and the rule that
no service in them may be lost.

What servers really send (the envelopes are in `hsds_envelopes.toml`):

- the HSDS 3.0 `Page`: total_items, total_pages, page_number, size, first_page, last_page, empty,
  contents -- numbered from 1 like the spec's examples, or from 0;
- pages without total_pages or last_page: Open Referral's mock API (openreferral/mock-hsds-api)
  ignores every parameter and answers each page with all its services, `page_number` 1 and
  `total_items`; with no results it sends `{"empty": true}` and no contents at all;
- the Open Referral UK v1 envelope: content, totalElements, totalPages, number, size, first, last.

`PageWalk` says which page to ask for next and when the listing is complete: at its last page
(last_page, or total_pages), at an empty page, or once total_items services have arrived (checked
with one more page when the server gives no other sign of its end). Page 0
is asked for as well when page 1 says it is not the first page (a server that counts from 0), or
when services are still missing at the end. `PageWalk.check` then compares what arrived with
total_items: a listing that disagrees is refused, never imported short.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from directory.hsds import Item


class PagerError(Exception):
    """The listing cannot be read without losing services; the message says why (no URL)."""


@dataclass(frozen=True)
class Envelope:
    key: str
    name: str
    fields: dict[str, str]


def _envelopes() -> list[Envelope]:
    raw = tomllib.loads((resources.files("sync") / "hsds_envelopes.toml").read_text(encoding="utf-8"))
    return [Envelope(key, spec.pop("name"), spec) for key, spec in raw.items()]


ENVELOPES = _envelopes()


@dataclass(frozen=True)
class Page:
    """One page of a listing, in one vocabulary whatever the envelope."""

    contents: list[Any]
    envelope: Envelope
    total_items: int | None = None
    total_pages: int | None = None
    number: int | None = None
    first: bool | None = None
    last: bool | None = None
    empty: bool | None = None


def _count(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None


def _flag(v: Any) -> bool | None:
    return v if isinstance(v, bool) else None


def read_page(doc: Any) -> Page:
    """A parsed answer as a `Page`; PagerError if it is no page of any known envelope."""
    if isinstance(doc, dict):
        for env in ENVELOPES:
            f = env.fields
            contents = doc.get(f["contents"])
            if contents is None and f["contents"] not in doc and doc.get(f["empty"]) is True:
                contents = []  # {"empty": true}: the mock API's answer when there is nothing
            if isinstance(contents, list):
                return Page(
                    contents=contents,
                    envelope=env,
                    total_items=_count(doc.get(f["total_items"])),
                    total_pages=_count(doc.get(f["total_pages"])),
                    number=_count(doc.get(f["number"])),
                    first=_flag(doc.get(f["first"])),
                    last=_flag(doc.get(f["last"])),
                    empty=_flag(doc.get(f["empty"])),
                )
    kind = "a list" if isinstance(doc, list) else "an object without a list of services"
    expected = " or ".join(f'"{e.fields["contents"]}"' for e in ENVELOPES)
    raise PagerError(f"not an HSDS page ({kind}; expected {expected})")


def empty_page() -> Page:
    return Page(contents=[], envelope=ENVELOPES[0])


@dataclass
class Collected:
    """The services read so far, one per id (a later copy replaces an earlier one), in order."""

    by_id: dict[str, Item] = field(default_factory=dict)
    loose: list[Item] = field(default_factory=list)  # without a usable id: kept for the mapping to reject

    def add(self, where: str, obj: Any) -> bool:
        """Keep one service; True if it was not seen before."""
        sid = obj.get("id") if isinstance(obj, dict) else None
        if isinstance(sid, str) and sid:
            old = self.by_id.get(sid)
            self.by_id[sid] = Item(old.where if old else where, obj)  # named where it was first found
            return old is None
        self.loose.append(Item(where, obj))
        return True

    def __len__(self) -> int:
        return len(self.by_id) + len(self.loose)

    def items(self) -> list[Item]:
        return [*self.by_id.values(), *self.loose]


@dataclass
class PageWalk:
    """Which page to ask for next, and whether the listing is complete."""

    max_pages: int  # the limit when the API does not say how many services it has
    max_items: int | None = None  # the most services an import takes: a larger total_items raises no limit
    asked: list[int] = field(default_factory=list)
    total_items: int | None = None
    total_pages: int | None = None
    zero_based: bool = False
    envelope: Envelope | None = None
    confirming: bool = False  # asking for one page past what total_items says is the end
    useful: int = 0  # pages that brought services not seen before
    page_size: int = 0  # the most services one page has brought
    _prev_ids: list[Any] | None = None

    first_page = 1  # what HSDS's examples use; a server counting from 0 says so on it

    def next(self, asked: int, page: Page, new: int, count: int) -> int | None:
        """After page `asked` brought `new` unseen services (`count` in all): the page to ask for
        next, or None when the listing is complete."""
        self.asked.append(asked)
        self.useful += new > 0
        self.page_size = max(self.page_size, len(page.contents))
        self._learn(asked, page)
        ids = [c.get("id") if isinstance(c, dict) else None for c in page.contents]
        if asked == 0:  # asked for last, to fill a gap: nothing comes after it
            self.zero_based = self.zero_based or new > 0
            return None
        complete = self.total_items is not None and count >= self.total_items
        if page.contents and not complete:
            if ids == self._prev_ids:
                raise PagerError(f"page {asked} repeats page {self.asked[-2]}: the API ignores the page parameter")
            if new == 0:
                raise PagerError(f"page {asked} only repeats services of earlier pages: the pager loops")
        self._prev_ids = ids
        if self._at_end(asked, page) or (complete and self.confirming):
            missing = self.total_items is not None and count < self.total_items
            return 0 if (self.zero_based or missing) and 0 not in self.asked else None
        if complete and page.last is None and self.total_pages is None:
            # Only the count says this is the end. One more page confirms it (nothing new: the end;
            # more services: a total_items that counts something else, refused by `check`).
            self.confirming = True
        limit = self.page_limit()
        if len(self.asked) >= limit:
            raise PagerError(f"gave up after {limit} pages: the API still reported more (an endless pager?)")
        return asked + 1

    def page_limit(self) -> int:
        """`max_pages`, or as many pages as total_items needs at the size the pages come in (and two more:
        page 0 and the page that confirms the count) -- an API with 150k services at 100 a page is no
        endless pager. A pager that repeats itself is refused before it gets there (see `next`)."""
        if self.total_items is None or not self.page_size:
            return self.max_pages
        total = min(self.total_items, self.max_items) if self.max_items is not None else self.total_items
        return max(self.max_pages, -(-total // self.page_size) + 2)

    def _learn(self, asked: int, page: Page) -> None:
        self.envelope = self.envelope or page.envelope
        if page.total_items is not None:
            if self.total_items is not None and page.total_items != self.total_items:
                raise PagerError(
                    f"the API's total_items changed from {self.total_items} to {page.total_items} while it was "
                    "read (the data changed during the import?); try again"
                )
            self.total_items = page.total_items
        if page.total_pages is not None:
            self.total_pages = page.total_pages
        if asked == self.first_page and page.first is False:
            self.zero_based = True  # page 1 is not its first page: the first is page 0

    def _at_end(self, asked: int, page: Page) -> bool:
        if not page.contents or page.empty is True or page.last is True:
            return True
        if self.total_pages is None:
            return False
        return asked >= self.total_pages - (1 if self.zero_based else 0)

    def check(self, count: int) -> None:
        """Refuse a listing whose count disagrees with the total_items the API reported."""
        if self.total_items is not None and count != self.total_items:
            pages = len(self.asked)
            raise PagerError(
                f"the API reports {self.total_items} services (total_items) but {count} arrived in "
                f"{pages} page{'s' if pages != 1 else ''}; services would be lost"
            )

    def facts(self) -> list[str]:
        """What was learnt about the pager, for the import summary."""
        out = []
        if self.envelope is not None and self.envelope.key != "hsds":
            out.append(self.envelope.name)
        if self.zero_based:
            out.append("pages numbered from 0")
        if self.total_items is None:
            out.append("no total_items to check the count against")
        else:
            out.append(f"count checked against total_items ({self.total_items})")
        return out
