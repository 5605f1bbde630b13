"""Messages of the risk model's report and command line in English, Spanish, French, Portuguese.

The library never imports Django, so it keeps its own small catalogue: ``t(key, lang, **kw)``
formats a message with ``str.format``. Determinants get plain-word labels through
:func:`term_label`; the synthetic country's determinants have labels here, any other column
is named as it is in the data.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "fr", "pt")

MESSAGES: dict[str, dict[str, str]] = {
    "title": {
        "en": "Child labour risk by territory",
        "es": "Riesgo de trabajo infantil por territorio",
        "fr": "Risque de travail des enfants par territoire",
        "pt": "Risco de trabalho infantil por território",
    },
    "subtitle": {
        "en": "Child Labour Risk Identification Model (ILO–ECLAC method)",
        "es": "Modelo de Identificación del Riesgo de Trabajo Infantil (metodología OIT–CEPAL)",
        "fr": "Modèle d'identification du risque de travail des enfants (méthode OIT–CEPALC)",
        "pt": "Modelo de Identificação do Risco de Trabalho Infantil (metodologia OIT–CEPAL)",
    },
    "summary": {"en": "Summary", "es": "Resumen", "fr": "Synthèse", "pt": "Resumo"},
    "summary_text": {
        "en": "{territories} territories, {children} children. Expected number in child "
        "labour: {expected} ({rate} of the children). Risk levels: {high} high, "
        "{medium} medium, {low} low.",
        "es": "{territories} territorios, {children} niños, niñas y adolescentes. Número "
        "esperado en trabajo infantil: {expected} ({rate} del total). Niveles de "
        "riesgo: {high} alto, {medium} medio, {low} bajo.",
        "fr": "{territories} territoires, {children} enfants. Nombre attendu d'enfants au "
        "travail : {expected} ({rate} des enfants). Niveaux de risque : {high} élevé, "
        "{medium} moyen, {low} faible.",
        "pt": "{territories} territórios, {children} crianças e adolescentes. Número "
        "esperado em trabalho infantil: {expected} ({rate} do total). Níveis de "
        "risco: {high} alto, {medium} médio, {low} baixo.",
    },
    "map": {
        "en": "Map of risk levels",
        "es": "Mapa de niveles de riesgo",
        "fr": "Carte des niveaux de risque",
        "pt": "Mapa dos níveis de risco",
    },
    "disclaimer": {
        "en": "The boundaries and names shown and the designations used on this map do not "
        "imply official endorsement or acceptance by the ILO or the Alliance 8.7.",
        "es": "Los límites y nombres que figuran en este mapa y las denominaciones empleadas "
        "no implican su aprobación o aceptación oficial por la OIT ni por la Alianza 8.7.",
        "fr": "Les frontières et les noms indiqués et les désignations employées sur cette "
        "carte n'impliquent ni reconnaissance ni acceptation officielles par l'OIT ou "
        "l'Alliance 8.7.",
        "pt": "Os limites e nomes apresentados e as designações usadas neste mapa não "
        "implicam aprovação ou aceitação oficial pela OIT ou pela Aliança 8.7.",
    },
    "no_data": {"en": "No data", "es": "Sin datos", "fr": "Pas de données", "pt": "Sem dados"},
    "levels": {
        "en": "Risk levels",
        "es": "Niveles de riesgo",
        "fr": "Niveaux de risque",
        "pt": "Níveis de risco",
    },
    "levels_text": {
        "en": "Territories are grouped into three levels by {method}; each level is a "
        "contiguous range of the risk index.",
        "es": "Los territorios se agrupan en tres niveles mediante {method}; cada nivel es "
        "un intervalo continuo del índice de riesgo.",
        "fr": "Les territoires sont regroupés en trois niveaux par {method} ; chaque niveau "
        "est un intervalle continu de l'indice de risque.",
        "pt": "Os territórios são agrupados em três níveis por {method}; cada nível é um "
        "intervalo contínuo do índice de risco.",
    },
    "method_kmeans": {
        "en": "optimal statistical grouping (one-dimensional k-means, k = 3)",
        "es": "agrupamiento estadístico óptimo (k-medias unidimensional, k = 3)",
        "fr": "regroupement statistique optimal (k-moyennes à une dimension, k = 3)",
        "pt": "agrupamento estatístico ótimo (k-médias unidimensional, k = 3)",
    },
    "method_quantiles": {"en": "terciles", "es": "terciles", "fr": "terciles", "pt": "tercis"},
    "method_fixed": {
        "en": "fixed thresholds",
        "es": "umbrales fijos",
        "fr": "seuils fixes",
        "pt": "limiares fixos",
    },
    "level": {"en": "Level", "es": "Nivel", "fr": "Niveau", "pt": "Nível"},
    "low": {"en": "Low", "es": "Bajo", "fr": "Faible", "pt": "Baixo"},
    "medium": {"en": "Medium", "es": "Medio", "fr": "Moyen", "pt": "Médio"},
    "high": {"en": "High", "es": "Alto", "fr": "Élevé", "pt": "Alto"},
    "range": {
        "en": "Range of the risk index",
        "es": "Rango del índice de riesgo",
        "fr": "Plage de l'indice de risque",
        "pt": "Faixa do índice de risco",
    },
    "territories": {
        "en": "Territories",
        "es": "Territorios",
        "fr": "Territoires",
        "pt": "Territórios",
    },
    "share": {"en": "Share", "es": "Porcentaje", "fr": "Part", "pt": "Percentual"},
    "scope": {"en": "Scope", "es": "Ámbito", "fr": "Périmètre", "pt": "Âmbito"},
    "national": {"en": "National", "es": "Nacional", "fr": "National", "pt": "Nacional"},
    "model": {"en": "The model", "es": "El modelo", "fr": "Le modèle", "pt": "O modelo"},
    "model_text": {
        "en": "Survey-weighted logistic regression of {outcome} on the determinants below "
        "({records} survey records). Odds ratios above 1 mark risk factors, below 1 "
        "protective factors; 95 % confidence intervals use the survey design.",
        "es": "Regresión logística ponderada por el diseño de la encuesta de {outcome} sobre "
        "los determinantes siguientes ({records} registros de la encuesta). Las razones "
        "de momios mayores que 1 señalan factores de riesgo; las menores que 1, factores "
        "de protección. Los intervalos de confianza del 95 % tienen en cuenta el diseño "
        "muestral.",
        "fr": "Régression logistique pondérée selon le plan de sondage de {outcome} sur les "
        "déterminants ci-dessous ({records} observations de l'enquête). Les rapports de "
        "cotes supérieurs à 1 signalent des facteurs de risque, inférieurs à 1 des "
        "facteurs de protection ; les intervalles de confiance à 95 % tiennent compte "
        "du plan de sondage.",
        "pt": "Regressão logística ponderada pelo desenho da pesquisa de {outcome} sobre os "
        "determinantes abaixo ({records} registros da pesquisa). Razões de chances "
        "maiores que 1 indicam fatores de risco; menores que 1, fatores de proteção. "
        "Os intervalos de confiança de 95 % consideram o desenho amostral.",
    },
    "term": {"en": "Determinant", "es": "Determinante", "fr": "Déterminant", "pt": "Determinante"},
    "odds_ratio": {
        "en": "Odds ratio",
        "es": "Razón de momios",
        "fr": "Rapport de cotes",
        "pt": "Razão de chances",
    },
    "ci": {"en": "95 % CI", "es": "IC 95 %", "fr": "IC à 95 %", "pt": "IC 95 %"},
    "p_value": {"en": "p-value", "es": "Valor p", "fr": "Valeur p", "pt": "Valor p"},
    "fit_stats": {
        "en": "AUC {auc}; pseudo-R² {r2}; {psus} PSUs in {strata} strata.",
        "es": "AUC {auc}; pseudo-R² {r2}; {psus} UPM en {strata} estratos.",
        "fr": "AUC {auc} ; pseudo-R² {r2} ; {psus} UPE dans {strata} strates.",
        "pt": "AUC {auc}; pseudo-R² {r2}; {psus} UPA em {strata} estratos.",
    },
    "table": {
        "en": "Territories by risk",
        "es": "Territorios según su riesgo",
        "fr": "Territoires selon leur risque",
        "pt": "Territórios segundo o risco",
    },
    "rank": {"en": "Rank", "es": "Puesto", "fr": "Rang", "pt": "Posição"},
    "territory": {"en": "Territory", "es": "Territorio", "fr": "Territoire", "pt": "Território"},
    "children": {
        "en": "Children",
        "es": "Niños, niñas y adolescentes",
        "fr": "Enfants",
        "pt": "Crianças e adolescentes",
    },
    "expected": {
        "en": "Expected in child labour",
        "es": "Esperados en trabajo infantil",
        "fr": "Nombre attendu au travail",
        "pt": "Esperados em trabalho infantil",
    },
    "risk_index": {
        "en": "Risk index",
        "es": "Índice de riesgo",
        "fr": "Indice de risque",
        "pt": "Índice de risco",
    },
    "profiles": {
        "en": "Territory profiles",
        "es": "Fichas territoriales",
        "fr": "Fiches territoriales",
        "pt": "Fichas territoriais",
    },
    "profile_text": {
        "en": "Risk index {risk} (national {national}); rank {rank} of {total}; level {level}.",
        "es": "Índice de riesgo {risk} (nacional {national}); puesto {rank} de {total}; "
        "nivel {level}.",
        "fr": "Indice de risque {risk} (national {national}) ; rang {rank} sur {total} ; "
        "niveau {level}.",
        "pt": "Índice de risco {risk} (nacional {national}); posição {rank} de {total}; "
        "nível {level}.",
    },
    "top_factors": {
        "en": "Factors raising the risk above the national level",
        "es": "Factores que elevan el riesgo por encima del nivel nacional",
        "fr": "Facteurs qui élèvent le risque au-dessus du niveau national",
        "pt": "Fatores que elevam o risco acima do nível nacional",
    },
    "no_factors": {
        "en": "No factor raises the risk above the national level.",
        "es": "Ningún factor eleva el riesgo por encima del nivel nacional.",
        "fr": "Aucun facteur n'élève le risque au-dessus du niveau national.",
        "pt": "Nenhum fator eleva o risco acima do nível nacional.",
    },
    "factor_higher": {
        "en": "Higher {label} than the national average",
        "es": "Mayor {label} que el promedio nacional",
        "fr": "Au-dessus de la moyenne nationale : {label}",
        "pt": "Maior {label} do que a média nacional",
    },
    "factor_lower": {
        "en": "Lower {label} than the national average",
        "es": "Menor {label} que el promedio nacional",
        "fr": "En dessous de la moyenne nationale : {label}",
        "pt": "Menor {label} do que a média nacional",
    },
    "validation": {
        "en": "Validation against the census",
        "es": "Validación con el censo",
        "fr": "Validation par le recensement",
        "pt": "Validação com o censo",
    },
    "validation_text": {
        "en": "Where the census measures child labour directly, the predicted and observed "
        "incidence of {territories} territories were compared: observed national rate "
        "{observed}, predicted {predicted}; rank correlation (Spearman) {spearman}, Pearson "
        "{pearson}; mean absolute error {mae} percentage points. Risk levels: {agree} of the "
        "territories classified alike; weighted kappa {kappa_l} (linear), {kappa_q} "
        "(quadratic).",
        "es": "Donde el censo mide directamente el trabajo infantil, se compararon la "
        "incidencia predicha y la observada en {territories} territorios: tasa nacional "
        "observada {observed}, predicha {predicted}; correlación de rangos (Spearman) "
        "{spearman}, Pearson {pearson}; error absoluto medio de {mae} puntos porcentuales. "
        "Niveles de riesgo: {agree} de los territorios coinciden; kappa ponderado {kappa_l} "
        "(lineal), {kappa_q} (cuadrático).",
        "fr": "Là où le recensement mesure directement le travail des enfants, l'incidence "
        "prédite et l'incidence observée de {territories} territoires ont été comparées : "
        "taux national observé {observed}, prédit {predicted} ; corrélation des rangs "
        "(Spearman) {spearman}, Pearson {pearson} ; erreur absolue moyenne de {mae} points de "
        "pourcentage. Niveaux de risque : {agree} des territoires classés de la même façon ; "
        "kappa pondéré {kappa_l} (linéaire), {kappa_q} (quadratique).",
        "pt": "Onde o censo mede diretamente o trabalho infantil, compararam-se a incidência "
        "prevista e a observada em {territories} territórios: taxa nacional observada "
        "{observed}, prevista {predicted}; correlação de postos (Spearman) {spearman}, "
        "Pearson {pearson}; erro absoluto médio de {mae} pontos percentuais. Níveis de "
        "risco: {agree} dos territórios classificados igualmente; kappa ponderado {kappa_l} "
        "(linear), {kappa_q} (quadrático).",
    },
    "confusion": {
        "en": "Territories by predicted level (rows) and observed level (columns)",
        "es": "Territorios según nivel predicho (filas) y nivel observado (columnas)",
        "fr": "Territoires selon le niveau prédit (lignes) et le niveau observé (colonnes)",
        "pt": "Territórios por nível previsto (linhas) e nível observado (colunas)",
    },
    "generated": {
        "en": "Generated by the Alliance 8.7 Platform risk model, version {version}.",
        "es": "Generado por el modelo de riesgo de la Plataforma de la Alianza 8.7, "
        "versión {version}.",
        "fr": "Produit par le modèle de risque de la Plateforme de l'Alliance 8.7, "
        "version {version}.",
        "pt": "Gerado pelo modelo de risco da Plataforma da Aliança 8.7, versão {version}.",
    },
    "vulnerability_title": {
        "en": "Child labour vulnerability index by territory",
        "es": "Índice de vulnerabilidad al trabajo infantil por territorio",
        "fr": "Indice de vulnérabilité au travail des enfants par territoire",
        "pt": "Índice de vulnerabilidade ao trabalho infantil por território",
    },
}

#: Plain-word labels of the synthetic country's design columns, used in the phrases
#: "Higher <label> than the national average".
TERM_LABELS: dict[str, dict[str, str]] = {
    "age": {
        "en": "average age of the children",
        "es": "edad media de los niños",
        "fr": "âge moyen des enfants",
        "pt": "idade média das crianças",
    },
    "male": {
        "en": "share of boys",
        "es": "proporción de varones",
        "fr": "part des garçons",
        "pt": "proporção de meninos",
    },
    "rural": {
        "en": "share of children living in rural areas",
        "es": "proporción de niños que viven en zonas rurales",
        "fr": "part des enfants vivant en zone rurale",
        "pt": "proporção de crianças que vivem em áreas rurais",
    },
    "hh_size": {
        "en": "average household size",
        "es": "tamaño medio del hogar",
        "fr": "taille moyenne des ménages",
        "pt": "tamanho médio do domicílio",
    },
    "poor": {
        "en": "share of children in poor households",
        "es": "proporción de niños en hogares pobres",
        "fr": "part des enfants vivant dans un ménage pauvre",
        "pt": "proporção de crianças em domicílios pobres",
    },
    "attends_school": {
        "en": "share of children attending school",
        "es": "proporción de niños que asisten a la escuela",
        "fr": "part des enfants scolarisés",
        "pt": "proporção de crianças que frequentam a escola",
    },
    "head_agri": {
        "en": "share of children whose household head works in agriculture",
        "es": "proporción de niños cuyo jefe de hogar trabaja en la agricultura",
        "fr": "part des enfants dont le chef de ménage travaille dans l'agriculture",
        "pt": "proporção de crianças cujo chefe do domicílio trabalha na agricultura",
    },
    "head_educ[none]": {
        "en": "share of children whose household head has no schooling",
        "es": "proporción de niños cuyo jefe de hogar no tiene escolaridad",
        "fr": "part des enfants dont le chef de ménage n'a jamais été scolarisé",
        "pt": "proporção de crianças cujo chefe do domicílio não tem escolaridade",
    },
    "ethnicity[majority]": {
        "en": "share of children of the majority group",
        "es": "proporción de niños del grupo mayoritario",
        "fr": "part des enfants du groupe majoritaire",
        "pt": "proporção de crianças do grupo majoritário",
    },
    "head_educ[primary]": {
        "en": "share of children whose household head has primary education only",
        "es": "proporción de niños cuyo jefe de hogar tiene solo educación primaria",
        "fr": "part des enfants dont le chef de ménage n'a que l'instruction primaire",
        "pt": "proporção de crianças cujo chefe do domicílio tem apenas o ensino fundamental",
    },
    "head_educ[secondary]": {
        "en": "share of children whose household head has secondary education",
        "es": "proporción de niños cuyo jefe de hogar tiene educación secundaria",
        "fr": "part des enfants dont le chef de ménage a une instruction secondaire",
        "pt": "proporção de crianças cujo chefe do domicílio tem ensino médio",
    },
    "head_educ[higher]": {
        "en": "share of children whose household head has higher education",
        "es": "proporción de niños cuyo jefe de hogar tiene educación superior",
        "fr": "part des enfants dont le chef de ménage a fait des études supérieures",
        "pt": "proporção de crianças cujo chefe do domicílio tem ensino superior",
    },
    "ethnicity[indigenous]": {
        "en": "share of indigenous children",
        "es": "proporción de niños indígenas",
        "fr": "part des enfants autochtones",
        "pt": "proporção de crianças indígenas",
    },
    "ethnicity[afrodescendant]": {
        "en": "share of Afro-descendant children",
        "es": "proporción de niños afrodescendientes",
        "fr": "part des enfants afrodescendants",
        "pt": "proporção de crianças afrodescendentes",
    },
}

#: Short names of the synthetic country's design columns, for the model table.
TERM_NAMES: dict[str, dict[str, str]] = {
    "age": {"en": "Age (years)", "es": "Edad (años)", "fr": "Âge (années)", "pt": "Idade (anos)"},
    "male": {"en": "Boy", "es": "Varón", "fr": "Garçon", "pt": "Menino"},
    "rural": {"en": "Rural area", "es": "Zona rural", "fr": "Zone rurale", "pt": "Área rural"},
    "hh_size": {
        "en": "Household size (members)",
        "es": "Tamaño del hogar (personas)",
        "fr": "Taille du ménage (personnes)",
        "pt": "Tamanho do domicílio (pessoas)",
    },
    "poor": {
        "en": "Poor household",
        "es": "Hogar pobre",
        "fr": "Ménage pauvre",
        "pt": "Domicílio pobre",
    },
    "attends_school": {
        "en": "Attends school",
        "es": "Asiste a la escuela",
        "fr": "Scolarisé",
        "pt": "Frequenta a escola",
    },
    "head_agri": {
        "en": "Household head works in agriculture",
        "es": "Jefe de hogar trabaja en la agricultura",
        "fr": "Chef de ménage agriculteur",
        "pt": "Chefe do domicílio trabalha na agricultura",
    },
    "head_educ[primary]": {
        "en": "Head's education: primary",
        "es": "Educación del jefe de hogar: primaria",
        "fr": "Instruction du chef de ménage : primaire",
        "pt": "Escolaridade do chefe: fundamental",
    },
    "head_educ[secondary]": {
        "en": "Head's education: secondary",
        "es": "Educación del jefe de hogar: secundaria",
        "fr": "Instruction du chef de ménage : secondaire",
        "pt": "Escolaridade do chefe: médio",
    },
    "head_educ[higher]": {
        "en": "Head's education: higher",
        "es": "Educación del jefe de hogar: superior",
        "fr": "Instruction du chef de ménage : supérieure",
        "pt": "Escolaridade do chefe: superior",
    },
    "ethnicity[indigenous]": {
        "en": "Indigenous",
        "es": "Indígena",
        "fr": "Autochtone",
        "pt": "Indígena",
    },
    "ethnicity[afrodescendant]": {
        "en": "Afro-descendant",
        "es": "Afrodescendiente",
        "fr": "Afrodescendant",
        "pt": "Afrodescendente",
    },
}


def term_name(term: str, lang: str = "en", labels: dict[str, dict[str, str]] | None = None) -> str:
    """A short name for a design column in the model table (the term itself if unknown)."""
    for source in ((labels or {}).get("names", {}), TERM_NAMES):
        if term in source:
            return source[term].get(lang) or source[term].get("en") or term
    return term


_GENERIC_LEVEL = {
    "en": "share of children with {col} = {level}",
    "es": "proporción de niños con {col} = {level}",
    "fr": "part des enfants avec {col} = {level}",
    "pt": "proporção de crianças com {col} = {level}",
}
_GENERIC_NUMERIC = {
    "en": "average of {col}",
    "es": "promedio de {col}",
    "fr": "moyenne de {col}",
    "pt": "média de {col}",
}


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise a clear error."""
    from .errors import RiskModelError

    if lang not in LANGUAGES:
        raise RiskModelError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str = "en", **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (English if missing), formatted with ``kwargs``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def term_label(term: str, lang: str = "en", labels: dict[str, dict[str, str]] | None = None) -> str:
    """A plain-word label for a design column: ``head_educ[primary]`` -> "share of ..."."""
    for source in (labels or {}, TERM_LABELS):
        if term in source:
            return source[term].get(lang) or source[term].get("en") or term
    if term.endswith("]") and "[" in term:
        col, level = term[:-1].split("[", 1)
        return _GENERIC_LEVEL[lang].format(col=col, level=level)
    return _GENERIC_NUMERIC[lang].format(col=term)


def factor_phrase(
    term: str, direction: str, lang: str = "en", labels: dict[str, dict[str, str]] | None = None
) -> str:
    """ "Lower share of children attending school than the national average" and kin."""
    key = "factor_higher" if direction == "higher" else "factor_lower"
    return t(key, lang, label=term_label(term, lang, labels))


# ----------------------------------------------------------------------- command line
#: The command line's most common errors (``RiskModelError.code``) and its summary lines.
#: Any other error is shown in English, as the library raised it.
CLI_MESSAGES: dict[str, dict[str, str]] = {
    "error": {
        "en": "error: {message}",
        "es": "error: {message}",
        "fr": "erreur : {message}",
        "pt": "erro: {message}",
    },
    "file_not_found": {
        "en": "data file not found: {path}",
        "es": "no se encuentra el archivo de datos: {path}",
        "fr": "fichier de données introuvable : {path}",
        "pt": "arquivo de dados não encontrado: {path}",
    },
    "missing_columns": {
        "en": "{file} lacks {columns}; its columns are: {available}",
        "es": "a {file} le falta {columns}; sus columnas son: {available}",
        "fr": "il manque {columns} dans {file} ; ses colonnes sont : {available}",
        "pt": "falta {columns} em {file}; as colunas dele são: {available}",
    },
    "determinant_missing": {
        "en": "{source} lacks the column '{column}', a determinant the model needs",
        "es": "a {source} le falta la columna '{column}', un determinante que el modelo necesita",
        "fr": "il manque dans {source} la colonne '{column}', un déterminant dont le modèle "
        "a besoin",
        "pt": "falta em {source} a coluna '{column}', um determinante de que o modelo precisa",
    },
    "unseen_level": {
        "en": "the column '{column}' has {levels}, which the survey never saw (the model "
        "knows {known}); recode it or filter it out with --where",
        "es": "la columna '{column}' tiene {levels}, que la encuesta nunca registró (el "
        "modelo conoce {known}); recodifique ese valor o exclúyalo con --where",
        "fr": "la colonne '{column}' contient {levels}, que l'enquête n'a jamais observé "
        "(le modèle connaît {known}) ; recodez-le ou excluez-le avec --where",
        "pt": "a coluna '{column}' tem {levels}, que a pesquisa nunca registrou (o modelo "
        "conhece {known}); recodifique-o ou exclua-o com --where",
    },
    "outcome_not_binary": {
        "en": "outcome '{column}' must be 0 or 1, but record {row} of the data (after the "
        "filter) has {value}",
        "es": "la variable de resultado '{column}' debe valer 0 o 1, pero el registro {row} "
        "de los datos (tras el filtro) tiene {value}",
        "fr": "la variable de résultat '{column}' doit valoir 0 ou 1, mais l'enregistrement "
        "{row} des données (après le filtre) contient {value}",
        "pt": "a variável de resultado '{column}' deve ser 0 ou 1, mas o registro {row} dos "
        "dados (após o filtro) tem {value}",
    },
    "weight_not_positive": {
        "en": "weight '{column}' must be positive, but record {row} of the data (after the "
        "filter) has {value}",
        "es": "el factor de expansión '{column}' debe ser positivo, pero el registro {row} de "
        "los datos (tras el filtro) tiene {value}",
        "fr": "le poids '{column}' doit être positif, mais l'enregistrement {row} des "
        "données (après le filtre) contient {value}",
        "pt": "o peso '{column}' deve ser positivo, mas o registro {row} dos dados (após o "
        "filtro) tem {value}",
    },
    "weights_not_positive": {
        "en": "the weight column '{column}' has {count} missing, zero or negative values; "
        "weights must be positive",
        "es": "la columna de factores de expansión '{column}' tiene {count} valores "
        "faltantes, nulos o negativos; los factores deben ser positivos",
        "fr": "la colonne de poids '{column}' contient {count} valeurs manquantes, nulles ou "
        "négatives ; les poids doivent être positifs",
        "pt": "a coluna de pesos '{column}' tem {count} valores ausentes, zero ou negativos; "
        "os pesos devem ser positivos",
    },
    "dropped_one": {
        "en": "left out 1 record with a missing value in '{column}'",
        "es": "se excluyó 1 registro con un valor faltante en '{column}'",
        "fr": "1 enregistrement écarté pour une valeur manquante dans '{column}'",
        "pt": "1 registro excluído por um valor ausente em '{column}'",
    },
    "dropped_other": {
        "en": "left out {count} records with a missing value in '{column}'",
        "es": "se excluyeron {count} registros con un valor faltante en '{column}'",
        "fr": "{count} enregistrements écartés pour une valeur manquante dans '{column}'",
        "pt": "{count} registros excluídos por um valor ausente em '{column}'",
    },
    "kept": {
        "en": "kept {kept} of {read} records",
        "es": "se conservaron {kept} de {read} registros",
        "fr": "{kept} enregistrements retenus sur {read}",
        "pt": "mantidos {kept} de {read} registros",
    },
    "wrote": {
        "en": "wrote {path}",
        "es": "escrito: {path}",
        "fr": "écrit : {path}",
        "pt": "gravado: {path}",
    },
    "score_summary": {
        "en": "{territories} territories, {records} records scored; national risk index "
        "{rate}, expected {expected} children in child labour",
        "es": "{territories} territorios, {records} registros evaluados; índice de riesgo "
        "nacional {rate}; número esperado en trabajo infantil: {expected} niños, niñas y "
        "adolescentes",
        "fr": "{territories} territoires, {records} enregistrements évalués ; indice de "
        "risque national {rate} ; nombre attendu d'enfants au travail : {expected}",
        "pt": "{territories} territórios, {records} registros avaliados; índice de risco "
        "nacional {rate}; número esperado em trabalho infantil: {expected} crianças e "
        "adolescentes",
    },
    "levels_line": {
        "en": "levels ({scope}): {bands}",
        "es": "niveles ({scope}): {bands}",
        "fr": "niveaux ({scope}) : {bands}",
        "pt": "níveis ({scope}): {bands}",
    },
    "band": {
        "en": "{level} {territories} ({share}) from {threshold}",
        "es": "{level} {territories} ({share}) desde {threshold}",
        "fr": "{level} {territories} ({share}) à partir de {threshold}",
        "pt": "{level} {territories} ({share}) a partir de {threshold}",
    },
}

_LANG_ENV = ("ALLIANCE87_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def resolve_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The command line's language: ``explicit`` (``--lang``) if given, else the first set
    of ``ALLIANCE87_LANG``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (``es_CO.UTF-8`` -> ``es``),
    else English; a language without a catalogue is English too."""
    import os

    if explicit:
        return check_language(explicit)
    env = os.environ if environ is None else environ
    for name in _LANG_ENV:
        value = (env.get(name) or "").strip()
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


_THOUSANDS = {"en": ",", "es": ".", "fr": "\u202f", "pt": "."}


def integer(n: int, lang: str = "en") -> str:
    """An integer with the language's thousands separator: 1,001,864 / 1.001.864."""
    return f"{int(n):,}".replace(",", _THOUSANDS.get(lang, ","))


def decimal(x: float, lang: str = "en", fmt: str = ".2f") -> str:
    """A number with the language's decimal comma or point: 7.83 / 7,83."""
    text = format(x, fmt)
    return text if lang == "en" else text.replace(".", ",")


def percent(x: float, lang: str = "en", digits: int = 2) -> str:
    """A share as a percentage: 7.83% in English, 7,83 % in Spanish, French, Portuguese."""
    number = decimal(100 * x, lang, f".{digits}f")
    return f"{number}%" if lang == "en" else f"{number}\u00a0%"


def cli_message(key: str, lang: str = "en", **kwargs: object) -> str:
    """A command-line message of :data:`CLI_MESSAGES` in ``lang``, formatted."""
    entry = CLI_MESSAGES[key]
    return (entry.get(lang) or entry["en"]).format(**kwargs)


def error_text(exc: Exception, lang: str = "en") -> str:
    """The user's-language text of a :class:`.errors.RiskModelError` when its code has a
    translation, else its English message."""
    code = getattr(exc, "code", None)
    if lang != "en" and code in CLI_MESSAGES:
        try:
            return cli_message(code, lang, **getattr(exc, "params", {}))
        except (KeyError, IndexError):  # a parameter the translation expects is absent
            return str(exc)
    return str(exc)
