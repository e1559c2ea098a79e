"""Country names (for default descriptions) and the time zone used for each country's hours.

Multi-zone countries use the capital's zone, and say so in `hours.note`.
"""

COUNTRY_NAMES = {
    "AL": "Albania", "AT": "Austria", "AU": "Australia", "BE": "Belgium", "BG": "Bulgaria",
    "CH": "Switzerland", "CY": "Cyprus", "CZ": "the Czech Republic", "DE": "Germany", "DK": "Denmark",
    "EE": "Estonia", "ES": "Spain", "FI": "Finland", "FR": "France", "GB": "the United Kingdom",
    "GE": "Georgia", "GH": "Ghana", "GR": "Greece", "HR": "Croatia", "HU": "Hungary", "IE": "Ireland",
    "IT": "Italy", "JP": "Japan", "KH": "Cambodia", "KR": "the Republic of Korea", "LT": "Lithuania",
    "LU": "Luxembourg", "LV": "Latvia", "MD": "Moldova", "ME": "Montenegro", "MT": "Malta",
    "NG": "Nigeria", "NL": "the Netherlands", "NO": "Norway", "NZ": "New Zealand",
    "PH": "the Philippines", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "RS": "Serbia",
    "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia", "TH": "Thailand", "TR": "Turkey",
    "UA": "Ukraine", "US": "the United States", "VN": "Vietnam",
}

TIMEZONES = {
    "AL": "Europe/Tirane", "AT": "Europe/Vienna", "AU": "Australia/Sydney", "BE": "Europe/Brussels",
    "BG": "Europe/Sofia", "CH": "Europe/Zurich", "CY": "Asia/Nicosia", "CZ": "Europe/Prague",
    "DE": "Europe/Berlin", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn", "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki", "FR": "Europe/Paris", "GB": "Europe/London", "GE": "Asia/Tbilisi",
    "GH": "Africa/Accra", "GR": "Europe/Athens", "HR": "Europe/Zagreb", "HU": "Europe/Budapest",
    "IE": "Europe/Dublin", "IT": "Europe/Rome", "JP": "Asia/Tokyo", "KH": "Asia/Phnom_Penh",
    "KR": "Asia/Seoul", "LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "LV": "Europe/Riga",
    "MD": "Europe/Chisinau", "ME": "Europe/Podgorica", "MT": "Europe/Malta", "NG": "Africa/Lagos",
    "NL": "Europe/Amsterdam", "NO": "Europe/Oslo", "NZ": "Pacific/Auckland", "PH": "Asia/Manila",
    "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest", "RS": "Europe/Belgrade",
    "SE": "Europe/Stockholm", "SI": "Europe/Ljubljana", "SK": "Europe/Bratislava", "TH": "Asia/Bangkok",
    "TR": "Europe/Istanbul", "UA": "Europe/Kyiv", "US": "America/New_York", "VN": "Asia/Ho_Chi_Minh",
}

# Countries spanning several zones: the capital's zone is used and the note says so.
ZONE_NOTES = {
    "AU": "Times are Canberra time (Australia/Sydney); Australia spans several time zones.",
    "US": "Times are Washington, D.C. time (America/New_York); the US spans several time zones.",
    "ES": "Times are Madrid time (Europe/Madrid); the Canary Islands are one hour behind.",
    "PT": "Times are Lisbon time (Europe/Lisbon); the Azores are one hour behind.",
}
