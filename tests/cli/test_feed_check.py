"""`vsd feed check`: the curator checks, on the bundled directory, on files made to fail one check
each, and `--links` against a loopback server with live, moved, dead, refused and slow pages."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from dateutil.relativedelta import relativedelta

from tests.factories import envelope, service
from tui.cli import main


def today():
    return datetime.now(UTC).date()


def months_ago(n: int) -> str:
    return (today() - relativedelta(months=n)).isoformat()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["feed", "check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys, tmp_path, env, *extra: str) -> tuple[int, dict]:
    path = tmp_path / "services.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--json", *extra)
    return code, json.loads(out)


def by_check(report: dict, check: str) -> list[dict]:
    return [f for f in report["findings"] if f["check"] == check]


# -- the bundled directory ---------------------------------------------------------------------------
def test_the_bundled_directory_is_clean_with_five_pairs_to_review(capsys):
    code, out, _ = run(capsys, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["services"] == 420
    pairs = {tuple(f["service_ids"]) for f in by_check(report, "duplicates")}
    # Each pair publishes one number under two records of one organisation: to review, not a failure.
    assert pairs == {
        ("au-afp-missing-persons", "au-accce-report"),
        ("be-child-focus-116000", "be-child-focus-esafety-helpline"),
        ("ge-dv-trafficking-hotline", "ge-state-crisis-centres"),
        ("kr-women-1366", "kr-d4u-digital-sex-crime-support"),
        ("us-ncmec-cybertipline", "us-ncmec-missing-child-hotline"),
    }
    assert not any(f["problem"] for f in report["findings"])


def test_text_and_markdown_say_the_same(capsys):
    code, text, _ = run(capsys)
    assert code == 0 and text.rstrip().endswith("clean")
    assert "(review) services[29] be-child-focus-116000 ~ services[37] be-child-focus-esafety-helpline" in text
    code, md, _ = run(capsys, "--format", "md")
    assert md.startswith("# Curator review: services.json")
    assert "| Possible duplicates | 0 |" in md
    assert "- [ ] (review) `services[29] be-child-focus-116000 ~ services[37] be-child-focus-esafety-helpline`" in md


# -- one check at a time -----------------------------------------------------------------------------
def test_a_record_not_verified_for_longer_than_asked_is_stale(capsys, tmp_path):
    env = envelope(service(last_verified=months_ago(13)))
    code, report = check_json(capsys, tmp_path, env)
    assert code == 1
    [stale] = by_check(report, "stale")
    assert stale["service_ids"] == ["de-nummer-gegen-kummer-116111"] and "more than 12 months" in stale["message"]
    code, report = check_json(capsys, tmp_path, env, "--older-than", "24")
    assert code == 0 and not by_check(report, "stale")


def test_a_number_the_metadata_refuses_is_listed_once_under_numbers(capsys, tmp_path):
    bad = {"kind": "phone", "value": "12", "label": "Helpline"}
    env = envelope(service(channels=[bad, *service()["channels"][1:]]))
    code, report = check_json(capsys, tmp_path, env)
    assert code == 1
    [number] = by_check(report, "numbers")
    assert number["detail"]["value"] == "12" and number["detail"]["country"] == "DE"
    assert not any("phone number" in f["message"] for f in by_check(report, "validation"))


def test_a_short_number_in_the_files_table_is_accepted(capsys, tmp_path):
    bad = {"kind": "phone", "value": "12", "label": "Helpline"}
    env = envelope(service(channels=[bad]))
    env["schema"] = "vsd.services/2"
    env["short_numbers"] = [{"country": "DE", "number": "12", "what": "test", "source": "https://example.org/a"}]
    _, report = check_json(capsys, tmp_path, env)
    assert not by_check(report, "numbers")


def test_a_record_entered_twice_is_a_duplicate_problem(capsys, tmp_path):
    first = service()
    twice = service(id="de-nkg-copy", name=first["name"].replace("Kummer", "Kumer"), name_en=None, aliases=None)
    twice["channels"] = [{"kind": "web", "value": "https://www.nummergegenkummer.de"}]  # no shared number
    other = service(id="de-other", name="Weisser Ring Opfer-Telefon", name_en=None, aliases=None, organization="X")
    other["channels"] = [{"kind": "phone", "value": "116 006"}]
    code, report = check_json(capsys, tmp_path, envelope(first, twice, other))
    [dup] = by_check(report, "duplicates")
    assert code == 1 and dup["problem"]
    assert dup["service_ids"] == ["de-nummer-gegen-kummer-116111", "de-nkg-copy"]


def test_records_of_different_countries_are_never_duplicates(capsys, tmp_path):
    at = service(id="at-copy", countries=["AT"], hours=None)
    _, report = check_json(capsys, tmp_path, envelope(service(), at))
    assert not by_check(report, "duplicates")


def test_none_known_coverage_researched_over_a_year_ago(capsys, tmp_path):
    env = envelope(service())
    env["schema"] = "vsd.services/2"
    env["coverage"] = [
        {"country": "PL", "kind": "trafficking", "researched": months_ago(14), "consulted": ["https://example.org/a"]},
        {
            "country": "PL",
            "kind": "sexual_violence",
            "researched": months_ago(2),
            "consulted": ["https://example.org/b"],
        },
    ]
    code, report = check_json(capsys, tmp_path, env)
    assert code == 1
    assert [f["where"] for f in by_check(report, "coverage")] == ["coverage PL/trafficking"]


def test_a_hostile_name_reaches_no_output_as_markup_or_escape_codes(capsys, tmp_path):
    evil = "\x1b]52;c;SGVsbG8=\x07*bold* [link](http://x) | # \x1b[2J\u202e"
    twice = service(id="de-copy", name=BASE_NAME + evil)
    first = service(name=BASE_NAME + evil)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(envelope(first, twice)), encoding="utf-8")
    for fmt in ("json", "text", "md"):
        _, out, _ = run(capsys, str(path), "--format", fmt)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\\u202e" not in out
    assert "\\*bold\\*" in out and "\\[link\\]" in out  # markdown: shown, never formatting


BASE_NAME = "Nummer gegen Kummer"


def test_the_local_copy_is_checked_with_local(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_DATA_DIR", str(tmp_path / "data"))
    code, out, _ = run(capsys, "--local", "--json")
    report = json.loads(out)
    assert code == 0 and report["services"] == 420 and report["file"].endswith("directory.json")


def test_an_unreadable_file_is_one_line(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{nope", encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 1 and out == "" and err.startswith("vsd: ") and err.count("\n") == 1


# -- links -------------------------------------------------------------------------------------------
class Pages(BaseHTTPRequestHandler):
    release = threading.Event()  # the slow page answers only when the test is over

    def do_GET(self):
        routes = {
            "/live": (200, None),
            "/moved": (301, "/live"),
            "/moved-308": (308, "/live"),
            "/for-now": (302, "/live"),
            "/moved-to-gone": (301, "/gone"),
            "/missing": (404, None),
            "/gone": (410, None),
            "/loop": (301, "/loop"),
        }
        if self.path == "/slow":
            self.release.wait(10)
        code, location = routes.get(self.path, (200, None))
        try:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:  # the slow page's client gave up long ago
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    Pages.release.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Pages.release.set()
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_links_live_moved_dead_refused_and_slow(capsys, tmp_path, site):
    refused = f"http://127.0.0.1:{closed_port()}/x"
    paths = ["live", "moved", "moved-308", "for-now", "moved-to-gone", "missing", "gone", "loop", "slow"]
    urls = [f"{site}/{p}" for p in paths] + [refused]
    channels = [{"kind": "web", "value": u} for u in urls]
    env = envelope(service(channels=[{"kind": "phone", "value": "116 111"}, *channels], source=None))
    code, report = check_json(
        capsys, tmp_path, env, "--links", "--timeout", "0.3", "--per-host-interval", "0", "--concurrency", "4"
    )
    assert code == 1 and "links" in report["checks"]
    links = {f["where"]: f for f in by_check(report, "links")}
    status = {u.removeprefix(site): links[u]["detail"]["status"] for u in links}
    assert status == {
        "/moved": "moved",
        "/moved-308": "moved",
        "/for-now": "redirected",
        "/moved-to-gone": "dead",
        "/missing": "dead",
        "/gone": "dead",
        "/loop": "error",
        "/slow": "timeout",
        refused: "unreachable",
    }  # /live is fine and not listed
    assert links[f"{site}/moved"]["detail"]["final_url"] == f"{site}/live"
    assert links[f"{site}/moved-308"]["detail"]["final_url"] == f"{site}/live"
    assert not links[f"{site}/for-now"]["problem"] and links[f"{site}/moved"]["problem"]
    assert links[f"{site}/missing"]["detail"]["code"] == 404
    assert links[f"{site}/gone"]["detail"]["code"] == 410
    assert links[f"{site}/missing"]["service_ids"] == ["de-nummer-gegen-kummer-116111"]
    assert "channels[6]" in links[f"{site}/missing"]["message"]


def test_only_a_temporary_redirect_is_clean(capsys, tmp_path, site):
    env = envelope(service(channels=[{"kind": "web", "value": f"{site}/for-now"}], source=f"{site}/live"))
    code, report = check_json(capsys, tmp_path, env, "--links", "--per-host-interval", "0")
    assert code == 0, report
    [note] = by_check(report, "links")
    assert note["detail"]["status"] == "redirected" and not note["problem"]
