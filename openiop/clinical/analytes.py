"""Drug-screen analytes and which positives a prescription explains (pure; no Django)."""

from collections.abc import Iterable, Mapping

ANALYTES: dict[str, str] = {
    "ETOH": "Alcohol",
    "AMP": "Amphetamines",
    "MAMP": "Methamphetamine",
    "BAR": "Barbiturates",
    "BZO": "Benzodiazepines",
    "BUP": "Buprenorphine",
    "COC": "Cocaine",
    "FEN": "Fentanyl",
    "MDMA": "MDMA",
    "MTD": "Methadone",
    "OPI": "Opiates",
    "OXY": "Oxycodone",
    "PCP": "Phencyclidine",
    "THC": "Marijuana (THC)",
}
BREATH_ONLY = frozenset({"ETOH"})  # a breath test measures alcohol and nothing else
STANDARD_PANEL = ("AMP", "BZO", "BUP", "COC", "FEN", "MAMP", "MTD", "OPI", "OXY", "THC")


def unexpected_positives(results: Mapping[str, str], expected: Iterable[str]) -> list[str]:
    """Analytes that came back positive and no current prescription explains, in panel order."""
    explained = set(expected)
    return [a for a in ANALYTES if results.get(a) == "positive" and a not in explained]
