"""Honest copying, and forgetting what was copied.

vsd copies with OSC 52, an escape sequence asking the terminal to set its clipboard. Whether the
terminal obeys cannot be seen from here (tmux ignores it unless `set-clipboard` allows it, many
terminals ask or refuse), so the app says it *sent* the text, never that it was copied.

On the quick exit, what vsd copied is overwritten with a harmless non-empty text and then emptied:
tmux and several terminals ignore an empty OSC 52, so "clear" alone would leave the card there.
tmux also keeps each copy as a paste buffer; the buffers that hold our cards are deleted, found by
their first line. Other terminal history (a clipboard manager's) is out of reach; the README says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable

from directory.i18n import _

HARMLESS = "-"  # what the clipboard holds for a moment after the quick exit, before it is emptied
TMUX_TIMEOUT_S = 0.5  # the quick exit must stay quick


def in_tmux(env: dict[str, str] | None = None) -> bool:
    return bool((env if env is not None else os.environ).get("TMUX"))


def sent_message(what: str, env: dict[str, str] | None = None) -> str:
    """What to say after sending `what` ("Referral card for X") to the terminal's clipboard."""
    if in_tmux(env):
        # The hint first: a long toast shows its first sentence only (tui.toasts), and the name is known.
        return _(
            "Sent to the terminal's clipboard (inside tmux it arrives only with `set -g set-clipboard on` in ~/.tmux.conf; or press e to save it to a file): {what}."
        ).format(what=what)
    return _(
        "{what} sent to the terminal's clipboard (if your terminal lets programs set it; otherwise press e)."
    ).format(what=what)


def forget(copy: Callable[[str], None], heads: Iterable[str], env: dict[str, str] | None = None) -> None:
    """Overwrite, then empty, the clipboard; in tmux also delete the paste buffers that begin with one
    of `heads` (the first lines of what vsd copied)."""
    copy(HARMLESS)
    copy("")
    if in_tmux(env):
        delete_tmux_buffers(set(h for h in heads if h))


def delete_tmux_buffers(heads: set[str]) -> int:
    """Delete the tmux paste buffers whose text starts with one of `heads`; how many went.

    Best effort and bounded: no tmux, a slow one or an error changes nothing else."""
    tmux = shutil.which("tmux")
    if not tmux or not heads:
        return 0
    try:
        listed = subprocess.run(
            [tmux, "list-buffers", "-F", "#{buffer_name}\t#{buffer_sample}"],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return 0
    gone = 0
    for line in listed.stdout.splitlines():
        name, _sep, sample = line.partition("\t")
        if name and any(sample.startswith(h[:40]) for h in heads):
            try:
                subprocess.run([tmux, "delete-buffer", "-b", name], timeout=TMUX_TIMEOUT_S, check=False)
                gone += 1
            except (OSError, subprocess.SubprocessError):
                break
    return gone
