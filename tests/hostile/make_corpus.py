"""Writes tests/hostile/corpus/: hostile inputs found by fuzzing and by the adversarial review (issue 12).

The files are kept in the repository (the fuzz test reads them); run this from the project root only to
re-create them after a deliberate change: `.venv/bin/python tests/hostile/make_corpus.py`.
"""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

from directory.hsds import export_services

ROOT = Path(__file__).resolve().parents[2]
out = Path(__file__).resolve().parent / "corpus"
env = json.loads((ROOT / "data" / "services.json").read_text(encoding="utf-8"))
base = {k: env[k] for k in ("schema", "version", "generated_at")}
svc = next(s for s in env["services"] if s["id"] == "de-nummer-gegen-kummer-116111")
one = {**base, "services": [svc]}


def w(name, text):
    (out / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def wj(name, obj, ascii=False):
    w(name, json.dumps(obj, ensure_ascii=ascii, indent=1))


# -- numbers
w("vsd-bigint-version.json", json.dumps(one).replace(f'"version": {base["version"]}', '"version": ' + "9" * 5000, 1))
w(
    "vsd-bigint-min-age.json",
    json.dumps(one).replace('"services": [{', '"services": [{"min_age": ' + "1" * 4301 + ", ", 1),
)
w("top-bigint.json", "[" + "7" * 4400 + "]")
w("float-overflow.json", json.dumps(one).replace('"services": [{', '"services": [{"min_age": 1e999, ', 1))
w("nan.json", '{"schema": "vsd.services/2", "version": NaN, "services": [Infinity, -Infinity]}')
# -- nesting
w("deep-array-300.json", "[" * 300 + "]" * 300)
w("deep-object-255.json", '{"a":' * 255 + "1" + "}" * 255)
w("deep-array-100k.json", "[" * 100_000)
w(
    "vsd-deep-channel-hours.json",
    json.dumps(one).replace('"hours": {', '"hours": {"x": ' + "[" * 255 + "]" * 255 + ", ", 1),
)
# -- shapes
bad = copy.deepcopy(one)
bad["services"][0]["channels"][0]["kind"] = ["phone"]
wj("vsd-channel-kind-list.json", bad)
bad = copy.deepcopy(one)
bad["services"][0]["channels"][0]["kind"] = {"phone": 1}
wj("vsd-channel-kind-object.json", bad)
bad = copy.deepcopy(one)
bad["services"][0]["channels"] = "116111"
wj("vsd-channels-string.json", bad)
bad = copy.deepcopy(one)
bad["services"] = [1, "x", None, [], {"id": 5}, {"id": "x"}, {"id": "ok-id", "channels": [None, 3, {"kind": None}]}]
wj("vsd-malformed-records.json", bad)
bad = copy.deepcopy(one)
bad["services"][0]["hours"] = {"timezone": ["Europe/Berlin"], "weekly": [{"days": "mon", "opens": 9, "closes": None}]}
wj("vsd-hours-wrong-types.json", bad)
bad = copy.deepcopy(one)
bad["services"][0]["countries"] = [["DE"], {"c": "DE"}]
bad["services"][0]["languages"] = [1, None]
bad["services"][0]["support_types"] = [["child_helpline"]]
wj("vsd-lists-of-lists.json", bad)
bad = copy.deepcopy(one)
bad["services"][0]["countries"] = 1020
wj("vsd-countries-a-number.json", bad)
bad = copy.deepcopy(one)
bad["version"] = "2"
bad["generated_at"] = 5
bad["short_numbers"] = {"DE": 1}
bad["coverage"] = "x"
wj("vsd-envelope-wrong-types.json", bad)
# -- text
bad = copy.deepcopy(one)
s = bad["services"][0]
s["name"] = "Nummer \x1b]0;owned\x07gegen \x9b31mKummer \u202eenummuK"
s["description"] = "line\r\nwith \x00 NUL, \x85 NEL, \u2066isolate\u2069 and \ud800 lone surrogate"
s["channels"][0]["label"] = "\x1b[2J\x1b[H cleared"
wj("vsd-controls-and-bidi.json", bad, ascii=True)
w("lone-surrogates.json", json.dumps(one).replace('"name": "', '"name": "\\ud800\\udfff\\udc00\\ud83d', 1))
# -- encodings and not-JSON
w("utf16.json", json.dumps(one).encode("utf-16"))
w("latin1.json", json.dumps(one, ensure_ascii=False).encode("latin-1", "replace"))
w("nul-bytes.json", b"\x00" * 64)
w("html.json", "<!doctype html><html><body>502 Bad Gateway</body></html>")
w("truncated.json", json.dumps(one)[:700])
w("not-json.json", "services: [1, 2]\n")
w("top-string.json", '"just a string"')
w("top-null.json", "null")
w("empty-object.json", "{}")
w("whitespace.json", " \n\t ")
# -- HSDS
hs = export_services([svc], now=datetime(2026, 11, 30, tzinfo=UTC))
wj("hsds-seed.json", hs)


def hsds_with_hours(value):
    doc = copy.deepcopy(hs)
    for p in doc[0].get("phones", []):
        for a in p["attributes"]:
            if a["taxonomy_term"]["code"] == "channel_hours":
                a["value"] = value
    return doc


wj(
    "hsds-channel-hours-deep-255.json",
    hsds_with_hours('{"timezone":"Europe/Berlin","x":' + '{"a":' * 255 + "1" + "}" * 255 + "}"),
)
wj(
    "hsds-channel-hours-array-500.json",
    hsds_with_hours(
        '{"timezone":"Europe/Berlin","weekly":[{"days":'
        + "[" * 500
        + "]" * 500
        + ',"opens":"09:00","closes":"17:00"}]}'
    ),
)
wj("hsds-channel-hours-bigint.json", hsds_with_hours('{"timezone":"Europe/Berlin","note":' + "1" * 5000 + "}"))
wj(
    "hsds-channel-hours-controls.json",
    hsds_with_hours(
        '{"timezone":"Europe/Berlin","note":"a\\u009b31m\\u202eb\\u001b]0;x\\u0007","weekly":[{"days":["mon"],"opens":"09:00","closes":"17:00"}]}'
    ),
)
w(
    "hsds-bigint-minimum-age.json",
    json.dumps(hs).replace('"status": "active"', '"status": "active", "minimum_age": ' + "3" * 4400, 1),
)
doc = copy.deepcopy(hs)
doc[0]["phones"] = [{"number": ["116111"]}, {"number": {"a": 1}}, 5, None]
doc[0]["schedules"] = "always"
wj("hsds-wrong-types.json", doc)
w("hsds-ndjson-bad-line.json", json.dumps(hs[0]) + "\n" + "[" * 1000 + "\n" + json.dumps(hs[0]) + "\n")
for f in sorted(out.iterdir()):
    print(f.name, f.stat().st_size)
