"""vsd's domain core: records, vocabularies, validation, search and the local store.

Headless on purpose: nothing here imports Textual, so scripts can use it too.

    >>> from directory import Directory
    >>> d = Directory.open()
    >>> d.search("kinder telefon deutschland")[0].service["name"]
    'Nummer gegen Kummer'
"""

from importlib import import_module
from typing import Any

# Public names and the module that holds each. They load on first use, so a
# light import (`directory.safe_text` before the app's first frame) does not
# pay for the search engine and the vocabularies.
_EXPORTS = {
    "Directory": "directory",
    "Hit": "search",
    "ParsedQuery": "query",
    "country_name": "countries",
    "is_open": "hours",
    "language_name": "languages",
    "next_opening": "hours",
    "parse_query": "query",
    "resolve_country": "countries",
    "resolve_language": "languages",
    "resolve_support_type": "support_types",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
