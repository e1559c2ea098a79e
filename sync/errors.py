"""What can go wrong in a sync, as errors a caseworker can read and a script can branch on.

Exit codes (the `vsd sync` contract): 0 updated or up to date, 1 refused,
2 usage, 3 feed unreachable, 4 the disk is full (directory.errors.DiskFullError). Every refusal names the attack class first
("rollback: ...", "freeze: ..."), so the message says what kind of thing
happened before it says the details.
"""

from __future__ import annotations

from directory.errors import VsdError


class SyncError(VsdError):
    """Base of every error a sync raises; the local copy is unchanged when it is raised."""


class SyncUsageError(SyncError):
    """The sync cannot start: no feed URL or trusted root, or one that is unusable."""

    exit_code = 2


class SyncRefused(SyncError):
    """The feed answered, but what it offered failed verification or validation.

    `attack` names the class of attack (or failure) the check caught, e.g.
    "rollback", "freeze", "tampered target", "unknown key", "mix-and-match",
    "endless data", "invalid data". `problems` lists validation problems.
    """

    exit_code = 1

    def __init__(self, attack: str, detail: str, *, keeping: str = "", problems: list[str] | None = None):
        self.attack = attack
        self.detail = detail
        self.keeping = keeping
        self.problems = list(problems or [])
        super().__init__(self._message())

    def _message(self, limit: int = 20) -> str:
        msg = f"{self.attack}: {self.detail}"
        msg += f" — refused, {self.keeping}" if self.keeping else " — refused"
        if self.problems:
            shown = self.problems[:limit]
            msg += "".join(f"\n  {p}" for p in shown)
            if len(self.problems) > limit:
                msg += f"\n  ... and {len(self.problems) - limit} more"
        return msg

    def with_keeping(self, keeping: str) -> SyncRefused:
        return SyncRefused(self.attack, self.detail, keeping=keeping, problems=self.problems)


class FeedOffline(SyncError):
    """The feed could not be reached (or not in time); nothing was verified or changed."""

    exit_code = 3

    def __init__(self, reason: str, *, since: str = ""):
        self.reason = reason
        self.since = since
        keeping = f"keeping your copy from {since}" if since else "keeping your copy"
        super().__init__(f"offline: {keeping} ({reason})")


class SyncBusy(SyncError):
    """Another sync holds the data dir's sync lock."""

    exit_code = 3


class PublishError(VsdError):
    """The publisher refused (invalid data, an old version, a broken feed dir)."""

    exit_code = 1
