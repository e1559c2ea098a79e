"""vsd's domain core: records, vocabularies, validation, search and the local store.

Headless on purpose: nothing here imports Textual, so scripts can use it too.

    >>> from directory import Directory
    >>> d = Directory.open()
    >>> d.search("kinder telefon deutschland")[0].service["name"]
    'Nummer gegen Kummer'
"""

from .countries import country_name, resolve_country
from .directory import Directory
from .hours import is_open, next_opening
from .languages import language_name, resolve_language
from .query import ParsedQuery, parse_query
from .search import Hit
from .support_types import resolve_support_type

__all__ = [
    "Directory",
    "Hit",
    "ParsedQuery",
    "country_name",
    "is_open",
    "language_name",
    "next_opening",
    "parse_query",
    "resolve_country",
    "resolve_language",
    "resolve_support_type",
]
