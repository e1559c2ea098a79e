"""`vsd card ID`: the referral card on the command line."""

from __future__ import annotations

from directory.store import Store
from tests.factories import sample_envelope
from tui.cli import main


def test_card_prints_the_referral_card_in_text_and_markdown(tmp_path, capsys):
    data = tmp_path / "data"
    Store(data).replace_directory({**sample_envelope(), "version": 10_000})  # above the bundled copy
    assert main(["--data-dir", str(data), "card", "gr-hamogelo-sos-1056"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("REFERRAL: Εθνική Τηλεφωνική Γραμμή για τα Παιδιά SOS 1056\n")
    assert "Phone:        1056 (short number: dial within Greece)" in out
    assert main(["--data-dir", str(data), "card", "gr-hamogelo-sos-1056", "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Referral: ") and "- **Phone:** 1056 (short number: dial within Greece)" in md


def test_an_unknown_id_exits_2_with_the_closest_ids(tmp_path, capsys):
    data = tmp_path / "data"
    Store(data).replace_directory({**sample_envelope(), "version": 10_000})
    assert main(["--data-dir", str(data), "card", "gr-hamogelo-sos-105"]) == 2
    err = capsys.readouterr().err
    assert "no service with the id 'gr-hamogelo-sos-105'; did you mean gr-hamogelo-sos-1056" in err
    assert main(["--data-dir", str(data), "card", "zz-nothing-like-it"]) == 2
    assert "vsd search QUERY --json" in capsys.readouterr().err
