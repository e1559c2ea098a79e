"""The controlled vocabulary of support types: codes and their English labels.

Codes are what records store; labels are what people read. Multilingual
synonyms used by the query resolver live beside the labels so that one module
owns the whole vocabulary.
"""

from __future__ import annotations

from .once import built_once

# Order matters: it is the display order when results are grouped by type,
# most urgent first.
LABELS: dict[str, str] = {
    "emergency": "Emergency number",
    "child_helpline": "Child helpline",
    "csam_reporting": "Report child sexual abuse material",
    "victim_support": "Victim support",
    "missing_children": "Missing children",
    "police_cyber": "Police / cybercrime reporting",
    "trafficking": "Human trafficking",
    "domestic_violence": "Domestic violence",
    "sexual_violence": "Sexual violence",
    "image_removal": "Image removal",
    "online_safety": "Online safety",
    "counselling": "Counselling",
    "legal_aid": "Legal aid",
    "medical_forensic": "Medical / forensic care",
    "shelter": "Shelter",
}

CODES: frozenset[str] = frozenset(LABELS)


def label(code: str) -> str:
    """English label for a code; unknown codes are shown as they are."""
    return LABELS.get(code, code)


_RANK = {code: k for k, code in enumerate(LABELS)}


def rank(code: str) -> int:
    """Position of a code in the display order (unknown codes last)."""
    return _RANK.get(code, len(_RANK))


# What people type for each type, in the languages caseworkers use most:
# English, German, French, Spanish, Italian, Polish, Portuguese, Dutch,
# Ukrainian, Russian, Czech and a few more. Accents and case do not matter
# (names are folded); plurals are listed where they differ. A word that could
# mean two types ("helpline") is left out rather than guessed, and so are the
# names of particular services ("Telefono Azzurro"): the index finds those.
# "Hotline" alone is the INHOPE sense, a reporting hotline for abuse material;
# "child hotline" is a child helpline.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "emergency": (
        "emergency", "emergency number", "emergency services", "emergencies", "112", "911", "999",
        "Notruf", "Notrufnummer", "Notfall", "Notfallnummer",
        "urgence", "urgences", "numéro d'urgence", "appel d'urgence",
        "emergencia", "emergencias", "número de emergencia",
        "emergenza", "numero di emergenza", "numero unico di emergenza",
        "alarmowy", "numer alarmowy", "telefon alarmowy", "nagły wypadek",
        "emergência", "número de emergência",
        "noodnummer", "alarmnummer", "noodgeval",
        "екстрена допомога", "екстрений номер", "служба порятунку",
        "экстренная помощь", "экстренный номер", "служба спасения",
        "tísňové volání", "tísňová linka", "nödnummer", "hätänumero",
    ),
    "child_helpline": (
        "child helpline", "child helplines", "children's helpline", "kids helpline", "youth helpline",
        "child line", "childline", "helpline for children", "child hotline", "children's hotline", "youth hotline", "116111", "116 111",
        "Kindertelefon", "Kinder telefon", "Kinder- und Jugendtelefon", "Jugendtelefon", "Kinderhotline",
        "Kindernotruf", "Sorgentelefon",
        "ligne d'écoute enfants", "ligne d'écoute pour enfants",
        "ligne enfants", "téléphone de l'enfance",
        "línea de ayuda a la infancia", "teléfono del menor", "teléfono de la infancia", "línea infantil",
        "linea di ascolto per bambini", "telefono per bambini",
        "telefon zaufania dla dzieci", "telefon zaufania dla dzieci i młodzieży", "telefon dla dzieci",
        "linha de apoio à criança", "linha crianças", "sos criança",
        "kindertelefoon", "kinderlijn", "de kindertelefoon",
        "дитяча гаряча лінія", "телефон довіри для дітей", "лінія для дітей",
        "детский телефон доверия", "телефон доверия для детей", "dětská linka", "barnens hjälptelefon",
        "linja e fëmijëve", "γραμμή για παιδιά",
    ),
    "csam_reporting": (
        "csam", "report csam", "csam hotline", "csam reporting", "child sexual abuse material",
        "child abuse images", "child abuse material", "report abuse images", "report child abuse images",
        "report child sexual abuse images", "abuse images", "child pornography", "report child pornography",
        "hotline", "hotlines", "internet hotline", "reporting hotline", "report illegal content",
        "Kinderpornografie", "Kinderpornographie", "Missbrauchsdarstellungen", "Darstellungen sexuellen Missbrauchs",
        "Internet-Beschwerdestelle", "Beschwerdestelle",
        "pédopornographie", "pédocriminalité en ligne", "signaler contenus pédopornographiques",
        "contenus pédopornographiques", "point de contact",
        "pornografía infantil", "material de abuso sexual infantil", "denunciar pornografía infantil",
        "pedopornografia", "materiale pedopornografico", "segnalare pedopornografia",
        "pornografia dziecięca", "zgłoś nielegalne treści", "materiały przedstawiające wykorzystywanie dzieci",
        "pornografia infantil", "abuso sexual de crianças online", "denunciar pornografia infantil",
        "kinderporno", "kinderpornografie", "meldpunt kinderporno", "beeldmateriaal seksueel misbruik",
        "дитяча порнографія", "сексуальне насильство над дітьми онлайн",
        "детская порнография", "сексуальное насилие над детьми в интернете",
        "dětská pornografie",
    ),
    "victim_support": (
        "victim support", "victim services", "victim assistance", "victims of crime", "crime victims", "victim help",
        "victim helpline", "victims", "victim", "116006", "116 006",
        "Opferhilfe", "Opferschutz", "Opferberatung", "Opfertelefon", "Verbrechensopfer", "Opfer",
        "aide aux victimes", "victimes", "soutien aux victimes",
        "atención a víctimas", "asistencia a víctimas", "apoyo a víctimas", "víctimas",
        "assistenza vittime", "supporto alle vittime", "vittime di reato", "vittime",
        "pomoc ofiarom", "pomoc pokrzywdzonym", "ofiary przestępstw", "pokrzywdzeni",
        "apoio à vítima", "apoio às vítimas", "vítimas",
        "slachtofferhulp", "slachtoffers",
        "допомога постраждалим", "допомога жертвам злочинів", "постраждалі",
        "помощь пострадавшим", "помощь жертвам преступлений", "пострадавшие",
        "pomoc obětem", "oběti trestných činů", "offerrådgivning",
    ),
    "missing_children": (
        "missing children", "missing child", "missing kids", "missing person", "missing persons", "missing",
        "runaway", "runaways", "abducted child", "child abduction", "parental abduction", "116000", "116 000",
        "vermisst", "vermisste Kinder", "vermisstes Kind", "Kindesentführung", "Kindesentziehung",
        "enfants disparus", "enfant disparu", "disparition", "enlèvement d'enfant", "fugue",
        "niños desaparecidos", "niño desaparecido", "desaparecidos", "sustracción de menores",
        "bambini scomparsi", "minori scomparsi", "scomparsi", "sottrazione di minori",
        "zaginione dzieci", "zaginięcie dziecka", "zaginieni", "zaginiony",
        "crianças desaparecidas", "criança desaparecida", "desaparecidas",
        "vermiste kinderen", "vermist kind", "vermist", "kinderontvoering",
        "зниклі діти", "зникла дитина", "пропавшие дети", "пропал ребенок",
        "pohřešované děti", "pohřešované dítě",
    ),
    "police_cyber": (
        "police", "cybercrime", "cyber crime", "cyber police", "report to police", "online crime",
        "police report", "report a crime",
        "Polizei", "Internetwache", "Onlinewache", "Anzeige erstatten", "Cyberkriminalität", "Kriminalpolizei",
        "gendarmerie", "cybercriminalité", "porter plainte", "plainte en ligne",
        "policía", "guardia civil", "ciberdelincuencia", "denuncia", "delitos informáticos",
        "polizia", "polizia postale", "carabinieri", "denuncia online", "crimine informatico",
        "policja", "cyberprzestępczość", "zawiadomienie o przestępstwie",
        "polícia", "polícia judiciária", "cibercrime", "queixa",
        "politie", "aangifte", "cybercriminaliteit",
        "поліція", "кіберполіція", "кіберзлочинність", "полиция", "киберполиция", "киберпреступность",
        "policie", "kyberkriminalita", "polisen", "poliisi",
    ),
    "trafficking": (
        "human trafficking", "trafficking", "trafficking in human beings", "modern slavery", "forced labour",
        "forced labor", "sex trafficking", "exploitation",
        "Menschenhandel", "Zwangsarbeit", "Zwangsprostitution",
        "traite des êtres humains", "traite", "esclavage moderne", "travail forcé",
        "trata de personas", "trata de seres humanos", "esclavitud moderna",
        "tratta di esseri umani", "tratta", "lavoro forzato",
        "handel ludźmi", "praca przymusowa", "tráfico de seres humanos", "tráfico humano",
        "mensenhandel", "uitbuiting",
        "торгівля людьми", "торговля людьми", "obchod s lidmi", "människohandel",
    ),
    "domestic_violence": (
        "domestic violence", "domestic abuse", "family violence", "intimate partner violence", "violence against women",
        "abusive relationship", "coercive control",
        "häusliche Gewalt", "Gewalt gegen Frauen", "Partnergewalt", "Beziehungsgewalt",
        "violence conjugale", "violences conjugales", "violence domestique", "violences faites aux femmes", "3919",
        "violencia doméstica", "violencia de género", "violencia machista", "016",
        "violenza domestica", "violenza sulle donne", "violenza di genere", "1522",
        "przemoc domowa", "przemoc w rodzinie",
        "violência doméstica", "violência contra as mulheres",
        "huiselijk geweld", "partnergeweld",
        "домашнє насильство", "насильство в сім'ї", "домашнее насилие", "насилие в семье",
        "domácí násilí", "våld i nära relationer", "lähisuhdeväkivalta",
    ),
    "sexual_violence": (
        "sexual violence", "sexual assault", "rape", "sexual abuse", "rape crisis", "sexual harassment",
        "child sexual abuse", "sexual exploitation", "sextortion", "grooming",
        "sexuelle Gewalt", "sexueller Missbrauch", "Vergewaltigung", "sexualisierte Gewalt", "Missbrauch",
        "violence sexuelle", "violences sexuelles", "viol", "agression sexuelle", "abus sexuels",
        "violencia sexual", "agresión sexual", "violación", "abuso sexual",
        "violenza sessuale", "stupro", "abuso sessuale", "abusi sessuali",
        "przemoc seksualna", "gwałt", "wykorzystywanie seksualne",
        "violência sexual", "violação", "abuso sexual de menores",
        "seksueel geweld", "verkrachting", "seksueel misbruik", "centrum seksueel geweld",
        "сексуальне насильство", "зґвалтування", "сексуальное насилие", "изнасилование",
        "sexuální násilí", "znásilnění", "sexuellt våld", "våldtäkt",
    ),
    "image_removal": (
        "image removal", "remove images", "remove photos", "take down images", "takedown",
        "remove nude images", "nude images", "intimate images", "revenge porn", "image based abuse",
        "report remove", "Bilder löschen", "Nacktbilder", "Bilder entfernen", "Löschung",
        "supprimer des images", "retrait d'images", "images intimes", "revenge porn",
        "eliminar imágenes", "retirar imágenes", "imágenes íntimas",
        "rimozione immagini", "immagini intime", "pornografia non consensuale",
        "usuwanie zdjęć", "usunięcie zdjęć", "intymne zdjęcia",
        "remover imagens", "imagens íntimas", "verwijderen beelden", "naaktbeelden", "wraakporno",
        "видалення зображень", "інтимні фото", "удаление изображений", "интимные фото",
    ),
    "online_safety": (
        "online safety", "internet safety", "safer internet", "cyberbullying", "cyber bullying", "online bullying",
        "online harassment", "e-safety", "esafety", "digital safety", "helpline for online safety",
        "Internetsicherheit", "Cybermobbing", "Mobbing", "sicher im Netz", "Medienkompetenz",
        "sécurité en ligne", "cyberharcèlement", "harcèlement en ligne",
        "seguridad en internet", "ciberacoso", "acoso en línea",
        "sicurezza online", "cyberbullismo", "bullismo online",
        "bezpieczeństwo w sieci", "cyberprzemoc", "bezpieczny internet",
        "segurança online", "ciberbullying", "internet segura",
        "online veiligheid", "cyberpesten", "pesten",
        "безпека в інтернеті", "кібербулінг", "безопасность в интернете", "кибербуллинг",
        "bezpečnost na internetu", "kyberšikana",
    ),
    "counselling": (
        "counselling", "counseling", "counsellor", "psychological support", "emotional support", "listening service",
        "talk to someone", "mental health", "crisis line", "crisis helpline", "suicide", "suicide prevention",
        "Beratung", "Seelsorge", "Telefonseelsorge", "psychologische Beratung", "Krisenhilfe",
        "écoute", "ligne d'écoute", "soutien psychologique", "accompagnement psychologique",
        "asesoramiento", "apoyo psicológico", "escucha",
        "consulenza", "supporto psicologico", "ascolto",
        "wsparcie psychologiczne", "poradnictwo", "pomoc psychologiczna",
        "aconselhamento", "apoio psicológico", "linha de escuta",
        "hulpverlening", "psychologische hulp", "luisterlijn", "hulplijn",
        "психологічна допомога", "психологическая помощь", "консультация", "телефон довіри", "телефон доверия",
        "telefon zaufania",
        "psychologická pomoc", "krizová linka", "stödlinje",
    ),
    "legal_aid": (
        "legal aid", "legal advice", "lawyer", "legal help", "legal assistance", "legal counselling", "attorney",
        "Rechtsberatung", "Rechtshilfe", "Anwalt", "Rechtsanwalt", "Prozesskostenhilfe",
        "aide juridique", "aide juridictionnelle", "conseil juridique", "avocat",
        "asistencia jurídica", "asesoría jurídica", "abogado", "justicia gratuita",
        "assistenza legale", "consulenza legale", "avvocato", "gratuito patrocinio",
        "pomoc prawna", "porada prawna", "adwokat", "prawnik",
        "apoio jurídico", "aconselhamento jurídico", "advogado",
        "juridische hulp", "rechtshulp", "advocaat",
        "правова допомога", "юридична допомога", "адвокат", "юридическая помощь", "правовая помощь",
        "právní pomoc", "právní poradenství", "rättshjälp",
    ),
    "medical_forensic": (
        "medical", "forensic", "forensic examination", "medical care", "sexual assault referral centre", "sarc",
        "hospital", "doctor", "forensic medical examination", "evidence collection",
        "Rechtsmedizin", "Gewaltambulanz", "Spurensicherung", "medizinische Hilfe", "Arzt", "Krankenhaus",
        "médecine légale", "unité médico-judiciaire", "umj", "soins médicaux", "hôpital", "médecin",
        "medicina forense", "atención médica", "hospital", "médico",
        "medicina legale", "pronto soccorso", "ospedale", "medico",
        "medycyna sądowa", "pomoc medyczna", "szpital", "lekarz",
        "medicina legal", "cuidados médicos",
        "forensisch", "forensisch onderzoek", "medische hulp", "ziekenhuis", "arts",
        "судово-медична експертиза", "медична допомога", "судебно-медицинская экспертиза", "медицинская помощь",
        "soudní lékařství", "lékařská pomoc",
    ),
    "shelter": (
        "shelter", "shelters", "women's shelter", "refuge", "women's refuge", "safe house", "emergency accommodation",
        "Frauenhaus", "Frauenhäuser", "Schutzhaus", "Notunterkunft", "Zufluchtsort", "Kinderschutzhaus",
        "foyer", "hébergement d'urgence", "maison d'accueil", "centre d'hébergement", "refuge pour femmes",
        "casa de acogida", "casa refugio", "centro de acogida", "albergue",
        "casa rifugio", "casa protetta", "centro antiviolenza", "rifugio",
        "schronisko", "dom samotnej matki", "ośrodek interwencji kryzysowej", "hostel",
        "casa abrigo", "abrigo", "casa de acolhimento",
        "vrouwenopvang", "opvang", "blijf-van-m'n-lijfhuis",
        "притулок", "шелтер", "кризовий центр", "убежище", "приют", "кризисный центр",
        "azylový dům", "kvinnojour", "skyddat boende", "turvakoti",
    ),
}

@built_once
def vocabulary():
    """The support-type vocabulary (codes, labels, synonyms), built on first use."""
    from .vocab import VocabularyBuilder

    b = VocabularyBuilder()
    for code, lab in LABELS.items():
        b.add(code, code, 0)
        b.add(code.replace("_", " "), code, 0)
        b.add(lab, code, 0)
    for code, words in SYNONYMS.items():
        b.add_many(words, code, 1)
    return b.build("support type")


def resolve_support_type(text: str) -> str | None:
    """Support-type code for a code, label or synonym in any of the listed languages (one typo tolerated in
    words of 5+ letters), or None if unknown or ambiguous: "Frauenhaus" -> "shelter"."""
    return vocabulary().resolve(text)


def suggest_support_type(text: str, n: int = 3) -> list[str]:
    return vocabulary().suggest(text, n)


def synonyms(code: str) -> tuple[str, ...]:
    """Everything that names a type: label, code words and synonyms (for the search index)."""
    return (LABELS.get(code, code), code.replace("_", " "), *SYNONYMS.get(code, ()))
