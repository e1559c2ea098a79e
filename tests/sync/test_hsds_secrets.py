"""Credentials of an HSDS import are sent to the API's own host and never stored or shown; redirects
to another host are refused unless --follow-redirects, and the origin then names the final host.

Real servers on 127.0.0.1 that demand the credentials (401 without them), the real command, and a
grep of every output and every file under the data dir for the secrets.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.layers import IMPORTS_FILE, Layers, redact_url
from tests.hsds_support import hsds_service
from tui.cli import main

TOKEN = "s3cr3t-T0KEN-a1b2c3"  # in the address: user:TOKEN@
QTOKEN = "qT0KEN-in-the-query-9z8y"  # in the address: ?api_key=
HTOKEN = "hT0KEN-from-header-77"  # --header 'X-Api-Key: ...'
ETOKEN = "eT0KEN-from-env-55"  # $VSD_HSDS_TOKEN
NTOKEN = "nT0KEN-from-netrc-33"  # ~/.netrc
SECRETS = [TOKEN, QTOKEN, HTOKEN, ETOKEN, NTOKEN]


def encoded_forms(secret: str) -> list[str]:
    """The secret as it would appear if it leaked in a Basic header or percent-encoded."""
    return [secret, base64.b64encode(f"caseworker:{secret}".encode()).decode()]


class Api:
    """An HSDS API at /hsds that answers only requests carrying one of the accepted credentials."""

    def __init__(self, accept: Callable[[dict[str, str], dict[str, list[str]]], bool] | None = None) -> None:
        self.seen: list[tuple[str, dict[str, str], dict[str, list[str]]]] = []
        self.accept = accept or (lambda headers, query: True)
        self.redirect_to: str | None = None
        api = self

        class H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                headers = {k.lower(): v for k, v in self.headers.items()}
                api.seen.append((parts.path, headers, query))
                if parts.path.startswith("/old/"):  # moved on the same server
                    self.send_response(302)
                    self.send_header("Location", "/hsds/" + self.path.removeprefix("/old/"))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if api.redirect_to is not None:
                    self.send_response(302)
                    self.send_header("Location", api.redirect_to + self.path.removeprefix("/hsds"))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if not api.accept(headers, query):
                    return self.reply(401, {"error": "unauthorized"})
                if query.get("format") == ["ndjson"]:
                    return self.reply(400, {"error": "no ndjson"})
                contents = [hsds_service(n) for n in (1, 2)]
                self.reply(200, {"total_pages": 1, "page_number": 1, "last_page": True, "contents": contents})

            def reply(self, status: int, doc: object) -> None:
                body = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hsds"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    made: list[Api] = []

    def make(accept=None) -> Api:
        made.append(Api(accept))
        return made[-1]

    yield make
    for a in made:
        a.stop()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """No credential from the developer's own environment, and an empty home (no ~/.netrc)."""
    monkeypatch.delenv("VSD_HSDS_TOKEN", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "home").mkdir()
    return tmp_path


def vsd(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def files_text(*roots: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for root in roots for p in sorted(root.rglob("*")) if p.is_file()
    )


def test_tokens_never_stored_or_shown(servers, env, capsys, monkeypatch):
    data = env / "data"
    outputs: list[str] = []

    def run(*args: str, code: int = 0) -> str:
        got, text = vsd(capsys, "--data-dir", str(data), *args)
        assert got == code, text
        outputs.append(text)
        return text

    # 1. user:TOKEN@ and ?api_key= in the address: both sent (the API demands them), neither kept
    a = servers(lambda h, q: h.get("authorization") == basic("caseworker", TOKEN) and q.get("api_key") == [QTOKEN])
    out = run("import", "hsds", f"http://caseworker:{TOKEN}@127.0.0.1:{a.port}/hsds?api_key={QTOKEN}")
    assert "imported 2," in out and "never stored" in out
    assert a.seen[-1][2]["api_key"] == [QTOKEN]

    # 2. --header
    b = servers(lambda h, q: h.get("x-api-key") == HTOKEN)
    assert "imported 2," in run("import", "hsds", b.url, "--name", "hdr", "--header", f"X-Api-Key: {HTOKEN}")

    # 3. $VSD_HSDS_TOKEN, sent as a bearer token
    c = servers(lambda h, q: h.get("authorization") == f"Bearer {ETOKEN}")
    monkeypatch.setenv("VSD_HSDS_TOKEN", ETOKEN)
    assert "imported 2," in run("import", "hsds", c.url, "--name", "env")
    monkeypatch.delenv("VSD_HSDS_TOKEN")

    # 4. the host's netrc entry
    netrc = env / "home" / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login caseworker password {NTOKEN}\n")
    netrc.chmod(0o600)
    d = servers(lambda h, q: h.get("authorization") == basic("caseworker", NTOKEN))
    assert "imported 2," in run("import", "hsds", d.url, "--name", "netrc")
    netrc.unlink()

    # without the credential, the same API refuses: the credentials above were really needed
    run("import", "hsds", d.url, "--name", "none", code=1)

    # everything that shows or exports an import
    listed = run("import", "list")
    assert a.url in listed and "caseworker" not in listed
    run("import", "list", "--json")
    run("search", "Beratungsstelle", "--limit", "50")
    run("search", "Beratungsstelle", "--json", "--limit", "50")
    run("export", "hsds", "-", "--imports", "only")
    out_file = env / "export.json"
    run("export", "hsds", str(out_file), "--imports", "include")

    layers = Layers(data).layers()
    assert {lay["label"] for lay in layers} == {"127-0-0-1", "hdr", "env", "netrc"}
    first = next(lay for lay in layers if lay["label"] == "127-0-0-1")
    assert first["source"] == a.url
    assert all(r["origin"].startswith(f"HSDS import '127-0-0-1': {a.url}/services/") for r in first["records"])

    everything = "\n".join(outputs) + files_text(data, out_file.parent)
    assert "Beratungsstelle" in everything and a.url in everything  # the grep looks at the real text
    for secret in SECRETS:
        for form in encoded_forms(secret):
            assert form not in everything, f"{secret} leaked"


def test_a_netrc_others_can_read_is_not_used(servers, env, capsys):
    netrc = env / "home" / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login caseworker password {NTOKEN}\n")
    netrc.chmod(0o644)
    a = servers(lambda h, q: h.get("authorization") == basic("caseworker", NTOKEN))
    code, text = vsd(capsys, "--data-dir", str(env / "data"), "import", "hsds", a.url)
    assert code == 1 and "HTTP 401" in text and "not used, other users can read it" in text
    assert NTOKEN not in text and all("authorization" not in h for _p, h, _q in a.seen)


def test_an_old_imports_file_holding_a_token_never_shows_it(env, capsys):
    """A file written before credentials were stripped: the token is shown by nothing, and the next
    write of that label leaves it out of the file too."""
    data = env / "data"
    data.mkdir()
    src = f"https://caseworker:{TOKEN}@api.example.org/hsds?token={QTOKEN}&region=north"
    rec = {"id": "x-1", "origin": f"HSDS import 'old': {src}/services/1", "source": src}
    (data / IMPORTS_FILE).write_text(
        json.dumps({"sources": {"1": {"label": "old", "source": src, "kind": "api", "records": [rec]}}})
    )
    _, listed = vsd(capsys, "--data-dir", str(data), "import", "list", "--json")
    shown = json.loads(listed[: listed.rindex("]") + 1])
    assert shown[0]["source"] == "https://api.example.org/hsds?region=north"
    doc = Layers(data).get("old")
    assert doc is not None and TOKEN not in json.dumps(doc) and QTOKEN not in json.dumps(doc)
    _, removed = vsd(capsys, "--data-dir", str(data), "import", "remove", "old")
    assert TOKEN not in removed and QTOKEN not in removed and "api.example.org" in removed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://u:p@h.example/x", "http://h.example/x"),
        ("https://h.example/x?access_token=1&page=2&sig=3&X-Amz-Signature=4&apikey=5", "https://h.example/x?page=2"),
        ("https://h.example/x?key=1&auth=2&signature=3&api_key=4&client_secret=5", "https://h.example/x"),
        ("https://h.example/x?page=2", "https://h.example/x?page=2"),
    ],
)
def test_redact_url(url, expected):
    assert redact_url(url) == expected


def test_a_bad_header_is_refused_without_repeating_it(env, capsys, servers):
    a = servers()
    code, text = vsd(capsys, "--data-dir", str(env / "data"), "import", "hsds", a.url, "--header", f"Bearer {HTOKEN}")
    assert code == 1 and HTOKEN not in text and "--header: give it as 'Name: value'" in text
    assert a.seen == []


def test_a_malformed_address_with_a_token_is_refused_without_showing_it(env, capsys):
    code, text = vsd(capsys, "--data-dir", str(env / "data"), "import", "hsds", f"http://u:{TOKEN}@intranet/hsds")
    assert code == 1 and "not a usable API address" in text and TOKEN not in text


# -- redirects ---------------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_refused(servers, env, capsys):
    final = servers()
    first = servers()
    first.redirect_to = final.url
    code, text = vsd(capsys, "--data-dir", str(env / "data"), "import", "hsds", first.url, "--header", f"X-K: {HTOKEN}")
    assert code == 1, text
    assert text.count("\n") == 1 and "redirects to another host" in text and "--follow-redirects" in text
    assert final.url in text and HTOKEN not in text
    assert final.seen == []  # not even asked
    assert not (env / "data" / IMPORTS_FILE).exists()


def test_with_follow_redirects_the_origin_names_the_final_host_and_no_credential_goes_there(servers, env, capsys):
    final = servers()
    first = servers()
    first.redirect_to = final.url
    data = env / "data"
    code, text = vsd(
        capsys,
        "--data-dir",
        str(data),
        "import",
        "hsds",
        f"http://caseworker:{TOKEN}@127.0.0.1:{first.port}/hsds?access_token={QTOKEN}",
        "--name",
        "moved",
        "--header",
        f"X-Api-Key: {HTOKEN}",
        "--follow-redirects",
    )
    assert code == 0, text
    assert f"redirected to {final.url}" in text and "imported 2," in text
    # the first host got the credentials; the host it redirected to got none of them
    assert first.seen[0][1].get("x-api-key") == HTOKEN and first.seen[0][2].get("access_token") == [QTOKEN]
    for _path, headers, query in final.seen:
        assert "authorization" not in headers and "x-api-key" not in headers and "access_token" not in query
    layer = Layers(data).get("moved")
    assert layer is not None and layer["source"] == final.url and layer["requested"] == first.url
    assert all(r["origin"].startswith(f"HSDS import 'moved': {final.url}/services/") for r in layer["records"])
    assert all(TOKEN not in t and QTOKEN not in t for t in (text, files_text(data)))

    # a re-import of the address asked for is still incremental
    first.seen.clear()
    final.seen.clear()
    code, text = vsd(
        capsys, "--data-dir", str(data), "import", "hsds", first.url, "--name", "moved", "--follow-redirects"
    )
    assert code == 0 and "changed since" in text, text


def test_a_redirect_on_the_same_host_is_followed_without_the_flag(servers, env, capsys):
    """/old/services answers 302 to /hsds/services on the same server: followed, credentials still sent."""
    a = servers(lambda h, q: h.get("x-api-key") == HTOKEN)
    data = env / "data"
    old = a.url.replace("/hsds", "/old")
    code, text = vsd(
        capsys, "--data-dir", str(data), "import", "hsds", old, "--name", "same", "--header", f"X-Api-Key: {HTOKEN}"
    )
    assert code == 0, text
    assert [p for p, _h, _q in a.seen if p.endswith("/services")][:2] == ["/old/services", "/hsds/services"]
    layer = Layers(data).get("same")
    assert layer is not None and layer["source"] == a.url


def test_a_redirect_loop_is_stopped(servers, env, capsys):
    a = servers()
    a.redirect_to = a.url  # every answer sends the client back to the same address
    code, text = vsd(capsys, "--data-dir", str(env / "data"), "import", "hsds", a.url)
    assert code == 1 and "more than 5 redirects" in text and text.count("\n") == 1, text
