"""The footer: every active binding with its description, wrapped onto as many lines
as the width needs (Textual's Footer is one line and cuts keys off at 80 columns).

The quick-exit key is always first and always present, even on modal screens.
Clicking a key presses it.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key
from textual.widget import Widget

from directory.i18n import N_, _

from ..keys import SPECS

_ORDER = {s.id: i for i, s in enumerate(SPECS)}
ONE_LINE_BELOW = 24  # screen lines under which the footer keeps to one line
LEGEND = N_("● open ○ closed ? no hours ★ bookmark")  # f1 has the rest (tui/screens/help.py SYMBOLS)


def key_char(key: str) -> str | None:
    """The character a key types, if any ("slash" -> "/", "j" -> "j", "f2" -> None)."""
    if len(key) == 1:
        return key
    if "+" in key:
        return None
    try:
        return unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        return None


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--exit"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        background: $footer-background;
        color: $footer-foreground;
        .keybar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .keybar--description { color: $footer-description-foreground; }
        .keybar--exit { color: $text; background: $error; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spots: list[tuple[int, int, int, str]] = []  # (y, x0, x1, key)
        self._move: tuple[list[str], list[str]] = ([], [])

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh(layout=True)

    def groups(self) -> list[tuple[str, list[str], str, bool]]:
        """(binding id, keys, description, enabled) for every shown binding, quick exit first."""
        app = self.app
        found: dict[str, tuple[list[str], str, bool]] = {}
        try:
            active = self.screen.active_bindings
        except Exception:
            active = {}
        focused = self.screen.focused
        for key, ab in active.items():
            b = ab.binding
            if not b.show or not b.description:
                continue
            if focused is not None and ab.node is not focused and focused.check_consume_key(key, key_char(key)):
                continue  # e.g. "/" while typing in the search box: the box gets it
            gid = b.id or b.action.split(".")[-1]
            keys, _desc, enabled = found.setdefault(gid, ([], _(b.description), ab.enabled))
            keys.append(key)
        exit_keys = getattr(app, "quick_exit_keys", lambda: ["ctrl+q"])()
        found.pop("quick_exit", None)
        ordered = sorted(found.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
        out = [("quick_exit", exit_keys, _("Quick exit"), True)]
        if "next_result" in found and "prev_result" in found:  # one "↓/↑ Move" instead of two
            nxt, prv = found.pop("next_result"), found.pop("prev_result")
            self._move = (nxt[0], prv[0])
            found["next_result"] = (nxt[0][:1], _("Move"), nxt[2])
            ordered = sorted(found.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
        out += [(gid, keys, desc, enabled) for gid, (keys, desc, enabled) in ordered]
        return out

    def _move_keys(self) -> str:
        """ "↓↑/jk" for next (down, j) and previous (up, k)."""
        nxt, prv = self._move
        show = self.app.get_key_display_for
        pairs = [show(n) + show(p) for n, p in zip(nxt, prv, strict=False)]  # as many pairs as both have
        return "/".join(pairs[:2])

    def _lines(self, width: int) -> list[list[tuple[str, str, str, bool]]]:
        cells = [
            (gid, self.app.key_list_display(keys) if gid != "next_result" else self._move_keys(), desc, enabled)
            for gid, keys, desc, enabled in self.groups()
        ]
        if self.app.size.height < ONE_LINE_BELOW:
            return [self._one_line(cells, width)]
        lines: list[list[tuple[str, str, str, bool]]] = [[]]
        used = 0
        for gid, shown, desc, enabled in cells:
            cell = cell_len(shown) + cell_len(desc) + 4
            if lines[-1] and used + cell > width:
                lines.append([])
                used = 0
            lines[-1].append((gid, shown, desc, enabled))
            used += cell
        legend = _(LEGEND)
        if any(c[0] == "help" for c in cells) and used + cell_len(legend) + 2 <= width:
            lines[-1].append(("legend", "", legend, True))  # only where it costs no line
        return lines

    @staticmethod
    def _one_line(cells: list[tuple[str, str, str, bool]], width: int) -> list[tuple[str, str, str, bool]]:
        """On a short screen: the quick exit, then as many keys as fit, and help (which lists the rest)
        kept last, so the results keep their lines."""
        help_cell = next((c for c in cells if c[0] == "help"), None)
        reserve = cell_len(help_cell[1]) + cell_len(help_cell[2]) + 4 if help_cell else 0
        line: list[tuple[str, str, str, bool]] = []
        used = 0
        for cell in cells:
            if cell is help_cell:
                continue
            size = cell_len(cell[1]) + cell_len(cell[2]) + 4
            if line and used + size + reserve > width:
                continue  # a shorter one further on may still fit
            line.append(cell)
            used += size
        return line + ([help_cell] if help_cell else [])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(max(1, width))))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        exit_style = self.get_component_rich_style("keybar--exit")
        out = Text(no_wrap=True, overflow="crop")
        self._spots = []
        keys_by_gid = {gid: keys for gid, keys, _, _ in self.groups()}
        for y, line in enumerate(self._lines(max(1, self.size.width))):
            if y:
                out.append("\n")
            x = 0
            for gid, shown, desc, enabled in line:
                if gid == "legend":  # not a key: a reminder of what the marks mean
                    out.append(Text(f" {desc}", style=desc_style))
                    continue
                ks = exit_style if gid == "quick_exit" else key_style
                piece = Text.assemble(
                    (f" {shown} ", ks), (f"{desc} ", exit_style if gid == "quick_exit" else desc_style)
                )
                if not enabled:
                    piece.stylize("dim")
                out.append_text(piece)
                out.append(" ")
                self._spots.append((y, x, x + piece.cell_len, keys_by_gid[gid][0]))
                x += piece.cell_len + 1
        return out

    def on_click(self, event: events.Click) -> None:
        for y, x0, x1, key in self._spots:
            if event.y == y and x0 <= event.x < x1:
                event.stop()
                self.app.simulate_key(key)
                return
