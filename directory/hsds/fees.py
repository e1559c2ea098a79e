"""Whether an HSDS service is free: from its cost options, else from what its fee text says."""

from __future__ import annotations

import re
from typing import Any

from .fields import FieldReader

_FREE = re.compile(
    r"\bfree of charge\b|\bfree\b|\bno (charge|cost|fee)s?\b|\bat no cost\b|\bwithout charge\b|\bgratis\b"
    r"|\bkostenlos\b|\bgratuit\b|\bgratuito\b|\bbezpłatn",
    re.IGNORECASE,
)

_COST = re.compile(
    r"[£$€¥]\s*\d|\d+([.,]\d+)?\s*(usd|eur|gbp|chf)\b|\b(pay|paid|payment|charges?|charged|fees?|costs?|"
    r"price|rate)\b",
    re.IGNORECASE,
)


def is_free(r: FieldReader, obj: dict[str, Any]) -> bool | None:
    """True or False when the cost options or the fee text say so clearly; else None."""
    amounts = []
    for p, opt in r.list(obj, "cost_options"):
        amount = r.num(opt, "amount", p)
        if amount is not None:
            amounts.append(amount)
    if amounts:
        return all(a == 0 for a in amounts)
    text = " ".join(filter(None, [r.str(obj, "fees_description"), r.str(obj, "fees")]))
    if not text:
        return None
    says_free = bool(_FREE.search(text))
    rest = _FREE.sub(" ", text)
    says_cost = bool(_COST.search(rest))
    if says_free and not says_cost:
        return True
    if says_cost and not says_free:
        return False
    return None


def vsd_flags(vsd: dict[str, list[str]]) -> dict[str, bool]:
    """Anonymous, confidential and off the phone bill, as vsd's own attribute of the service gives them."""
    return {
        flag: vsd[flag][0].strip().lower() == "true"
        for flag in ("anonymous", "confidential", "not_on_phone_bill")
        if flag in vsd
    }
