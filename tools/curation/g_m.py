"""Curation: countries G–M (GB GE GH GR HR HU IE IT JP KH KR LT LU LV MD ME MT).

Keys are (country, fact name exactly as in services-facts.json); see __init__.py.
"""

from __future__ import annotations


MCE = "according to the Missing Children Europe hotline list"

CURATION: dict[tuple[str, str], dict] = {
    # ---------------------------------------------------------------- GB
    ("GB", "Childline (NSPCC)"): dict(
        slug="childline",
        organization="NSPCC",
        max_age=18,
        desc="Helpline for children and young people under 19, with 1-2-1 counsellor chat.",
        notes="Ofcom allocated 116 111 to the NSPCC in 2009; the number given in the sources is 0800 1111.",
    ),
    ("GB", "Internet Watch Foundation (IWF)"): dict(
        slug="iwf",
        web_kind="report",
        desc="UK charity (no. 1112398) for reporting child sexual abuse material online; founder member of INHOPE.",
        notes="",
    ),
    ("GB", "Emergency services 999 / 112"): dict(
        slug="emergency", phones=[("999", "Emergency (all services)"), ("112", "Emergency (all services)")]
    ),
    ("GB", "Missing People – Runaway Helpline 116 000"): dict(
        slug="missing-people-116000",
        name_en="Missing People – Runaway Helpline 116 000",
        organization="Missing People",
        phones=[("116 000", "Call"), ("116 000", "Text", "sms")],
        desc="Missing People's Runaway Helpline: call or text 116 000.",
        notes="",
    ),
    ("GB", "Action Fraud / Report Fraud (national fraud & cybercrime reporting)"): dict(
        slug="action-fraud",
        name="Action Fraud",
        name_en="Action Fraud / Report Fraud",
        aliases=["Report Fraud"],
        web_kind="report",
        desc="National fraud and cybercrime reporting.",
    ),
    ("GB", "CEOP Safety Centre (National Crime Agency)"): dict(
        slug="ceop-safety-centre",
        name="CEOP Safety Centre",
        organization="National Crime Agency",
        web_kind="report",
        desc="Safety Centre of CEOP, part of the National Crime Agency.",
    ),
    ("GB", "Victim Support (England & Wales) Supportline"): dict(
        slug="victim-support-supportline",
        name_en="Victim Support Supportline",
        area="regional",
        region="England and Wales",
        organization="Victim Support",
        desc="Free 24/7 Supportline for victims of crime in England and Wales.",
    ),
    # ---------------------------------------------------------------- GE
    ("GE", "Child Helpline Georgia 116 111 (Public Health Foundation of Georgia)"): dict(
        slug="phf-child-helpline",
        organization="Public Health Foundation of Georgia (PHF)",
        desc="Child helpline established in 2008 by the Public Health Foundation of Georgia.",
        notes="Current operational status not confirmed (the state 111 line launched in 2020). "
        "The landline 2 421 422 is written without an area code in the sources.",
    ),
    ("GE", "Child Hotline 111"): dict(
        slug="child-hotline-111",
        name_en="Child Hotline 111",
        organization="Agency for State Care and Assistance for the Victims of Human Trafficking",
        desc="State child hotline launched on 27 April 2020 (parliamentary committee, health and social affairs "
        "ministry, UNICEF); a psychologist can be consulted. Free from Georgia.",
        notes="",
    ),
    ("GE", "Emergency numbers"): dict(slug="emergency"),
    ("GE", "Hotline for victims of domestic violence and human trafficking"): dict(
        slug="dv-trafficking-hotline",
        types=["domestic_violence", "trafficking"],
        desc="State hotline (State Care Agency) for victims of violence against women, domestic violence and "
        "human trafficking.",
        notes="Recalled, not read in any source; verify before use.",
    ),
    # ---------------------------------------------------------------- GH
    ("GH", "Helpline of Hope Call Centre (Ministry of Gender, Children and Social Protection)"): dict(
        slug="helpline-of-hope",
        organization="Ministry of Gender, Children and Social Protection",
        types=["domestic_violence", "trafficking"],
        languages_note="Multilingual (languages not listed in the sources).",
        desc="Toll-free call centre for reports of child abuse, defilement, child marriage, child labour, "
        "trafficking and domestic violence.",
        notes="Not a counselling line in the Child Helpline International sense.",
    ),
    ("GH", "IWF Child Online Protection Reporting Portal – Ghana"): dict(
        slug="iwf-reporting-portal",
        organization="Internet Watch Foundation (IWF)",
        desc="Portal for reporting child sexual abuse material, launched on 1 October 2020 by the IWF with Ghana's "
        "National Cyber Security Centre (now Cyber Security Authority) and UNICEF; IWF analysts assess reports.",
        notes="The portal's address was not captured in the sources read.",
    ),
    ("GH", "Emergency numbers"): dict(slug="emergency"),
    ("GH", "Cyber Security Authority – Cybercrime/Cyber Security Incident Reporting Points of Contact"): dict(
        slug="csa-incident-reporting",
        organization="Cyber Security Authority",
        flags={"free": True},
        desc="Toll-free, multi-channel reporting points for cybercrime and cyber security incidents (voice, SMS, "
        "WhatsApp, e-mail, app).",
        notes="The numbers and addresses were not captured in the sources read.",
    ),
    ("GH", "Orange Support Centre (SGBV survivors) – MoGCSP"): dict(
        slug="orange-support-centre",
        name="Orange Support Centre",
        organization="Ministry of Gender, Children and Social Protection (MoGCSP)",
        types=["sexual_violence", "domestic_violence"],
        desc="Toll-free line and the 'Boame' mobile app for survivors of domestic, sexual and gender-based "
        "violence, including child marriage.",
        notes="",
    ),
    # ---------------------------------------------------------------- GR
    ("GR", "National Helpline for Children SOS 1056 (The Smile of the Child)"): dict(
        slug="sos-1056",
        name_en="National Helpline for Children SOS 1056",
        organization="The Smile of the Child",
        desc="National helpline for children run by The Smile of the Child since 1997, with chat.",
        notes="",
    ),
    ("GR", "The Smile of the Child – European Helpline for Children and Adolescents 116 111"): dict(
        slug="smile-of-the-child-116111",
        organization="Το Χαμόγελο του Παιδιού (The Smile of the Child)",
        desc="European helpline for children and adolescents on 116 111, inaugurated in 2016.",
        notes="",
    ),
    ("GR", "SafeLine (Greek INHOPE hotline, FORTH-ICS with SAFENET)"): dict(
        slug="safeline",
        name_en="SafeLine – Greek INHOPE hotline",
        organization="FORTH-ICS with SAFENET",
        web_kind="report",
        desc="Greek INHOPE hotline operating since 14 April 2003; reports (web form, e-mail, phone, SMS, Android "
        "app) are forwarded to the Hellenic Police Cybercrime Unit.",
        notes="Only the website was given in the sources read.",
    ),
    ("GR", "European emergency number 112"): dict(
        slug="emergency",
        phones=[
            ("112", "Emergency (all services)"),
            ("100", "Other emergency number"),
            ("166", "Other emergency number"),
            ("199", "Other emergency number"),
        ],
        notes="The source lists 100, 166 and 199 without naming the service each one reaches.",
    ),
    ("GR", "The Smile of the Child – European Hotline for Missing Children 116000"): dict(
        slug="smile-of-the-child-116000",
        name_en="The Smile of the Child – European Hotline for Missing Children 116 000",
        organization="Το Χαμόγελο του Παιδιού (The Smile of the Child)",
        desc="European hotline for missing children, operated by The Smile of the Child since 2008.",
        notes="",
    ),
    ("GR", "Hellenic Police Cybercrime Unit"): dict(
        slug="hellenic-police-cybercrime-unit",
        organization="Hellenic Police",
        desc="Police unit named as SafeLine's law-enforcement partner.",
        notes="No URL or number was given in the source.",
    ),
    # ---------------------------------------------------------------- HR
    ("HR", "Hrabri telefon"): dict(
        slug="hrabri-telefon-116111",
        note_urls={"https://tinejdzeri.hrabritelefon.hr/": ("web", "Site for teenagers")},
        desc="Child helpline on 116 111, with a separate site for teenagers.",
        notes="",
    ),
    ("HR", "CNZD hotline (Osijek)"): dict(
        slug="cnzd-hotline",
        name="CNZD hotline",
        name_en="CNZD hotline (Osijek)",
        organization="CNZD",
        web_kind="report",
        desc="Online report form for illegal content; the page states that all reports are forwarded to the police "
        "and offers an INHOPE report.",
        notes="",
    ),
    ("HR", "European emergency number 112"): dict(slug="emergency"),
    ("HR", "CNZD (116 000 operator, Osijek)"): dict(
        slug="cnzd-116000",
        name_en="Missing children hotline 116 000 (CNZD, Osijek)",
        organization="CNZD",
        desc=f"Hotline for missing children in Croatia, operated by CNZD in Osijek {MCE}.",
    ),
    ("HR", "National Call Centre for Victims of Crime 116 006"): dict(
        slug="victims-call-centre-116006",
        organization="Victim and Witness Support Service Croatia",
        desc="National call centre for victims of crime since 16 July 2013, run by the Victim and Witness Support "
        "Service with the Ministry of Justice and UNDP.",
        notes="",
    ),
    # ---------------------------------------------------------------- HU
    ("HU", "Kék Vonal Child Crisis Foundation"): dict(
        slug="kek-vonal-116111",
        name_en="Kék Vonal Child Crisis Foundation",
        max_age=23,
        organization="Kék Vonal Gyermekkrízis Alapítvány",
        desc="Child helpline for under-24s, with chat.",
        notes="",
    ),
    ("HU", "Internet Hotline (NMHH – National Media and Infocommunications Authority)"): dict(
        slug="nmhh-internet-hotline",
        organization="National Media and Infocommunications Authority (NMHH)",
        web_kind="report",
        desc="Hotline of the National Media and Infocommunications Authority for reporting illegal online content.",
        notes="INHOPE membership not stated in the page read; around 2005 the Hungarian INHOPE member was MATISZ.",
    ),
    ("HU", "European emergency number 112"): dict(slug="emergency"),
    ("HU", "Kék Vonal (116 000 operator)"): dict(
        slug="kek-vonal-116000",
        name_en="Missing children hotline 116 000 (Kék Vonal)",
        organization="Kék Vonal",
        desc=f"Hotline for missing children in Hungary, operated by Kék Vonal {MCE}.",
    ),
    ("HU", "Victim Support Line (Ministry of Justice)"): dict(
        slug="aldozatsegito-vonal",
        name_en="Victim Support Line",
        organization="Ministry of Justice",
        desc="Free 24/7 victim support line of the Ministry of Justice.",
        notes="Hungary joined 116 006 in February 2026 (blikk.hu); the sources read give only 06 80 225 225.",
    ),
}

CURATION.update(
    {
        # ---------------------------------------------------------------- IE
        ("IE", "Childline (ISPCC)"): dict(
            slug="childline-ispcc",
            organization="ISPCC",
            extra=[("sms", "50101", "Text")],
            desc="Free 24/7 helpline for children and young people by phone, text and online chat.",
            notes="",
        ),
        ("IE", "Hotline.ie (Irish Internet Hotline)"): dict(
            slug="hotline-ie",
            name_en="Hotline.ie – Irish Internet Hotline",
            web_kind="report",
            organization="ISPAI (Internet Service Providers Association of Ireland)",
            desc="Irish Internet Hotline for reporting illegal online content, including child sexual abuse material.",
            notes="",
        ),
        ("IE", "European emergency number 112"): dict(
            slug="emergency", phones=[("112", "Emergency (all services)"), ("999", "Emergency (all services)")]
        ),
        ("IE", "ISPCC Missing Children's Hotline"): dict(
            slug="ispcc-missing-children-116000",
            name_en="ISPCC Missing Children's Hotline",
            organization="ISPCC",
            desc="ISPCC's 116 000 hotline for missing children; free, 24/7.",
        ),
        ("IE", "Crime Victims Helpline"): dict(
            # The fact calls 1850 211 407 a historical number (2005–2012 era); 1850
            # numbers may no longer connect, so it is kept in notes, not offered as a
            # channel (a stale number must not be dialled from this directory).
            slug="crime-victims-helpline",
            phones=[],
            hours=False,
            desc="Helpline for victims of crime, known from 2005–2012 era sources.",
            notes="Historical number (2005–2012 era): 1850 211 407, not listed as a channel because it may no longer "
            "be in service. Ireland was listed among countries with an active 116 006 (bkb.cz, 2014), but the "
            "helpline's 116 006 was not read in any source.",
        ),
        # ---------------------------------------------------------------- IT
        ("IT", "114 Emergenza Infanzia (run by Telefono Azzurro)"): dict(
            slug="114-emergenza-infanzia",
            name_en="114 Childhood Emergency",
            organization="Telefono Azzurro",
            desc="Emergency line for children in danger, run by Telefono Azzurro, with an online reporting form.",
            notes="",
        ),
        ("IT", "Telefono Azzurro"): dict(
            slug="telefono-azzurro-19696",
            name="Telefono Azzurro",
            organization="Fondazione S.O.S Il Telefono Azzurro ETS",
            desc="Free 24/7 child helpline of Telefono Azzurro.",
        ),
        ("IT", "Stop-it (Save the Children Italia)"): dict(
            slug="stop-it",
            organization="Save the Children Italia",
            web_kind="report",
            desc="Save the Children Italia's hotline since 2002; reports are forwarded to the CNCPO (Polizia Postale). "
            "INHOPE member.",
            notes="",
        ),
        ("IT", "Telefono Azzurro 'Clicca e segnala' hotline"): dict(
            slug="telefono-azzurro-clicca-e-segnala",
            name="Telefono Azzurro – Clicca e segnala",
            name_en="Telefono Azzurro 'Click and report' hotline",
            organization="Telefono Azzurro",
            web_kind="report",
            desc="Telefono Azzurro's online reporting hotline; the second Italian INHOPE member according to the "
            "INHOPE directory quoted in the source.",
            notes="",
        ),
        ("IT", "European emergency number 112"): dict(
            slug="emergency",
            phones=[
                ("112", "Emergency (all services)"),
                ("113", "Police (legacy number)"),
                ("115", "Fire (legacy number)"),
                ("118", "Medical (legacy number)"),
            ],
        ),
        ("IT", "Telefono Azzurro (116 000 operator)"): dict(
            slug="telefono-azzurro-116000",
            name_en="Missing children hotline 116 000 (Telefono Azzurro)",
            organization="Telefono Azzurro",
            desc=f"Hotline for missing children in Italy, operated by Telefono Azzurro {MCE}.",
        ),
        ("IT", "Polizia Postale – Segnala online / CNCPO"): dict(
            slug="polizia-postale-segnala-online",
            name_en="Postal and Communications Police – online reporting (CNCPO)",
            web_kind="report",
            desc="Online reporting page of the Polizia Postale (CNCPO).",
            notes="Not for formal complaints; in an emergency call 112 or 113.",
        ),
        # ---------------------------------------------------------------- JP
        ("JP", "24-hour Children SOS Dial (MEXT)"): dict(
            slug="24h-children-sos-dial",
            name_en="24-hour Children SOS Dial",
            organization="MEXT",
            desc="Line for children and guardians about bullying or any other SOS, routed to local boards of education.",
            notes="",
        ),
        ("JP", "Child Guidance Centre national common dial (child abuse reports)"): dict(
            slug="189-child-guidance-dial",
            name_en="Child Guidance Centre national common dial (child abuse reports)",
            flags={"anonymous": True},
            desc="National number for reporting child abuse; it connects to the nearest child guidance centre.",
            notes="Anonymous reports possible. Secondary source only (a blog citing MHLW).",
            # Read only in a secondary source: kept, but marked for checking.
            verification="unverified",
        ),
        ("JP", "Childline Japan (Childline Support Center Japan)"): dict(
            slug="childline-japan",
            name_en="Childline Japan",
            organization="Childline Support Center Japan",
            max_age=17,
            desc="Free line for children under 18, with chat.",
            notes="",
        ),
        ("JP", "Internet Hotline Center Japan (IHC)"): dict(
            slug="internet-hotline-center",
            name_en="Internet Hotline Center Japan (IHC)",
            web_kind="report",
            flags={"anonymous": True},
            desc="Full INHOPE member operating since 1 June 2006, run for the National Police Agency; anonymous reports "
            "by web form only (no phone).",
            notes="",
        ),
        ("JP", "Emergency numbers"): dict(
            slug="emergency",
            phones=[
                ("110", "Police"),
                ("119", "Fire/ambulance"),
                ("118", "Coast guard"),
                ("#9110", "Police consultation"),
                ("#7119", "Emergency medical advice"),
            ],
        ),
        ("JP", "Crime Victim Telephone Support Center (National Network for Victim Support)"): dict(
            slug="crime-victim-telephone-support",
            name_en="Crime Victim Telephone Support Center",
            organization="National Network for Victim Support",
            desc="Telephone support for crime victims, opened in April 2018 as a back-up to the 48 prefectural victim "
            "support centres.",
            notes="",
        ),
        # ---------------------------------------------------------------- KH
        ("KH", "Child Helpline Cambodia (CHC)"): dict(
            slug="child-helpline-cambodia",
            phones=[("1280", "Free helpline"), ("1280", "SMS", "sms"), ("+855 23 224 841", "Admin")],
            hours=False,
            flags={"free": None},
            max_age=25,
            desc="Phone counselling, information, referral and follow-up for children and youth up to 25; also via the "
            "website and SMS.",
            notes="The hours given are those of the 1280 helpline.",
        ),
        ("KH", "APLE Cambodia – Internet Hotline Cambodia (IHC)"): dict(
            slug="aple-internet-hotline",
            organization="APLE Cambodia",
            phones=[("092 311 511", "24/7 hotline")],
            web_kind="report",
            flags={"anonymous": True},
            desc="Internet Hotline Cambodia, operated by APLE since 2015 with INHOPE support; anonymous reports.",
            notes="For children in immediate danger the source gives the police hotline 1288, a short number the "
            "phonenumbers library does not recognise (so it is not offered as a channel).",
        ),
        ("KH", "Emergency numbers"): dict(slug="emergency"),
        # ---------------------------------------------------------------- KR
        ("KR", "Child abuse reporting 112 (National Child Protection Agency)"): dict(
            slug="child-abuse-reporting-112",
            organization="National Child Protection Agency",
            phones=[("112", "Child abuse reports")],
            desc="Child Protection Hotline under the Child Welfare Act: reports are routed to child protection "
            "agencies or the police.",
            notes="",
        ),
        ("KR", "Youth Helpline 1388 (Korea Youth Counseling & Welfare Institute)"): dict(
            slug="youth-helpline-1388",
            name_en="Youth Helpline 1388",
            organization="Korea Youth Counseling & Welfare Institute",
            phones=[("1388", "Phone (from a mobile: area code + 1388)"), ("1388", "SMS", "sms")],
            desc="Youth helpline by phone, SMS and online chat at 1388.go.kr, also on KakaoTalk and LINE.",
            notes="Online chat: 청소년사이버상담센터 (1388.go.kr); KakaoTalk channel '청소년상담1388'; LINE @cyber1388.",
        ),
        ("KR", "Korea Communications Standards Commission – illegal/harmful information report line"): dict(
            slug="kcsc-report-line-1377",
            name_en="Korea Communications Standards Commission – illegal/harmful information report line 1377",
            organization="Korea Communications Standards Commission",
            phones=[("1377", "Report line (option 3: digital sex crime)")],
            desc="Report line for illegal and harmful information (since May 2007); since 5 October 2023 option 3 is a "
            "one-stop digital sex crime line run with MOGEF and the police.",
            notes="",
        ),
        ("KR", "Emergency numbers"): dict(slug="emergency"),
        ("KR", "Police Missing Child Center 182"): dict(
            slug="missing-child-center-182",
            name_en="Police Missing Child Center 182",
            desc="Police line for reporting and finding missing children.",
        ),
        ("KR", "Korean National Police Agency – Cybercrime Reporting System (ECRM)"): dict(
            slug="ecrm-cybercrime-reporting",
            organization="Korean National Police Agency",
            web_kind="report",
            name_en="Korean National Police Agency – Cybercrime Reporting System (ECRM)",
            desc="Online cybercrime reporting system of the Korean National Police Agency.",
        ),
        ("KR", "Crime Victim Support Centers"): dict(
            slug="crime-victim-support-centers",
            desc="60 crime victim support offices nationwide; a call connects to the nearest centre.",
            notes="Other lines named in the source: prosecution victim support office 1577-2584; KOVA 1577-9517.",
        ),
    }
)

CURATION.update(
    {
        # ---------------------------------------------------------------- LT
        ("LT", "Vaikų linija (Child Line)"): dict(slug="vaiku-linija-116111", name_en="Child Line"),
        ("LT", "Švarus internetas ('Clean Internet') hotline – Communications Regulatory Authority (RRT)"): dict(
            slug="svarus-internetas",
            name_en="Clean Internet hotline",
            organization="Communications Regulatory Authority (RRT)",
            web_kind="report",
            desc="Hotline of the Communications Regulatory Authority for reporting illegal and harmful online content; "
            "RRT has been an INHOPE member since 2008.",
            notes="",
        ),
        ("LT", "European emergency number 112"): dict(slug="emergency"),
        ("LT", "Missing Persons' Families Support Centre (116 000)"): dict(
            slug="missing-persons-families-116000",
            name_en="Missing children hotline 116 000",
            name="Missing Persons' Families Support Centre",
            organization="Missing Persons' Families Support Centre",
            desc=f"Hotline for missing children in Lithuania, operated by the Missing Persons' Families Support Centre {MCE}.",
        ),
        # ---------------------------------------------------------------- LU
        ("LU", "BEE SECURE Helpline (online safety)"): dict(
            slug="bee-secure-helpline",
            name="BEE SECURE Helpline",
            types=["online_safety"],
            desc="Online safety helpline of BEE SECURE.",
        ),
        ("LU", "Kanner-Jugendtelefon (KJT)"): dict(
            slug="kjt-116111",
            name_en="Children and Youth Phone (KJT)",
            organization="Caritas Jeunes et Familles a.s.b.l.",
            extra=[("phone", "26 64 05 55", "Parents' line (Elterentelefon)")],
            desc="Child and youth helpline on 116 111; also a parents' line (Elterentelefon).",
            notes="",
        ),
        ("LU", "BEE SECURE Stopline"): dict(
            slug="bee-secure-stopline",
            aliases=["LISA Stopline"],
            web_kind="report",
            desc="Luxembourg's reporting website for illegal online content, a government initiative in the INHOPE "
            "network, coordinated by KJT with the Service national de la jeunesse.",
            notes="Called 'LISA Stopline' around 2012.",
        ),
        ("LU", "European emergency number 112"): dict(
            slug="emergency", phones=[("112", "Ambulance & fire"), ("113", "Police")]
        ),
        ("LU", "Office National de l'Enfance (116 000 operator, c.2016)"): dict(
            slug="one-116000",
            name_en="Missing children hotline 116 000 (Office National de l'Enfance)",
            organization="Office National de l'Enfance",
            desc=f"Hotline for missing children in Luxembourg, operated c. 2016 by the Office National de l'Enfance {MCE}.",
        ),
        # ---------------------------------------------------------------- LV
        ("LV", "Child Helpline 116111 (State Inspectorate for Protection of Children's Rights)"): dict(
            slug="child-helpline-116111",
            organization="State Inspectorate for Protection of Children's Rights",
            desc="Latvia's child helpline on 116 111.",
        ),
        ("LV", "Drossinternets.lv hotline – Latvian Safer Internet Centre (Latvian Internet Association)"): dict(
            slug="drossinternets-hotline",
            name_en="Drossinternets.lv hotline – Latvian Safer Internet Centre",
            organization="Latvian Internet Association",
            web_kind="report",
            desc="Hotline of the Latvian Safer Internet Centre; reports are processed with the State Police "
            "(cooperation agreement 2010).",
            notes="Around 2012 the address was http://netsafe.lv.",
        ),
        ("LV", "European emergency number 112"): dict(slug="emergency"),
        ("LV", "State Police (116 000 operator)"): dict(
            slug="state-police-116000",
            name="State Police",
            name_en="Missing children hotline 116 000 (State Police)",
            organization="State Police",
            desc=f"Hotline for missing children in Latvia, answered by the State Police {MCE}.",
        ),
        ("LV", "Support line for crime victims 116006 (Skalbes)"): dict(
            slug="skalbes-116006",
            name_en="Support line for crime victims 116 006",
            organization="Skalbes",
            desc="Support line for victims of crime since 1 January 2016, delegated by the Legal Aid Administration.",
            notes="",
        ),
        # ---------------------------------------------------------------- MD
        ("MD", "Telefonul Copilului 116 111 (Child Helpline)"): dict(
            slug="telefonul-copilului-116111",
            name_en="Child Helpline 116 111",
            organization="CNFACEM, for the Ministry of Labour and Social Protection",
            flags={"confidential": True, "anonymous": True},
            desc="Free, confidential and anonymous child helpline since 4 June 2014, also via Skype and online; "
            "Child Helpline International member since 2018.",
            notes="Skype: TelefonulcopiluluiMoldova116111.",
        ),
        ("MD", "Siguronline.md – La Strada Digital Safety Center"): dict(
            slug="siguronline",
            name="Siguronline.md",
            name_en="Siguronline.md – La Strada Digital Safety Center",
            organization="La Strada",
            types=["online_safety"],
            desc="Online counselling for children facing online abuse, since 2013.",
            notes="La Strada also runs a 'Child Abuse Material Reporting Service' (2025). The Better Internet for Kids "
            "profile says Moldova has no INHOPE hotline yet (planned with the Ministry of Interior).",
            # The fact itself says there is no INHOPE hotline yet: the reporting route is uncertain.
            verification="unverified",
        ),
        ("MD", "Emergency numbers"): dict(slug="emergency"),
        ("MD", "La Strada Trustline for Women and Girls"): dict(
            slug="la-strada-trustline", organization="La Strada", desc="La Strada's trustline for women and girls."
        ),
        # ---------------------------------------------------------------- ME
        ("ME", "National SOS Child Helpline 116 111"): dict(
            slug="sos-child-helpline-116111",
            name_en="National SOS Child Helpline 116 111",
            organization="Dječji dom 'Mladost' (Bijela)",
            flags={"anonymous": True, "free": True},
            hours={
                "always_open": True,
                "note": "24/7 according to a 2021 campaign (launched December 2018 Mon–Fri 13–21; 2020 Mon–Fri 07–21).",
            },
            desc="Anonymous, free helpline for children and young people, run for the Ministry by the public "
            "institution Dječji dom 'Mladost' (Bijela).",
            notes="",
        ),
        ("ME", "National SOS Parent Line (NGO Roditelji)"): dict(
            slug="sos-parent-line",
            name_en="National SOS Parent Line",
            organization="NGO Roditelji",
            audiences=["parents"],
            flags={"free": True},
            desc="SOS line for parents and caregivers, free from Montenegrin operators.",
            notes="",
        ),
        ("ME", "Emergency numbers"): dict(slug="emergency"),
        # ---------------------------------------------------------------- MT
        ("MT", "116 111 Child Helpline (Aġenzija Appoġġ)"): dict(
            slug="appogg-116111",
            name_en="116 111 Child Helpline",
            organization="Aġenzija Appoġġ",
            desc="Malta's 116 111 child helpline, run by Aġenzija Appoġġ.",
        ),
        ("MT", "Kellimni.com (online child & youth support: SOS Malta, Salesians, Aġenzija Appoġġ)"): dict(
            slug="kellimni",
            name_en="Kellimni.com – online support for children and young people",
            organization="SOS Malta, the Salesians and Aġenzija Appoġġ",
            hours={"always_open": True, "note": "Online service."},
            desc="Online support service for children and young people.",
        ),
        ("MT", "Supportline 179 (Aġenzija Appoġġ)"): dict(
            slug="supportline-179", organization="Aġenzija Appoġġ", desc="Support line of Aġenzija Appoġġ."
        ),
        ("MT", "Childwebalert Hotline (Aġenzija Appoġġ / FSWS)"): dict(
            slug="childwebalert",
            name_en="Childwebalert Hotline",
            organization="Aġenzija Appoġġ / FSWS",
            web_kind="report",
            desc="INHOPE member hotline collaborating with the Malta Police Cyber Crime Unit.",
            notes="",
        ),
        ("MT", "European emergency number 112"): dict(slug="emergency"),
        ("MT", "Malta Police 'Crime Stop'"): dict(
            slug="police-crime-stop",
            organization="Malta Police",
            phones=[("119", "Crime Stop")],
            desc="Malta Police 'Crime Stop' line.",
        ),
        ("MT", "Malta Police Force (116 000 operator)"): dict(
            slug="police-116000",
            name_en="Malta Police Force – missing children hotline 116 000",
            organization="Malta Police Force",
            desc=f"Hotline for missing children in Malta, answered by the Malta Police Force {MCE}.",
        ),
        ("MT", "Victim Support Agency – national victim support line 116 006"): dict(
            slug="victim-support-agency-116006",
            organization="Victim Support Agency",
            hours=False,
            extra=[("phone", "2568 9700", "Agency line")],
            desc="National support line for victims of crime (116 006 from 1 May 2023).",
            notes="The hours given are those of 116 006; the agency line's hours were not given.",
        ),
        ("MT", "Victim Support Malta (NGO)"): dict(
            slug="victim-support-malta", desc="Non-governmental organisation supporting victims of crime."
        ),
    }
)
