"""The main screen: search box, filters, chips, results, detail, status line."""

from __future__ import annotations

import time
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from directory.i18n import N_, _

from .. import keys
from ..messages import SearchDone, SearchRequest
from ..widgets.chips import Chip, ChipBar
from ..widgets.detail import DetailPane
from ..widgets.filters import FilterBar, FilterButton, OpenNowToggle
from ..widgets.keybar import KeyBar
from ..widgets.results import ResultsList
from ..widgets.status import StatusLine
from ..widgets.topbar import TopBar
from .picker import PickerScreen
from .service_actions import ServiceActions

KINDS = ("country", "language", "support_type")
NO_RESULTS_TIPS = N_(
    "Try fewer or shorter words, check the spelling, remove a filter chip or a filter "
    "above, or turn off “Open now”. Emergency numbers: search “emergency” with the country."
)


class SearchInput(Input):
    """The search box. Down goes to the results, enter opens the highlighted one.

    Their binding ids are the search box's own: a keymap entry such as
    next_result = "down,n" must not turn the letter n into a command while typing.
    """

    BINDINGS = keys.bindings("search_to_results", "search_details")

    async def _on_key(self, event: events.Key) -> None:
        # "?" in an empty box opens the help (nobody searches for a lone "?"); anywhere else it is typed.
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            self.app.action_help()
            return
        await super()._on_key(event)

    def type_early(self, keys_: list[str]) -> None:
        """Keys typed while the app was starting, before this box could take them, in their order."""
        text = "".join(keys_)
        while text.startswith("?") and not self.value:  # "?" in an empty box is help (as typed later)
            self.app.action_help()
            text = text[1:]
        if text:  # at once: one change, one message and one search, not one per character
            self.insert_text_at_cursor(text)


# The first detail pane waits this long after the first results: long enough for the list to be
# painted (a frame is 1/60 s), short enough to look immediate.
FIRST_DETAIL_DELAY_S = 0.05
# The first search after the start runs at once, on the event loop, up to this many services: the
# results are then laid out and painted with the rest of the screen in one frame, not in a frame
# of their own after a worker (18 ms of CPU less at 100,000 services, where it takes ~40 ms).
# Beyond, it goes to the worker like every other search, so no key (ctrl+q) waits on it for long.
FIRST_SEARCH_AT_ONCE_MAX = 250_000


class MainScreen(ServiceActions, Screen):
    BINDINGS = keys.bindings(
        "focus_search",
        "next_result",
        "prev_result",
        "toggle_detail",
        "bookmark",
        "bookmarks",
        "copy_referral",
        "export_referral",
        "edit_note",
        "report_problem",
        "pick_country",
        "pick_language",
        "pick_type",
        "toggle_open_now",
        "country_card",
        "back",
    )
    detail_open: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__(id="main")
        self.filters: dict[str, str | None] = {k: None for k in KINDS}
        self.open_now = False
        self.suppressed: set[tuple[str, str]] = set()
        self.query_filters: dict[str, str] = {}
        self.hits: list[Any] = []  # the hits that meet every filter
        self.listed: list[Any] = []  # those, then the hits of the labelled groups (what the list shows)
        self.answer: Any = None
        self._serial = 0
        self._shown_serial = 0
        self._requested_text = ""  # the text of the latest search asked for
        self._detail_ready = False  # the first detail pane has been shown (see _detail_after_results)
        self._detail_pending = False

    # -- layout ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TopBar()
        with Horizontal(id="search-row"):
            yield Static(Content.styled(" " + _("Search ›"), "bold"), id="search-label")
            yield SearchInput(
                placeholder=_("name, number, country, language or kind of help — e.g. kinder telefon"),
                id="search",
                compact=True,
            )
        yield FilterBar(id="filters")
        yield ChipBar(id="chips")
        with Horizontal(id="body"):
            yield ResultsList(id="results")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        search = self.query_one("#search", SearchInput)
        search.cursor_blink = self.app.config.cursor_blink
        results = self.query_one("#results", ResultsList)
        results.border_title = _("Results")
        self.query_one("#detail", DetailPane).border_title = _("Details")
        results.set_options([Option(Content.styled(_("Opening the directory…"), "dim"), disabled=True)])
        search.focus()
        search.type_early(self.app.take_early_keys())
        self.update_status()
        if self.app.directory is not None:
            self.directory_ready(apply_initial=True)

    def retranslate(self) -> None:
        """Say everything again in the language the app now speaks (the command palette switched it):
        the words made once at start, then every view made from the data; query and filters stay."""
        self.query_one(TopBar).retranslate()
        self.query_one("#search-label", Static).update(Content.styled(" " + _("Search ›"), "bold"))
        self.query_one("#search", SearchInput).placeholder = _(
            "name, number, country, language or kind of help — e.g. kinder telefon"
        )
        self.query_one("#detail", DetailPane).border_title = _("Details")
        self.query_one("#results", ResultsList).border_title = _("Results")
        for kind in KINDS:  # the names of the chosen filters, in the new language
            self._set_filter(kind, self.filters[kind], search=False)
        for widget in (*self.query_one(FilterBar).children, self.query_one(KeyBar)):
            widget.refresh(layout=True)
        self.query_one(ChipBar).retranslate()
        self.query_one(DetailPane).forget_shown()
        self.update_status()
        self.request_search()  # chips, results, labels and the detail pane from a fresh answer

    # -- directory and status -----------------------------------------------------
    def directory_ready(self, *, apply_initial: bool = False) -> None:
        """The app opened (or reopened) the directory; the first time, apply the config's filters."""
        initial = self.app.initial_filters if apply_initial else {}
        for kind in KINDS:
            self._set_filter(kind, initial.get(kind, self.filters[kind]), search=False)
        if initial.get("open_now"):
            self.open_now = True
            with self.prevent(OpenNowToggle.Changed):
                self.query_one("#open-now", OpenNowToggle).value = True
        self.update_status()
        directory = self.app.directory
        self.request_search(
            at_once=apply_initial and directory is not None and len(directory) <= FIRST_SEARCH_AT_ONCE_MAX
        )

    def update_status(self) -> None:
        self.query_one("#status", StatusLine).update(Content(self.app.status_text()))

    # -- searching -----------------------------------------------------------------
    def request_search(self, *, at_once: bool = False) -> None:
        directory = self.app.directory
        if directory is None:
            return
        text = self.query_one("#search", SearchInput).value
        if not text.strip():
            self.suppressed.clear()
        self._serial += 1
        self._requested_text = text
        request = SearchRequest(
            serial=self._serial,
            text=text,
            country=self.filters["country"],
            language=self.filters["language"],
            support_type=self.filters["support_type"],
            open_now=self.open_now,
            limit=self.app.config.results_limit,
            suppressed=frozenset(self.suppressed),
            now=self.app.clock(),
        )
        if at_once:
            self.show_results(_answer(directory, request))
        else:
            self.run_search(directory, request)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, directory: Any, request: SearchRequest) -> None:
        """In a thread: the answer (`_answer`), posted unless a newer request cancelled it."""
        worker = get_current_worker()
        done = _answer(directory, request)
        if not worker.is_cancelled:
            self.post_message(done)

    @on(SearchDone)
    def show_results(self, message: SearchDone) -> None:
        if message.request.serial != self._serial:
            return  # a newer keystroke is on its way
        self._shown_serial = message.request.serial
        answer = message.answer
        self.answer = answer
        self.hits = list(answer.hits) if answer else []
        self.listed = [h for _, h in answer.all_hits()] if answer else []
        self.query_filters = dict(answer.implied) if answer else {}
        self.query_one("#chips", ChipBar).set_chips(
            [(k, code, self.app.filter_name(k, code)) for k, code in self.query_filters.items()]
        )
        if message.error:
            self.app.say(message.error, severity="error")
        self._show_answer(keep_highlight=False)
        if not self.listed and self.detail_open:
            self.detail_open = False
        self._detail_after_results()
        self.app.results_shown(message)

    def _detail_after_results(self) -> None:
        """The detail pane of the highlighted result. The very first one waits for the results to be
        painted: it loads the country, language and phone tables (a tenth of a second) and the list
        matters first; later ones have the tables and are shown at once."""
        if self._detail_ready:
            self.show_detail()
        elif not self._detail_pending:
            self._detail_pending = True
            self.set_timer(FIRST_DETAIL_DELAY_S, self._first_detail)  # after the list is painted

    def _first_detail(self) -> None:
        self._detail_ready, self._detail_pending = True, False
        self.show_detail()

    def _show_answer(self, *, keep_highlight: bool = True) -> None:
        results = self.query_one("#results", ResultsList)
        answer = self.answer
        if answer is None or (not self.listed and not answer.message):
            results.set_options([Option(Content.styled(_("No results."), "bold"), disabled=True)])
            results.border_title = _("Results (0)")
            return
        results.show_answer(
            answer,
            self.app.clock(),
            bookmarks=self.app.bookmarks,
            country=answer.filters.get("country") or self.filters["country"],
            keep_highlight=keep_highlight,
        )
        more = "+" if len(answer.hits) >= self.app.config.results_limit else ""
        outside = sum(len(g.hits) for g in answer.groups)
        title = _("Results ({count})").format(count=f"{len(answer.hits)}{more}")
        if outside:
            title += " " + _("+ {count} labelled").format(count=outside)
        results.border_title = title

    # -- the highlighted service --------------------------------------------------
    def current_service(self) -> dict[str, Any] | None:
        results = self.query_one("#results", ResultsList)
        sid = results.highlighted_id
        if sid is None or not self.listed:
            return None
        for hit in self.listed:
            if hit.service["id"] == sid:
                return hit.service
        return None

    def show_detail(self) -> None:
        tips = None
        nothing_chosen = self.query_one("#results", ResultsList).highlighted_id is None
        if self._shown_serial and (not self.listed or (not self.hits and nothing_chosen)):
            message = self.answer.message if self.answer is not None else ""
            tips = f"{message or _('No services match.')}\n\n{_(NO_RESULTS_TIPS)}"
        self.show_service_detail(tips)

    def refresh_service_views(self) -> None:
        if self.listed:
            self._show_answer()
        self.show_detail()

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail_after_results()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click highlights; enter (toggle_detail) opens

    # -- input and filters ----------------------------------------------------------
    @on(SearchInput.Changed, "#search")
    def _typed(self, event: SearchInput.Changed) -> None:
        if self._serial and event.value == self._requested_text:
            return  # already asked for (text typed during the start, answered when the directory opened)
        self.request_search()

    def _set_filter(self, kind: str, code: str | None, *, search: bool = True) -> None:
        self.filters[kind] = code
        name = self.app.filter_name(kind, code) if code else _("Any")
        self.query_one(f"#filter-{kind}", FilterButton).set_value(code, name)
        if search:
            self.request_search()

    def action_pick(self, kind: str) -> None:
        if self.app.directory is None:
            self.app.say(_("The directory is still opening…"), severity="warning")
            return
        options = self.app.filter_options(kind)
        title = {"country": _("Country"), "language": _("Language"), "support_type": _("Type of support")}[kind]

        def done(result: tuple[str, str | None] | None) -> None:
            if result is not None:
                self._set_filter(kind, result[1])
            self.query_one(f"#filter-{kind}", FilterButton).focus()

        self.app.push_screen(PickerScreen(kind, title, options, self.app.resolver(kind), self.filters[kind]), done)

    @on(FilterButton.Pressed)
    def _filter_pressed(self, event: FilterButton.Pressed) -> None:
        self.action_pick(event.kind)

    @on(FilterButton.Cleared)
    def _filter_cleared(self, event: FilterButton.Cleared) -> None:
        self._set_filter(event.kind, None)

    @on(OpenNowToggle.Changed)
    def _open_now(self, event: OpenNowToggle.Changed) -> None:
        if event.value != self.open_now:
            self.open_now = event.value
            self.request_search()

    def action_toggle_open_now(self) -> None:
        self.query_one("#open-now", OpenNowToggle).action_toggle()

    @on(Chip.Removed)
    def _chip_removed(self, event: Chip.Removed) -> None:
        search = self.query_one("#search", SearchInput)
        rest = self.app.strip_filter_words(search.value, event.kind, event.code)
        if rest is None:
            self.suppressed.add((event.kind, event.code))
            self.request_search()
        else:
            search.value = rest  # Changed -> request_search
        search.focus()

    # -- navigation -------------------------------------------------------------------
    def watch_detail_open(self, open_: bool) -> None:
        self.set_class(open_, "-detail-open")
        if open_:
            self.query_one("#detail", DetailPane).focus()
        elif self.is_mounted and isinstance(self.focused, DetailPane):
            self.query_one("#results", ResultsList).focus()

    def action_focus_search(self) -> None:
        self.detail_open = False
        self.query_one("#search", SearchInput).focus()

    def action_focus_results(self) -> None:
        results = self.query_one("#results", ResultsList)
        self.detail_open = False
        results.focus()
        if results.highlighted is None and self.listed:
            results.highlighted = 0

    def action_next_result(self) -> None:
        self.query_one("#results", ResultsList).action_cursor_down()

    def action_prev_result(self) -> None:
        self.query_one("#results", ResultsList).action_cursor_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # nothing to go back to: keep "esc Back" out of the footer
            return self.detail_open or not isinstance(self.focused, SearchInput)
        return True

    def action_back(self) -> None:
        """Escape: straight back to the search box (the detail closes on the way), one key from
        anywhere on this screen. The query, the filters and the highlighted result stay."""
        if self.detail_open or not isinstance(self.focused, SearchInput):
            self.action_focus_search()

    def at_rest(self) -> bool:
        """Nothing for escape to back out of: the cursor is in the search box, no detail open."""
        return not self.detail_open and isinstance(self.focused, SearchInput)

    # -- the country card -----------------------------------------------------------------
    def card_country(self) -> str | None:
        """The country of the card: a focused country chip, the country filter, the query's country
        chip, else the highlighted service's own country."""
        from directory.presentation import countries, home_country

        focused = self.focused
        if isinstance(focused, Chip) and focused.kind == "country":
            return focused.code
        chosen = self.filters["country"] or self.query_filters.get("country")
        if chosen:
            return chosen
        service = self.current_service()
        if service is None:
            return None
        return home_country(service) or next(iter(countries(service)), None)

    def action_country_card(self) -> None:
        from .country import CountryScreen

        if self.app.directory is None:
            self.app.say(_("The directory is still opening…"), severity="warning")
            return
        country = self.card_country()
        if country is None:
            self.app.bell()
            self.app.say(_("Choose a country (f3) or highlight a service first."), severity="warning")
            return
        self.app.push_screen(CountryScreen(country))

    def action_report_problem(self) -> None:
        from .report_problem import ReportProblemScreen

        service = self._need_service()
        if service is not None:
            version = getattr(self.app.directory, "version", None)
            self.app.push_screen(ReportProblemScreen(service, version))

    def action_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(), lambda _=None: self.refresh_service_views())


def _answer(directory: Any, request: SearchRequest) -> SearchDone:
    """Parse, search, and the message with the answer. Never touches a widget.

    The engine's smart query: filters set in the filter bar win; words of the
    text that name another country, language or support type become filters
    too (shown as chips). A removed chip whose words could not be taken out of
    the text is "suppressed": then the text is searched literally.
    """
    started = time.perf_counter()
    explicit = {k: getattr(request, k) for k in KINDS}
    common = dict(open_now=request.open_now, limit=request.limit, now=request.now)
    try:
        answer = directory.find(request.text, **explicit, **common)
        if any(item in request.suppressed for item in answer.implied.items()):
            implied = {k: v for k, v in answer.implied.items() if (k, v) not in request.suppressed}
            chosen = {k: explicit[k] or implied.get(k) for k in KINDS}
            answer = directory.find(request.text, smart=False, **chosen, **common)
            answer.implied = implied
        error = None
    except Exception as e:  # a search must never take the app down
        answer, error = None, _("search failed: {error}").format(error=e)
    return SearchDone(request, answer, time.perf_counter() - started, error)
