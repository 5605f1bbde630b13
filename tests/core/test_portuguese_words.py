"""Portuguese is Brazilian Portuguese throughout (docs/developing.md, "Translations"): no word of
Portugal's Portuguese in the pt catalogues of any app nor in the Portuguese texts of the data the
platform ships, and months in lower case ("17 de julho", not "17 de Julho").

The list holds words that Brazil writes differently (registo/registro, ficheiro/arquivo,
utilizador/usuário, ecrã/tela...), and the pre-1990 spellings Brazil never used (acção, facto,
projecto, actual); words both varieties use are not on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"

#: Portugal's word (a regular expression) and the Brazilian word for it.
PORTUGAL_ONLY = {
    r"utilizador\w*": "usuário",
    r"regist[oa]s?": "registro",
    r"registar\w*|registad\w*": "registrar",
    r"ecrã\w*": "tela",
    r"ficheiros?": "arquivo",
    r"colmat\w*": "suprir, preencher",
    r"subscrev\w*|subscriç\w*": "assinar, assinatura",
    r"descarreg\w*": "baixar",
    r"guard(?:ar|e|ado|ada)\b": "salvar",
    r"palavra-passe": "senha",
    r"telemóve\w*": "celular",
    r"equipas?": "equipe",
    r"contactos?|contactar\w*": "contato, contatar",
    r"factos?": "fato",
    r"acç(?:ão|ões)": "ação",
    r"projectos?": "projeto",
    r"actua(?:l|is|lizar\w*|lizad\w*)": "atual, atualizar",
    r"direcç\w*": "direção",
    r"secç(?:ão|ões)": "seção",
    r"planeamento": "planejamento",
    r"monitoriza\w*": "monitoramento",
    r"económic\w*": "econômico",
    r"anónim\w*": "anônimo",
    r"partilh\w*": "compartilhar",
    r"receção": "recepção",
    r"óptim\w*": "ótimo",
    r"electrónic\w*": "eletrônico",
    r"objectiv\w*": "objetivo",
    r"aced(?:er|ido|ida|a)\b": "acessar",
    r"est(?:á|ão|amos|ava|avam) a (?!caminho\b)\w+[aei]r\b": "está fazendo (gerúndio)",
}
PORTUGAL_WORD = re.compile(r"\b(?:" + "|".join(PORTUGAL_ONLY) + ")", re.I)

MONTHS = "janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
#: A month written with a capital inside a date ("17 de Julho", "Julho de 2019").
_M = MONTHS.title()
CAPITALISED_MONTH = re.compile(rf"\d+ de (?:{_M})\b|\b(?:{_M}) de \d{{4}}")


def portuguese_catalogue_texts() -> list[tuple[str, str]]:
    out = []
    for po in sorted(SRC.glob("*/locale/pt/LC_MESSAGES/django.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                out += [(f"{po.parts[-5]} catalogue", s) for s in strings if s]
    return out


def portuguese_data_texts() -> list[tuple[str, str]]:
    out = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pt" and isinstance(value, str):
                    out.append((where, value))
                else:
                    walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted(SRC.glob("*/data/*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), f"{path.parts[-3]}/data/{path.name}")
    return out


def test_the_detector_knows_portugal_from_brazil():
    assert PORTUGAL_WORD.search("O ficheiro foi guardado no registo.")
    assert PORTUGAL_WORD.search("Os países colmatam as lacunas.")
    assert PORTUGAL_WORD.search("O valor está a ser revisto.")
    assert not PORTUGAL_WORD.search("O arquivo foi salvo no registro; o e-mail está a caminho.")
    assert CAPITALISED_MONTH.search("Nova York, 17 de Julho de 2019")
    assert not CAPITALISED_MONTH.search("Nova York, 17 de julho de 2019")


@pytest.mark.parametrize(
    "texts", [portuguese_catalogue_texts, portuguese_data_texts], ids=["catalogues", "data"]
)
def test_portuguese_is_brazilian_with_months_in_lower_case(texts):
    problems = []
    for where, text in texts():
        for m in PORTUGAL_WORD.finditer(text):
            problems.append(f"{where}: «{m.group(0)}» in {text[:120]!r}")
        for m in CAPITALISED_MONTH.finditer(text):
            problems.append(f"{where}: capitalised month «{m.group(0)}» in {text[:120]!r}")
    assert not problems, "\n".join(problems)
