"""HSDS as it is published besides 3.0 JSON: tabular data packages (3.0 and 1.x), 1.x/2.0 JSON, and the
formats vsd does not read, each named in its refusal; hostile zips and odd CSV refused with nothing changed.

The packages are real: the HSDS 3.0 tabular example and the HSDS 1.1 sample data package (see the READMEs in
tests/fixtures/hsds-tabular and tests/fixtures/hsds-1x).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.errors import InputError
from directory.hsds import ImportContext, map_service
from directory.hsds.legacy import upgrade_service
from directory.hsds.package_files import ZipFiles
from directory.hsds.reading import Item
from directory.hsds.sources import read_hsds_source
from directory.layers import Layers
from directory.store import Store
from tests.factories import envelope, service
from tests.hsds_support import EXAMPLES, hsds_service
from tui.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TABULAR_30 = FIXTURES / "hsds-tabular" / "hsds-3.0-example"
SAMPLE_11 = FIXTURES / "hsds-1x" / "sample-datapackage-1.1"
UK_V1 = FIXTURES / "hsds-1x" / "uk-v1-page.json"
HSDA_12 = FIXTURES / "hsds-1x" / "hsda-1.2-services.json"
SAMPLE_ACTIVE = 10  # of its 13 services, 3 are inactive
OPTS_1X = ["--country", "US", "--type", "victim_support"]  # the 1.1 sample names no country and no taxonomy term


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    Store(d).replace_directory(envelope(service(), version=1000))  # above the bundled copy: never reseeded
    return d


def vsd(data_dir, *args):
    return main(["--data-dir", str(data_dir), *args])


def snapshot(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def zip_folder(folder: Path, out: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, prefix + f.name)
    return out


def comparable(rec):
    return {k: v for k, v in rec.items() if k not in ("id", "source", "origin")}


def records(data_dir, label):
    return Layers(data_dir).get(label)["records"]


# -- tabular data packages ---------------------------------------------------------------------------------


def test_a_30_tabular_folder_imports_as_the_same_service_as_the_json_example(data_dir, capsys):
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30), "--name", "tab") == 0
    out = capsys.readouterr().out
    assert "read 1 services from the data package" in out
    assert "format: HSDS 3.0 tabular data package (18 tables, datapackage.json version 3.0.0)" in out
    assert vsd(data_dir, "import", "hsds", str(EXAMPLES / "service_full.json"), "--name", "json") == 0
    assert "format: HSDS 3.0 JSON" in capsys.readouterr().out
    (tab,), (js,) = records(data_dir, "tab"), records(data_dir, "json")
    assert comparable(tab) == comparable(js)  # every table joined: phones, languages, areas, costs, org...
    assert tab["organization"] == "Example Organization Inc." and tab["languages"] == ["ur"]


@pytest.mark.parametrize("prefix", ["", "package/"])
def test_a_30_tabular_zip_imports_every_service(data_dir, tmp_path, capsys, prefix):
    z = zip_folder(TABULAR_30, tmp_path / "hsds.zip", prefix)
    assert vsd(data_dir, "import", "hsds", str(z)) == 0
    assert "imported 1, skipped 0 (inactive/defunct), rejected 0; 'hsds' now has 1 services" in capsys.readouterr().out
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30 / "datapackage.json"), "--name", "direct") == 0
    assert comparable(records(data_dir, "hsds")[0]) == comparable(records(data_dir, "direct")[0])


def test_the_11_sample_package_imports_from_a_folder_and_a_zip(data_dir, tmp_path, capsys):
    assert vsd(data_dir, "import", "hsds", str(SAMPLE_11), "--name", "sample", *OPTS_1X) == 0
    out = capsys.readouterr().out
    assert "format: HSDS 1.x tabular data package (20 tables, datapackage.json version 1.0)" in out
    assert f"imported {SAMPLE_ACTIVE}, skipped 3 (inactive/defunct), rejected 0" in out
    recs = {r["name"]: r for r in records(data_dir, "sample")}
    helpline = recs["Never Homeless Helpline"]
    assert helpline["organization"] == "Sanctuary Example City"
    assert helpline["languages"] == ["en", "es"]  # languages.csv: "English", "Spanish"
    weekly = helpline["hours"]["weekly"]  # regular_schedules.csv: weekday 1..3 (1 = Monday)
    assert weekly == [{"days": ["mon", "tue", "wed"], "opens": "09:00", "closes": "17:00"}]
    assert "Eligibility: adult" in helpline["notes"]  # eligibility.csv
    assert helpline["channels"] == [{"kind": "email", "value": "neverhomeless@example.com"}]

    z = zip_folder(SAMPLE_11, tmp_path / "sample.zip")
    assert vsd(data_dir, "import", "hsds", str(z), "--name", "zipped", *OPTS_1X) == 0
    zipped = {r["name"]: comparable(r) for r in records(data_dir, "zipped")}
    assert zipped == {name: comparable(r) for name, r in recs.items()}


@pytest.mark.parametrize(
    "path, detected",
    [
        (UK_V1, "format: Open Referral UK v1 JSON page, read as HSDS 3.0"),
        (HSDA_12, "format: HSDS 1.x/2.0 JSON, read as HSDS 3.0"),
    ],
)
def test_1x_json_is_detected_and_maps_like_the_same_services_in_tables(data_dir, capsys, path, detected):
    assert vsd(data_dir, "import", "hsds", str(SAMPLE_11), "--name", "tables", *OPTS_1X) == 0
    assert vsd(data_dir, "import", "hsds", str(path), "--name", "json", *OPTS_1X) == 0
    out = capsys.readouterr().out
    assert detected in out and "imported 2, skipped 1 (inactive/defunct)" in out
    tables = {r["name"]: comparable(r) for r in records(data_dir, "tables")}
    for rec in records(data_dir, "json"):
        assert comparable(rec) == tables[rec["name"]]


def test_legacy_fields_become_their_30_equivalents():
    uk = {
        "id": "s1",
        "name": "Hilfe",
        "status": "active",
        "fees": "free of charge",
        "eligibilitys": [{"eligibility": "women", "minimum_age": 16, "maximum_age": 99}],
        "service_taxonomys": [
            {"id": "t", "taxonomy": {"id": "RP-1400", "name": "Crime Victim Support", "vocabulary": "AIRS"}}
        ],
        "regular_schedules": [
            {"weekday": "Tuesday", "opens_at": "09:00", "closes_at": "12:00"},
            {"byday": "TH", "opens_at": "09:00", "closes_at": "12:00"},
        ],
        "contacts": [{"id": "c", "phones": [{"number": "+49 30 40504050", "language": "de, en"}]}],
        "service_at_locations": [
            {"location": {"latitude": "52.5", "physical_addresses": [{"city": "Berlin", "country": "DE"}]}}
        ],
    }
    before = json.dumps(uk, sort_keys=True)
    s = upgrade_service(uk)
    assert json.dumps(uk, sort_keys=True) == before  # the input is never changed
    assert s["attributes"][0]["taxonomy_term"] == {
        "id": "RP-1400",
        "name": "Crime Victim Support",
        "taxonomy": "AIRS",
        "vocabulary": "AIRS",
        "code": "RP-1400",
    }
    assert [(x["byday"], x["freq"]) for x in s["schedules"]] == [("TU", "WEEKLY"), ("TH", "WEEKLY")]
    assert s["phones"][0]["languages"] == [{"code": "de"}, {"code": "en"}]
    assert s["eligibility_description"] == "women" and (s["minimum_age"], s["maximum_age"]) == (16, 99)
    loc = s["service_at_locations"][0]["location"]
    assert loc["latitude"] == 52.5 and loc["addresses"] == [
        {"address_type": "physical", "city": "Berlin", "country": "DE"}
    ]
    out = map_service(Item("x", s), ImportContext(label="t", source="f"))
    assert out.status == "imported", out.problems
    rec = out.record
    assert rec["support_types"] == ["victim_support"] and rec["countries"] == ["DE"] and rec["free"] is True
    assert rec["hours"]["weekly"] == [{"days": ["tue", "thu"], "opens": "09:00", "closes": "12:00"}]


# -- formats vsd does not read: named, nothing changed ------------------------------------------------------


def _xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return path


def _csv_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name in ("services.csv", "regular_schedules.csv"):
            z.write(SAMPLE_11 / name, name)
    return path


def _csv_folder(path: Path) -> Path:
    path.mkdir()
    for name in ("services.csv", "phones.csv", "physical_addresses.csv"):
        shutil.copy(SAMPLE_11 / name, path / name)
    return path


def _write(name: str, data: bytes):
    def make(path: Path) -> Path:
        (path.parent / name).write_bytes(data)
        return path.parent / name

    return make


def _copy(src: Path):
    def make(path: Path) -> Path:
        return Path(shutil.copy(src, path.parent / src.name))

    return make


UNSUPPORTED = [
    (
        _copy(SAMPLE_11 / "services.csv"),
        "this looks like HSDS 1.1 CSV (services.csv) without datapackage.json: give the folder or zip that holds datapackage.json",
    ),
    (_copy(TABULAR_30 / "services.csv"), "this looks like HSDS 3.0 CSV (services.csv) without datapackage.json"),
    (_csv_folder, "this looks like HSDS 1.x/2.0 CSV tables without datapackage.json"),
    (_csv_zip, "this looks like HSDS 1.x/2.0 CSV tables without datapackage.json"),
    (_xlsx, "this is a spreadsheet (.xlsx), not HSDS"),
    (_write("list.csv", b"name,phone,city\nA,1,B\n"), "this is a CSV file, not HSDS"),
    (_write("x.pdf", b"%PDF-1.7\n..."), "this is a PDF document, not HSDS"),
    (_write("x.json.gz", b"\x1f\x8b\x08\x00rest"), "this is gzip-compressed data, not HSDS: unpack it first"),
    (_write("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "an old Microsoft Office file"),
    (
        _write("index.json", b'{"version": "3.0", "profile": "https://openreferral.org", "openapi_url": "x"}'),
        "this is an HSDS API's index (GET /)",
    ),
    (_write("api.json", b'{"openapi": "3.1.0", "paths": {}}'), "this is an OpenAPI description"),
    (_write("map.geojson", b'{"type": "FeatureCollection", "features": []}'), "this is GeoJSON"),
    (
        _write("package.json", json.dumps({"resources": [{"path": "services.csv"}]}).encode()),
        "this is a data package descriptor: name it datapackage.json",
    ),
]


@pytest.mark.parametrize("make, message", UNSUPPORTED)
def test_unsupported_formats_are_named_and_nothing_changes(data_dir, tmp_path, capsys, make, message):
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30), "--name", "keep") == 0
    before = snapshot(data_dir)
    (tmp_path / "src").mkdir()
    src = make(tmp_path / "src" / "input")
    capsys.readouterr()
    assert vsd(data_dir, "import", "hsds", str(src), "--name", "keep") == 1
    err = capsys.readouterr().err
    assert message in err and "invalid JSON" not in err
    assert snapshot(data_dir) == before


@pytest.fixture
def src(tmp_path):
    (tmp_path / "src").mkdir()
    return tmp_path / "src"


# -- hostile zips and folders --------------------------------------------------------------------------------


def _package_zip(path: Path, descriptor: dict, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("datapackage.json", json.dumps(descriptor))
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _services_package(path: Path, services_path: str = "services.csv", data: bytes | None = None) -> Path:
    csv = data if data is not None else (TABULAR_30 / "services.csv").read_bytes()
    desc = {"resources": [{"name": "service", "path": services_path}]}
    return _package_zip(path, desc, {"services.csv": csv})


def _patch_sizes(path: Path, uncompressed: int, flags: int | None = None) -> Path:
    """Rewrite the size the zip's headers claim for services.csv (and its flags), leaving the data as it is."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        local = z.getinfo("services.csv").header_offset
        central = z.start_dir
    while raw[central + 46 : central + 46 + len(b"services.csv")] != b"services.csv":
        n, m, k = struct.unpack_from("<HHH", raw, central + 28)
        central += 46 + n + m + k
    struct.pack_into("<I", raw, local + 22, uncompressed)
    struct.pack_into("<I", raw, central + 24, uncompressed)
    if flags is not None:
        struct.pack_into("<H", raw, local + 6, flags)
        struct.pack_into("<H", raw, central + 8, flags)
    path.write_bytes(bytes(raw))
    return path


def _truncated(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[:-30])
    return path


HOSTILE = [
    (lambda p: _services_package(p, "../../../etc/passwd"), "points outside the package; refused"),
    (lambda p: _services_package(p, "/etc/passwd"), "points outside the package; refused"),
    (
        lambda p: _services_package(p, "https://example.org/services.csv"),
        "is a URL; vsd reads only the files of the package",
    ),
    (
        lambda p: _patch_sizes(_services_package(p), 0xFFFF_FFF0),
        "the package unpacks to more than the 512 MiB an import may read; refused",
    ),
    (lambda p: _patch_sizes(_services_package(p), 10), "cannot unpack"),
    (lambda p: _patch_sizes(_services_package(p), 1630, flags=0x1), "encrypted; vsd reads only unencrypted zips"),
    (lambda p: _truncated(_services_package(p)), "not a readable zip archive"),
    (lambda p: _package_zip(p, {"resources": []}, {}), "lists no HSDS service table (resources: none)"),
    (
        lambda p: _package_zip(p, {"resources": [{"name": "service", "path": "services.csv"}]}, {}),
        "the service table named in datapackage.json is not there",
    ),
]


@pytest.mark.parametrize("make, message", HOSTILE)
def test_hostile_zips_are_refused_and_nothing_changes(data_dir, src, capsys, make, message):
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30), "--name", "keep") == 0
    before = snapshot(data_dir)
    z = make(src / "hostile.zip")
    capsys.readouterr()
    assert vsd(data_dir, "import", "hsds", str(z), "--name", "keep") == 1
    assert message in capsys.readouterr().err
    assert snapshot(data_dir) == before


def test_a_zip_bomb_whose_header_lies_is_cut_off_at_the_limit(src):
    bomb = _package_zip(src / "bomb.zip", {"resources": []}, {"services.csv": b"0" * 200_000})
    files = ZipFiles(bomb.read_bytes(), "bomb.zip", max_bytes=50_000)
    with pytest.raises(InputError, match="unpacks to more than the 50,000 bytes an import may read"):
        files.read("services.csv")


def test_a_zip_with_two_packages_or_too_many_files_is_refused(data_dir, src, capsys, monkeypatch):
    two = src / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        for d in ("a", "b"):
            z.writestr(f"{d}/datapackage.json", "{}")
    assert vsd(data_dir, "import", "hsds", str(two)) == 1
    assert "holds more than one data package (a/datapackage.json, b/datapackage.json)" in capsys.readouterr().err
    monkeypatch.setattr("directory.hsds.package_files.MAX_ZIP_MEMBERS", 5)
    z = zip_folder(TABULAR_30, src / "many.zip")
    assert vsd(data_dir, "import", "hsds", str(z)) == 1
    assert "the zip holds 22 files, more than 5; refused" in capsys.readouterr().err


def test_a_symlink_out_of_the_package_folder_is_refused(data_dir, tmp_path, capsys):
    pkg = tmp_path / "pkg"
    shutil.copytree(TABULAR_30, pkg)
    secret = tmp_path / "secret.csv"
    secret.write_text("id,name,status\n1,secret,active\n")
    (pkg / "services.csv").unlink()
    (pkg / "services.csv").symlink_to(secret)
    before = snapshot(data_dir)
    assert vsd(data_dir, "import", "hsds", str(pkg)) == 1
    assert "services.csv: a link leading outside the package folder; refused" in capsys.readouterr().err
    assert snapshot(data_dir) == before


# -- CSV as publishers write it ------------------------------------------------------------------------------


def _package_with(tmp_path: Path, services: bytes, resource: dict | None = None) -> Path:
    pkg = tmp_path / "pkg"
    shutil.copytree(TABULAR_30, pkg)
    (pkg / "services.csv").write_bytes(services)
    if resource is not None:
        desc = json.loads((pkg / "datapackage.json").read_text())
        svc = next(r for r in desc["resources"] if r["name"] == "service")
        svc.update(resource)
        (pkg / "datapackage.json").write_text(json.dumps(desc))
    return pkg


SERVICES_30 = (TABULAR_30 / "services.csv").read_text(encoding="utf-8")


def _semicolons(text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    "services, resource",
    [
        (b"\xef\xbb\xbf" + SERVICES_30.encode(), None),  # a BOM
        (_semicolons(SERVICES_30).encode(), {"dialect": {"delimiter": ";"}}),
        (SERVICES_30.replace("£50", "€50").encode("cp1252"), {"encoding": "cp1252"}),
        (SERVICES_30.replace("\n", "\r\n").encode(), None),
    ],
    ids=["bom", "semicolons-declared", "cp1252-declared", "crlf"],
)
def test_csv_as_publishers_write_it_imports(data_dir, tmp_path, capsys, services, resource):
    pkg = _package_with(tmp_path, services, resource)
    assert vsd(data_dir, "import", "hsds", str(pkg), "--name", "odd") == 0
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30), "--name", "plain") == 0
    odd, plain = records(data_dir, "odd")[0], records(data_dir, "plain")[0]
    assert odd["name"] == "Community Counselling" and odd["organization"] == plain["organization"]
    if resource and resource.get("encoding"):
        assert "€50" in odd["notes"]
    else:
        assert comparable(odd) == comparable(plain)


@pytest.mark.parametrize(
    "services, resource, message",
    [
        (
            _semicolons(SERVICES_30).encode(),
            None,
            "the header looks separated by ';': declare it in the resource's dialect",
        ),
        (
            SERVICES_30.replace("£50", "\udce9").encode("utf-8", "surrogateescape"),
            None,
            "not UTF-8 text (byte 0xe9 at line 2)",
        ),
        (SERVICES_30.encode("utf-16"), None, "is UTF-16-encoded; save it as UTF-8"),
        (SERVICES_30.replace("Community", "Comm\x00unity").encode(), None, "contains NUL bytes"),
        (b"name,status\nA,active\n", None, "no 'id' column (columns: name, status)"),
        (
            SERVICES_30.encode(),
            {"encoding": "klingon"},
            "encoding 'klingon' in datapackage.json is not one Python knows",
        ),
        (SERVICES_30.encode(), {"dialect": {"delimiter": ";;"}}, "dialect delimiter must be one character"),
    ],
    ids=["semicolons-undeclared", "bad-utf8", "utf16", "nul", "no-id", "unknown-encoding", "bad-dialect"],
)
def test_csv_oddities_are_refused_with_a_clear_message(data_dir, tmp_path, capsys, services, resource, message):
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30), "--name", "keep") == 0
    before = snapshot(data_dir)
    pkg = _package_with(tmp_path, services, resource)
    capsys.readouterr()
    assert vsd(data_dir, "import", "hsds", str(pkg), "--name", "keep") == 1
    err = capsys.readouterr().err
    assert message in err and str(pkg / "services.csv") in err
    assert snapshot(data_dir) == before


def test_a_missing_table_is_noted_and_the_rest_imports(data_dir, tmp_path, capsys):
    pkg = tmp_path / "pkg"
    shutil.copytree(TABULAR_30, pkg)
    (pkg / "phones.csv").unlink()
    assert vsd(data_dir, "import", "hsds", str(pkg)) == 0
    captured = capsys.readouterr()
    assert f"note: {pkg}/phones.csv: named in datapackage.json but not there; read without it" in captured.err
    assert "imported 1" in captured.out


def test_a_plain_json_list_still_reads_as_30(data_dir, tmp_path, capsys):
    src = tmp_path / "berlin.json"
    src.write_text(json.dumps([hsds_service(1)]))
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    assert "format: HSDS 3.0 JSON\n" in capsys.readouterr().out


def test_a_package_is_labelled_by_its_folder(data_dir, capsys):
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30 / "datapackage.json")) == 0
    assert vsd(data_dir, "import", "hsds", str(TABULAR_30)) == 0
    assert [d["label"] for d in Layers(data_dir).layers()] == ["hsds-3-0-example"]


def test_an_api_serving_1x_services_is_read_as_30(data_dir, httpserver, capsys):
    services = json.loads(HSDA_12.read_text(encoding="utf-8"))
    page = {"total_items": 3, "total_pages": 1, "page_number": 1, "size": 3, "last_page": True, "contents": services}
    httpserver.expect_request("/hsds/services").respond_with_json(page)
    for s in services:
        httpserver.expect_request(f"/hsds/services/{s['id']}").respond_with_json(s)
    assert vsd(data_dir, "import", "hsds", f"http://127.0.0.1:{httpserver.port}/hsds", "--name", "api", *OPTS_1X) == 0
    out = capsys.readouterr().out
    assert "format: HSDS 1.x/2.0 JSON, read as HSDS 3.0" in out and "imported 2, skipped 1" in out
    assert vsd(data_dir, "import", "hsds", str(HSDA_12), "--name", "file", *OPTS_1X) == 0
    by_file = {r["name"]: comparable(r) for r in records(data_dir, "file")}
    assert {r["name"]: comparable(r) for r in records(data_dir, "api")} == by_file


TAXONOMY_A = "df7be950-1b0f-11e9-b56e-0800200c9a66"  # "Taxonomy A" of the sample's taxonomy.csv
HELPLINE = "c89eb05c-62dd-4b64-b494-0cc347b6ea7f"


@pytest.mark.parametrize("how", ["services_taxonomy.csv", "taxonomy_ids"])
def test_1x_taxonomy_rows_reach_the_mapping(data_dir, tmp_path, capsys, how):
    pkg = tmp_path / "pkg"
    shutil.copytree(SAMPLE_11, pkg)
    if how == "taxonomy_ids":  # the column 1.0/1.1 deprecated, still in the sample's services.csv
        services = (pkg / "services.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        assert services[1].endswith(",\n")  # its last column, taxonomy_ids, is empty
        services[1] = services[1].rstrip("\n") + f"{TAXONOMY_A}\n"
        (pkg / "services.csv").write_text("".join(services), encoding="utf-8")
    else:
        with (pkg / "services_taxonomy.csv").open("a", encoding="utf-8") as f:
            f.write(f"st1,{HELPLINE},{TAXONOMY_A},\n")
    assert vsd(data_dir, "import", "hsds", str(pkg), "--country", "US") == 1
    err = capsys.readouterr().err
    helpline = [line for line in err.splitlines() if "Never Homeless Helpline" in line]
    assert helpline and 'its taxonomy terms ("Taxonomy A") are not in the mapping table' in helpline[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), where=st.sampled_from(["services.csv", "datapackage.json", "zip"]))
def test_any_bytes_in_a_package_give_services_or_one_input_error(tmp_path, data, where):
    """Mutated packages never end in a traceback: the reader returns services or raises one InputError."""
    work = tmp_path / "w"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(TABULAR_30, work)
    if where == "zip":
        z = zip_folder(work, tmp_path / "p.zip").read_bytes()
        cut = len(data) % max(len(z), 1)
        target = tmp_path / "p.zip"
        target.write_bytes(z[:cut] + data + z[cut + len(data) :])
    else:
        (work / where).write_bytes(data)
        target = work
    try:
        read_hsds_source(target)
    except InputError as e:
        assert "\n" not in str(e) and "Traceback" not in str(e)


def test_a_20_package_reads_rrule_schedules_and_service_attributes(data_dir, tmp_path, capsys):
    """HSDS 2.0 kept 1.x's tables but for schedules (RRULE parts) and attributes (taxonomy terms): the 1.1
    sample's rows rewritten in those two 2.0 tables import with the same hours and reach the same term."""
    pkg = tmp_path / "pkg20"
    shutil.copytree(SAMPLE_11, pkg)
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    (pkg / "regular_schedules.csv").unlink()
    rows = list(csv.DictReader(io.StringIO((SAMPLE_11 / "regular_schedules.csv").read_text(encoding="utf-8"))))
    days = "MO TU WE TH FR SA SU".split()
    with (pkg / "schedules.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "service_id", "freq", "byday", "opens_at", "closes_at"])
        for r in rows:
            w.writerow([r["id"], r["service_id"], "WEEKLY", days[int(r["weekday"]) - 1], r["opens_at"], r["closes_at"]])
    (pkg / "taxonomy_terms.csv").write_text(f"id,term,taxonomy\n{TAXONOMY_A},Taxonomy A,AIRS\n", encoding="utf-8")
    (pkg / "service_attributes.csv").write_text(
        f"id,service_id,taxonomy_term_id\na1,{HELPLINE},{TAXONOMY_A}\n", encoding="utf-8"
    )
    desc["resources"] = [r for r in desc["resources"] if r["name"] not in ("regular_schedule", "service_taxonomy")]
    desc["resources"] += [
        {"name": "schedule", "path": "schedules.csv"},
        {"name": "taxonomy_term", "path": "taxonomy_terms.csv"},
        {"name": "service_attribute", "path": "service_attributes.csv"},
    ]
    (pkg / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")

    assert vsd(data_dir, "import", "hsds", str(pkg), "--country", "US") == 1
    captured = capsys.readouterr()
    assert 'its taxonomy terms ("Taxonomy A") are not in the mapping table' in captured.err
    assert vsd(data_dir, "import", "hsds", str(pkg), "--name", "v20", *OPTS_1X) == 0
    assert "format: HSDS 2.0 tabular data package" in capsys.readouterr().out
    assert vsd(data_dir, "import", "hsds", str(SAMPLE_11), "--name", "v11", *OPTS_1X) == 0
    v20 = {r["name"]: comparable(r) for r in records(data_dir, "v20")}
    assert v20 == {r["name"]: comparable(r) for r in records(data_dir, "v11")}


def test_30_attributes_join_the_entity_their_link_entity_names(data_dir, tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(TABULAR_30, pkg)
    sid = "ac148810-d857-441c-9679-408f346de14b"  # the example's service; a phone with the same id is the trap
    with (pkg / "taxonomy_terms.csv").open("a", encoding="utf-8") as f:
        f.write("t-victim,,Crime Victim Support,,,,,,\nt-child,,Child Helplines,,,,,,\n")
    with (pkg / "attributes.csv").open("a", encoding="utf-8") as f:
        f.write(f"a-svc,{sid},t-victim,,service,\na-phone,{sid},t-child,,phone,\n")
    assert vsd(data_dir, "import", "hsds", str(pkg), "--name", "attrs") == 0
    assert records(data_dir, "attrs")[0]["support_types"] == ["victim_support"]
