"""Command palette (ctrl+p): every action of the current screen, by name, with its key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from directory.i18n import _

from .keys import SPEC_BY_ID, SPECS


class VsdCommands(Provider):
    """Lists the bindings of the screen the palette was opened from (and the app's)."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        app = self.app
        seen: dict[str, tuple[str, str, object]] = {}
        order = {s.id: i for i, s in enumerate(SPECS)}
        for node in (screen, app):
            for _key, binding in node._bindings:
                if binding.id not in SPEC_BY_ID or binding.id in seen or not binding.description:
                    continue
                if binding.id in ("command_palette",):
                    continue
                keys = app.effective_keymap().get(binding.id, binding.key)
                shown = ", ".join(app.get_key_display_for(k) for k in keys.split(","))
                help_text = f"{_(SPEC_BY_ID[binding.id].help)}  ({shown})"
                seen[binding.id] = (_(binding.description), help_text, partial(node.run_action, binding.action))
        items = [seen[k] for k in sorted(seen, key=lambda k: order.get(k, 999))]
        extra = getattr(screen, "palette_extras", None)
        if extra is not None:
            items += list(extra())
        items.append(
            (_("Switch dark / light theme"), _("Toggle between the dark and the light theme"), app.action_toggle_dark)
        )
        items.append(
            (_("Messages"), _("The whole text of the recent notifications, newest first"), app.action_messages)
        )
        return items

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                shown = Content(name) if "[" in name else matcher.highlight(name)
                yield Hit(score, shown, callback, text=name, help=escape(help_text))
