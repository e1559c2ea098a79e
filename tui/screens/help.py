"""F1 / ?: the keys (as currently mapped), the quick exit, and where settings live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..config import config_path
from ..keys import ESCAPE_WINDOW_S, ESCAPES_TO_EXIT, SPECS
from ..safe import plain
from ..widgets.keybar import KeyBar
from ..widgets.topbar import TopBar

INTRO = (
    "Type to search: a service's name, a number (116111), a country, a language or a kind of help, "
    "in any language or script. Words that name a country, language or support type become filters, "
    "shown as chips you can remove. Results update as you type."
)


def help_content(app) -> Content:
    lines: list[Content] = [Content.styled("How it works", "bold underline"), Content(INTRO), Content("")]
    exit_keys = "/".join(app.get_key_display_for(k) for k in app.quick_exit_keys())
    lines.append(Content.assemble(("Quick exit  ", "bold $error"),
                                  f"{exit_keys}, or escape {ESCAPES_TO_EXIT}× within {ESCAPE_WINDOW_S:g} s: "
                                  "the app closes at once and the terminal is cleared, scrollback included. "
                                  "If you copied a referral, the clipboard is emptied too. "
                                  "vsd never writes your searches anywhere."))
    lines += [Content(""), Content.styled("Keys", "bold underline")]
    keymap = app.effective_keymap()
    width = 18
    for spec in SPECS:
        shown = ", ".join(app.get_key_display_for(k) for k in keymap.get(spec.id, spec.keys).split(","))
        lines.append(Content.assemble((f"{shown:<{width}}", "bold $text-accent"),
                                      (f"{spec.description:<14}", "bold"), spec.help,
                                      (f"  [{spec.id}]", "dim")))
    lines += [
        Content(""),
        Content.styled("Settings", "bold underline"),
        Content("Remap any key by its id (in brackets above) in the [keys] table of the config file:"),
        Content.styled(f"  {plain(app.config.path or config_path())}", "bold"),
        Content("e.g.  bookmark = \"m\"   ·   focus_search = \"slash,ctrl+f\""),
        Content("Also: theme (textual-dark, textual-light, ansi-dark for 16 colours), results_limit, and "
                "[filters] country / language / support_type / open_now to start with. NO_COLOR is honoured."),
        Content(""),
        Content.styled("Your data", "bold underline"),
        Content("Bookmarks and private notes stay on this computer in the user-data file, apart from the "
                "directory, so syncs never touch them. Referral cards never include your notes."),
    ]
    return Content("\n").join(lines)


class HelpScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("f1,question_mark", "close", "Close help", id="help"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar("vsd · help")
        with VerticalScroll(id="help-body"):
            yield Static(help_content(self.app), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()
