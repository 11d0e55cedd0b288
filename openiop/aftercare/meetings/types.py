"""Meeting type codes and their English and Spanish names, as data.

Source: the code4recovery Meeting Guide specification, "Meeting Types" table
(https://github.com/code4recovery/spec, README.md and data/types.json, 2024–2025 revision).
``ONL`` ("Online Meeting") comes from earlier revisions of the same table: feeds still send it and
the attendance rule reads it (docs/algorithms/meetings.md). Codes are case-sensitive (``12x12``).
Pure: nothing from Django.
"""

TYPES: dict[str, tuple[str, str]] = {
    "11": ("11th Step Meditation", "Meditación del Paso 11"),
    "12x12": ("12 Steps & 12 Traditions", "12 Pasos y 12 Tradiciones"),
    "A": ("Secular", "Secular"),
    "ABSI": ("As Bill Sees It", "Como lo ve Bill"),
    "AL": ("Concurrent with Alateen", "Concurrente con Alateen"),
    "AL-AN": ("Concurrent with Al-Anon", "Concurrente con Al-Anon"),
    "AM": ("Amharic", "Amárico"),
    "ASL": ("American Sign Language", "Lenguaje por señas"),
    "B": ("Big Book", "Libro Grande"),
    "BA": ("Babysitting Available", "Guardería disponible"),
    "BE": ("Newcomer", "Principiantes"),
    "BI": ("Bisexual", "Bisexual"),
    "BRK": ("Breakfast", "Desayuno"),
    "C": ("Closed", "Cerrada"),
    "CAN": ("Candlelight", "Luz de una vela"),
    "CF": ("Child-Friendly", "Niño amigable"),
    "D": ("Discussion", "Discusión"),
    "DA": ("Danish", "Danés"),
    "DB": ("Digital Basket", "Canasta digital"),
    "DD": ("Dual Diagnosis", "Diagnóstico dual"),
    "DE": ("German", "Alemán"),
    "DR": ("Daily Reflections", "Reflexiones Diarias"),
    "EL": ("Greek", "Griego"),
    "EN": ("English", "Inglés"),
    "FA": ("Persian", "Persa"),
    "FF": ("Fragrance Free", "Sin fragancia"),
    "FR": ("French", "Francés"),
    "G": ("Gay", "Gay"),
    "GR": ("Grapevine", "La Viña"),
    "H": ("Birthday", "Cumpleaños"),
    "HE": ("Hebrew", "Hebreo"),
    "HI": ("Hindi", "Hindi"),
    "HR": ("Croatian", "Croata"),
    "HU": ("Hungarian", "Húngaro"),
    "ITA": ("Italian", "Italiano"),
    "JA": ("Japanese", "Japonés"),
    "KOR": ("Korean", "Coreano"),
    "L": ("Lesbian", "Lesbiana"),
    "LGBTQ": ("LGBTQ", "LGBTQ"),
    "LIT": ("Literature", "Literatura"),
    "LS": ("Living Sober", "Viviendo Sobrio"),
    "LT": ("Lithuanian", "Lituano"),
    "M": ("Men", "Hombres"),
    "MED": ("Meditation", "Meditación"),
    "ML": ("Malayalam", "Malayalam"),
    "N": ("Native American", "Nativo Americano"),
    "NB": ("Non-Binary", "No binario"),
    "NDG": ("Indigenous", "Indígena"),
    "NO": ("Norwegian", "Noruego"),
    "O": ("Open", "Abierta"),
    "ONL": ("Online Meeting", "Reunión en línea"),
    "OUT": ("Outdoor", "Al aire libre"),
    "P": ("Professionals", "Profesionales"),
    "POA": ("Proof of Attendance", "Prueba de Asistencia"),
    "POC": ("People of Color", "Gente de color"),
    "POL": ("Polish", "Polaco"),
    "POR": ("Portuguese", "Portugués"),
    "PUN": ("Punjabi", "Punjabi"),
    "RUS": ("Russian", "Ruso"),
    "S": ("Spanish", "Español"),
    "SEN": ("Seniors", "Personas mayores"),
    "SK": ("Slovak", "Eslovaco"),
    "SM": ("Smoking Permitted", "Se permite fumar"),
    "SP": ("Speaker", "Orador"),
    "ST": ("Step Study", "Estudio de pasos"),
    "SV": ("Swedish", "Sueco"),
    "T": ("Transgender", "Transgénero"),
    "TC": ("Location Temporarily Closed", "Ubicación temporalmente cerrada"),
    "TH": ("Thai", "Tailandés"),
    "TL": ("Tagalog", "Tagalo"),
    "TR": ("Tradition Study", "Estudio de tradicion"),
    "UK": ("Ukrainian", "Ucraniano"),
    "W": ("Women", "Mujer"),
    "X": ("Wheelchair Access", "Acceso en silla de ruedas"),
    "XB": ("Wheelchair-Accessible Bathroom", "Baño accesible para sillas de ruedas"),
    "XT": ("Cross Talk Permitted", "Se permite opinar"),
    "Y": ("Young People", "Gente joven"),
}

# The finder's filters (issue 12): women's, men's, Spanish-speaking, young people's, LGBTQ,
# wheelchair-accessible. "Online" is an attendance filter, not a type.
FINDER_TYPES: tuple[str, ...] = ("W", "M", "S", "Y", "LGBTQ", "X")


def type_name(code: str, language: str = "en") -> str:
    """The spec's name of a type in English or Spanish (``es*``); an unknown code is shown as is."""
    names = TYPES.get(code)
    if names is None:
        return code
    return names[1] if language.lower().startswith("es") else names[0]
