"""Every key binding of the app, by id: one table for the bindings, the help screen,
the command palette and the keymap in the config file.

Remap any id in the config file's `[keys]` table (`bookmark = "m"`); the value is
Textual's key syntax, several keys comma-separated (`"slash,ctrl+f"`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from directory.i18n import N_


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str
    action: str
    description: str
    help: str
    show: bool = True
    priority: bool = False
    where: str = N_("Main screen")


EVERYWHERE = N_("Everywhere")
SEARCH_BOX = N_("In the search box")
FILTERS = N_("On a filter button, toggle or chip")
DIALOGS = N_("In pickers and dialogs")


# The quick-exit key. ctrl+q: tmux and GNU screen leave it alone (their prefixes are
# ctrl+b and ctrl+a), Textual puts the terminal in raw mode so XON/XOFF flow control
# does not eat it, it passes through SSH, and it is Textual's own quit key, so
# whoever reaches for "quit" gets the quick exit. Escape three times within 1 s in the search box
# (with nothing left to back out of) works too; escapes that go back never count.
QUICK_EXIT_KEY = "ctrl+q"
ESCAPES_TO_EXIT = 3
ESCAPE_WINDOW_S = 1.0

SPECS: tuple[KeySpec, ...] = (
    # -- everywhere ------------------------------------------------------------
    KeySpec(
        "quick_exit",
        QUICK_EXIT_KEY,
        "quick_exit",
        N_("Quick exit"),
        N_("Leave at once and clear the terminal, scrollback included (also: escape 3× within 1 s in the search box)"),
        priority=True,
        where=EVERYWHERE,
    ),
    # -- main screen -------------------------------------------------------------
    KeySpec("focus_search", "slash,ctrl+f", "focus_search", N_("Search"), N_("Put the cursor in the search box")),
    # -- the search box (ids of their own: remapping a main-screen key to a letter
    #    must never turn typing into a command) --------------------------------------
    KeySpec(
        "search_to_results",
        "down",
        "screen.focus_results",
        N_("Results"),
        N_("Go down into the results (letter keys then act on the highlighted service)"),
        where=SEARCH_BOX,
    ),
    KeySpec(
        "search_details",
        "enter",
        "screen.toggle_detail",
        N_("Details"),
        N_("Open the highlighted result full width"),
        where=SEARCH_BOX,
    ),
    KeySpec("next_result", "down,j", "next_result", N_("Next"), N_("Highlight the next result")),
    KeySpec("prev_result", "up,k", "prev_result", N_("Prev"), N_("Highlight the previous result")),
    KeySpec(
        "toggle_detail",
        "enter",
        "toggle_detail",
        N_("Details"),
        N_("Open the highlighted service full width / close it again"),
    ),
    KeySpec("bookmark", "b", "bookmark", N_("Bookmark"), N_("Bookmark the highlighted service (again to remove)")),
    KeySpec("bookmarks", "f2", "bookmarks", N_("Bookmarks"), N_("Show your bookmarks and private notes")),
    KeySpec(
        "copy_referral",
        "c",
        "copy_referral",
        N_("Copy"),
        N_("Copy a plain-text referral card to the clipboard (OSC 52)"),
    ),
    KeySpec(
        "export_referral",
        "e",
        "export_referral",
        N_("Export"),
        N_("Save the referral card to a file, as text or Markdown"),
    ),
    KeySpec("pick_country", "f3", "pick('country')", N_("Country"), N_("Choose the country filter")),
    KeySpec("pick_language", "f4", "pick('language')", N_("Language"), N_("Choose the language filter")),
    KeySpec("pick_type", "f5", "pick('support_type')", N_("Type"), N_("Choose the support-type filter")),
    KeySpec("toggle_open_now", "f6", "toggle_open_now", N_("Open now"), N_("Show only services open right now")),
    # Kept out of the footer (show=False): at 80×24 another key there costs a line of results;
    # the help screen and the command palette list it.
    KeySpec(
        "country_card",
        "f7",
        "country_card",
        N_("Country card"),
        N_("Key services of the filtered or highlighted country"),
        show=False,
    ),
    KeySpec("edit_note", "n", "edit_note", N_("Note"), N_("Write a private note on the highlighted service")),
    KeySpec(
        "report_problem",
        "r",
        "report_problem",
        N_("Report a problem"),
        N_("Tell the curators the highlighted service's number does not answer, its hours are wrong, it has closed…"),
        show=False,  # like country_card: the footer has no room at 80×24; help and the palette list it
    ),
    KeySpec(
        "back", "escape", "back", N_("Back"), N_("Back to the search box (the detail closes; query and filters stay)")
    ),
    # -- filter bar and chips ---------------------------------------------------------
    KeySpec("filter_choose", "enter,space", "open", N_("Choose"), N_("Open the picker of this filter"), where=FILTERS),
    KeySpec("filter_clear", "delete,backspace", "clear", N_("Clear"), N_("Set this filter back to Any"), where=FILTERS),
    KeySpec("open_now_switch", "enter,space", "toggle", N_("Toggle"), N_("Switch “Open now” on or off"), where=FILTERS),
    KeySpec(
        "remove_chip",
        "enter,delete,backspace",
        "remove",
        N_("Remove filter"),
        N_("Remove a filter that your query words set (its words leave the search box)"),
        where=FILTERS,
    ),
    # -- pickers and dialogs ------------------------------------------------------------
    KeySpec("dialog_ok", "enter", "choose", N_("OK"), N_("Choose the highlighted option / save"), where=DIALOGS),
    KeySpec("dialog_cancel", "escape", "cancel", N_("Cancel"), N_("Close without changing anything"), where=DIALOGS),
    KeySpec(
        "export_format",
        "ctrl+t",
        "toggle_format",
        N_("Text/Markdown"),
        N_("Switch the export between plain text and Markdown"),
        where=DIALOGS,
    ),
    # -- everywhere, after the screen's own keys -----------------------------------
    KeySpec(
        "help",
        "f1,question_mark",
        "help",
        N_("Help"),
        N_(
            "Show the keys, what the symbols mean and how the app works (again to close; ? only in an empty search box)"
        ),
        where=EVERYWHERE,
    ),
    KeySpec(
        "sync", "ctrl+s", "sync", N_("Sync"), N_("Fetch the newest signed directory from the feed"), where=EVERYWHERE
    ),
    KeySpec(
        "command_palette",
        "ctrl+p",
        "command_palette",
        N_("Commands"),
        N_("Search every action available on this screen"),
        priority=True,
        where=EVERYWHERE,
    ),
)

SPEC_BY_ID: dict[str, KeySpec] = {s.id: s for s in SPECS}


def binding(
    binding_id: str, *, action: str | None = None, description: str | None = None, show: bool | None = None
) -> Binding:
    """The Binding for an id, optionally with another action/description in a given place."""
    s = SPEC_BY_ID[binding_id]
    return Binding(
        s.keys,
        action or s.action,
        description if description is not None else s.description,
        show=s.show if show is None else show,
        priority=s.priority,
        id=s.id,
        tooltip=s.help,
    )


def bindings(*ids: str) -> list[Binding]:
    return [binding(i) for i in ids]
