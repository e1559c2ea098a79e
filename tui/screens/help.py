"""F1 / ?: the keys (as currently mapped), the quick exit, and where settings live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen

from directory.i18n import ENGLISH, N_, _, current_language
from directory.safe_text import plain

from .. import keys
from ..config import config_path
from ..keys import ESCAPE_WINDOW_S, ESCAPES_TO_EXIT, SPECS
from ..widgets.detail import DetailView, Row
from ..widgets.keybar import KeyBar
from ..widgets.topbar import TopBar

INTRO = N_(
    "Type to search: a service's name, a number (116111), a country, a language or a kind of help, "
    "in any language or script. Words that name a country, language or support type become filters, "
    "shown as chips you can remove. Results update as you type."
)


def help_rows(app) -> list[Row]:
    full = lambda c: (None, c if isinstance(c, Content) else Content(c))  # noqa: E731
    rows: list[Row] = [full(Content.styled(_("How it works"), "bold underline")), full(_(INTRO)), full("")]
    exit_keys = "/".join(app.get_key_display_for(k) for k in app.quick_exit_keys())
    rows.append(
        (
            _("Quick exit"),
            Content.assemble(
                (
                    _("{keys}, or escape {count}× within {seconds:g} s in the search box").format(
                        keys=exit_keys, count=ESCAPES_TO_EXIT, seconds=ESCAPE_WINDOW_S
                    ),
                    "bold $error",
                ),
                _(
                    ": the app closes at once and the terminal is cleared, scrollback included. If you copied a "
                    "referral, the clipboard is emptied too. vsd never writes your searches anywhere."
                ),
            ),
        )
    )
    rows += [full(""), full(Content.styled(_("Symbols"), "bold underline"))]
    rows += [(sym, Content(_(meaning))) for sym, meaning in SYMBOLS]
    rows += [full(""), full(Content.styled(_("Keys"), "bold underline"))]
    keymap = app.effective_keymap()
    places = list(dict.fromkeys([keys.EVERYWHERE] + [s.where for s in SPECS]))
    last = None
    for spec in sorted(SPECS, key=lambda s: places.index(s.where)):
        if spec.where != last:
            last = spec.where
            rows.append(full(Content.styled(_(spec.where), "italic $text-secondary")))
        shown = ", ".join(app.get_key_display_for(k) for k in keymap.get(spec.id, spec.keys).split(","))
        rows.append(
            (shown, Content.assemble((_(spec.description), "bold"), " — ", _(spec.help), (f"  [{spec.id}]", "dim")))
        )
    rows += [
        full(""),
        full(Content.styled(_("Settings"), "bold underline")),
        full(_("Remap any key by its id (in brackets above) in the [keys] table of the config file:")),
        full(Content.styled(f"  {plain(app.config.path or config_path())}", "bold")),
        full(_('e.g.  bookmark = "m"   ·   focus_search = "slash,ctrl+f"')),
        full(
            _(
                "Also: theme (textual-dark, textual-light, ansi-dark for 16 colours), results_limit, and "
                "[filters] country / language / support_type / open_now to start with. NO_COLOR is honoured."
            )
        ),
        full(""),
        full(Content.styled(_("Messages"), "bold underline")),
        full(
            _(
                "Notes on screen go after a few seconds; ctrl+p › Messages shows the whole text of the recent ones "
                "(kept in memory only, gone when the app closes)."
            )
        ),
        full(""),
        full(Content.styled(_("Your data"), "bold underline")),
        full(
            _(
                "Bookmarks and private notes stay on this computer in the user-data file, apart from the "
                "directory, so syncs never touch them. Referral cards never include your notes."
            )
        ),
        full(
            _(
                "Problems you report (r) stay there too, until `vsd corrections export` writes them to a file "
                "you send to the curators."
            )
        ),
    ]
    return rows


# What the marks on the results and in the details mean (the footer recalls the first four where it has room).
SYMBOLS = (
    ("●", N_("open now, or open around the clock (24/7)")),
    ("○", N_("closed now; the details say when it opens, in their time and yours")),
    ("?", N_("opening hours not published")),
    ("☎", N_("the number to call")),
    ("★", N_("bookmarked by you")),
    ("✎", N_("you wrote a private note on it (not bookmarked)")),
    ("⚠", N_("check before referring: not verified, older than 12 months, or the source page is old")),
    ("▸", N_("the highlighted result (also without colours)")),
)


class HelpScreen(Screen):
    BINDINGS = [
        keys.binding("back", action="close"),
        keys.binding("help", action="close", description=N_("Close help")),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(_("vsd · help"))
        with VerticalScroll(id="help-body"):
            # A translated label longer than the column widens it (English keeps the layout it always had).
            yield DetailView(id="help-text", label_width=14, widen=current_language() != ENGLISH)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-text", DetailView).set_rows(help_rows(self.app))
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()
