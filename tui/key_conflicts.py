"""Keys the config file's [keys] table gives to two actions at once, and which action keeps the key.

Two bindings conflict when they hold one key where both can be pressed at the same moment (see
`live_together`). Only a key the file *gives* can start a conflict: the app's own defaults overlap on
purpose (enter opens a result from the search box and from the list). Who keeps the key:

- the quick exit, always: it is how a caseworker hides the screen, so no line can take its key, and a
  line that moves it takes the key from whatever had it;
- otherwise an action that has the key by default keeps it, and of two lines that ask for one key the
  earlier wins. The line that loses keeps its other keys, or else the action's default keys.

Each conflict is one sentence naming the line, said once at start with the other config problems.
"""

from __future__ import annotations

from textual.keys import key_to_character

from directory.i18n import N_, _

from .keys import DIALOGS, EVERYWHERE, FILTERS, SEARCH_BOX, SPEC_BY_ID, SPECS, KeySpec

MAIN = "Main screen"
QUICK_EXIT = "quick_exit"
# The filter bar's bindings sit on different widgets; only those of one widget can be pressed together.
_WIDGET = {"filter_choose": "button", "filter_clear": "button", "open_now_switch": "switch", "remove_chip": "chip"}
_PLACE = {
    MAIN: N_("on the main screen"),
    SEARCH_BOX: N_("in the search box"),
    FILTERS: N_("on the filter bar"),
    DIALOGS: N_("in pickers and dialogs"),
    EVERYWHERE: N_("everywhere"),
}


def split(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def live_together(a: KeySpec, b: KeySpec) -> bool:
    """Whether `a` and `b` can both answer one key press: the app's keys answer everywhere, and the
    search box and the filter bar sit on the main screen."""
    if EVERYWHERE in (a.where, b.where):
        return True
    if a.where == b.where:
        return a.where != FILTERS or _WIDGET.get(a.id) == _WIDGET.get(b.id)
    return {a.where, b.where} in ({MAIN, SEARCH_BOX}, {MAIN, FILTERS})


def _place(a: KeySpec, b: KeySpec) -> str:
    where = b.where if a.where == EVERYWHERE else a.where
    return _(_PLACE.get(where, where.lower()))


class _Keymap:
    """The keys each action has while conflicts are settled, and the lines (in file order) that gave them."""

    def __init__(self, given: dict[str, str]) -> None:
        self.lines = {i: v for i, v in given.items()}  # as written, for the messages
        self.order = list(given)
        self.given = {i: split(v) for i, v in given.items()}
        self.lost: dict[str, set[str]] = {}  # default keys an action lost to a moved quick exit

    def keys(self, binding_id: str) -> list[str]:
        if self.given.get(binding_id):
            return self.given[binding_id]
        return [k for k in split(SPEC_BY_ID[binding_id].keys) if k not in self.lost.get(binding_id, set())]

    def new(self, binding_id: str) -> list[str]:
        """The keys the file gives an action that it does not have by default."""
        default = split(SPEC_BY_ID[binding_id].keys)
        return [k for k in self.given.get(binding_id, []) if k not in default]

    def take(self, binding_id: str, key: str) -> None:
        if binding_id in self.given:
            self.given[binding_id] = [k for k in self.given[binding_id] if k != key]
        if not self.given.get(binding_id):
            self.given.pop(binding_id, None)
            if key in split(SPEC_BY_ID[binding_id].keys):
                self.lost.setdefault(binding_id, set()).add(key)

    def kept(self, binding_id: str) -> str:
        left = self.keys(binding_id)
        return (
            _("{binding_id} keeps {keys}").format(binding_id=binding_id, keys=",".join(left))
            if left
            else _("{binding_id} has no key left (give it one in [keys])").format(binding_id=binding_id)
        )

    def line(self, binding_id: str) -> str:
        return f'[keys] {binding_id} = "{self.lines[binding_id]}"'

    def result(self) -> dict[str, str]:
        out = {i: ",".join(v) for i, v in self.given.items()}
        for binding_id in self.lost:
            if binding_id not in out and (left := self.keys(binding_id)):
                out[binding_id] = ",".join(left)
        return out


def settle(given: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The keymap without conflicts, and one sentence per conflict. `given` holds the file's lines
    (valid ids and key lists) in file order."""
    km = _Keymap(given)
    problems = [_typed_quick_exit(km, k) for k in km.new(QUICK_EXIT) if _is_typed(k)]
    while (found := _first_conflict(km)) is not None:
        problems.append(_resolve(km, *found))
    return km.result(), problems


def _first_conflict(km: _Keymap) -> tuple[str, str, str] | None:
    """(the line's action, the key, the other action) of the first conflict in file order."""
    for a in km.order:
        for key in km.new(a):
            for b in sorted(SPECS, key=lambda s: s.where != SPEC_BY_ID[a].where):  # the same place first
                if b.id != a and key in km.keys(b.id) and live_together(SPEC_BY_ID[a], b):
                    return a, key, b.id
    return None


def _resolve(km: _Keymap, a: str, key: str, b: str) -> str:
    """Settle one conflict: `a`'s line gives `key`, which `b` has. Returns the sentence saying so."""
    if a == QUICK_EXIT:
        km.take(b, key)
        return _("{line} takes {key} from {other}; the quick exit wins, {kept}").format(
            line=km.line(a), key=key, other=b, kept=km.kept(b)
        )
    if b == QUICK_EXIT:
        km.take(a, key)
        return _("{line} is the quick-exit key; {kept}").format(line=km.line(a), kept=km.kept(a))
    place = _place(SPEC_BY_ID[a], SPEC_BY_ID[b])
    if key in km.new(b):  # `b` is a later line (an earlier one would have been found first)
        km.take(b, key)
        return _(
            "{line} asks for {key}, which {earlier} (an earlier line) has {place}; {other} keeps it, {kept}"
        ).format(
            line=km.line(b), key=key, earlier=km.line(a).removeprefix("[keys] "), place=place, other=a, kept=km.kept(b)
        )
    km.take(a, key)
    return _("{line} is {other}'s key {place}; {other} keeps it, {kept}").format(
        line=km.line(a), other=b, place=place, kept=km.kept(a)
    )


def _is_typed(key: str) -> bool:
    ch = key_to_character(key)
    return len(key) == 1 or (ch is not None and ch.isprintable())


def _typed_quick_exit(km: _Keymap, key: str) -> str:
    return _("{line}: {key} is also typed in the search box, and typing it there leaves the app").format(
        line=km.line(QUICK_EXIT), key=key
    )


def clash_text(displaced: list[tuple[str, str]], keymap: dict[str, str]) -> str:
    """Words for a clash Textual found at run time: `displaced` holds (action, key) pairs that a
    remapped binding pushed out on one widget; the remapped one wins there."""
    parts = []
    for loser, key in sorted(displaced):
        takers = sorted(i for i, keys in keymap.items() if key in split(keys) and i != loser)
        taker = f'[keys] {takers[0]} = "{keymap[takers[0]]}"' if takers else "[keys]"
        winner = takers[0] if takers else _("the remapped key")
        parts.append(
            _("{taker} takes {key} from {loser} here; {winner} wins").format(
                taker=taker, key=key, loser=loser, winner=winner
            )
        )
    return "; ".join(parts)
