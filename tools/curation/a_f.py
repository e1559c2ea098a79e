"""Curation: countries A–F (AL AT AU BE BG CH CY CZ DE DK EE ES FI FR).

Keys are (country, fact name exactly as in services-facts.json). See __init__.py
for the meaning of each field. Numbers stay as written in the fact; the
generator drops (into notes) any that the phonenumbers library rejects.
"""

from __future__ import annotations

from .hours import ALL_DAYS

MON_FRI = ALL_DAYS[:5]
MON_SAT = ALL_DAYS[:6]
# Used for the operators of 116 000 lines known only from the Missing Children Europe list.
MCE = "according to the Missing Children Europe hotline list"

CURATION: dict[tuple[str, str], dict] = {
    # ---------------------------------------------------------------- AL
    ("AL", "ALO 116 111 – Albanian National Child Helpline"): dict(
        slug="alo-116111",
        name_en="ALO 116 111 – Albanian National Child Helpline",
        organization="CRCA/ALO 116",
        desc="Albania's national child helpline, run by CRCA/ALO 116 with UNICEF since 1 June 2009. "
        "Also web chat, the 'Raporto Tani / Report Now' online reporting platform and the ALO116111 app (since August 2021).",
        notes="",
    ),
    ("AL", "iSIGURT.al – National Child Internet Safety Hotline (CRCA/ECPAT Albania)"): dict(
        slug="isigurt",
        name_en="iSIGURT.al – National Child Internet Safety Hotline",
        organization="CRCA/ECPAT Albania",
        web_kind="report",
        desc="National platform for reporting unsafe online content, including child sexual abuse material, "
        "on the web and through a mobile app.",
        notes="INHOPE membership not confirmed in the sources read.",
    ),
    ("AL", "Emergency numbers"): dict(slug="emergency"),
    # ---------------------------------------------------------------- AT
    ("AT", "Rat auf Draht (Austrian child & youth helpline)"): dict(
        slug="rat-auf-draht-147",
        name_en="Rat auf Draht – child and youth helpline",
        types=["online_safety"],
        desc="Austria's child and youth helpline, on 147 (Austria's child helpline uses 147, not 116 111). "
        "It is also the helpline of the Austrian Safer Internet Centre.",
        notes="",
    ),
    ("AT", "Stopline (Austrian INHOPE hotline)"): dict(
        slug="stopline",
        name_en="Stopline – reporting point for online child sexual abuse material and National Socialist content",
        web_kind="report",
        desc="Austria's INHOPE hotline, founded in 1998 by ISPA (Internet Service Providers Austria) and "
        "supported by nic.at; reports by web form.",
        notes="",
    ),
    ("AT", "European emergency number 112"): dict(
        slug="emergency",
        phones=[("112", "Emergency (all services)"), ("133", "Police"), ("122", "Fire"), ("144", "Ambulance")],
    ),
    ("AT", "147 Rat auf Draht (116 000 operator)"): dict(
        slug="rat-auf-draht-116000",
        name_en="Missing children hotline 116 000 (Rat auf Draht)",
        organization="147 Rat auf Draht",
        desc=f"Hotline for missing children in Austria, answered by 147 Rat auf Draht {MCE}.",
    ),
    ("AT", "Bundeskriminalamt (BK) reporting point for child sexual abuse material (Büro 3.2.1)"): dict(
        slug="bundeskriminalamt-csam-reporting",
        name_en="Federal Criminal Police Office (BK) – reporting point for child sexual abuse material",
        organization="Bundeskriminalamt",
        types=["csam_reporting"],
        desc="Reporting point of Austria's Federal Criminal Police Office (Büro 3.2.1) for child sexual abuse material.",
        notes="Described c. 2012; no public URL or number was given in the source.",
        # A c. 2012 description with no way to reach it: not enough to call it verified.
        verification="unverified",
    ),
    ("AT", "Opfer-Notruf (victim helpline, run by WEISSER RING for the Ministry of Justice)"): dict(
        slug="opfer-notruf",
        name_en="Victim helpline (Opfer-Notruf)",
        organization="WEISSER RING",
        desc="Austria's victim helpline, run by WEISSER RING for the Ministry of Justice.",
    ),
    # ---------------------------------------------------------------- AU
    ("AU", "Kids Helpline (yourtown)"): dict(
        slug="kids-helpline",
        organization="yourtown",
        min_age=5,
        max_age=25,
        flags={"free": True},
        hours={"always_open": True, "note": "Phone and WebChat 24/7; e-mail answered 8am–10pm daily."},
        desc="Free counselling for children and young people aged 5–25 by phone, WebChat and e-mail.",
        notes="Free from mobiles, landlines and payphones.",
    ),
    (
        "AU",
        "eSafety Commissioner – report illegal and restricted online content (incl. child sexual exploitation material)",
    ): dict(
        slug="esafety-report",
        organization="eSafety Commissioner",
        web_kind="report",
        flags={"anonymous": True},
        desc="The eSafety Commissioner takes reports of illegal and restricted online content, including child "
        "sexual exploitation material; Australian INHOPE member since 2000.",
        notes="Reports can be anonymous.",
    ),
    ("AU", "Emergency numbers"): dict(
        slug="emergency",
        phones=[
            ("000", "Emergency (all services)"),
            ("112", "Emergency from mobiles"),
            ("132 500", "SES"),
            ("131 444", "Police non-emergency"),
            ("1800 333 000", "Crime Stoppers"),
            ("106", "Relay"),
        ],
    ),
    (
        "AU",
        "Australian Centre to Counter Child Exploitation (ACCCE) – report online child sexual exploitation/grooming",
    ): dict(
        slug="accce-report",
        name="Australian Centre to Counter Child Exploitation (ACCCE)",
        name_en="ACCCE – report online child sexual exploitation and grooming",
        types=["csam_reporting"],
        web_kind="report",
        phones=[("000", "Immediate danger (emergency)"), ("1800 333 000", "Crime Stoppers")],
        desc="AFP-led centre with an online form for reporting grooming, sextortion and image-based abuse "
        "involving under-18s.",
        notes="",
    ),
    ("AU", "ReportCyber (Australian Cyber Security Centre)"): dict(
        slug="reportcyber",
        organization="Australian Cyber Security Centre",
        web_kind="report",
        desc="National online reporting of cybercrime to police (fraud, image abuse, cyber-enabled abuse).",
        notes="The page address may now be cyber.gov.au/report.",
    ),
    ("AU", "1800RESPECT – National Domestic, Family and Sexual Violence Counselling Service"): dict(
        slug="1800respect",
        name="1800RESPECT",
        name_en="1800RESPECT – National Domestic, Family and Sexual Violence Counselling Service",
        types=["domestic_violence", "sexual_violence"],
        phones=[("1800 737 732", "1800RESPECT")],
        hours={"always_open": True, "note": "Phone, SMS and online chat 24/7; video counselling Mon–Fri 9am–5pm."},
        desc="National counselling service for people affected by domestic, family and sexual violence.",
        # The digits match the letters of 1800RESPECT on a phone keypad (R-E-S-P-E-C = 737 732).
        notes="Interpreters available for calls; SMS in English only. The numeric form 1800 737 732 is "
        "corroborated in public code, not on the official page excerpt.",
    ),
    # ---------------------------------------------------------------- BE
    ("BE", "103 Écoute-Enfants (French-speaking child helpline)"): dict(
        slug="103-ecoute-enfants",
        name_en="103 Écoute-Enfants – French-speaking child helpline",
        desc="Child helpline in French for Belgium, on 103.",
    ),
    ("BE", "Awel (Flemish child & youth helpline)"): dict(
        slug="awel-102",
        name_en="Awel – Flemish child and youth helpline",
        desc="Child and youth helpline in Dutch for Flanders (Belgium): call, chat, e-mail or forum.",
        notes="",
    ),
    ("BE", "Child Focus e-safety helpline (Belgian SIC helpline via 116 000)"): dict(
        slug="child-focus-esafety-helpline",
        name_en="Child Focus e-safety helpline",
        organization="Child Focus",
        types=["online_safety"],
        desc="Online safety helpline of the Belgian Safer Internet Centre, run by Child Focus and reached via 116 000.",
    ),
    (
        "BE",
        "Child Focus civil hotline for child sexual abuse material (Belgian Safer Internet Centre 'Betternet')",
    ): dict(
        slug="child-focus-csam-hotline",
        name_en="Child Focus civil hotline for child sexual abuse material",
        organization="Child Focus",
        desc="Civil hotline for reporting child sexual abuse material, part of the Belgian Safer Internet Centre "
        "'Betternet'; Child Focus created Belgium's first civil CSAM hotline in 2002.",
        notes="A report address given c. 2012 was http://www.stopchildporno.be. Child Focus (Belgische Stichting "
        "voor Vermiste en Seksueel Uitgebuite Kinderen) is a DSA trusted flagger.",
    ),
    ("BE", "European emergency number 112"): dict(
        slug="emergency", phones=[("112", "Ambulance & fire"), ("101", "Police")]
    ),
    ("BE", "Child Focus"): dict(
        slug="child-focus-116000",
        name_en="Child Focus – missing children hotline 116 000",
        organization="Child Focus",
        desc="Child Focus answers the 116 000 hotline for missing children in Belgium.",
    ),
    # ---------------------------------------------------------------- BG
    ("BG", "Bulgarian Safer Internet Centre helpline (online safety)"): dict(
        slug="safer-internet-helpline",
        organization="Association Parents",
        types=["online_safety"],
        desc="Online safety helpline of the Bulgarian Safer Internet Centre, launched in 2011 and operated by "
        "the Association Parents.",
        notes="Around 2013 calls were charged a fixed EUR 0.07.",
    ),
    ("BG", "National Telephone Line for Children"): dict(
        slug="116111-national-line-for-children",
        desc="Bulgaria's national child helpline, in operation since 2009 under the Child Protection Act.",
        notes="",
    ),
    ("BG", "SafenetBG – Bulgarian Safer Internet Centre hotline (ARC Fund)"): dict(
        slug="safenet-hotline",
        name_en="SafenetBG – Bulgarian Safer Internet Centre hotline",
        organization="Applied Research and Communications Fund (ARC Fund)",
        desc="Hotline of the Bulgarian Safer Internet Centre for reporting child sexual abuse material, "
        "launched in May 2006; INHOPE member since 2006.",
        notes="",
    ),
    ("BG", "European emergency number 112"): dict(slug="emergency"),
    ("BG", "Nadja Centre Foundation (116 000 operator)"): dict(
        slug="nadja-centre-116000",
        name_en="Missing children hotline 116 000 (Nadja Centre Foundation)",
        organization="Nadja Centre Foundation",
        desc=f"Hotline for missing children in Bulgaria, operated by the Nadja Centre Foundation {MCE}.",
    ),
    # ---------------------------------------------------------------- CH
    ("CH", "Pro Juventute Beratung + Hilfe 147"): dict(
        slug="pro-juventute-147",
        name_en="Pro Juventute Counselling + Help 147",
        organization="Pro Juventute",
        flags={"free": True, "confidential": True},
        email_label="E-mail counselling",
        desc="Free and confidential counselling for children and young people by phone, WhatsApp chat "
        "(via 147.ch) and e-mail.",
        notes="",
    ),
    ("CH", "clickandstop.ch – national reporting point against online paedocriminal content"): dict(
        slug="clickandstop",
        name="clickandstop.ch",
        name_en="clickandstop.ch – national reporting point against online paedocriminal content",
        organization="Kinderschutz Schweiz and Guido Fluri Stiftung",
        web_kind="report",
        flags={"anonymous": True},
        desc="National reporting point for online paedocriminal content, since 4 April 2022; anonymous URL "
        "reports are forwarded to fedpol.",
        notes="Counselling is also offered by phone and chat; the numbers were not given in the sources read.",
    ),
    ("CH", "Emergency numbers"): dict(
        slug="emergency",
        phones=[
            ("117", "Police"),
            ("144", "Ambulance"),
            ("118", "Fire"),
            ("112", "Emergency (all services)"),
            ("145", "Poison"),
            ("143", "Psychological support"),
            ("147", "Youth helpline"),
            ("1414", "Rega"),
        ],
    ),
    ("CH", "116 000 Missing Children Switzerland"): dict(
        slug="missing-children-116000",
        desc="Switzerland's 116 000 hotline for missing children, mandated by OFCOM (2017).",
        notes="",
    ),
    ("CH", "Opferhilfe / Aide aux victimes (cantonal victim support centres)"): dict(
        slug="opferhilfe",
        name_en="Victim support (cantonal victim support centres)",
        flags={"free": True},
        desc="Free counselling for victims under the Victim Assistance Act (OHG), with at least one centre per "
        "canton; no police report is required.",
        notes="",
    ),
}

CURATION.update(
    {
        # ---------------------------------------------------------------- CY
        (
            "CY",
            "European Helpline for Children and Adolescents 116 111 (Hope For Children CRC Policy Center with SPAVO)",
        ): dict(
            slug="helpline-116111",
            organization="Hope For Children CRC Policy Center with SPAVO",
            desc="Cyprus's 116 111 helpline for children and adolescents.",
        ),
        ("CY", "Hope For Children Helpline 1466"): dict(
            slug="hope-for-children-1466", organization="Hope For Children"
        ),
        ("CY", "CyberSafety Cyprus hotline (current Safer Internet Centre hotline)"): dict(
            slug="cybersafety-hotline",
            name="CyberSafety Cyprus hotline",
            web_kind="report",
            desc="Current hotline of the Cyprus Safer Internet Centre for reporting child sexual abuse material and "
            "racist or xenophobic content; it uses the EU core service platform.",
            notes="",
        ),
        ("CY", "SafenetCY – Cyprus Safer Internet Hotline (CyberEthics), c.2007–2016"): dict(
            slug="safenetcy-former-hotline",
            name_en="SafenetCY – Cyprus Safer Internet Hotline (CyberEthics)",
            organization="Cyprus Neuroscience and Technology Institute (CNTI)",
            desc="Former Cyprus Safer Internet hotline (c. 2007–2016), an INHOPE member that forwarded reports to the "
            "Cyprus Police.",
            notes="Historical (c. 2007–2016): the current hotline is the CyberSafety Cyprus hotline.",
            # The fact itself dates the service to 2007–2016.
            verification="unverified",
        ),
        ("CY", "European emergency number 112"): dict(slug="emergency"),
        ("CY", "Consortium SPAVO & Hope For Children (116 000 operator)"): dict(
            slug="spavo-hope-for-children-116000",
            name="Consortium SPAVO & Hope For Children",
            name_en="Missing children hotline 116 000 (SPAVO and Hope For Children)",
            organization="SPAVO and Hope For Children",
            desc=f"Hotline for missing children in Cyprus, operated by a consortium of SPAVO and Hope For Children {MCE}.",
        ),
        # ---------------------------------------------------------------- CZ
        ("CZ", "Linka bezpečí (Safety Line)"): dict(
            slug="linka-bezpeci-116111",
            name_en="Safety Line",
            max_age=26,
            extra=[("phone", "606 021 021", "Parents' line")],
            hours={"always_open": True, "note": "Hours of the 116 111 line; the parents' line may differ."},
            desc="Crisis line for children and students up to 26, by phone and chat; also a line for parents.",
            notes="",
        ),
        ("CZ", "Horká linka (Internet Hotline) – operated by CZI s.r.o., c.2009–2014"): dict(
            slug="horka-linka-former-hotline",
            name_en="Internet Hotline (Horká linka)",
            organization="CZI s.r.o.",
            desc="Former Czech internet hotline (c. 2009–2014), co-funded by the European Commission and the Ministry "
            "of the Interior; it forwarded reports to the Czech Police and foreign hotlines.",
            notes="Historical (c. 2009–2014); INHOPE membership not stated in the page read.",
            # The fact itself dates the service to 2009–2014.
            verification="unverified",
        ),
        ("CZ", "Stopline.cz (Czech reporting point for illegal online content)"): dict(
            slug="stopline",
            name="Stopline.cz",
            name_en="Stopline.cz – Czech reporting point for illegal online content",
            web_kind="report",
            desc="Czech reporting point for illegal online content; partner: Linka bezpečí.",
            notes="Operator not stated in the page read.",
        ),
        ("CZ", "European emergency number 112"): dict(
            slug="emergency",
            phones=[("112", "Emergency (all services)"), ("150", "Fire"), ("155", "Ambulance"), ("158", "Police")],
        ),
        ("CZ", "Linka pro rodinu a školu / Ztracené dítě (116 000)"): dict(
            slug="ztracene-dite-116000",
            name_en="Lost Child line 116 000",
            aliases=["Linka pro rodinu a školu"],
            desc="Czech hotline for missing children on 116 000.",
        ),
        ("CZ", "Bílý kruh bezpečí – Linka pomoci obětem kriminality a domácího násilí"): dict(
            slug="bily-kruh-bezpeci-116006",
            name_en="White Circle of Safety – helpline for victims of crime and domestic violence",
            aliases=["Linka pomoci obětem kriminality a domácího násilí"],
            organization="Bílý kruh bezpečí",
            types=["domestic_violence"],
            extra=[("phone", "257 317 110", "Non-stop line")],
            desc="Helpline for victims of crime and domestic violence, on 116 006 since 2015.",
            notes="",
        ),
        # ---------------------------------------------------------------- DE
        ("DE", "Nummer gegen Kummer – Kinder- und Jugendtelefon"): dict(
            slug="nummer-gegen-kummer-116111",
            name_en="Number against sorrow – children's and youth helpline",
            aliases=["Kinder- und Jugendtelefon"],
            extra=[("phone", "0800 111 0550", "Parents' line")],
            hours={
                "weekly": [{"days": MON_SAT, "opens": "14:00", "closes": "20:00"}],
                "note": "Hours of the 116 111 line; the parents' line may differ.",
            },
            desc="Helpline for children and young people, with online counselling; also a line for parents.",
            notes="",
        ),
        ("DE", "FSM Beschwerdestelle (Freiwillige Selbstkontrolle Multimedia-Diensteanbieter)"): dict(
            slug="fsm-beschwerdestelle",
            name="FSM Beschwerdestelle",
            name_en="FSM complaints office",
            organization="Freiwillige Selbstkontrolle Multimedia-Diensteanbieter (FSM)",
            web_kind="report",
            desc="Complaints office of the FSM for reporting illegal online content, through the shared site "
            "internet-beschwerdestelle.de.",
        ),
        ("DE", "eco Beschwerdestelle (eco – Association of the Internet Industry complaints office)"): dict(
            slug="eco-beschwerdestelle",
            name_en="eco complaints office",
            organization="eco – Association of the Internet Industry",
            web_kind="report",
            desc="Complaints office of eco for reporting illegal online content; INHOPE founding member, sharing its "
            "reporting site with FSM.",
            notes="",
        ),
        ("DE", "jugendschutz.net"): dict(
            slug="jugendschutz-net",
            web_kind="report",
            desc="Joint competence centre of the federal government and the Länder for the protection of minors "
            "online; takes reports of violations and works with INHOPE and INACH.",
            notes="",
        ),
        ("DE", "European emergency number 112"): dict(
            slug="emergency", phones=[("112", "Fire & ambulance"), ("110", "Police")]
        ),
        ("DE", "Vermisste Kinder (116 000 operator, not an MCE member c.2016)"): dict(
            slug="vermisste-kinder-116000",
            name_en="Missing Children (116 000)",
            organization="Vermisste Kinder",
            desc="Hotline for missing children in Germany, operated by Vermisste Kinder (not a Missing Children "
            "Europe member c. 2016).",
        ),
        ("DE", "WEISSER RING Opfer-Telefon 116 006"): dict(
            slug="weisser-ring-opfer-telefon-116006",
            name_en="WEISSER RING victim helpline 116 006",
            organization="WEISSER RING",
            desc="National helpline for victims of crime run by WEISSER RING.",
        ),
        # ---------------------------------------------------------------- DK
        ("DK", "BørneTelefonen (Børns Vilkår)"): dict(
            slug="bornetelefonen-116111",
            name_en="Children's Phone (BørneTelefonen)",
            organization="Børns Vilkår",
            max_age=17,
            desc="Child helpline for everyone under 18: call, chat, SMS or letter.",
            notes="",
        ),
        ("DK", "Red Barnet (Save the Children Denmark) hotline"): dict(
            slug="red-barnet-hotline",
            name_en="Save the Children Denmark hotline",
            organization="Red Barnet (Save the Children Denmark)",
            email_label="Report by e-mail",
            desc="Described c. 2012 as the Danish online hotline for child sexual abuse material, cooperating with "
            "the national police.",
            notes="Red Barnet is a DSA trusted flagger.",
        ),
        ("DK", "European emergency number 112"): dict(
            slug="emergency", phones=[("112", "Emergency (all services)"), ("114", "Police non-emergency")]
        ),
        ("DK", "Thora Center (116 000 operator)"): dict(
            slug="thora-center-116000",
            name_en="Missing children hotline 116 000 (Thora Center)",
            organization="Thora Center",
            desc=f"Hotline for missing children in Denmark, operated by Thora Center {MCE}.",
        ),
        ("DK", "Danish Police – IT crime reporting page (c.2012 URL)"): dict(
            slug="politi-it-crime",
            name_en="Danish Police – IT crime reporting page",
            organization="Politi",
            desc="Danish Police page for reporting IT crime.",
            notes="URL from a c. 2012 list; may be outdated.",
        ),
        ("DK", "Offerrådgivningen i Danmark (Victim Counselling Denmark)"): dict(
            slug="offerraadgivningen-116006",
            name="Offerrådgivningen i Danmark",
            name_en="Victim Counselling Denmark",
            desc="Counselling for victims of crime by phone and by chat on the website.",
            notes="",
        ),
        # ---------------------------------------------------------------- EE
        ("EE", "Lasteabi 116 111 (Social Insurance Board)"): dict(
            slug="lasteabi-116111",
            name_en="Child Helpline 116 111 (Lasteabi)",
            organization="Social Insurance Board (Sotsiaalkindlustusamet)",
            desc="Estonia's child helpline, with web chat and an app; run by the Social Insurance Board since 2018.",
            notes="Since 1 January 2009; run by Arstlik Perenõuandla OÜ 2009–2017.",
        ),
        ("EE", "Vihjeliin (Estonian hotline, Estonian Union for Child Welfare)"): dict(
            slug="vihjeliin",
            name_en="Vihjeliin – Estonian hotline",
            organization="Estonian Union for Child Welfare",
            desc="Estonian hotline for reporting child sexual abuse material, set up in early 2011, with a cooperation "
            "agreement with the Police and Border Guard Board; part of the INSAFE/INHOPE networks.",
            notes="",
        ),
        ("EE", "European emergency number 112"): dict(slug="emergency"),
        ("EE", "Kadunud laste telefon 116 000 (answered by Lasteabi, Social Insurance Board)"): dict(
            slug="kadunud-laste-telefon-116000",
            name_en="Missing children's phone 116 000",
            organization="Lasteabi (Social Insurance Board)",
            desc="Estonia's 116 000 line for missing children, answered by Lasteabi; launched 1 January 2011.",
            notes="The Missing Children Europe list (c. 2016) names 'Estonian Advice Center' as operator.",
        ),
        ("EE", "Ohvriabi kriisitelefon 116 006 (Social Insurance Board victim support)"): dict(
            slug="ohvriabi-116006",
            name_en="Victim support crisis line 116 006",
            organization="Social Insurance Board",
            desc="Crisis line of the Social Insurance Board's victim support service.",
        ),
    }
)

CURATION.update(
    {
        # ---------------------------------------------------------------- ES
        ("ES", "Fundación ANAR – Helpline for Children and Adolescents at Risk"): dict(
            slug="anar-helpline",
            name_en="ANAR Foundation – Helpline for Children and Adolescents at Risk",
            organization="Fundación ANAR",
            extra=[("phone", "600 50 51 52", "Adults worried about a child")],
            hours={"always_open": True, "note": "Hours of the children's line; the adults' line may differ."},
            desc="Free, confidential helpline for children and adolescents at risk; a separate number is for adults "
            "worried about a child.",
            notes="",
        ),
        ("ES", "INCIBE – Child Sexual Abuse Material reporting line"): dict(
            slug="incibe-hotline",
            name_en="INCIBE – Child Sexual Abuse Material reporting line",
            organization="INCIBE",
            web_kind="report",
            desc="INCIBE's line for reporting child sexual abuse material; INHOPE member since 2019.",
            notes="Reports are not formal police complaints. Around 2005 the Spanish INHOPE member was Protégeles.",
        ),
        ("ES", "European emergency number 112"): dict(slug="emergency"),
        ("ES", "Fundación ANAR (116 000 operator)"): dict(
            slug="anar-116000",
            name_en="ANAR Foundation – missing children hotline 116 000",
            organization="Fundación ANAR",
            desc=f"Hotline for missing children in Spain, operated by Fundación ANAR {MCE}.",
        ),
        ("ES", "Policía Nacional – Denuncias telemáticas / Guardia Civil – Colabora"): dict(
            slug="policia-guardia-civil-online",
            name="Policía Nacional – Denuncias telemáticas / Guardia Civil – Colabora",
            name_en="National Police online reports / Guardia Civil 'Colabora'",
            web_label="Policía Nacional",
            note_urls={"https://www.guardiacivil.es": ("web", "Guardia Civil (Colabora section)")},
            desc="Online crime reports to the Policía Nacional and tips to the Guardia Civil through the Colabora "
            "section of its website.",
            notes="",
        ),
        ("ES", "016 – national line against gender-based violence"): dict(
            slug="016-violencia-genero",
            name_en="016 – national line against gender-based violence",
            desc="National line for victims of gender-based violence; free and leaves no trace on the phone bill.",
        ),
        # ---------------------------------------------------------------- FI
        ("FI", "MLL Children and Youth Phone / Nuortennetti (Mannerheim League for Child Welfare)"): dict(
            slug="mll-116111",
            name_en="MLL Children and Youth Phone / Nuortennetti",
            organization="Mannerheim League for Child Welfare (MLL)",
            desc="Child and youth helpline of the Mannerheim League for Child Welfare.",
        ),
        ("FI", "Nettivihje (Save the Children Finland)"): dict(
            slug="nettivihje",
            organization="Save the Children Finland (Pelastakaa Lapset ry)",
            web_kind="report",
            desc="Save the Children Finland's hotline for reporting child sexual abuse material; INHOPE member since "
            "2002, working with the National Bureau of Investigation.",
            notes="",
        ),
        ("FI", "European emergency number 112"): dict(slug="emergency"),
        ("FI", "Emergency Response Centre (Nödcentralen) – 116 000"): dict(
            slug="emergency-response-centre-116000",
            aliases=["Nödcentralen"],
            desc="Hotline for missing children in Finland (116 000), recalled as answered by the Emergency Response "
            "Centre.",
            notes="Recalled: the source list was cut off at 'Finland: Nödcen…', so the operator's full name was not read.",
        ),
        ("FI", "Rikosuhripäivystys RIKU (Victim Support Finland) 116 006"): dict(
            # name_local holds the Swedish name; the fact's own name gives the Finnish
            # (majority-language) name, so that one is the name and the Swedish an alias.
            slug="riku-116006",
            name="Rikosuhripäivystys RIKU",
            name_en="Victim Support Finland (RIKU) – 116 006",
            aliases=["Brottsofferjouren (RIKU)"],
            flags={"free": True, "anonymous": True},
            hours={
                "weekly": [{"days": MON_FRI, "opens": "09:00", "closes": "20:00"}],
                "note": "As published in 2020: Finnish Mon–Fri 09–20, Swedish Mon–Fri 12–14.",
            },
            desc="Helpline for victims of crime; 116 006 used since December 2016. Free, and callers can stay anonymous.",
            notes="",
        ),
        # ---------------------------------------------------------------- FR
        ("FR", "119 – Allô Enfance en Danger (also reachable via 116 111)"): dict(
            slug="119-allo-enfance-en-danger",
            name_en="119 – Children in Danger helpline",
            phones=[("119", "Allô Enfance en Danger"), ("116 111", "Also reachable via 116 111")],
            desc="National helpline for children in danger, also reachable via 116 111.",
        ),
        ("FR", "e-Enfance / 3018 (online harassment & digital violence helpline for young people)"): dict(
            slug="e-enfance-3018",
            name_en="e-Enfance / 3018 – online harassment and digital violence helpline",
            organization="Association e-Enfance",
            types=["online_safety"],
            desc="National helpline for young people facing online harassment and digital violence.",
        ),
        ("FR", "Point de Contact (French INHOPE hotline)"): dict(
            slug="point-de-contact",
            name="Point de Contact",
            organization="Association Point de Contact",
            desc="French INHOPE hotline (founding member, 1998) for reporting illegal online content.",
            notes="",
        ),
        ("FR", "European emergency number 112"): dict(
            slug="emergency",
            phones=[
                ("112", "Emergency (all services)"),
                ("15", "Medical emergency (SAMU)"),
                ("17", "Police"),
                ("18", "Fire"),
                ("114", "SMS for deaf and hard-of-hearing people", "sms"),
            ],
        ),
        ("FR", "CFPE – 116 000 Enfants Disparus"): dict(
            slug="116000-enfants-disparus",
            name_en="116 000 Missing Children",
            organization="CFPE",
            desc=f"Hotline for missing children in France, operated by CFPE {MCE}.",
        ),
        ("FR", "PHAROS – official portal for reporting illegal online content (Ministry of the Interior)"): dict(
            slug="pharos",
            name_en="PHAROS – official portal for reporting illegal online content",
            organization="Ministry of the Interior",
            web_kind="report",
            desc="Official portal of the Ministry of the Interior for reporting illegal online content.",
        ),
        ("FR", "France Victimes – 116 006 victim helpline"): dict(
            slug="france-victimes-116006",
            organization="France Victimes",
            aliases=["08VICTIMES"],
            extra=[("phone", "+33 1 80 52 33 76", "From abroad")],
            desc="National helpline for victims of crime; 116 006 replaced 08VICTIMES on 4 December 2018.",
            notes="",
        ),
    }
)
