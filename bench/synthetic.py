"""Synthetic multilingual directories for benchmarks: N services that pass `directory.validate`.

    from bench.synthetic import generate
    env = generate(100_000, seed=1)      # {schema, version, generated_at, services}

Names are built from real vocabularies: CLDR exemplar-city names in the
country's own language and script (babel), ISO 3166-2 subdivisions
(pycountry), CLDR country names, and a small table of service words per
language (below). Phones are valid numbers for their country (phonenumbers),
hours mix 24/7, office hours and ranges past midnight in the country's time
zone (tzdata), descriptions are 100-400 characters. Same seed, same directory.

Run as a script to print a sample and check that 1,000 records validate.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import phonenumbers
import pycountry
from babel import Locale
from babel.languages import get_official_languages

from directory import support_types
from directory.languages import canonical

# (country, its main language) — 40 countries where the bundled data lives plus
# a few with other scripts (Japanese, Korean, Thai, Hebrew, Arabic, Georgian).
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("DE", "de"),
    ("AT", "de"),
    ("CH", "de"),
    ("FR", "fr"),
    ("BE", "nl"),
    ("NL", "nl"),
    ("LU", "fr"),
    ("GB", "en"),
    ("IE", "en"),
    ("ES", "es"),
    ("PT", "pt"),
    ("IT", "it"),
    ("MT", "en"),
    ("GR", "el"),
    ("CY", "el"),
    ("PL", "pl"),
    ("CZ", "cs"),
    ("SK", "sk"),
    ("HU", "hu"),
    ("SI", "sl"),
    ("HR", "hr"),
    ("RS", "sr"),
    ("BA", "bs"),
    ("ME", "sr"),
    ("MK", "mk"),
    ("AL", "sq"),
    ("BG", "bg"),
    ("RO", "ro"),
    ("MD", "ro"),
    ("UA", "uk"),
    ("LT", "lt"),
    ("LV", "lv"),
    ("EE", "et"),
    ("FI", "fi"),
    ("SE", "sv"),
    ("NO", "nb"),
    ("DK", "da"),
    ("IS", "is"),
    ("TR", "tr"),
    ("GE", "ka"),
    ("JP", "ja"),
    ("KR", "ko"),
    ("TH", "th"),
    ("IL", "he"),
    ("AE", "ar"),
    ("US", "en"),
    ("CA", "en"),
    ("AU", "en"),
)

# Service words per language: (child helpline, victim support, shelter, counselling, generic help centre,
# organisation). Real phrases as services in those countries call themselves.
TERMS: dict[str, tuple[str, str, str, str, str, str]] = {
    "en": ("Child Helpline", "Victim Support", "Women's Refuge", "Listening Line", "Help Centre", "Foundation"),
    "de": ("Kinder- und Jugendtelefon", "Opferhilfe", "Frauenhaus", "Telefonseelsorge", "Beratungsstelle", "Verein"),
    "fr": (
        "Ligne d'écoute enfance",
        "Aide aux victimes",
        "Foyer d'accueil",
        "Écoute et soutien",
        "Centre d'aide",
        "Association",
    ),
    "nl": ("Kindertelefoon", "Slachtofferhulp", "Vrouwenopvang", "Luisterlijn", "Hulpcentrum", "Stichting"),
    "es": (
        "Teléfono de la infancia",
        "Atención a víctimas",
        "Casa de acogida",
        "Teléfono de la esperanza",
        "Centro de ayuda",
        "Fundación",
    ),
    "pt": (
        "Linha de apoio à criança",
        "Apoio à vítima",
        "Casa abrigo",
        "Linha de escuta",
        "Centro de apoio",
        "Associação",
    ),
    "it": (
        "Telefono azzurro",
        "Assistenza vittime",
        "Casa rifugio",
        "Telefono amico",
        "Centro di ascolto",
        "Fondazione",
    ),
    "el": (
        "Γραμμή για παιδιά",
        "Υποστήριξη θυμάτων",
        "Ξενώνας φιλοξενίας",
        "Γραμμή ψυχολογικής υποστήριξης",
        "Κέντρο βοήθειας",
        "Σύλλογος",
    ),
    "pl": (
        "Telefon zaufania dla dzieci",
        "Pomoc ofiarom przestępstw",
        "Schronisko dla kobiet",
        "Wsparcie psychologiczne",
        "Ośrodek pomocy",
        "Fundacja",
    ),
    "cs": ("Linka bezpečí", "Pomoc obětem", "Azylový dům", "Krizová linka", "Poradna", "Spolek"),
    "sk": ("Linka detskej istoty", "Pomoc obetiam", "Krízové centrum", "Linka dôvery", "Poradňa", "Nadácia"),
    "hu": (
        "Kék Vonal gyermekkrízis",
        "Áldozatsegítő szolgálat",
        "Anyaotthon",
        "Lelkisegély-vonal",
        "Segítő központ",
        "Alapítvány",
    ),
    "sl": ("TOM telefon za otroke", "Pomoč žrtvam", "Varna hiša", "Zaupni telefon", "Svetovalnica", "Društvo"),
    "hr": ("Hrabri telefon", "Podrška žrtvama", "Sklonište za žene", "Savjetovalište", "Centar za pomoć", "Udruga"),
    "sr": ("Дечја линија", "Подршка жртвама", "Сигурна кућа", "Саветовалиште", "Центар за помоћ", "Удружење"),
    "bs": ("Plavi telefon", "Podrška žrtvama", "Sigurna kuća", "Savjetovalište", "Centar za pomoć", "Udruženje"),
    "mk": ("Линија за деца", "Поддршка на жртви", "Засолниште", "Советувалиште", "Центар за помош", "Здружение"),
    "sq": ("Linja e fëmijëve", "Mbështetje për viktimat", "Strehëz", "Këshillimore", "Qendra e ndihmës", "Shoqata"),
    "bg": (
        "Национална телефонна линия за деца",
        "Подкрепа за пострадали",
        "Кризисен център",
        "Телефон на доверието",
        "Център за помощ",
        "Фондация",
    ),
    "ro": (
        "Telefonul copilului",
        "Sprijin pentru victime",
        "Adăpost",
        "Linia de ascultare",
        "Centru de sprijin",
        "Asociația",
    ),
    "uk": ("Дитяча гаряча лінія", "Допомога постраждалим", "Притулок", "Телефон довіри", "Центр допомоги", "Фонд"),
    "lt": (
        "Vaikų linija",
        "Pagalba nukentėjusiems",
        "Krizių centras",
        "Jaunimo linija",
        "Pagalbos centras",
        "Asociacija",
    ),
    "lv": (
        "Bērnu un pusaudžu uzticības tālrunis",
        "Atbalsts cietušajiem",
        "Krīzes centrs",
        "Uzticības tālrunis",
        "Palīdzības centrs",
        "Biedrība",
    ),
    "et": ("Lasteabi", "Ohvriabi", "Naiste tugikeskus", "Usaldustelefon", "Abikeskus", "Sihtasutus"),
    "fi": ("Lasten ja nuorten puhelin", "Rikosuhripäivystys", "Turvakoti", "Kriisipuhelin", "Neuvontakeskus", "Säätiö"),
    "sv": ("Barnens hjälptelefon", "Brottsofferjouren", "Kvinnojour", "Stödlinje", "Hjälpcenter", "Stiftelsen"),
    "nb": (
        "Alarmtelefonen for barn og unge",
        "Støttesenter for kriminalitetsutsatte",
        "Krisesenter",
        "Kirkens SOS",
        "Hjelpesenter",
        "Stiftelsen",
    ),
    "da": ("Børnetelefonen", "Offerrådgivning", "Krisecenter", "Livslinien", "Rådgivning", "Fonden"),
    "is": ("Hjálparsími barna", "Stuðningur við brotaþola", "Kvennaathvarf", "Hjálparsíminn", "Ráðgjöf", "Samtök"),
    "tr": (
        "Çocuk yardım hattı",
        "Mağdur destek",
        "Kadın sığınma evi",
        "Psikolojik destek hattı",
        "Yardım merkezi",
        "Vakfı",
    ),
    "ka": (
        "ბავშვთა ცხელი ხაზი",
        "მსხვერპლთა დახმარება",
        "თავშესაფარი",
        "ნდობის ტელეფონი",
        "დახმარების ცენტრი",
        "ფონდი",
    ),
    "ja": ("子ども相談ダイヤル", "被害者支援センター", "シェルター", "いのちの電話", "相談センター", "財団"),
    "ko": ("아동 상담 전화", "피해자 지원 센터", "쉼터", "생명의 전화", "상담 센터", "재단"),
    "th": ("สายด่วนเด็ก", "ศูนย์ช่วยเหลือผู้เสียหาย", "บ้านพักฉุกเฉิน", "สายด่วนสุขภาพจิต", "ศูนย์ช่วยเหลือ", "มูลนิธิ"),
    "he": ("קו חם לילדים", "סיוע לנפגעי עבירה", "מקלט לנשים", "קו תמיכה", "מרכז סיוע", "עמותת"),
    "ar": ("خط نجدة الطفل", "دعم الضحايا", "دار الإيواء", "خط الدعم النفسي", "مركز المساعدة", "مؤسسة"),
}

_TYPE_SLOT = {"child_helpline": 0, "victim_support": 1, "shelter": 2, "domestic_violence": 2, "counselling": 3}
_TYPES = tuple(support_types.LABELS)
_TYPE_WEIGHTS = tuple(0.2 if t == "emergency" else 3.0 if t in _TYPE_SLOT else 1.0 for t in _TYPES)
_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_SENTENCES = (
    "Free and confidential support by phone, chat and e-mail.",
    "Trained counsellors listen without judging and help find next steps.",
    "You do not have to give your name.",
    "Calls do not appear on the phone bill.",
    "Support for children, young people, parents and professionals.",
    "Referral to local services, shelters and legal advice.",
    "Interpreters can be arranged for many languages.",
    "Reports are passed to the police where a child is in danger.",
    "Help after violence, abuse, exploitation or online harm.",
    "Open to anyone affected, including witnesses and relatives.",
)


@cache
def _zones() -> dict[str, list[str]]:
    """Country -> IANA time zones, from tzdata's zone.tab."""
    from importlib import resources

    out: dict[str, list[str]] = {}
    text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            cc, _, tz = line.split("\t")[:3]
            out.setdefault(cc, []).append(tz)
    return out


@cache
def _cities(country: str, lang: str) -> list[str]:
    """Exemplar cities of the country's time zones and its subdivisions, in its own language."""
    names: list[str] = []
    try:
        loc = Locale.parse(lang)
        zones = loc.time_zones
        for tz in _zones().get(country, []):
            city = zones.get(tz, {}).get("city")
            if city:
                names.append(city)
    except Exception:
        loc = None
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        names.append(sub.name.split(" [")[0])
    if loc is not None:
        name = loc.territories.get(country)
        if name:
            names.append(name)
    return sorted(set(names)) or [country]


def _variants(
    country: str, kinds: tuple[Any, ...], digits: int, step: int, count: int | None
) -> Iterator[tuple[int, Any]]:
    """(k, number) for the valid numbers of the country's example numbers of each kind with their last
    `digits` digits (or as many as the number has but two) counted up by `step`, `count` of them (None: all)."""
    pn = phonenumbers
    for kind in kinds:
        ex = pn.example_number_for_type(country, kind)
        if ex is None:
            continue
        base = str(ex.national_number)
        width = min(digits, len(base) - 2)
        start, size = int(base[-width:]), 10**width
        for k in range(size if count is None else count):
            num = pn.PhoneNumber(
                country_code=ex.country_code,
                national_number=int(base[:-width] + f"{(start + k * step) % size:0{width}d}"),
            )
            if ex.italian_leading_zero:
                num.italian_leading_zero = True
            if pn.is_valid_number(num):
                yield k, num


@cache
def _phones(country: str) -> list[str]:
    """Valid numbers for the country in national format (plus the EU short numbers where valid)."""
    pn = phonenumbers
    kinds = (pn.PhoneNumberType.FIXED_LINE, pn.PhoneNumberType.TOLL_FREE, pn.PhoneNumberType.MOBILE)
    out = [
        pn.format_number(num, pn.PhoneNumberFormat.INTERNATIONAL if k % 3 == 0 else pn.PhoneNumberFormat.NATIONAL)
        for k, num in _variants(country, kinds, 2, 7, 40)
    ]
    for short in ("116 111", "116 006", "116 000", "112"):
        if pn.is_valid_short_number_for_region(pn.parse(short, country), country):
            out.append(short)
    return out or ["112"]


@cache
def _languages(country: str, lang: str) -> tuple[str, ...]:
    langs = [lang]
    for code in get_official_languages(country, de_facto=True)[:3]:
        c = canonical(code)
        if c and c not in langs:
            langs.append(c)
    return tuple(langs)


@lru_cache(maxsize=100_000)
def _slug(text: str) -> str:
    from directory.normalize import fold

    return "-".join(fold(text).split())[:60] or "x"


def _hours(rng: random.Random, country: str) -> dict[str, Any]:
    tz = _zones().get(country, ["Europe/Brussels"])[0]
    r = rng.random()
    if r < 0.35:
        return {"timezone": tz, "always_open": True}
    if r < 0.5:  # evenings, past midnight
        return {
            "timezone": tz,
            "weekly": [
                {
                    "days": rng.sample(_DAYS, rng.randint(3, 7)),
                    "opens": "20:00",
                    "closes": rng.choice(["02:00", "00:00", "06:00"]),
                }
            ],
        }
    opens = rng.choice(["08:00", "09:00", "10:00", "14:00"])
    closes = rng.choice(["16:00", "18:00", "20:00", "22:00", "24:00"])
    spans = [{"days": _DAYS[:5], "opens": opens, "closes": closes}]
    if rng.random() < 0.4:
        spans.append({"days": ["sat"], "opens": "10:00", "closes": "14:00"})
    return {"timezone": tz, "weekly": spans}


def _numbers(country: str) -> Iterator[str]:
    """Valid numbers for the country, each once, in national format: its example numbers (fixed line,
    mobile, toll free) with their last digits counted up -- a number of its own for each service, as in
    a real directory, where the phone metadata checks every number once."""
    pn = phonenumbers
    kinds = (pn.PhoneNumberType.FIXED_LINE, pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.TOLL_FREE)
    for _k, num in _variants(country, kinds, 6, 1, None):
        yield pn.format_number(num, pn.PhoneNumberFormat.NATIONAL)


def service(i: int, rng: random.Random, numbers: dict[str, Iterator[str]] | None = None) -> dict[str, Any]:
    """Service `i`; with `numbers` (country -> _numbers), its phone is the country's next number."""
    country, lang = rng.choice(COUNTRIES)
    terms = TERMS[lang]
    stype = rng.choices(_TYPES, _TYPE_WEIGHTS)[0]
    types = [stype] + ([t] if (t := rng.choice(_TYPES)) != stype and rng.random() < 0.3 else [])
    term = terms[_TYPE_SLOT.get(stype, 4)]
    city = rng.choice(_cities(country, lang))
    shape = rng.random()
    if shape < 0.55:
        name = f"{term} {city}"
    elif shape < 0.8:
        name = f"{terms[5]} {city} – {term}"
    else:
        name = f"{term} {rng.choice(_cities(country, lang))} {city}"
    if rng.random() < 0.3:
        name += f" {rng.randint(1, 99)}"
    en_term = TERMS["en"][_TYPE_SLOT.get(stype, 4)]
    area = rng.choices(["national", "regional", "international"], [0.6, 0.35, 0.05])[0]
    countries = [country]
    if area == "international":
        countries += [c for c, _ in rng.sample(COUNTRIES, rng.randint(2, 6)) if c != country]
    if numbers is None:
        number = rng.choice(_phones(country))
    else:
        if country not in numbers:
            numbers[country] = _numbers(country)
        number = next(numbers[country], None) or rng.choice(_phones(country))
    channels: list[dict[str, Any]] = [{"kind": "phone", "value": number, "country": country}]
    host = _slug(f"{term} {city}").replace("-", "")[:30] or "help"
    slug = _slug(f"{terms[_TYPE_SLOT.get(stype, 4)]} {city}")[:50]
    if rng.random() < 0.6:
        channels.append({"kind": "web", "value": f"https://www.{host}.example.org/"})
    if rng.random() < 0.3:
        channels.append({"kind": "chat", "value": f"https://chat.{host}.example.org/"})
    if rng.random() < 0.3:
        channels.append({"kind": "email", "value": f"info@{host}.example.org"})
    desc_words = rng.sample(_SENTENCES, rng.randint(1, 4))
    description = f"{term} ({en_term}) in {city}. " + " ".join(desc_words)
    rec: dict[str, Any] = {
        "id": f"{country.lower()}-{slug}-{i}",
        "name": name,
        "name_en": f"{en_term} {city}",
        "support_types": types,
        "audiences": rng.sample(["children", "young_people", "adults", "parents", "professionals"], 2),
        "countries": countries,
        "area": area,
        "languages": list(_languages(country, lang)) + (["en"] if lang != "en" and rng.random() < 0.4 else []),
        "channels": channels,
        "hours": _hours(rng, country),
        "free": rng.random() < 0.9,
        "anonymous": rng.random() < 0.7,
        "description": description[:2000],
        "source": f"https://www.{host}.example.org/about",
        "last_verified": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        "verification": rng.choice(["verified", "unverified"]),
    }
    if area == "regional":
        rec["region"] = city
    if rng.random() < 0.25:
        rec["aliases"] = [f"{terms[4]} {city}"]
    if rng.random() < 0.5:
        rec["organization"] = f"{terms[5]} {rng.choice(_cities(country, lang))}"
    return rec


def generate(n: int, *, seed: int = 0, version: int = 1, unique_numbers: bool = False) -> dict[str, Any]:
    """An envelope of `n` synthetic services that passes `directory.validate.validate`. Their phones are
    drawn from a few hundred numbers, or (`unique_numbers`) each service has one of its own."""
    rng = random.Random(seed)
    numbers: dict[str, Iterator[str]] | None = {} if unique_numbers else None
    services = [service(i, rng, numbers) for i in range(n)]
    return {
        "schema": "vsd.services/1",
        "version": version,
        "generated_at": datetime(2026, 11, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        "services": services,
    }


def main() -> int:
    import time

    from directory.validate import validate

    t = time.perf_counter()
    env = generate(1000, seed=7)
    gen_s = time.perf_counter() - t
    report = validate(env)
    scripts = sorted({_script(s["name"]) for s in env["services"]})
    print(f"synthetic: 1,000 services in {gen_s:.2f} s, {report.summary()}; scripts: {', '.join(scripts)}")
    for s in env["services"][:5]:
        print(f"  {s['id']:<60} {s['name']}")
    for p in report.problems[:10]:
        print(f"  problem: {p}")
    return 0 if report.ok else 1


def _script(text: str) -> str:
    import unicodedata

    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return "?"


if __name__ == "__main__":
    sys.exit(main())
