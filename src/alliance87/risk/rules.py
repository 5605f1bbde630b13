"""The risk app's rules as pure functions: the run's status table, its progress, and the
checks a resumable upload (tus 1.0.0) makes as its chunks arrive.

No Django here (import-linter and tests/core/test_rules_are_pure.py check it); refusals are
codes with plain parameters, their words are in ``messages.py``.
"""

from __future__ import annotations

from enum import StrEnum

from alliance87.core.transitions import Refusal, TransitionTable, refusal


class Kind(StrEnum):
    SURVEY = "survey"
    CENSUS = "census"
    BOUNDARIES = "boundaries"


class Status(StrEnum):
    QUEUED = "queued"
    READING = "reading"
    FITTING = "fitting"
    SCORING = "scoring"
    CLASSIFYING = "classifying"
    EXPLAINING = "explaining"
    VALIDATING = "validating"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


#: The stages a run goes through, in order (issue 14: "reading, fitting, scoring,
#: classifying, explaining, validating").
STAGES = (
    Status.READING,
    Status.FITTING,
    Status.SCORING,
    Status.CLASSIFYING,
    Status.EXPLAINING,
    Status.VALIDATING,
)
ACTIVE = frozenset({Status.QUEUED, *STAGES})
FINISHED = frozenset({Status.DONE, Status.FAILED, Status.CANCELLED})

RUN = TransitionTable(
    "run",
    {
        **{
            stage.value: ({STAGES[i - 1] if i else Status.QUEUED}, stage)
            for i, stage in enumerate(STAGES)
        },
        # validation needs a census with a direct measure of the outcome; without one the
        # run finishes after explaining
        "finish": ({Status.EXPLAINING, Status.VALIDATING}, Status.DONE),
        "fail": (set(ACTIVE), Status.FAILED),
        "cancel": (set(ACTIVE), Status.CANCELLED),
        "publish": ({Status.DONE}, None),
        "withdraw": ({Status.DONE}, None),
    },
)

#: Each stage's share of the progress bar, in per cent, where it starts (scoring a census
#: takes most of the time; reading and fitting the survey most of the rest).
_STAGE_START = {
    Status.QUEUED: 0,
    Status.READING: 2,
    Status.FITTING: 10,
    Status.SCORING: 35,
    Status.CLASSIFYING: 80,
    Status.EXPLAINING: 85,
    Status.VALIDATING: 90,
    Status.DONE: 100,
}


def progress_percent(status: Status, done: int = 0, total: int = 0) -> int:
    """The progress bar's value (0-100) at ``done`` of ``total`` steps within ``status``."""
    start = _STAGE_START.get(status, 100)
    if status not in STAGES:
        return start if status in _STAGE_START else 100
    nxt = STAGES.index(status) + 1
    end = _STAGE_START[STAGES[nxt]] if nxt < len(STAGES) else 100
    share = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
    return int(start + (end - start) * share)


class Audience(StrEnum):
    """Whom a country shares a run's aggregates with (issue 14, "Publication")."""

    SOCIAL_PARTNERS = "social_partners"
    WORKERS = "workers"
    EMPLOYERS = "employers"
    #: The Regional Initiative's focal points: on the platform, the focal points of the
    #: pathfinder countries (docs/risk.md, "Who sees what").
    REGIONAL = "regional"
    PUBLIC = "public"


#: The partner categories (partners.Category) whose people see a run shared with an audience.
AUDIENCE_CATEGORIES = {
    Audience.SOCIAL_PARTNERS: frozenset({"workers", "employers"}),
    Audience.WORKERS: frozenset({"workers"}),
    Audience.EMPLOYERS: frozenset({"employers"}),
    Audience.REGIONAL: frozenset(),
    Audience.PUBLIC: frozenset(),
}


def audiences_of_category(category: str) -> frozenset[Audience]:
    """The audiences that include a partner of ``category`` (of the run's country)."""
    return frozenset(a for a, cats in AUDIENCE_CATEGORIES.items() if category in cats)


def publish_refusal(status: Status, published: bool, publishing: bool) -> Refusal | None:
    """A run's results are published only when it is done, and not twice (nor withdrawn
    when they are not published)."""
    if reason := RUN.refusal("publish" if publishing else "withdraw", status):
        return reason
    if publishing and published:
        return refusal("run.already_published")
    if not publishing and not published:
        return refusal("run.not_published")
    return None


# ---------------------------------------------------------------- classification
#: The library's classification methods (riskmodel.classify.METHODS).
METHODS = ("kmeans", "jenks", "dalenius-hodges", "quantiles", "fixed")


def thresholds_refusal(method: str, thresholds: list[float] | None) -> Refusal | None:
    """The ``fixed`` method takes the country's two cut-points between low, medium and high,
    increasing risk indices between 0 and 1 (exclusive); the other methods take none."""
    cuts = list(thresholds or [])
    if method not in METHODS:
        return refusal("run.unknown_method", method=method, allowed=METHODS)
    if method != "fixed":
        return refusal("run.thresholds_unused") if cuts else None
    if len(cuts) != 2 or not all(isinstance(c, int | float) for c in cuts):
        return refusal("run.thresholds_needed")
    if not 0 < cuts[0] < cuts[1] < 1:
        return refusal("run.thresholds_order", low=cuts[0], high=cuts[1])
    return None


# ---------------------------------------------------------------- uploads (tus 1.0.0)
#: The file formats a dataset of each kind may have (the library reads the first group).
DATA_FORMATS = ("csv", "csv.gz", "parquet", "dta", "sav")
FORMATS = {
    Kind.SURVEY: DATA_FORMATS,
    Kind.CENSUS: DATA_FORMATS,
    Kind.BOUNDARIES: ("geojson",),
}


def format_of(filename: str) -> str:
    """The declared format of a file, from its name ('' when it is none we read)."""
    low = filename.lower().strip()
    for fmt in (
        "csv.gz",
        "tsv.gz",
        "geojson",
        "json",
        "parquet",
        "pq",
        "csv",
        "tsv",
        "txt",
        "dta",
        "sav",
        "zsav",
    ):
        if low.endswith("." + fmt):
            return {
                "pq": "parquet",
                "tsv": "csv",
                "txt": "csv",
                "tsv.gz": "csv.gz",
                "json": "geojson",
                "zsav": "sav",
            }.get(fmt, fmt)
    return ""


def format_refusal(kind: Kind, fmt: str, filename: str) -> Refusal | None:
    """A file whose format this kind of dataset cannot have."""
    if fmt not in FORMATS[kind]:
        return refusal("upload.bad_format", file=filename, kind=kind.value, allowed=FORMATS[kind])
    return None


def size_refusal(length: int | None, limit: int) -> Refusal | None:
    """tus creation: the whole upload's declared length, within the configured limit."""
    if length is None or length < 1:
        return refusal("upload.length_required")
    if length > limit:
        return refusal("upload.too_large", length=length, limit=limit)
    return None


def offset_refusal(current: int, given: int | None, chunk: int, length: int) -> Refusal | None:
    """tus PATCH: the chunk starts where the server's copy ends (else 409), and does not
    go past the declared length."""
    if given is None or given != current:
        return refusal("upload.offset_mismatch", expected=current, given=given)
    if current + chunk > length:
        return refusal("upload.past_length", length=length)
    return None


def content_matches(fmt: str, head: bytes) -> bool:
    """Whether the first bytes of an upload are what its declared format starts with (the
    library checks the whole file again when it reads it)."""
    if not head:
        return True
    if fmt == "parquet":
        return head[:4] == b"PAR1" or len(head) < 4 and b"PAR1".startswith(head)
    if fmt == "csv.gz":
        return head[:2] == b"\x1f\x8b"
    if fmt == "dta":
        return head.startswith(b"<stata_dta>") or (
            len(head) > 1 and head[0] in (113, 114, 115) and head[1] in (1, 2)
        )
    if fmt == "sav":
        return head[:4] in (b"$FL2", b"$FL3")
    if fmt == "geojson":
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return not text or text[:1] == b"{"
    if fmt == "csv":
        return b"\x00" not in head and not head.startswith((b"PAR1", b"PK\x03\x04", b"\x1f\x8b"))
    return False


def content_refusal(fmt: str, head: bytes, filename: str) -> Refusal | None:
    if not content_matches(fmt, head):
        return refusal("upload.content_mismatch", file=filename, format=fmt)
    return None


# ---------------------------------------------------------------- asking for support
class SupportStatus(StrEnum):
    """The steps of a country's request for technical support (seed 004: a formal letter
    from the minister, then ILO/ECLAC technical support)."""

    REQUESTED = "requested"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


SUPPORT = TransitionTable(
    "support",
    {
        # the Secretariat assigns technical staff (again, to add a person)
        "assign": ({SupportStatus.REQUESTED, SupportStatus.ASSIGNED}, SupportStatus.ASSIGNED),
        "start": ({SupportStatus.ASSIGNED}, SupportStatus.IN_PROGRESS),
        "complete": ({SupportStatus.IN_PROGRESS}, SupportStatus.COMPLETED),
        "decline": ({SupportStatus.REQUESTED, SupportStatus.ASSIGNED}, SupportStatus.DECLINED),
        "withdraw": ({SupportStatus.REQUESTED, SupportStatus.ASSIGNED}, SupportStatus.WITHDRAWN),
    },
)

#: The letter's formats: a signed letter, scanned or as written.
LETTER_FORMATS = ("pdf", "docx", "odt", "jpg", "jpeg", "png")


def letter_refusal(filename: str, size: int, limit: int) -> Refusal | None:
    """The minister's letter: one of :data:`LETTER_FORMATS`, not empty, within the limit."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in LETTER_FORMATS:
        return refusal("support.letter_format", file=filename, allowed=LETTER_FORMATS)
    if size < 1:
        return refusal("support.letter_empty", file=filename)
    if size > limit:
        return refusal("support.letter_too_large", file=filename, limit=limit)
    return None


# ---------------------------------------------------------------- a run's columns
SURVEY_COLUMNS = ("outcome", "weight", "strata", "psu")
CENSUS_COLUMNS = ("territory", "region")


def spec_refusals(
    spec: dict, survey_columns: list[str], census_columns: list[str]
) -> dict[str, Refusal]:
    """The fields of a run's specification that name a column the files lack (each field
    with its refusal), as the form's lists prevent and the API must say. Empty lists of
    columns (a file not yet examined) check nothing."""
    out: dict[str, Refusal] = {}
    if not survey_columns or not census_columns:
        return out
    s, c = set(survey_columns), set(census_columns)
    for field in SURVEY_COLUMNS:
        if spec.get(field) and spec[field] not in s:
            out[field] = refusal("run.no_such_column", column=spec[field], file="survey")
    for field in CENSUS_COLUMNS:
        if spec.get(field) and spec[field] not in c:
            out[field] = refusal("run.no_such_column", column=spec[field], file="census")
    dets = list(spec.get("determinants") or [])
    if not dets:
        out["determinants"] = refusal("run.no_determinants")
    elif missing := [d for d in dets if d not in s or d not in c]:
        out["determinants"] = refusal("run.determinant_missing", column=missing[0])
    if stray := [x for x in spec.get("categorical") or [] if x not in dets]:
        out["categorical"] = refusal("run.not_a_determinant", column=stray[0])
    if not spec.get("outcome"):
        out["outcome"] = refusal("run.field_required")
    if not spec.get("territory"):
        out["territory"] = refusal("run.field_required")
    return out
