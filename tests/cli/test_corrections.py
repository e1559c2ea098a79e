"""Corrections from the field on the command line: `vsd corrections list|export` (the caseworker) and
`vsd feed corrections import` (the curator), with damaged and hostile files."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime

import pytest

from directory.corrections import FILE, CorrectionsFile, new_correction
from directory.store import Store
from tests.factories import envelope, service
from tui.cli import main

FILED = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("VSD_DATA_DIR", str(d))
    monkeypatch.setenv("VSD_REFERRAL_DIR", str(tmp_path / "referrals"))
    return d


def file_one(data_dir, kind="no_answer", text="", rec=None):
    row = new_correction(rec or service(), kind, text, now=FILED, directory_version=7)
    CorrectionsFile(Store(data_dir)).add(row)
    return row


def services_file(tmp_path, *records):
    path = tmp_path / "services.json"
    path.write_text(json.dumps(envelope(*records)), encoding="utf-8")
    return path


def test_export_writes_a_private_file_with_every_correction(data_dir, tmp_path, capsys):
    a = file_one(data_dir, "no_answer")
    b = file_one(data_dir, "other", "Moved to a new number, says their page")
    out = tmp_path / "to-send.json"
    assert main(["corrections", "export", str(out)]) == 0
    assert "wrote 2 corrections" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    sent = json.loads(out.read_text(encoding="utf-8"))
    assert sent["format"] == "vsd.corrections/1"
    assert sent["corrections"] == [a, b]
    assert b["text"] == "Moved to a new number, says their page" and b["directory_version"] == 7


def test_export_by_default_goes_to_the_private_referral_folder(data_dir, tmp_path, capsys):
    file_one(data_dir)
    assert main(["corrections", "export"]) == 0
    folder = tmp_path / "referrals"
    [written] = list(folder.iterdir())
    assert written.name.startswith("vsd-corrections-") and written.suffix == ".json"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(written.stat().st_mode) == 0o600


def test_export_never_replaces_a_file_or_follows_a_link(data_dir, tmp_path, capsys):
    file_one(data_dir)
    out = tmp_path / "old.json"
    out.write_text("keep me", encoding="utf-8")
    assert main(["corrections", "export", str(out)]) == 1
    assert "pass --force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    link = tmp_path / "link.json"
    link.symlink_to(out)
    assert main(["corrections", "export", str(link), "--force"]) == 1
    assert "symbolic link" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert main(["corrections", "export", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["corrections"]


def test_nothing_filed_nothing_written(data_dir, tmp_path, capsys):
    assert main(["corrections", "export", str(tmp_path / "x.json")]) == 0
    assert "nothing to export" in capsys.readouterr().out and not (tmp_path / "x.json").exists()


def test_import_shows_each_correction_beside_the_record(data_dir, tmp_path, capsys):
    file_one(data_dir, "wrong_hours", "Only until 18:00 now")
    gone = service(id="xx-removed", name="Removed service")
    file_one(data_dir, "closed", rec=gone)
    sent = tmp_path / "sent.json"
    main(["corrections", "export", str(sent)])
    capsys.readouterr()
    records = services_file(tmp_path, service())
    assert main(["feed", "corrections", "import", str(sent), "--services", str(records)]) == 0
    out = capsys.readouterr().out
    first, second = out.split("\n\n")[1:3]
    assert "de-nummer-gegen-kummer-116111: hours are wrong" in first
    assert "reported:  Only until 18:00 now" in first
    assert "phones:    116 111" in first and "Mon–Sat 14:00–20:00" in first.replace("-", "–")
    assert "xx-removed: service has closed" in second and "no record with this id here" in second

    assert main(["feed", "corrections", "import", str(sent), "--services", str(records), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [i["correction"]["kind"] for i in items] == ["wrong_hours", "closed"]
    assert items[0]["record"]["phones"] == ["116 111"] and items[1]["record"] is None


@pytest.mark.parametrize(
    "content, says",
    [
        (b"", "empty"),
        (b"\x00\x01binary", "JSON"),
        (b'{"format": "vsd.services/2", "corrections": []}', "not a corrections file"),
        (b'{"format": "vsd.corrections/1", "corrections": [{"id": "zz"}]}', "not a corrections file"),
        (b'{"format": "vsd.corrections/1", "corrections": {}}', "not a corrections file"),
        (b"[" * 100_000, "deep"),
    ],
)
def test_a_corrupt_file_is_one_clear_line(data_dir, tmp_path, capsys, content, says):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["feed", "corrections", "import", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("vsd: ") and err.count("\n") == 1
    assert says.lower() in err.lower(), err


def test_hostile_text_is_shown_but_never_drives_the_terminal(data_dir, tmp_path, capsys):
    evil = "\x1b]52;c;SGVsbG8=\x07 \x1b[2J\u202e rewritten"
    sent = tmp_path / "sent.json"
    row = {
        "id": "0f8e3c1a-0000-4000-8000-000000000000",
        "service_id": "de-nummer-gegen-kummer-116111" + evil,
        "kind": "other" + evil,
        "text": evil,
        "filed_at": evil,
    }
    sent.write_text(json.dumps({"format": "vsd.corrections/1", "corrections": [row]}), encoding="utf-8")
    assert main(["feed", "corrections", "import", str(sent), "--services", str(services_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "rewritten" in out and "unknown kind" in out


def test_a_damaged_local_file_is_kept_aside_when_the_next_problem_is_filed(data_dir, capsys):
    data_dir.mkdir()
    (data_dir / FILE).write_text('{"format": "vsd.corrections/1", "corrections": [', encoding="utf-8")
    assert main(["corrections", "list"]) == 1
    err = capsys.readouterr().err
    assert "corrections.json" in err and "set aside when you next report a problem" in err
    store = Store(data_dir)
    CorrectionsFile(store).add(new_correction(service(), "closed", now=FILED))
    [aside] = [p for p in os.listdir(data_dir) if p.startswith(f"{FILE}.corrupt-")]
    assert (data_dir / aside).read_text(encoding="utf-8").endswith("[")  # kept as it was
    assert [r["kind"] for r in CorrectionsFile(store).all()] == ["closed"]
    assert any("moved it to" in n for n in store.notices)


def test_other_needs_words_and_kinds_are_known(data_dir):
    from directory.errors import VsdError

    with pytest.raises(VsdError, match="needs a few words"):
        new_correction(service(), "other", "   ")
    with pytest.raises(VsdError, match="unknown kind"):
        new_correction(service(), "dial-tone")
