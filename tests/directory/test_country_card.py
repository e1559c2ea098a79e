"""The country card as data (directory/country_card.py) and as text and Markdown (tui/country_card_text.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len

from directory import Directory
from directory.bundled import bundled_path
from directory.country_card import CARD_KINDS, PER_KIND, UnknownCountryError, country_card, resolve
from directory.coverage import NONE_KNOWN, NOT_RESEARCHED
from tests.factories import envelope, hostile_service, service
from tui.country_card_text import card_markdown, card_text, default_filename, lines, render

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
URL = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def bundled() -> Directory:
    return Directory.from_file(bundled_path())


def row(card, kind):
    return next(r for r in card.rows if r.kind == kind)


def test_rows_come_in_the_order_a_caseworker_needs_them(bundled):
    card = country_card(bundled, "GH", now=NOW)
    assert [r.kind for r in card.rows] == list(CARD_KINDS)
    assert CARD_KINDS[:3] == ("emergency", "child_helpline", "victim_support")
    assert (card.country, card.name) == ("GH", "Ghana")
    assert card.prepared == "2026-11-30"


def test_ghana_has_a_none_known_child_helpline_row_with_its_date_and_note(bundled):
    card = country_card(bundled, "GH", now=NOW)
    child = row(card, "child_helpline")
    assert child.state == NONE_KNOWN and not child.entries
    assert child.none_known is not None
    assert child.none_known.researched == "2026-11-30"
    assert "Helpline of Hope" in child.none_known.note
    consulted = [card.sources[n - 1].url for n in child.none_known.consulted]
    assert consulted and all(u.startswith("http") for u in consulted)
    text = card_text(card)
    assert "CHILD HELPLINE\n  None known (researched 2026-11-30)." in text
    # Domestic-only numbers are shown as dialled and said to be domestic.
    assert "Phone: 0800 800 800 · dial within Ghana only" in text


def test_a_country_with_services_for_every_kind(bundled):
    card = country_card(bundled, "Deutschland", now=NOW)
    assert card.country == "DE"
    assert all(r.state == "services" for r in card.rows), [(r.kind, r.state) for r in card.rows]
    for r in card.rows:
        assert 1 <= len(r.entries) <= PER_KIND and r.total >= len(r.entries)
        listed = [h.service["id"] for h in bundled.search(country="DE", support_type=r.kind, limit=100)]
        national = [i for i in listed if bundled.by_id(i)["area"] == "national"]
        # National services first, in the directory's ranking order.
        assert [e.id for e in r.entries] == (national + [i for i in listed if i not in national])[:PER_KIND]
    assert "NOT RESEARCHED" not in card_text(card).upper()


@pytest.mark.parametrize("given", ["GH", "gh", "Ghana", "Gana", "Гана"])
def test_a_country_is_given_by_code_or_by_name_in_any_language(given):
    assert resolve(given) == "GH"


def test_an_unknown_country_is_a_usage_error_with_a_suggestion(bundled):
    with pytest.raises(UnknownCountryError) as err:
        country_card(bundled, "Ghnaaxz")
    assert err.value.exit_code == 2
    assert str(err.value) == 'unknown country "Ghnaaxz"; did you mean Ghana (GH), Grenada (GD)?'


def test_not_researched_where_nobody_looked_and_none_known_where_someone_did():
    env = envelope(service(id="de-a", support_types=["child_helpline"]))
    env["coverage"] = [
        {"country": "DE", "kind": "trafficking", "researched": "2026-10-01", "consulted": ["https://a.example/x"]}
    ]
    card = country_card(Directory.from_envelope(env), "DE", now=NOW)
    states = {r.kind: r.state for r in card.rows}
    assert states["child_helpline"] == "services"
    assert states["trafficking"] == NONE_KNOWN
    assert states["missing_children"] == NOT_RESEARCHED
    text = card_text(card)
    assert "HUMAN TRAFFICKING\n  None known (researched 2026-10-01).\n  Consulted: sources 2" in text
    assert "MISSING CHILDREN\n  Not researched: nobody has looked" in text
    assert "  2. consulted in research: https://a.example/x" in text


def test_national_services_come_first_and_at_most_three_per_kind():
    regional = service(id="de-a-regional", name="Aaa regional line", area="regional", region="Bayern")
    nationals = [service(id=f"de-n{i}", name=f"Zz national {i}") for i in range(4)]
    card = country_card(Directory.from_envelope(envelope(regional, *nationals)), "DE", now=NOW)
    child = row(card, "child_helpline")
    assert [e.id for e in child.entries] == ["de-n0", "de-n1", "de-n2"]
    assert child.total == 5
    assert "  and 2 more in the directory" in card_text(card)


def test_a_service_under_several_kinds_is_told_in_full_once(bundled):
    text = card_text(country_card(bundled, "GH", now=NOW))
    assert text.count("- Helpline of Hope Call Centre") == 3
    assert text.count("Hours and sources: see Violence against women, domestic violence") >= 2


def test_sources_are_named_by_publisher_and_address_never_by_internal_paths(bundled):
    for code in ("GH", "DE", "JP"):
        card = country_card(bundled, code, now=NOW)
        assert card.sources and all(s.url.startswith("http") for s in card.sources)
        for text in (card_text(card), card_markdown(card)):
            assert "data/sources" not in text and ".toml" not in text and "services.json" not in text
    assert "1. a news item: https://bestnewsgh.com/" in card_text(country_card(bundled, "GH", now=NOW)).replace(
        "\n     ", " "
    )


def test_every_line_fits_80_columns_unless_it_is_one_address(bundled):
    """Every country of the bundled directory, CJK and Thai included (measured in terminal cells)."""
    for code in sorted({c for s in bundled.services for c in s["countries"]}):
        for _role, line in lines(country_card(bundled, code, now=NOW)):
            if cell_len(line) > 80:
                assert URL.fullmatch(line.strip().split(" ")[-1]) and len(line.split()) <= 4, (code, line)


def test_record_text_cannot_inject_markdown_or_escapes():
    card = country_card(Directory.from_envelope(envelope(hostile_service())), "DE", now=NOW)
    md = card_markdown(card)
    assert "\\[b\\]x\\[/b\\]" in md and "[b]x[/b]" not in md
    for text in (md, card_text(card)):
        assert "\x1b" not in text and "\x9b" not in text
    assert "[b]x[/b]" in card_text(card)  # plain text shows it as it is


def test_render_formats_and_file_names(bundled):
    card = country_card(bundled, "GH", now=NOW)
    assert render(card, "md") == render(card, "markdown") == card_markdown(card)
    assert render(card) == card_text(card)
    assert card_markdown(card).startswith("# Ghana (GH): key services by kind of help\n")
    assert "## Child helpline\n\n_None known (researched 2026-11-30)." in card_markdown(card)
    assert default_filename(card, "markdown") == "country-card-gh.md"
    with pytest.raises(ValueError):
        render(card, "pdf")
