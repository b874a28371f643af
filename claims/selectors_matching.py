"""Reads for matches: "also reported", "already checked", and the reader's flags.

A claim is *already checked* when it matches an imported fact-check, or a claim of another
article whose verdict this desk approved or published (read now, so a verdict approved
after the match was found counts). Figures *differ across outlets* when a match to another
article's claim has figures of the same event and unit that disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from claims.matching.facts import compare_facts
from claims.models import Claim, ClaimMatch, ClaimStatus, Fact

DONE = (ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)


def _checked_q() -> Q:
    return Q(fact_check__isnull=False) | Q(other__status__in=DONE)


def differ_exists() -> Exists:
    return Exists(
        ClaimMatch.objects.filter(claim=OuterRef("pk"), other__isnull=False, figures_differ=True)
    )


def checked_exists(claim: str = "pk") -> Exists:
    """The claim (the outer row's ``claim`` column) has an earlier verdict."""
    return Exists(ClaimMatch.objects.filter(_checked_q(), claim=OuterRef(claim)))


def filter_claims(claims: QuerySet[Claim], matches: str) -> QuerySet[Claim]:
    """The queue's filters: "differ" (figures differ across outlets), "checked"."""
    if matches == "differ":
        return claims.filter(differ_exists())
    if matches == "checked":
        return claims.filter(checked_exists())
    return claims


# A figure fact differs across outlets when a link of its claim to another outlet's claim
# compared this very figure (the same value) and found it differing: the comparisons the
# import's match step stored (ClaimMatch.figures), read per fact in SQL.
_FACT_DIFFERS = {
    "postgresql": """claims_fact.kind = 'figure' AND EXISTS (
        SELECT 1 FROM claims_claimmatch m
        CROSS JOIN LATERAL jsonb_array_elements(m.figures) f
        WHERE m.claim_id = claims_fact.claim_id AND m.other_id IS NOT NULL
          AND m.figures_differ AND f->>'agree' = 'false'
          AND jsonb_typeof(claims_fact.fields->'value') = 'number'
          AND (f->'query'->>'value')::float8 = (claims_fact.fields->>'value')::float8)""",
    "sqlite": """claims_fact.kind = 'figure' AND EXISTS (
        SELECT 1 FROM claims_claimmatch m, json_each(m.figures) f
        WHERE m.claim_id = claims_fact.claim_id AND m.other_id IS NOT NULL
          AND m.figures_differ AND json_extract(f.value, '$.agree') = 0
          AND json_extract(f.value, '$.query.value')
              = json_extract(claims_fact.fields, '$.value'))""",
}


def fact_differs() -> RawSQL:
    """True for a figure fact that another outlet's linked report gives otherwise (on
    claims_fact rows; fixed SQL, no parameters)."""
    return RawSQL(_FACT_DIFFERS[connection.vendor], [], output_field=BooleanField())  # noqa: S611


def filter_facts(facts: QuerySet[Fact], flag: str) -> QuerySet[Fact]:
    """The fact list's match filters: "differ" (a figure another outlet gives otherwise),
    "checked" (its claim has an earlier verdict)."""
    if flag == "differ":
        return facts.filter(kind="figure").filter(fact_differs())
    if flag == "checked":
        return facts.filter(checked_exists("claim_id"))
    return facts


@dataclass
class Matches:
    reported: list[ClaimMatch] = field(default_factory=list)
    checked: list[ClaimMatch] = field(default_factory=list)


def claim_matches(*, claim_id: int) -> Matches:
    rows = list(
        ClaimMatch.objects.filter(claim_id=claim_id)
        .select_related(
            "other__article",
            "other__verdict",
            "other__verdict_by",
            "other__approved_by",
            "fact_check",
        )
        .prefetch_related("other__evidence__source")
        .defer("other__article__text")  # whole articles: not shown, and large
        .order_by("-score", "pk")
    )
    out = Matches()
    for row in rows:
        if row.fact_check_id or (row.other and row.other.status in DONE):
            out.checked.append(row)
        if row.other_id:
            out.reported.append(row)
    return out


@dataclass(frozen=True)
class Flags:
    reported: int = 0
    differ: bool = False
    checked: bool = False


def match_flags(*, claim_ids: list[int]) -> dict[int, Flags]:
    """Per claim: how many other outlets report it, do figures differ, is it checked."""
    found: dict[int, dict] = {}
    rows = ClaimMatch.objects.filter(claim_id__in=claim_ids).values_list(
        "claim_id", "other_id", "figures_differ", "fact_check_id", "other__status"
    )
    for claim_id, other_id, differ, check_id, other_status in rows:
        f = found.setdefault(claim_id, {"reported": 0, "differ": False, "checked": False})
        if other_id:
            f["reported"] += 1
            f["differ"] = f["differ"] or differ
        if check_id or other_status in DONE:
            f["checked"] = True
    return {k: Flags(**v) for k, v in found.items()}


# --- one fact against the linked claims' facts ------------------------------------------


@dataclass(frozen=True)
class FactReport:
    """A linked claim of another outlet, seen from one fact: which of its facts is the
    same fact, and do they agree (figures) or name the same person (attributions)."""

    match: ClaimMatch
    others: list[Fact]  # the other claim's facts compared (a sum's parts: all of them)
    agree: bool
    detail: dict
    with_parts: list[Fact]  # this claim's facts summed with this one ("30 + 270")
    compared: str  # "figure" or "speaker"


@dataclass
class FactMatches:
    reported: list[FactReport] = field(default_factory=list)
    checked: list[ClaimMatch] = field(default_factory=list)  # the claim's: earlier verdicts
    linked_claims: int = 0  # the claim's links to other outlets, whatever the fact


def _fact_rows(facts: list[Fact]) -> list[tuple[int, str, dict]]:
    return [
        (f.pk, f.kind, f.fields or {})
        for f in facts
        if not f.orphaned and f.status != ClaimStatus.DISMISSED
    ]


def fact_matches(*, fact: Fact, siblings: list[Fact] | None = None) -> FactMatches:
    """This fact in the claims its claim is linked to: the same figure (agrees or differs)
    or the same speaker, fact by fact (claims.matching.facts), and the claim's earlier
    verdicts. Three queries, whatever the number of links; two when the caller has read
    the claim's facts already (``siblings``, as the fact's review page has)."""
    found = claim_matches(claim_id=fact.claim_id)
    out = FactMatches(checked=found.checked, linked_claims=len(found.reported))
    if not found.reported or fact.kind not in ("figure", "attribution"):
        return out
    if siblings is None:
        siblings = list(Fact.objects.filter(claim_id=fact.claim_id))
    by_id = {f.pk: f for f in siblings}
    theirs: dict[int, list[Fact]] = {}
    for f in Fact.objects.filter(
        claim_id__in=[m.other_id for m in found.reported], kind__in=("figure", "attribution")
    ).select_related("verdict"):
        theirs.setdefault(f.claim_id, []).append(f)
        by_id[f.pk] = f
    mine = _fact_rows(siblings)
    for match in found.reported:
        for link in compare_facts(mine, _fact_rows(theirs.get(match.other_id, []))):
            if link.fact != fact.pk:
                continue
            out.reported.append(
                FactReport(
                    match=match,
                    others=[by_id[i] for i in link.others],
                    agree=link.agree,
                    detail=link.detail,
                    with_parts=[by_id[i] for i in link.with_parts if i != fact.pk],
                    compared=link.compared,
                )
            )
    return out
