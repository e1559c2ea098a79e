"""Curation: countries T–Z (TH TR UA US VN).

Keys are (country, fact name exactly as in services-facts.json); see __init__.py.
"""

from __future__ import annotations

CURATION: dict[tuple[str, str], dict] = {
    # ---------------------------------------------------------------- TH
    ("TH", "Childline Thailand Foundation – Saidek 1387"): dict(
        slug="saidek-1387",
        name_en="Childline Thailand Foundation – Saidek 1387",
        organization="Childline Thailand Foundation",
        max_age=17,
        desc="Free helpline for children under 18 by phone and social-media messages; founding member of Child "
        "Helpline International (2003).",
        notes="",
    ),
    ("TH", "ThaiHotline"): dict(
        slug="thaihotline",
        name_en="ThaiHotline",
        organization="Internet Foundation for the Development of Thailand",
        web_kind="report",
        desc="Thai hotline for reporting illegal online content since 2008; INHOPE member.",
        notes="",
    ),
    ("TH", "Emergency numbers"): dict(
        slug="emergency",
        phones=[
            ("191", "Police"),
            ("1669", "Ambulance"),
            ("199", "Fire"),
            ("1155", "Tourist police"),
            ("112", "Emergency from mobiles"),
        ],
    ),
    ("TH", "Thai Police Online / Anti Online Scam Operation Center (AOC) 1441"): dict(
        slug="thai-police-online",
        phones=[("1441", "AOC")],
        web_kind="report",
        name_en="",
        name="Thai Police Online / Anti Online Scam Operation Center (AOC) 1441",
        desc="Online police reporting (Thai Police Online) and the Anti Online Scam Operation Center.",
    ),
    ("TH", "Social Assistance Center Hotline 1300 (OSCC, Ministry of Social Development and Human Security)"): dict(
        slug="social-assistance-1300",
        name_en="Social Assistance Center Hotline 1300 (OSCC)",
        organization="Ministry of Social Development and Human Security",
        types=["trafficking"],
        desc="Hotline for violence against children and women, trafficking, missing persons and unplanned teen "
        "pregnancy.",
        notes="",
    ),
    # ---------------------------------------------------------------- TR
    ("TR", "ALO 183 Social Support Line (Ministry of Family and Social Services)"): dict(
        slug="alo-183",
        name_en="ALO 183 Social Support Line",
        organization="Ministry of Family and Social Services",
        phones=[("183", "Alo 183"), ("0 549 381 0 183", "Sign-language video call")],
        desc="Social support line for families, women, children, people with disabilities and older people; reports "
        "of neglect, abuse and violence against children and women are forwarded to provincial teams or the "
        "police.",
        notes="Also reachable by SMS; the SMS number was not given in the sources read.",
    ),
    ("TR", "İhbar Web – Internet Information Notice Centre (BTK)"): dict(
        slug="ihbar-web",
        name_en="Internet Information Notice Centre (İhbar Web)",
        organization="BTK",
        web_kind="report",
        desc="Centre for reporting illegal online content set up under Law 5651 (2007), covering catalogue crimes "
        "including child sexual abuse (TCK 103); more than 3 million reports since 2007.",
        notes="INHOPE membership not confirmed in the sources read.",
    ),
    ("TR", "Emergency number 112 (single number)"): dict(
        slug="emergency",
        desc="Single emergency number: 110, 155, 156, 122, 177 and 158 were merged into the 112 Emergency Call "
        "Centres in all 81 provinces by June 2021.",
        notes="",
    ),
    ("TR", "Alo 141 Safer Internet Information, Help and Support Line"): dict(
        slug="alo-141",
        name_en="Alo 141 Safer Internet Information, Help and Support Line",
        types=["online_safety"],
        desc="Safer Internet Centre helpline: guidance on illegal content, privacy and cyberbullying.",
        notes="",
    ),
    # ---------------------------------------------------------------- UA
    ("UA", "National Child Hotline (La Strada-Ukraine)"): dict(
        slug="la-strada-child-hotline",
        name_en="National Child Hotline",
        organization="La Strada-Ukraine",
        phones=[("116 111", None), ("0 800 500 225", "Toll-free number"), ("772", "Short number from mobiles")],
        flags={"free": True, "anonymous": True},
        desc="Free, anonymous national child hotline run by La Strada-Ukraine since 1 January 2013; 116 111 was "
        "added later.",
        notes="",
    ),
    ("UA", "StopCrime – portal for reporting online child sexual abuse material"): dict(
        slug="stopcrime",
        name="StopCrime",
        name_en="StopCrime – portal for reporting online child sexual abuse material",
        organization="Ministry of Digital Transformation and Cyberpolice, with NGO Magnolia",
        web_kind="report",
        flags={"anonymous": True},
        desc="Portal for anonymous reports of online child sexual abuse material, launched on 4 March 2024 by the "
        "Ministry of Digital Transformation and the Cyberpolice with the NGO Magnolia (INHOPE member).",
        notes="An IWF reporting portal for Ukraine also launched in February 2020.",
    ),
    ("UA", "Emergency numbers"): dict(slug="emergency"),
    ("UA", "116 000 Child Search Service (NGO Magnolia)"): dict(
        slug="magnolia-116000",
        name_en="116 000 Child Search Service (NGO Magnolia)",
        organization="NGO Magnolia",
        flags={"free": True},
        desc="Nationwide child search service, free from all mobile operators.",
        notes="Call the police on 102 first.",
    ),
    (
        "UA",
        "National Hotline on Prevention of Domestic Violence, Human Trafficking and Gender Discrimination (La Strada-Ukraine)",
    ): dict(
        slug="la-strada-dv-trafficking-hotline",
        organization="La Strada-Ukraine",
        types=["domestic_violence", "trafficking"],
        phones=[("0 800 500 335", "Hotline"), ("386", "Short number from mobiles")],
        desc="National hotline on domestic violence, human trafficking and gender discrimination.",
    ),
    # ---------------------------------------------------------------- US
    ("US", "Childhelp National Child Abuse Hotline"): dict(
        # The fact says it covers the US, Canada, Puerto Rico, Guam and the USVI:
        # international area; only US is listed as a country (the alliance scope).
        slug="childhelp-hotline",
        area="international",
        organization="Childhelp",
        hours={"always_open": True, "note": "Call, text and chat 24/7."},
        phones=[("1-800-422-4453", "1-800-4-A-CHILD (call)"), ("1-800-422-4453", "Text", "sms")],
        desc="Counselling and guidance about child abuse by call, text and chat; not a reporting line.",
        notes="Covers the US, Canada, Puerto Rico, Guam and the US Virgin Islands.",
    ),
    ("US", "NCMEC CyberTipline"): dict(
        slug="ncmec-cybertipline",
        organization="NCMEC",
        web_kind="report",
        flags={"anonymous": True},
        desc="Centralized US reporting system for online child sexual exploitation; anonymous reports allowed.",
        notes="",
    ),
    ("US", "Emergency number"): dict(
        slug="emergency", phones=[("911", "Emergency (all services)"), ("911", "Text-to-911 (in many areas)", "sms")]
    ),
    ("US", "NCMEC missing child hotline 1-800-THE-LOST"): dict(
        slug="ncmec-missing-child-hotline",
        organization="NCMEC",
        phones=[("1-800-843-5678", "1-800-THE-LOST")],
        desc="NCMEC's hotline for reporting a missing child.",
        notes="Call 911 first, then NCMEC.",
    ),
    ("US", "FBI Internet Crime Complaint Center (IC3)"): dict(
        slug="fbi-ic3",
        name="FBI Internet Crime Complaint Center (IC3)",
        name_en="",
        organization="FBI",
        web_kind="report",
        desc="FBI portal for filing internet crime complaints.",
    ),
    ("US", "VictimConnect Resource Center (National Center for Victims of Crime)"): dict(
        slug="victimconnect",
        organization="National Center for Victims of Crime",
        phones=[("1-855-484-2846", "1-855-4-VICTIM (call)"), ("1-855-484-2846", "Text", "sms")],
        desc="Phone, text and chat support for victims of any crime.",
        # The digits match 4-V-I-C-T-I-M on a phone keypad (484-2846).
        notes="A 2025 post reports the termination of its OVC funding; verify its current status. The digits are "
        "corroborated in public code.",
    ),
    # ---------------------------------------------------------------- VN
    ("VN", "National Child Protection Hotline 111"): dict(
        slug="tongdai-111",
        name_en="National Child Protection Hotline 111",
        organization="Department of Children",
        desc="National child protection hotline launched on 6 December 2017, succeeding a line from 2004; also an "
        "app and Zalo notifications.",
        notes="",
    ),
    ("VN", "Vietnam Network for Child Online Protection (VN-COP) reporting website"): dict(
        slug="vn-cop",
        name="Vietnam Network for Child Online Protection (VN-COP) reporting website",
        name_en="",
        organization="Authority of Information Security (MIC)",
        web_kind="report",
        desc="Website for reporting online child abuse.",
        notes="",
    ),
    ("VN", "Emergency numbers"): dict(slug="emergency"),
}
