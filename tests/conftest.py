"""Settings every test shares."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """Tests expect the English texts: a developer's own locale (LANG=de_DE.UTF-8, with a German
    catalog in locale/) must not change them. A test about languages sets its own."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANG", raising=False)
