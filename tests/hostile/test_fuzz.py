"""Every command on hostile and mutated inputs: a clean exit (0-3) and never a traceback (issue 12).

The commands run in-process through `tui.cli.main`, so an exception that would reach the user as a
traceback fails the test with that traceback. Inputs are the corpus in `corpus/` (hostile files found
so far) and documents mutated by hypothesis from valid seeds: a vsd services file, an HSDS export,
and a data dir's `imports.json` and `directory.json`.

`make test` runs a fast subset (HYPOTHESIS_PROFILE unset: a few dozen examples per test);
`make fuzz` runs `HYPOTHESIS_PROFILE=long`, which repeats every fuzz test with fresh seeds for
FUZZ_SECONDS (default 600) and prints how many command runs it made (FUZZ_ONLY=name,... picks fuzzers).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tui.cli import main

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
CLEAN_EXITS = {0, 1, 2, 3}
BUNDLED = Path(__file__).resolve().parents[2] / "data" / "services.json"

settings.register_profile(
    "hostile-fast",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    database=None,
    # No shrinking: every example runs several commands, and shrinking one failure can take minutes;
    # the failing input and command are in the assertion as they are.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile(
    "hostile-long",
    parent=settings.get_profile("hostile-fast"),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
)
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
# Applied to these tests only: loading a profile globally would change every other property test.
FUZZ = settings.get_profile("hostile-long" if LONG else "hostile-fast")
FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "600"))
RUNS = {"commands": 0, "examples": 0}


# -- running the command line --------------------------------------------------------------------


@dataclass
class Ran:
    argv: list[str]
    code: int
    out: str
    err: str


def vsd(*argv: str | Path) -> Ran:
    """`vsd ARGV` in-process; an exception escaping `main` (a traceback for the user) fails the test."""
    args = [str(a) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as e:  # argparse's usage errors
            code = e.code if isinstance(e.code, int) else 2
    RUNS["commands"] += 1
    ran = Ran(args, code, out.getvalue(), err.getvalue())
    assert "Traceback" not in ran.err, ran
    # A lock left held by an earlier command of this process would make this one wait, then refuse.
    assert "locked by another vsd process" not in ran.err, ran
    assert code in CLEAN_EXITS, ran
    if code != 0:
        assert ran.err.strip() or ran.out.strip(), f"{args}: exit {code} with nothing said"
    return ran


def file_commands(path: Path) -> list[list[str | Path]]:
    """The commands that read a file the user names."""
    return [
        ["validate", path],
        ["search", "--file", path, "kinder", "telefon"],
        ["search", "--json", "--file", path, "116"],
        ["coverage", "--file", path],
        ["import", "hsds", path, "--dry-run", "--name", "fuzz"],
    ]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A seeded store with one imported HSDS layer, shared by the module (read-only for the tests)."""
    d = tmp_path_factory.mktemp("hostile-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VSD_DATA_DIR", str(d))
        mp.setenv("VSD_CONFIG", str(d / "no-config.toml"))
        assert vsd("search", "kummer").code == 0
        assert vsd("import", "hsds", CORPUS / "hsds-seed.json", "--name", "seed").code == 0
        yield d


@pytest.fixture()
def in_data_dir(data_dir, monkeypatch):
    monkeypatch.setenv("VSD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("VSD_CONFIG", str(data_dir / "no-config.toml"))
    return data_dir


# -- the corpus ------------------------------------------------------------------------------------

CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.json"))


def test_the_corpus_is_there():
    assert len(CORPUS_FILES) >= 30


# Inputs that still give a traceback, for a fix in a file of another part of issue 12 (strict: when the
# fix lands the test passes, xfail fails, and the line goes). None are open now.
OPEN: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=OPEN[n])) if n in OPEN else n for n in CORPUS_FILES],
)
def test_corpus_file_through_every_command(name, in_data_dir, tmp_path):
    for argv in file_commands(CORPUS / name):
        vsd(*argv)


REFUSED = {
    "vsd-bigint-version.json": "more than the 40 allowed",
    "top-bigint.json": "more than the 40 allowed",
    "deep-array-300.json": "nested more than 64 levels deep",
    "deep-object-255.json": "nested more than 64 levels deep",
    "deep-array-100k.json": "nested more than 64 levels deep",
    "nan.json": "NaN is not a JSON number",
    "float-overflow.json": "too large to be read",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_number_or_nesting_past_the_caps_is_one_line(name, in_data_dir):
    for argv in (["validate"], ["search", "--file"], ["coverage", "--file"]):
        ran = vsd(*argv, CORPUS / name)
        assert ran.code == 1
        assert ran.err.count("\n") == 1 and ran.err.startswith("vsd: ") and REFUSED[name] in ran.err, ran


def test_malformed_records_in_search_file_are_left_out_with_a_note(in_data_dir):
    ran = vsd("search", "--json", "--file", CORPUS / "vsd-malformed-records.json", "x")
    assert ran.code == 0
    assert json.loads(ran.out)["hits"] == []
    assert "7 services left out as not valid" in ran.err
    ran = vsd("search", "--file", CORPUS / "vsd-channel-kind-list.json", "kummer")
    assert ran.code == 0 and "1 service left out" in ran.err


# -- mutated documents -------------------------------------------------------------------------------

RAW_TOKENS = [
    "9" * 5000,
    "-" + "1" * 4400,
    "[" * 300 + "]" * 300,
    '{"a":' * 255 + "1" + "}" * 255,
    "NaN",
    "-Infinity",
    "1e999",
    "1" * 500 + ".5",
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\u0000\\u001b[2J\\u009b"',
]
NASTY_TEXT = [
    "\x1b]0;title\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\x85",
    "\u202eevil",
    "\u2066\u2069",
    "\ufeff",
    "\x00",
    "\r\n",
    "x" * 5000,
    "",
    " ",
    "116 111",
    "+49 ١١٦ ١١١",
    "0800 111 0 ੪੪੪",
    "هاتف 0800 111 0 333",
    "<b>bold</b>",
    "[red]markup[/red]",
    "Europe/Nowhere",
    "25:99",
    "mon",
]


def _json_values(depth: int = 2) -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(NASTY_TEXT),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
        max_leaves=8,
    )


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


@st.composite
def mutated(draw, seed: Any) -> bytes:
    """`seed` with 1-3 nodes replaced, deleted or wrapped, serialised, maybe then damaged byte-wise."""
    doc = copy.deepcopy(seed)
    raws: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        node: Any = doc
        for key in path:
            node = node[key]
        op = draw(st.sampled_from(["value", "raw", "delete", "wrap"]))
        if op == "delete" and path:
            doc = _set(doc, path, None, delete=True)
        elif op == "wrap":
            doc = _set(doc, path, [node] if draw(st.booleans()) else {"value": node})
        elif op == "raw":
            marker = f"@@RAW{len(raws)}@@"
            raws[marker] = draw(st.sampled_from(RAW_TOKENS))
            doc = _set(doc, path, marker)
        else:
            doc = _set(doc, path, draw(_json_values()))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    for marker, raw in raws.items():
        text = text.replace(json.dumps(marker), raw)
    data = text.encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["insert", "delete", "truncate", "flip"]))
        if op == "insert":
            data = (
                data[:at]
                + draw(st.sampled_from([b"[", b"{", b'"', b"\\", b"\x00", b"\xff", b"\xc3", b",", b"}"]))
                + data[at:]
            )
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        elif op == "truncate":
            data = data[:at]
        else:
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
    RUNS["examples"] += 1
    return data


def _seed_services() -> dict[str, Any]:
    env = json.loads(BUNDLED.read_text(encoding="utf-8"))
    keep = ("de-nummer-gegen-kummer-116111", "at-frauenhelpline", "be-1712")
    return {**env, "services": [s for s in env["services"] if s["id"] in keep]}


SERVICES_SEED = _seed_services()
HSDS_SEED = json.loads((CORPUS / "hsds-seed.json").read_text(encoding="utf-8"))


def _write(tmp: Path, data: bytes, name: str = "input.json") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / name
    path.write_bytes(data)
    return path


@FUZZ
@given(data=mutated(SERVICES_SEED))
def fuzz_services_file(data_dir: Path, work: Path, data: bytes) -> None:
    path = _write(work, data)
    for argv in file_commands(path):
        vsd(*argv)


@FUZZ
@given(data=mutated(HSDS_SEED))
def fuzz_hsds_file(data_dir: Path, work: Path, data: bytes) -> None:
    path = _write(work, data)
    vsd("import", "hsds", path, "--dry-run", "--name", "fuzz")
    vsd("validate", path)
    vsd("search", "--json", "--file", path, "q")


def _layers_seed(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "imports.json").read_text(encoding="utf-8"))


def fuzz_user_files(data_dir: Path, work: Path) -> None:
    """imports.json mutated in a data dir: every command that reads it, export hsds first."""
    seed = _layers_seed(data_dir)

    @FUZZ
    @given(data=mutated(seed))
    def run(data: bytes) -> None:
        d = work / "data"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        shutil.copy(data_dir / "directory.json", d / "directory.json")
        (d / "imports.json").write_bytes(data)
        os.environ["VSD_DATA_DIR"] = str(d)
        try:
            vsd("export", "hsds", "-", "--imports", "only")
            vsd("export", "hsds", work / "out.json", "--imports", "include", "--country", "DE", "--force")
            vsd("export", "hsds", "-", "--imports", "only", "--ndjson", "--label", "seed")
            vsd("search", "--json", "kummer")
            vsd("import", "list", "--json")
        finally:
            os.environ["VSD_DATA_DIR"] = str(data_dir)

    run()


def fuzz_store_file(data_dir: Path, work: Path) -> None:
    """directory.json mutated: the store moves a damaged file aside, never a traceback."""
    seed = json.loads((data_dir / "directory.json").read_text(encoding="utf-8"))
    services = seed["services"]
    small = {**seed, "services": dict(list(services.items())[:3])}

    @settings(FUZZ, max_examples=max(3, FUZZ.max_examples // 4))
    @given(data=mutated(small))
    def run(data: bytes) -> None:
        d = work / "store"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        (d / "directory.json").write_bytes(data)
        os.environ["VSD_DATA_DIR"] = str(d)
        try:
            vsd("search", "nummer", "--limit", "3")
            vsd("export", "hsds", "-", "--country", "DE")
        finally:
            os.environ["VSD_DATA_DIR"] = str(data_dir)

    run()


FUZZERS = {
    "services-file": lambda d, w: fuzz_services_file(d, w),
    "hsds-file": lambda d, w: fuzz_hsds_file(d, w),
    "imports.json": fuzz_user_files,
    "directory.json": fuzz_store_file,
}


@pytest.mark.skipif(LONG, reason="the long run (make fuzz) runs every fuzzer in test_long_fuzz_run")
@pytest.mark.parametrize("fuzzer", sorted(FUZZERS))
def test_fuzz(fuzzer, in_data_dir, tmp_path):
    FUZZERS[fuzzer](in_data_dir, tmp_path)


@pytest.mark.skipif(not LONG, reason="make fuzz: HYPOTHESIS_PROFILE=long")
def test_long_fuzz_run(in_data_dir, tmp_path):
    """Every fuzzer again and again with fresh seeds until FUZZ_SECONDS have passed."""
    only = [n for n in os.environ.get("FUZZ_ONLY", "").split(",") if n]  # e.g. FUZZ_ONLY=services-file,hsds-file
    assert set(only) <= set(FUZZERS), f"FUZZ_ONLY names none of {', '.join(FUZZERS)}"
    chosen = sorted((n, f) for n, f in FUZZERS.items() if not only or n in only)
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < FUZZ_SECONDS:
        for name, fuzzer in chosen:
            fuzzer(in_data_dir, tmp_path / name)
        rounds += 1
    minutes = (time.monotonic() - start) / 60
    print(  # noqa: T201  (the closing count of `make fuzz`)
        f"\nfuzz: {RUNS['examples']} mutated inputs, {RUNS['commands']} command runs, 0 tracebacks "
        f"in {minutes:.1f} min ({rounds} rounds)"
    )


# -- commands without an input file ----------------------------------------------------------------


def test_schema_and_help_are_clean(in_data_dir):
    assert vsd("schema").code == 0
    for argv in (["--help"], ["search", "--help"], ["export", "hsds", "--help"], ["import", "hsds", "--help"]):
        assert vsd(*argv).code == 0


@pytest.mark.parametrize("port", ["-1", "65536", "99999999999999999999", "abc", ""])
def test_feed_serve_refuses_a_port_that_is_no_port(port, in_data_dir, tmp_path):
    ran = vsd("feed", "serve", tmp_path, f"--port={port}")
    assert ran.code == 2 and "--port" in ran.err


@pytest.mark.parametrize("what", ["/dev/zero", "fifo", "directory", "empty", "huge"])
def test_sync_root_is_read_only_from_a_small_regular_file(what, in_data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_DATA_DIR", str(tmp_path / "data"))
    root = Path("/dev/zero")
    if what == "fifo":
        root = tmp_path / "root.json"
        os.mkfifo(root)
    elif what == "directory":
        root = tmp_path
    elif what == "empty":
        root = tmp_path / "root.json"
        root.write_bytes(b"")
    elif what == "huge":
        root = tmp_path / "root.json"
        with root.open("wb") as f:
            f.truncate(2 * 1024 * 1024)  # sparse: 2 MiB of zeros
    if not root.exists():
        pytest.skip(f"{root} is not on this system")
    ran = vsd("sync", "--feed", "http://127.0.0.1:9/", "--root", root)
    assert ran.code == 2
    assert ran.err.startswith("vsd: ") and ran.err.count("\n") == 1, ran
    assert "trusted root" in ran.err


@pytest.mark.parametrize("port", [-1, 65536, True, "8787"])
def test_make_server_refuses_a_port_that_is_no_port(port, tmp_path):
    from sync.serve import make_server

    with pytest.raises(ValueError, match="between 0 and 65535"):
        make_server(tmp_path, port)


# -- damaged files in the data dir, found by the fuzzers ---------------------------------------------


def _damage(path: Path, change) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _first_source(doc):
    doc["sources"] = {"value": next(iter(doc["sources"].values()))}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_first_source, id="document-id-not-a-number"),
        pytest.param(lambda doc: doc.update(sources={"1": None}), id="document-null"),
        pytest.param(lambda doc: doc.update(sources=[1, 2]), id="table-a-list"),
    ],
)
def test_a_damaged_imports_file_is_moved_aside_not_a_traceback(change, data_dir, tmp_path, monkeypatch):
    d = tmp_path / "data"
    shutil.copytree(data_dir, d)
    _damage(d / "imports.json", change)
    monkeypatch.setenv("VSD_DATA_DIR", str(d))
    for argv in (
        ["export", "hsds", "-", "--imports", "include", "--country", "DE"],
        ["import", "list"],
        ["search", "x"],
    ):
        vsd(*argv)


def test_a_damaged_record_in_the_store_is_not_a_traceback(data_dir, tmp_path, monkeypatch):
    d = tmp_path / "data"
    shutil.copytree(data_dir, d)
    _damage(d / "directory.json", lambda doc: doc["services"]["1"].update(channels=1.5, countries=2.5))
    monkeypatch.setenv("VSD_DATA_DIR", str(d))
    vsd("search", "nummer")
    vsd("export", "hsds", "-", "--country", "DE")
