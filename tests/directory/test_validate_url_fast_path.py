"""`is_http_url` answers plain URLs without urlsplit: the answer must be urlsplit's for every string."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.validate import _is_http_url_split, is_http_url

TRICKY = [
    "https://www.example.org",
    "http://example.org/path?q=1#frag",
    "https://localhost/",
    "https://a./",
    "https://.",
    "HTTPS://EXAMPLE.ORG",
    " https://example.org",
    "https://example.org/a b",
    "https://example.org/\u00a0",
    "https://exa\tmple.org",
    "https://user@example.org",
    "https://example.org:8080/x",
    "https://[::1]/",
    "https://[bad/",
    "https://example.org#x y",
    "https://bücher.example/",
    "ftp://example.org",
    "https:/example.org",
    "https://example.org\\evil.com",
    "https://-.-/",
    "https://example.org/\x1c",
    "https://example.org?",
    "https://a.b#",
    "http://a.b/é",
    "https://example.org/x\x7f",
    "http://",
    "https://.-/?",
]


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_urls_get_urlsplits_answer(value):
    assert is_http_url(value) == _is_http_url_split(value)


def test_the_fast_path_is_taken_and_can_say_no():
    assert is_http_url("https://www.example.org/help") is True
    assert is_http_url("https://localhost/help") is False


URLISH = st.text(alphabet=st.sampled_from(list("hts:/.?#@[]-_aAzZ09 \t\u00a0\u3000é\\%")), max_size=30)


@given(st.one_of(URLISH, st.builds(lambda s: "https://" + s, URLISH), st.builds(lambda s: "http://" + s, URLISH)))
def test_any_string_gets_urlsplits_answer(value):
    assert is_http_url(value) == _is_http_url_split(value)
