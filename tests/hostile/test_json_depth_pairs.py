"""json_depth drops the strings without brackets before it splits at the quotes: the same depth, whatever
the text (valid JSON or not), as the split alone gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.loading import MAX_JSON_DEPTH, json_depth


def _split_only(data: bytes, limit: int = MAX_JSON_DEPTH) -> int:
    """json_depth as it was before the pairs of quotes were dropped first."""
    if b"[" not in data and b"{" not in data:
        return 0
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = bytes(b for b in data if b in b'"[]{}')
    if b'"' in brackets:
        brackets = b"".join(brackets.split(b'"')[::2])
    brackets = brackets.translate(bytes.maketrans(b"[{]}", b"(())"))
    depth = 0
    while brackets and depth <= limit:
        peeled = brackets.replace(b"()", b"")
        if len(peeled) == len(brackets):
            break
        brackets = peeled
        depth += 1
    if brackets and depth <= limit:
        depth += min(brackets.count(b"("), limit + 1)
    return depth


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='"[]{}\\a: ', max_size=120))
def test_the_depth_is_that_of_the_split_alone(text: str) -> None:
    data = text.encode()
    assert json_depth(data) == _split_only(data)
    assert json_depth(data, limit=3) == _split_only(data, limit=3)


def test_brackets_in_strings_beside_empty_strings_do_not_count() -> None:
    assert json_depth(b'["", "[[", "", {"a": ""}, "]"]') == 2
