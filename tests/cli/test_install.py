"""A wheel built from the repo carries the bundled data: `pip install .` then `vsd validate` works anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_pip_install_into_a_fresh_venv_validates_the_bundled_copy(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", str(REPO)], check=True, cwd=tmp_path, timeout=600)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VSD_DATA_DIR")}
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    done = subprocess.run([str(venv / "bin" / "vsd"), "validate"], cwd=outside, env=env, capture_output=True, text=True)
    want = json.loads((REPO / "data" / "services.json").read_text(encoding="utf-8"))
    countries = {c for s in want["services"] for c in s["countries"]}
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"{len(want['services'])} services, {len(countries)} countries, 0 problems\n"

    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "from directory.bundled import bundled_path; print(bundled_path())"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), where  # read from the installed package, not the checkout


def test_version_is_the_installed_package_version(capsys):
    from importlib import metadata

    import pytest

    from tui.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"vsd {metadata.version('vsd')}"
