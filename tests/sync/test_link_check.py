"""The politeness of the link check: requests in flight, one host's pace, what it says about itself.
(Live, moved, dead, refused and slow pages on a loopback server: tests/cli/test_feed_check.py.)"""

from __future__ import annotations

import asyncio
from collections import defaultdict

import httpx

from sync.link_check import LinkSettings, check_links


class CountingTransport(httpx.AsyncBaseTransport):
    """Answers 200 after yielding to the loop a few times, counting the requests in flight."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.starts: defaultdict[str, list[float]] = defaultdict(list)
        self.agents: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        self.starts[request.url.host].append(asyncio.get_running_loop().time())
        self.agents.add(request.headers["user-agent"])
        for _ in range(5):
            await asyncio.sleep(0)
        self.in_flight -= 1
        return httpx.Response(200)


def test_no_more_requests_in_flight_than_allowed():
    transport = CountingTransport()
    urls = [f"http://host{i}.example.org/" for i in range(20)]
    results = check_links(urls, LinkSettings(concurrency=3, per_host_interval=0), transport=transport)
    assert [r.status for r in results] == ["ok"] * 20 and [r.url for r in results] == urls
    assert transport.most == 3


def test_one_host_is_asked_at_its_pace_and_each_url_once():
    transport = CountingTransport()
    urls = [f"http://one.example.org/{i}" for i in range(3)] * 2  # each twice: asked once
    check_links(urls, LinkSettings(concurrency=8, per_host_interval=0.05), transport=transport)
    starts = transport.starts["one.example.org"]
    assert len(starts) == 3
    # A lower bound only (asyncio.sleep never returns early by more than the clock's resolution).
    assert all(b - a >= 0.04 for a, b in zip(starts, starts[1:], strict=False))


def test_it_says_what_it_is():
    transport = CountingTransport()
    check_links(["https://example.org/"], LinkSettings(per_host_interval=0), transport=transport)
    [agent] = transport.agents
    assert agent.startswith("vsd/") and "curator link check" in agent


def test_what_is_not_an_http_url_is_not_fetched():
    transport = CountingTransport()
    results = check_links(["ftp://example.org/x", "http://", "mailto:a@b.org"], transport=transport)
    assert [r.status for r in results] == ["invalid"] * 3 and all(r.problem for r in results)
    assert transport.most == 0
