"""JSON that msgspec reads as `directory.loading`'s capped parse does, some twice as fast.

`plain_value(data)` is the value `parse_json_bytes(data, ...)` gives, for an object that none of the caps
concerns; else `NOT_PLAIN`, and the capped parse reads it (and gives its message). An import reads every
service and attribute of a file this way, and the layer file (imports.json) too.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from .loading import MAX_FILE_BYTES, MAX_INT_DIGITS, MAX_JSON_DEPTH, json_depth

# What only parse_json_bytes reads as the caps say: a run of more digits than an integer may have (a float
# written with more than the 400 characters allowed has one too), found as a run of zeros once every digit
# is one (a regular expression takes ten times as long); a surrogate escape (a lone one is U+FFFD).
# (The same copy has each "{" as "[": one count gives the brackets that open.)
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789{", b"0" * 10 + b"[")
_TOO_MANY_DIGITS = b"0" * (MAX_INT_DIGITS + 1)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_DECODE = msgspec.json.Decoder().decode

NOT_PLAIN = object()


def plain_value(data: bytes) -> Any:
    """msgspec's value of `data` when it is the capped parse's value (of `data` within MAX_FILE_BYTES);
    else `NOT_PLAIN`, for the capped parse to read."""
    if is_plain(data):
        try:
            return _DECODE(data)
        except (msgspec.MsgspecError, ValueError):
            pass
    return NOT_PLAIN


def is_plain(data: bytes) -> bool:
    """Whether msgspec reads `data` as the capped parse of `directory.loading` does: an object that none of
    the caps concerns (no long number, no surrogate escape, no NUL, not too deep). msgspec refuses all that
    the json module does (bad UTF-8, raw control characters in strings, NaN, numbers that overflow); what
    it refuses goes to the capped parse, for its message."""
    if data[:1] != b"{" or len(data) > MAX_FILE_BYTES:
        return False
    zeroed = data.translate(_DIGITS_AS_ZERO)  # digits as 0, "{" as "["; a NUL stays a NUL
    return (
        b"\x00" not in zeroed
        and _TOO_MANY_DIGITS not in zeroed
        # (the pattern alone: looking for a backslash-u first took longer in JSON that holds JSON)
        and _SURROGATE_ESCAPE.search(data) is None
        and (zeroed.count(b"[") <= MAX_JSON_DEPTH or json_depth(data) <= MAX_JSON_DEPTH)
    )
