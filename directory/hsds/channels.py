"""HSDS phones, URLs, emails and virtual locations -> vsd channels."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

from .. import phones
from ..validate import is_email, is_http_url, is_phone_valid
from .context import ImportContext
from .fields import FieldReader, locations, vsd_fields
from .languages import read_languages
from .places import PlaceZone
from .reading import parse_object_text
from .schedules import read_hours
from .text import clean_text, import_text

_PHONE_KINDS = {
    "voice": "phone",
    "cell": "phone",
    "mobile": "phone",
    "landline": "phone",
    "textphone": "phone",
    "text": "sms",
    "sms": "sms",
}
_DROP_PHONE_TYPES = {"fax", "pager", "video"}


def _clean_number(raw: str) -> str:
    s = raw.strip().strip("\"'").strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    return " ".join(s.split())


# Not normalize.digits: the + and digits of other scripts stay, so no two different numbers share a key.
def _digits(value: str) -> str:
    if value.isascii():  # (most numbers: the same digits, by a table rather than an expression)
        digits = value.encode("ascii").translate(None, _ASCII_NOT_DIGITS).decode("ascii")
    else:
        digits = _NOT_DIGIT.sub("", value)
    return ("+" if value.startswith("+") else "") + digits


_NOT_DIGIT = re.compile(r"\D")
_ASCII_NOT_DIGITS = bytes(c for c in range(128) if not 48 <= c <= 57)


def same_key(kind: str, value: str) -> tuple[str, str]:
    """What two channels that are the same have in common: a phone's digits, an address but for case and a
    last slash."""
    return (kind, _digits(value) if kind in ("phone", "sms") else value.lower().rstrip("/"))


class _Channels:
    """The channels found, each once, at the position vsd's export gave it or else in the order found."""

    def __init__(self) -> None:
        self.found: list[tuple[float, dict[str, Any]]] = []  # (position, channel)
        self.seen: set[tuple[str, str]] = set()
        self.in_place = True  # each found at a position after the one before (most: no position given)

    def add(self, ch: dict[str, Any] | None, pos: float | None = None) -> None:
        if ch is None:
            return
        self.add_keyed(ch, pos, same_key(ch["kind"], ch["value"]))

    def add_keyed(self, ch: dict[str, Any], pos: float | None, key: tuple[str, str]) -> None:
        """`add`, given the channel's `same_key`."""
        if key in self.seen:
            return
        self.seen.add(key)
        at = pos if pos is not None else 1000 + len(self.seen)
        if self.found and at < self.found[-1][0]:
            self.in_place = False
        self.found.append((at, ch))

    def in_order(self) -> list[dict[str, Any]]:
        found = self.found if self.in_place else sorted(self.found, key=itemgetter(0))
        return [ch for _, ch in found]


def read_channels(
    r: FieldReader,
    obj: dict[str, Any],
    ctx: ImportContext,
    countries: list[str],
    vsd_mode: bool,
    place: PlaceZone | None = None,
) -> list[dict[str, Any]]:
    """Phones (the service's, its locations', else its organization's), web and email, virtual locations."""
    channels = _Channels()
    holders = [("", obj)]
    if not vsd_mode:
        for p, sal, loc in locations(r, obj):
            holders.append((p, sal))
            if loc.get("location_type") != "virtual":
                holders.append((p + "location.", loc))
    for path, holder in holders:
        _add_phones(r, holder, path, ctx, countries, channels)
    if not vsd_mode:
        _add_web_and_email(r, obj, channels)
    for p, _sal, loc in locations(r, obj):
        if loc.get("location_type") == "virtual":
            channels.add(*_virtual(r, loc, p + "location.", ctx, (countries, place)))
    if not channels.found and not vsd_mode:
        org = obj.get("organization")
        if isinstance(org, dict):
            _add_phones(r, org, "organization.", ctx, countries, channels)
    return channels.in_order()


def _add_phones(
    r: FieldReader, holder: dict[str, Any], path: str, ctx: ImportContext, countries: list[str], channels: _Channels
) -> None:
    for p, phone in r.list(holder, "phones", path):
        channels.add(*_phone(r, phone, p, ctx, countries))


_SERVICE_CONTACTS = (("url", "web", is_http_url, "an http(s) URL"), ("email", "email", is_email, "an email address"))


def _add_web_and_email(r: FieldReader, obj: dict[str, Any], channels: _Channels) -> None:
    for key, kind, valid, what in _SERVICE_CONTACTS:
        value = r.str(obj, key)
        if value and valid(value):
            channels.add({"kind": kind, "value": value})
        elif value:
            r.warn(key, f'"{clean_text(value, 80)}" is not {what}; not imported')


def _position(vsd: dict[str, list[str]]) -> float | None:
    try:
        return float(vsd["channel_position"][0])
    except (KeyError, ValueError):
        return None


def _phone(
    r: FieldReader, phone: dict[str, Any], p: str, ctx: ImportContext, countries: list[str]
) -> tuple[dict[str, Any] | None, float | None]:
    raw = r.str(phone, "number", p, required=False)
    ptype = (r.str(phone, "type", p) or "voice").lower()
    if raw is None:
        r.warn(p + "number", "missing; phone not imported")
        return None, None
    if ptype in _DROP_PHONE_TYPES:
        r.warn(p + "type", f"{ptype} number {_clean_number(raw)} not imported (no such channel in vsd)")
        return None, None
    vsd = vsd_fields(r, phone)
    kind = vsd.get("channel_kind", [None])[0] or _PHONE_KINDS.get(ptype)
    if kind not in ("phone", "sms"):
        r.warn(p + "type", f'"{ptype}" is not a phone type vsd knows; imported as a voice line')
        kind = "phone"
    # The number as sent (r.str drops control and format characters, which would hide a spoof): it is shown as
    # stored, so one that would display as another number (digits of another script, words, bidi controls)
    # is left out. Other spaces (no-break, thin...) become plain ones, which changes neither display nor digits.
    value = _clean_number(phone["number"])
    unsafe = phones.display_problem(value)
    if unsafe:
        r.warn(p + "number", f"{phones.shown(value)} {unsafe}; not imported")
        return None, None
    ch: dict[str, Any] = {"kind": kind, "value": value}
    only = vsd.get("channel_country", [None])[0]
    if only:
        ch["country"] = only
    else:
        ok = [c for c in countries if is_phone_valid(value, c) or _listed_short(ctx, c, value)]
        if countries and not ok:
            r.warn(p + "number", f'"{value}" is not a valid phone number for {", ".join(countries)}; not imported')
            return None, None
        if len(ok) < len(countries):
            ch["country"] = ok[0]
    label = _phone_label(r, phone, p, ptype, vsd)
    if label is not None:
        ch["label"] = label
    langs, _ = read_languages(r, phone, p, warn=True, exact=bool(vsd))
    if langs:
        ch["languages"] = langs
    if "channel_hours" in vsd:
        hours = _json_hours(r, vsd["channel_hours"][0], p + "attributes")
        if hours:
            ch["hours"] = hours
    if vsd.get("channel_international"):  # a vsd export: how to dial it from abroad
        intl = phones.international_form(vsd["channel_international"][0], ch.get("country") or "ZZ")
        if intl:
            ch["international"] = intl
    if "international" not in ch and not vsd:  # as in the bundled data: the number as dialled from abroad
        intl = phones.international_form(value, ch.get("country") or (countries[0] if len(countries) == 1 else "ZZ"))
        if intl:
            ch["international"] = intl
    if vsd.get("channel_domestic_only", ["false"])[0].strip().lower() == "true":
        ch["domestic_only"] = True
    return ch, _position(vsd)


def _listed_short(ctx: ImportContext, country: str, value: str) -> bool:
    """A number the phone metadata does not know, listed in the local directory's short numbers (the table
    is made only for such a number: made for every phone, it took longer than reading the phone)."""
    return (country, phones.digits(value)) in phones.short_table(ctx.short_numbers)


def _phone_label(r: FieldReader, phone: dict[str, Any], p: str, ptype: str, vsd: dict[str, list[str]]) -> str | None:
    """The phone's description, marked as a textphone, with its extension; None when there is none of these."""
    desc = r.str(phone, "description", p)
    label = import_text(desc, 200, exact=bool(vsd)) if desc else ""
    if ptype == "textphone" and "channel_kind" not in vsd:
        label = f"Textphone{': ' + label if label else ''}"
    ext = phone.get("extension")
    suffix = ""
    if isinstance(ext, (int, float, str)) and not isinstance(ext, bool) and str(ext).strip():
        e = str(int(ext)) if isinstance(ext, float) and ext.is_integer() else clean_text(str(ext), 20)
        suffix = f" (ext. {e})" if label else f"ext. {e}"
    if label or suffix:
        return import_text(label, 200 - len(suffix), exact=bool(vsd)) + suffix
    return None


def _virtual(
    r: FieldReader, loc: dict[str, Any], p: str, ctx: ImportContext, where: tuple[list[str], PlaceZone | None]
) -> tuple[dict[str, Any] | None, float | None]:
    url = r.str(loc, "url", p)
    if not url:
        return None, None
    vsd = vsd_fields(r, loc)
    if url.lower().startswith("mailto:"):
        value, kind = url[7:], "email"
        if not is_email(value):
            r.warn(p + "url", f'"{clean_text(url, 80)}" is not an email address; not imported')
            return None, None
    else:
        value, kind = url, vsd.get("channel_kind", ["web"])[0]
        if kind not in ("web", "chat", "report", "app"):
            kind = "web"
        if not is_http_url(value):
            r.warn(p + "url", f'"{clean_text(url, 80)}" is not an http(s) URL; not imported')
            return None, None
    ch: dict[str, Any] = {"kind": kind, "value": value}
    name = vsd["channel_label"][0] if "channel_label" in vsd else r.str(loc, "name", p)
    if name:
        ch["label"] = import_text(name, 200, exact=bool(vsd))
    langs, _ = read_languages(r, loc, p, warn=True, exact=bool(vsd))
    if langs:
        ch["languages"] = langs
    hours, _ = read_hours(r, r.list(loc, "schedules", p), ctx, where[0], bool(vsd), where[1])
    if hours:
        ch["hours"] = hours
    return ch, _position(vsd)


def _json_hours(r: FieldReader, text: str, p: str) -> dict[str, Any] | None:
    try:
        hours = parse_object_text(text, "channel hours")  # the caps: depth, digits, finite numbers
    except ValueError:
        hours = None
    if not isinstance(hours, dict):
        r.warn(p, "channel hours attribute is not a JSON object; ignored")
        return None
    return hours
