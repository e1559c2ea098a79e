"""Curation: countries N–S (NG NL NO NZ PH PL PT RO RS SE SI SK).

Keys are (country, fact name exactly as in services-facts.json); see __init__.py.
"""

from __future__ import annotations

from .hours import ALL_DAYS

MON_FRI = ALL_DAYS[:5]
MCE = "according to the Missing Children Europe hotline list"

CURATION: dict[tuple[str, str], dict] = {
    # ---------------------------------------------------------------- NG
    ("NG", "Cece Yara Foundation Child Helpline"): dict(
        slug="cece-yara-child-helpline",
        organization="Cece Yara Foundation",
        desc="Free child helpline for the prevention of and response to child sexual abuse; the foundation runs "
        "Child Advocacy Centres in Lagos and Abuja.",
        notes="",
    ),
    ("NG", "Emergency numbers"): dict(slug="emergency"),
    ("NG", "NAPTIP – National Agency for the Prohibition of Trafficking in Persons (toll-free line)"): dict(
        slug="naptip",
        name="NAPTIP – National Agency for the Prohibition of Trafficking in Persons",
        organization="NAPTIP",
        types=["trafficking"],
        phones=[("627", "Toll-free line"), ("0703 000 0203", "Phone")],
        # "(toll-free)" is said of 627 only, which the library rejects.
        flags={"free": None},
        desc="National agency against trafficking in persons, with a 24-hour call centre.",
    ),
    # ---------------------------------------------------------------- NL
    ("NL", "De Kindertelefoon"): dict(
        slug="kindertelefoon",
        name_en="The Children's Phone",
        min_age=8,
        max_age=18,
        desc="Helpline for children aged 8–18, by phone and chat.",
        notes="",
    ),
    ("NL", "Offlimits Meldpunt (formerly Meldpunt Kinderporno)"): dict(
        slug="offlimits-meldpunt",
        aliases=["Meldpunt Kinderporno"],
        organization="Stichting Offlimits",
        web_kind="report",
        desc="Dutch INHOPE hotline for reporting child sexual abuse material (formerly Meldpunt Kinderporno).",
        notes="https://meldpunt-kinderporno.nl/ redirects here.",
    ),
    ("NL", "European emergency number 112"): dict(slug="emergency"),
    ("NL", "The International Child Abduction Centre (116 000 operator)"): dict(
        slug="child-abduction-centre-116000",
        organization="The International Child Abduction Centre",
        name_en="Missing children hotline 116 000 (The International Child Abduction Centre)",
        desc=f"Hotline for missing children in the Netherlands, operated by the International Child Abduction "
        f"Centre {MCE}.",
    ),
    ("NL", "Slachtofferhulp Nederland (Victim Support Netherlands)"): dict(
        slug="slachtofferhulp",
        name_en="Victim Support Netherlands",
        flags={"free": False},
        desc="Support for victims of crime.",
        notes="Calls are charged at the local rate.",
    ),
    ("NL", "Veilig Thuis (domestic violence & child abuse advice/reporting)"): dict(
        slug="veilig-thuis",
        name_en="Veilig Thuis – domestic violence and child abuse advice and reporting",
        types=["domestic_violence"],
        desc="Advice and reporting centre for domestic violence and child abuse, by phone and chat.",
    ),
    # ---------------------------------------------------------------- NO
    ("NO", "Alarmtelefonen for barn og unge 116 111"): dict(
        slug="alarmtelefonen-116111",
        name_en="Emergency helpline for children and young people 116 111",
        organization="Kristiansand municipality child welfare emergency service",
        flags={"anonymous": True},
        hours={"always_open": True, "note": "Phone and e-mail 24/7; chat and SMS 16:15–22:45 (Saturday to 23:45)."},
        desc="Free, anonymous helpline for children and young people, funded by Bufdir.",
        notes="",
    ),
    ("NO", "Kripos tip service – sexual exploitation of children on the internet"): dict(
        slug="kripos-tips-csam",
        name_en="Police tip service – sexual exploitation of children on the internet",
        organization="Kripos",
        web_kind="report",
        phones=[("02800", "Police non-emergency"), ("112", "Police emergency (if urgent)")],
        hours={"always_open": True, "note": "Tip desk staffed 24/7 (handled by Kripos)."},
        desc="Police tip service for sexual exploitation of children on the internet (tips.politiet.no); not an "
        "INHOPE member hotline.",
        notes="",
    ),
    ("NO", "Emergency numbers"): dict(slug="emergency"),
    ("NO", "Støttesenter for kriminalitetsutsatte (Support Centres for Crime Victims)"): dict(
        slug="stottesenter-kriminalitetsutsatte",
        name_en="Support Centres for Crime Victims",
        flags={"free": True},
        desc="Free support centres for crime victims, one in every police district since 2017; interpreters provided.",
        notes="A shared national number exists but was not captured in the sources read.",
    ),
    # ---------------------------------------------------------------- NZ
    ("NZ", "0800 What's Up (Barnardos)"): dict(
        slug="whats-up",
        organization="Barnardos",
        min_age=5,
        max_age=19,
        flags={"free": True},
        hours={
            "weekly": [
                {"days": MON_FRI, "opens": "12:00", "closes": "23:00"},
                {"days": ["sat", "sun"], "opens": "15:00", "closes": "23:00"},
            ],
            "note": "From an older page of the service.",
        },
        desc="Free phone and webchat counselling for children and young people aged 5–19.",
        notes="January 2025: government funding withdrawn from 1 July 2025, with a risk of closure.",
    ),
    (
        "NZ",
        "Department of Internal Affairs – Digital Child Exploitation Team (report online child exploitation material)",
    ): dict(
        slug="dia-report-child-exploitation",
        organization="Department of Internal Affairs",
        web_kind="report",
        desc="Report online child exploitation material to the Department of Internal Affairs' Digital Child "
        "Exploitation Team.",
    ),
    ("NZ", "Netsafe"): dict(
        slug="netsafe",
        phones=[("0508 638 723", "0508 NETSAFE")],
        web_kind="report",
        types=["online_safety"],
        hours={
            "weekly": [
                {"days": MON_FRI, "opens": "08:00", "closes": "20:00"},
                {"days": ["sat", "sun"], "opens": "09:00", "closes": "17:00"},
            ],
            "note": "Public holidays 9am–5pm.",
        },
        desc="Approved agency under the Harmful Digital Communications Act for reporting online harm (not law "
        "enforcement).",
        # The digits match the letters of NETSAFE on a phone keypad (N-E-T-S-A-F = 638 723).
        notes="Interpreters via ezispeak. The numeric form 0508 638 723 is corroborated in public code.",
    ),
    ("NZ", "Emergency numbers"): dict(
        slug="emergency",
        phones=[
            ("111", "Emergency (all services)"),
            ("112", "Redirects to 111 from mobiles"),
            ("911", "Redirects to 111 from mobiles"),
            ("105", "Police non-emergency"),
            ("0800 555 111", "Crime Stoppers"),
        ],
    ),
    ("NZ", "Victim Support"): dict(
        slug="victim-support", phones=[("0800 842 846", "0800 VICTIM")], desc="Free 24/7 support for victims of crime."
    ),
    # ---------------------------------------------------------------- PH
    ("PH", "Bantay Bata 163 (ABS-CBN Foundation)"): dict(
        slug="bantay-bata-163",
        organization="ABS-CBN Foundation",
        phones=[("163", "Bantay Bata 163")],
        desc="Child helpline since 14 February 1997: reports of child abuse, rescue, and counselling by licensed "
        "social workers.",
        notes="#163 is free for Globe/TM subscribers.",
    ),
    ("PH", "MAKABATA Helpline 1383 (Council for the Welfare of Children)"): dict(
        slug="makabata-1383",
        organization="Council for the Welfare of Children",
        types=["csam_reporting"],
        phones=[("1383", "Hotline"), ("0919 354 1383", "Alternative number"), ("0915 802 2375", "Alternative number")],
        desc="Helpline receiving reports of online sexual abuse and exploitation of children (OSAEC/CSAEM), handled "
        "with the PNP-ACG Women and Children Cybercrime Protection Unit (MOU 2024).",
        notes="",
    ),
    ("PH", "Emergency numbers"): dict(
        slug="emergency",
        phones=[
            ("911", "Emergency (all services)"),
            ("112", "Emergency from mobiles"),
            ("163", "Bantay Bata (child helpline)"),
            ("1343", "Human trafficking"),
        ],
    ),
    ("PH", "Cybercrime Investigation and Coordinating Center (CICC) hotline"): dict(
        slug="cicc-hotline",
        organization="Cybercrime Investigation and Coordinating Center (CICC)",
        phones=[("1326", "CICC hotline")],
        desc="Cybercrime hotline of the CICC.",
        notes="Recalled, not read in any source; verify before use.",
    ),
    ("PH", "PNP Anti-Cybercrime Group – AlengPulis Cybersquad"): dict(
        slug="pnp-acg-alengpulis",
        organization="PNP Anti-Cybercrime Group",
        types=["csam_reporting"],
        phones=[("0968 886 4759", "AlengPulis Cybersquad")],
        desc="Virtual helpline for abuse of women and children online, including takedown of child sexual abuse "
        "and exploitation material (CSAEM).",
        notes="",
    ),
    # ---------------------------------------------------------------- PL
    ("PL", "116 111 Helpline for Children and Youth (Empowering Children Foundation)"): dict(
        slug="116111-telefon-zaufania",
        name="116 111 Telefon Zaufania dla Dzieci i Młodzieży",
        name_en="116 111 Helpline for Children and Youth",
        organization="Fundacja Dajemy Dzieciom Siłę (Empowering Children Foundation)",
        desc="Free, confidential helpline for children and young people, with a write/chat service.",
        notes="",
    ),
    ("PL", "Dyżurnet.pl (NASK)"): dict(
        slug="dyzurnet",
        organization="NASK",
        aliases=["NIFC Hotline Polska"],
        web_kind="report",
        desc="Hotline for reporting illegal online content, part of the Polish Safer Internet Centre; INHOPE member, "
        "operating since 1 January 2005.",
        notes="Called NIFC Hotline Polska until 2006.",
    ),
    ("PL", "European emergency number 112"): dict(
        slug="emergency",
        phones=[("112", "Emergency (all services)"), ("997", "Police"), ("998", "Fire"), ("999", "Ambulance")],
    ),
    ("PL", "ITAKA Foundation (116 000 operator)"): dict(
        slug="itaka-116000",
        name_en="ITAKA Foundation – missing children hotline 116 000",
        organization="ITAKA Foundation",
        desc=f"Hotline for missing children in Poland, operated by ITAKA {MCE}.",
    ),
    ("PL", "Linia Pomocy Pokrzywdzonym (national victims' helpline, Justice Fund / Ministry of Justice)"): dict(
        slug="linia-pomocy-pokrzywdzonym",
        name_en="National victims' helpline",
        organization="Justice Fund / Ministry of Justice",
        note_urls={
            "https://www.funduszsprawiedliwosci.gov.pl/pl/znajdz-osrodek-pomocy/": ("web", "Find a local help centre")
        },
        desc="National 24/7 helpline for victims of crime.",
        notes="",
    ),
}

CURATION.update(
    {
        # ---------------------------------------------------------------- PT
        ("PT", "SOS-Criança (Instituto de Apoio à Criança)"): dict(
            slug="sos-crianca-116111",
            name_en="SOS-Child",
            organization="Instituto de Apoio à Criança (IAC)",
            desc="Child helpline of the Instituto de Apoio à Criança, assigned 116 111 by ANACOM in 2008; chat "
            "available.",
            notes="",
        ),
        ("PT", "Linha Internet Segura (APAV – Centro Internet Segura) hotline"): dict(
            slug="linha-internet-segura",
            name_en="Safe Internet Line",
            organization="APAV",
            desc="Hotline of the Centro Internet Segura, operated by APAV since January 2019 (consortium coordinated by "
            "FCT); reports of child sexual abuse material hosted abroad go through INHOPE.",
            notes="",
        ),
        ("PT", "European emergency number 112"): dict(slug="emergency"),
        ("PT", "SOS Criança Desaparecida (Instituto de Apoio à Criança)"): dict(
            slug="sos-crianca-desaparecida-116000",
            name_en="SOS Missing Child line",
            organization="Instituto de Apoio à Criança (IAC)",
            desc="Hotline for missing children of the Instituto de Apoio à Criança.",
        ),
        ("PT", "APAV – Portuguese Association for Victim Support (116 006)"): dict(
            slug="apav-116006",
            name_en="APAV – Portuguese Association for Victim Support",
            organization="Associação Portuguesa de Apoio à Vítima (APAV)",
            desc="APAV's victim support line 116 006.",
        ),
        # ---------------------------------------------------------------- RO
        ("RO", "Telefonul Copilului (Child Helpline Association)"): dict(
            slug="telefonul-copilului-116111",
            name="Telefonul Copilului",
            name_en="Child Helpline",
            organization="Asociația Telefonul Copilului",
            desc="Romania's 116 111 child helpline, operational nationally since 1 October 2008.",
            notes="116 111 replaced the former number 0800 8200 200 in 2008.",
        ),
        ("RO", "esc_ABUZ reporting line (Salvați Copiii România / Save the Children Romania, Ora de Net)"): dict(
            slug="esc-abuz",
            organization="Salvați Copiii România (Save the Children Romania)",
            web_kind="report",
            desc="Reporting line of the Ora de Net programme, the 'only civil contact point' for reporting child sexual "
            "abuse material hosted in Romania; processing notifications since 2016.",
            notes="",
        ),
        ("RO", "European emergency number 112"): dict(slug="emergency"),
        ("RO", "Asociația Telefonul Copilului (116 000 operator, c.2016)"): dict(
            slug="telefonul-copilului-116000",
            name_en="Missing children hotline 116 000 (Asociația Telefonul Copilului)",
            organization="Asociația Telefonul Copilului",
            desc=f"Hotline for missing children in Romania, operated c. 2016 by Asociația Telefonul Copilului {MCE}.",
        ),
        # ---------------------------------------------------------------- RS
        ("RS", "NADEL – Nacionalna dečija linija (National Children's Helpline)"): dict(
            slug="nadel-116111",
            name_en="National Children's Helpline (NADEL)",
            organization="Centar za zaštitu odojčadi, dece i omladine Beograd",
            desc="National helpline for children, founded in 2005; chat since 2021, and chat/Viber bots.",
            notes="",
        ),
        ("RS", "National Contact Centre for Child Safety on the Internet (Smart and Safe)"): dict(
            slug="smart-and-safe-19833",
            name_en="National Contact Centre for Child Safety on the Internet (Smart and Safe)",
            organization="Ministry of Information and Telecommunications",
            web_kind="report",
            types=["online_safety"],
            desc="Contact centre for child safety on the internet, since 27 February 2017; reports are forwarded to the "
            "High-Tech Crime Prosecutor and the police.",
            notes="",
        ),
        ("RS", "Emergency numbers"): dict(
            slug="emergency",
            phones=[("192", "Police"), ("112", "Redirects to police 192"), ("194", "Ambulance"), ("193", "Fire")],
        ),
        ("RS", "116 000 European hotline for missing children (NGO ASTRA)"): dict(
            slug="astra-116000",
            organization="NGO ASTRA",
            flags={"free": True},
            desc="Hotline for missing children, run nationwide by the NGO ASTRA since 2012.",
            notes="Free from landlines and from the Vip, Telenor and MTS mobile networks.",
        ),
        # ---------------------------------------------------------------- SE
        ("SE", "Bris (Children's Rights in Society)"): dict(
            slug="bris-116111",
            name_en="Bris – Children's Rights in Society",
            max_age=17,
            desc="Helpline for under-18s: call, SMS, chat or e-mail.",
            notes="",
        ),
        ("SE", "ECPAT Hotline (ECPAT Sverige)"): dict(
            slug="ecpat-hotline",
            organization="ECPAT Sverige",
            web_kind="report",
            desc="Hotline for tips about sexual exploitation of children, started in 2005; INHOPE member since 2014.",
            notes="",
        ),
        ("SE", "European emergency number 112"): dict(slug="emergency"),
        ("SE", "SOS Alarm (116 000 operator, c.2016)"): dict(
            slug="sos-alarm-116000",
            name_en="Missing children hotline 116 000 (SOS Alarm)",
            organization="SOS Alarm",
            desc=f"Hotline for missing children in Sweden, operated c. 2016 by SOS Alarm {MCE}.",
        ),
        ("SE", "Brottsofferjouren Sverige – national support line 116 006"): dict(
            slug="brottsofferjouren-116006",
            name_en="Victim Support Sweden – national support line 116 006",
            organization="Brottsofferjouren Sverige",
            desc="National support line for victims of crime.",
            notes="",
        ),
        ("SE", "Kvinnofridslinjen (national women's helpline)"): dict(
            slug="kvinnofridslinjen", name_en="National Women's Helpline", desc="Sweden's national women's helpline."
        ),
        # ---------------------------------------------------------------- SI
        ("SI", "TOM telefon (ZPMS – Slovenian Association of Friends of Youth)"): dict(
            slug="tom-telefon-116111",
            name_en="TOM telephone for children and adolescents",
            organization="ZPMS – Slovenian Association of Friends of Youth",
            desc="Free, anonymous helpline for children and adolescents, also by e-mail and chat; 116 111 in use since "
            "March 2010.",
            notes="",
        ),
        ("SI", "Spletno oko (Slovenian Safer Internet Centre hotline)"): dict(
            slug="spletno-oko",
            name_en="Spletno oko – Slovenian Safer Internet Centre hotline",
            web_kind="report",
            organization="University of Ljubljana, Faculty of Social Sciences",
            desc="Hotline of the Slovenian Safer Internet Centre, established in September 2006 and taking reports since "
            "March 2007; INHOPE member.",
            notes="A report address given c. 2012 was https://www.spletno-oko.si/prijava/.",
        ),
        ("SI", "European emergency number 112"): dict(slug="emergency"),
        ("SI", "Zavod 116 (116 000 operator, c.2016)"): dict(
            slug="zavod-116-116000",
            name_en="Missing children hotline 116 000 (Zavod 116)",
            organization="Zavod 116",
            desc=f"Hotline for missing children in Slovenia, operated c. 2016 by Zavod 116 {MCE}.",
        ),
        # ---------------------------------------------------------------- SK
        ("SK", "Linka detskej istoty (LDI)"): dict(
            slug="ldi-116111", name_en="Child Safety Line (LDI)", desc="Free, anonymous 24/7 child helpline."
        ),
        ("SK", "Ochráň ma (NGO; INHOPE applicant 2023, DSA trusted flagger)"): dict(
            slug="ochran-ma",
            desc="NGO that applied for INHOPE membership in 2023; DSA trusted flagger.",
            notes="Membership status not confirmed in the sources read.",
        ),
        ("SK", "Stopline.sk (operated by eSlovensko o.z.)"): dict(
            slug="stopline-sk",
            organization="eSlovensko o.z.",
            web_kind="report",
            desc="Slovak hotline for reporting illegal online content; admitted to INHOPE in May 2010.",
            notes="",
        ),
        ("SK", "European emergency number 112"): dict(slug="emergency"),
        ("SK", "Linka detskej istoty (116 000 operator)"): dict(
            slug="ldi-116000",
            name_en="Missing children hotline 116 000 (Linka detskej istoty)",
            organization="Linka detskej istoty",
            desc=f"Hotline for missing children in Slovakia, operated by Linka detskej istoty {MCE}.",
        ),
        ("SK", "Pomoc obetiam násilia (Victim Support Slovakia)"): dict(
            slug="pomoc-obetiam-nasilia", name_en="Victim Support Slovakia", desc="Support for victims of violence."
        ),
    }
)
