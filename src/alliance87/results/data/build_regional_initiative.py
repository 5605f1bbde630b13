"""Build regional_initiative.json from seed 004, Session 3, Table 1 (run by hand; the output is committed).

    python build_regional_initiative.py /work/shared/seeds/004_1f9d9aa1016827a1.txt

Cleans the seed's layout debris only: ``<p>`` tags, the table header repeated on each page,
and the page breaks inside cells (a cell split across pages is joined with one space). The
words are the seed's (the Spanish original, verbatim); beside each text, ``translations``
holds the platform's English, French and Portuguese translations of it, read from
``regional_initiative_translations.json`` (keyed by ``title``, result number, indicator code).
What the platform infers from the wording (value kinds, unit,
disaggregations, list categories) is stored beside the text as metadata, never as content.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HEADER = "Resultados\tAspectos que muestren que se avanza en el logro del resultado (Indicadores)"
SOURCE = "004_1f9d9aa1016827a1.txt:455–488 («Tabla 1. Indicadores por resultado»)"
TRANSLATIONS = Path(__file__).with_name("regional_initiative_translations.json")


def table_lines(seed: str) -> list[str]:
    start = seed.index("Tabla 1. Indicadores por resultado")
    end = seed.index("El Anexo 4 presenta las observaciones")
    return [ln for ln in seed[start:end].splitlines()[1:] if ln.strip() and ln != HEADER]


def clean(text: str) -> str:
    text = re.sub(r"</?p>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def columns(lines: list[str]) -> tuple[str, str]:
    left, right = [], []
    for ln in lines:
        a, _, b = ln.partition("\t")
        left.append(clean(a))
        right.append(clean(b))
    return " ".join(x for x in left if x), " ".join(x for x in right if x)


def split_numbered(text: str, pattern: str) -> list[tuple[str, str]]:
    parts = re.split(pattern, text)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def infer(code: str, text: str) -> dict:
    low = text.lower()
    meta: dict = {"kinds": [], "unit": "", "categories": [], "disaggregations": []}
    if low.startswith("número de países") and "actores tripartitos" not in low:
        meta["kinds"].append("count")
        meta["unit"] = "countries"
    elif low.startswith("número"):
        meta["kinds"].append("count")
        meta["unit"] = "items"
    if "y tipo" in low or low.startswith("tipo") or "según tipo" in low or "actores" in low:
        meta["kinds"].append("list")
    if low.startswith("nivel y tipo de recursos"):
        meta["kinds"] = ["amount", "list", "narrative"]
        meta["unit"] = "resources"
        if "(humanos, técnicos, económicos)" in low:
            meta["categories"] = ["humanos", "técnicos", "económicos"]
    if low.startswith("grado") or "alcance" in low:
        meta["kinds"].append("narrative")
    if "(gob, emp, trab)" in low:
        meta["categories"] = ["GOB", "EMP", "TRAB"]
    if "(gobierno, sector trabajador, sector empleador)" in low:
        meta["categories"] = ["Gobierno", "Sector Trabajador", "Sector Empleador"]
        meta["disaggregations"].append("constituency")
    if "clasificado por actor" in low or "trabajador y empleador" in low:
        meta["disaggregations"].append("constituency")
    if (
        "nacional y subnacional" in low
        or "local y nacional" in low
        or "nacionales o locales" in low
    ):
        meta["disaggregations"].append("area")
    if not meta["kinds"]:
        meta["kinds"] = ["narrative"]
    meta["kinds"] = sorted(set(meta["kinds"]))
    return meta


def build(seed: str, translations: dict[str, dict[str, str]]) -> dict:
    left, right = columns(table_lines(seed))
    results = split_numbered(left, r"(?:^| )(\d)\. (?=[A-Z])")
    indicators = split_numbered(right, r"(?:^| )(\d\.\d{1,2}) (?=[A-ZÁÉÍÓÚ])")
    by_result: dict[str, list] = {n: [] for n, _ in results}
    for code, text in indicators:
        by_result[code.split(".")[0]].append((code, text))
    out = []
    for number, text in results:
        inds = []
        for code, itext in by_result[number]:
            inds.append(
                {
                    "code": code,
                    "text": itext,
                    "translations": translations[code],
                    **infer(code, itext),
                }
            )
        out.append(
            {
                "number": number,
                "text": text,
                "translations": translations[number],
                "indicators": inds,
            }
        )
    return {
        "code": "ri-2018-2021",
        "kind": "regional_initiative",
        "title": "Plan estratégico 2018-2021 de la Iniciativa Regional América Latina y el Caribe "
        "libre de trabajo infantil",
        "title_translations": translations["title"],
        "start_year": 2018,
        "end_year": 2021,
        "source": SOURCE,
        "results": out,
    }


if __name__ == "__main__":
    translations = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["translations"]
    data = build(Path(sys.argv[1]).read_text(encoding="utf-8"), translations)
    Path(__file__).with_name("regional_initiative.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print({r["number"]: [i["code"] for i in r["indicators"]] for r in data["results"]})
