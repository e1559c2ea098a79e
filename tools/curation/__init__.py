"""Manual curation decisions for the bundled directory, one table per group of countries.

Each table maps (country, fact name exactly as in services-facts.json) to a dict
of decisions for that fact; every key is optional:

  slug          id after "<cc>-" (default: slug of name_local or the name without parentheses)
  name, name_en, aliases, organization, audiences, min_age, max_age, area, region, languages_note
  types         support types added to the one mapped from the fact's kind
  phones        [(value, label[, "sms"])]: how the fact's free-text phone is split
  extra         [(kind, value[, label])]: other numbers / addresses written in the fact's notes
  web_kind, web_label   channel kind ("web" or "report") and label for the fact's website
  note_urls     {url: (kind, label) or None}: decisions on URLs found in the notes
  email_label   label for the e-mail address(es) found in the notes
  hours         hours object without timezone, or False to keep the text in notes only
  flags         {"free": True, ...} said in the notes or phone text, not in the hours text
  desc, notes   description; notes (default: the fact's notes verbatim)
  verification  "unverified" (or "verified" when the doubt words are about something else)

The generator checks every curated number, URL and address against the fact text.
"""

from __future__ import annotations

from . import a_f, g_m, n_s, t_z

CURATION: dict[tuple[str, str], dict] = {}
for _table in (a_f.CURATION, g_m.CURATION, n_s.CURATION, t_z.CURATION):
    _dup = CURATION.keys() & _table.keys()
    if _dup:
        raise ValueError(f"curated twice: {sorted(_dup)}")
    CURATION.update(_table)
