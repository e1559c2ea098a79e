"""Values built once, on first use, safely across threads (vocabularies take seconds to build)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """Wrap a builder so its result is made on the first call only, even with threads racing."""
    lock = threading.Lock()
    box: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        if not box:
            with lock:
                if not box:
                    box.append(build())
        return box[0]

    return get
