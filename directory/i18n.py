"""The language vsd speaks: one translation function for the app, the cards and the command line.

Catalogs are gettext `.po` files kept in the repository, `locale/<lang>/LC_MESSAGES/vsd.po`, made from the
template `locale/vsd.pot` (`make catalogs` extracts it and updates every catalog). A `.po` is compiled to a
`.mo` on first use, into the cache dir (named by a hash of the `.po`, so an edited catalog is rebuilt), and
later runs only read that `.mo`: a fresh clone needs no build step, and `make run` speaks the catalog's
language at once. With the cache turned off ($VSD_CACHE_DIR="") the catalog is compiled in memory.

The language comes from `--lang`, then `language =` in the config file, then $LC_ALL, $LC_MESSAGES or $LANG,
then English (`choose_language`). `x-pseudo` is a generated pseudo-locale: every translated string becomes
`[!! Ŧřȧƞşŀȧŧḗḓ !!]`, so a screen in it shows at once which words never went through `_()`.

Strings defined before a language is chosen (tables, class attributes) are marked with `N_()` and
translated where they are shown, with `_()`.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import struct
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from . import paths

DOMAIN = "vsd"
ENGLISH = "en"
PSEUDO = "x-pseudo"
LOCALE_ENVS = ("LC_ALL", "LC_MESSAGES", "LANG")
_CODE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")


class PseudoTranslations(gettext.NullTranslations):
    """Every message wrapped in `[!! … !!]` with its letters swapped for accented look-alikes.

    Placeholders (`{name}`, `%(name)s`) and Rich markup tags (`[b]`, `[/]`) stay as they are, so a pseudo
    string formats and renders like the English one."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
)
# What the pseudo-locale leaves alone: placeholders and Rich markup tags.
_KEEP = re.compile(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[sd]|\[/?[a-z#@][^\[\]]*\]|\[/\]")


def pseudo(message: str) -> str:
    """`message` as the pseudo-locale shows it (see `PseudoTranslations`)."""
    if not message:
        return message
    out, last = [], 0
    for m in _KEEP.finditer(message):
        out.append(message[last : m.start()].translate(_PSEUDO_LETTERS))
        out.append(m.group())
        last = m.end()
    out.append(message[last:].translate(_PSEUDO_LETTERS))
    return f"[!! {''.join(out)} !!]"


_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH
_loaded: dict[str, gettext.NullTranslations] = {}
# A card made in another language than the app's (`using_language`) switches only its own context:
# the app's other threads and tasks keep speaking the UI language meanwhile.
_override: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("vsd_language", default=None)


def _active() -> gettext.NullTranslations:
    chosen = _override.get()
    return _translations if chosen is None else chosen[1]


def _(message: str) -> str:
    """`message` in the UI language (the English itself when there is no translation)."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the number `n`, in the UI language."""
    return _active().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the UI language, told apart from the same English word used elsewhere by `context`."""
    return _active().pgettext(context, message)


def gettext_in(language: str, message: str) -> str:
    """`message` in `language` (a code `set_language` accepts), whatever the UI language."""
    return translations_for(language).gettext(message)


@contextmanager
def using_language(code: str | None) -> Iterator[str]:
    """Speak `code` inside the block (a card in the victim's language); None keeps the current one.

    Raises ValueError like `set_language` for a language without a catalog."""
    if code is None:
        yield current_language()
        return
    lang = _resolve(code)
    token = _override.set((lang, translations_for(lang)))
    try:
        yield lang
    finally:
        _override.reset(token)


def N_(message: str) -> str:
    """Marks `message` for translation without translating it now (translate it with `_()` where it is shown)."""
    return message


def current_language() -> str:
    """The language spoken now: "en", a catalog's code ("de", "pt_BR") or "x-pseudo"."""
    chosen = _override.get()
    return _language if chosen is None else chosen[0]


def cldr_locale(language: str | None = None) -> str:
    """The babel (CLDR) locale for names and dates in `language` (default: the one spoken now);
    the pseudo-locale uses English names, so that only the catalog's strings look translated."""
    lang = language or current_language()
    return ENGLISH if lang == PSEUDO else lang


def set_language(code: str | None) -> str:
    """Speak `code` from now on (None or "en": English); returns the language set.

    Raises ValueError when there is no catalog for `code` (the message lists the languages there are)."""
    global _translations, _language
    lang = _resolve(code)
    _translations, _language = translations_for(lang), lang
    return _language


def _resolve(code: str | None) -> str:
    """The catalog's code for `code`, or ValueError naming the languages there are."""
    lang = catalog_language(normalize(code)) if code else ENGLISH
    if lang is None:
        raise ValueError(f"no translation for language {code!r} (available: {', '.join(available_languages())})")
    return lang


def translations_for(lang: str) -> gettext.NullTranslations:
    """The translations of a catalog's code, loaded once per run."""
    if lang == ENGLISH:
        return gettext.NullTranslations()
    if lang == PSEUDO:
        return PseudoTranslations()
    if lang not in _loaded:
        _loaded[lang] = load_translations(lang)
    return _loaded[lang]


def normalize(code: str) -> str:
    """A language tag as the catalogs name it: "de-DE" → "de_DE", "de_DE.UTF-8@euro" → "de_DE", "C" → "en"."""
    tag = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    if tag in ("", "C", "POSIX"):
        return ENGLISH
    if tag.lower() in (PSEUDO, "x_pseudo", "qps"):
        return PSEUDO
    lang, _sep, region = tag.partition("_")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


def catalog_language(lang: str) -> str | None:
    """The catalog that serves `lang` (normalized): its own, else its base language's ("pt_BR" → "pt")."""
    if lang in (ENGLISH, PSEUDO):
        return lang
    for candidate in (lang, lang.split("_")[0]):
        if candidate == ENGLISH:
            return ENGLISH
        if po_path(candidate).is_file():
            return candidate
    return None


def choose_language(cli: str | None, config: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `--lang`, then the config file's `language`, then the locale variables,
    then English. A locale variable naming a language without a catalog means English (no error: the
    terminal's locale is not a request to vsd); `--lang` and the config file are checked by the caller."""
    for chosen in (cli, config):
        if chosen and chosen.strip():
            return normalize(chosen)
    env = os.environ if environ is None else environ
    for name in LOCALE_ENVS:
        value = env.get(name, "").strip()
        if value:  # the first one set decides, as in POSIX
            return catalog_language(normalize(value)) or ENGLISH
    return ENGLISH


# -- catalogs on disk ------------------------------------------------------------------------------------


def locale_dir() -> Path:
    """The catalogs: inside the package when installed from a wheel, `locale/` at the root of a checkout."""
    packaged = Path(__file__).resolve().parent / "_locale"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "locale"


def po_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """English and every language with a catalog, by code."""
    try:
        found = sorted(p.parent.parent.name for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    except OSError:
        found = []
    return [ENGLISH, *(c for c in found if _CODE.match(c) and c != ENGLISH)]


def load_translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of `lang`: the cached `.mo` when it matches the `.po`, else compiled now."""
    po = po_path(lang).read_bytes()
    digest = f"{zlib.crc32(po):08x}{len(po):x}"  # names the build of this very .po (not a security check)
    cache = paths.cache_dir()
    mo = cache / "locale" / f"{lang}-{digest}.mo" if cache else None
    if mo is not None:
        try:
            return gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
        except (OSError, ValueError, struct.error):  # not built yet, or damaged: build it again
            pass
    data = compile_po(po, lang)
    if mo is not None:
        _store(mo, data)
    return gettext.GNUTranslations(io.BytesIO(data))


def compile_po(po: bytes, lang: str) -> bytes:
    """A `.po` file's bytes compiled to `.mo` bytes with babel (fuzzy entries left out: they stay English)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=lang.split("_")[0], domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _store(mo: Path, data: bytes) -> None:
    """Keep a compiled catalog for the next run; a cache that cannot be written only costs time."""
    from .atomic import write_bytes_atomic

    try:
        mo.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(mo, data)
    except OSError:
        pass
