"""The shape of a service record in code, as `schema.json` defines it in files.

Records arrive from JSON (the bundled file, a feed, an import), so every key is optional here: code
reads them with `.get` and validation (`directory.validate`) is what guarantees a field is there.
"""

from __future__ import annotations

from typing import TypedDict


class Opening(TypedDict):
    days: list[str]
    opens: str
    closes: str


class Hours(TypedDict, total=False):
    timezone: str
    always_open: bool
    weekly: list[Opening]
    note: str


class Channel(TypedDict, total=False):
    kind: str
    value: str
    label: str
    country: str
    languages: list[str]
    hours: Hours
    international: str
    domestic_only: bool


class Citation(TypedDict, total=False):
    url: str
    publisher: str
    read: str
    page_date: str
    quote: str


class Service(TypedDict, total=False):
    id: str
    name: str
    name_en: str
    aliases: list[str]
    organization: str
    support_types: list[str]
    audiences: list[str]
    min_age: int
    max_age: int
    countries: list[str]
    area: str
    region: str
    languages: list[str]
    languages_assumed: bool
    languages_note: str
    channels: list[Channel]
    hours: Hours
    free: bool
    anonymous: bool
    confidential: bool
    not_on_phone_bill: bool
    description: str
    notes: str
    source: str
    citations: list[Citation]
    last_verified: str
    verification: str
    origin: str
