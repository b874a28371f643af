"""Hand-built rows for the pure exporter tests (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from claims.exporters.types import (
    ClaimRow,
    CommentRow,
    EvidenceRow,
    ExportContext,
    FactRow,
    HistoryEntry,
    RatingInfo,
    ScaleInfo,
)

SCALE = ScaleInfo(
    name="Default (7-point)",
    description="From True to False.",
    best_value=5,
    worst_value=1,
    ratings=(
        RatingInfo("True", 5, "Accurate."),
        RatingInfo("Mostly true", 4, "Needs clarification."),
        RatingInfo("Half true", 3, "Partially accurate."),
        RatingInfo("Mostly false", 2, "Some truth."),
        RatingInfo("False", 1, "Not accurate."),
        RatingInfo("Unverifiable", None, "Cannot be confirmed."),
    ),
)

WHEN = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)


def iso(value: dt.date | dt.datetime) -> str:
    """A date or a timestamp as the row contract carries it (ISO text, UTC)."""
    return value.isoformat()


ARTICLE_TEXT = (
    "About 300 of the 680 workers were released, officials said. "
    "The mayor said the bridge will cost $2 billion. Nothing else happened."
)


def context(**changes: Any) -> ExportContext:
    base = ExportContext(
        generated_at=WHEN,
        desk_name="Harbor Fact Desk",
        desk_url="https://desk.example.org/about/",
        site_url="https://desk.example.org",
        scale=SCALE,
        distribution=(("True", 1), ("False", 1)),
        method="Checked by two people.",
    )
    return replace(base, **changes)


def claim_row(**changes: Any) -> ClaimRow:
    start = ARTICLE_TEXT.index("About")
    text = "About 300 of the 680 workers were released, officials said."
    base = ClaimRow(
        claim_id=7,
        position=0,
        article_id=3,
        article_title="Raids in Mississippi",
        article_url="https://news.example.com/raids",
        article_outlet="Example News",
        article_author="Jane Writer",
        article_published="2019-08-08",
        text=text,
        start=start,
        end=start + len(text),
        kinds=["quantity", "attribution"],
        score=0.87,
        quantities=[
            {
                "value": 300,
                "approximate": True,
                "qualifier": "about",
                "unit": "workers",
                "event": "released",
            },
        ],
        attributions=[{"speaker": "officials", "role": None, "organisation": None, "cue": "say"}],
        dates=[{"text": "Aug. 8", "resolved": "2019-08-08", "start": 0, "end": 6}],
        status="published",
        verdict="Mostly true",
        rating_value=4,
        best_rating=5,
        worst_rating=1,
        rationale="The agency's own release says 303.",
        reviewer="reviewer",
        approver="editor",
        created_at=iso(WHEN),
        updated_at=iso(WHEN + dt.timedelta(days=1)),
        verdict_origin="editor",
        evidence=(
            EvidenceRow(
                "ICE press release",
                "https://ice.example.gov/release",
                "ICE",
                "2019-08-09",
                "supports",
                "303 were released",
                "",
                iso(WHEN + dt.timedelta(hours=2)),
                "9f2c" * 16,
            ),
            EvidenceRow(
                "County jail roster", "", "", None, "context", "", "Not online; no archive."
            ),
        ),
        comments=(CommentRow("editor", "Good catch.", iso(WHEN)),),
        history=(
            HistoryEntry(iso(WHEN), "reviewer", "new"),
            HistoryEntry(iso(WHEN), "reviewer", "in_review"),
            HistoryEntry(iso(WHEN), "editor", "published"),
        ),
        article_text=ARTICLE_TEXT,
    )
    return replace(base, **changes)


def second_row(**changes: Any) -> ClaimRow:
    text = "The mayor said the bridge will cost $2 billion."
    start = ARTICLE_TEXT.index(text)
    return claim_row(
        claim_id=8,
        position=1,
        text=text,
        start=start,
        end=start + len(text),
        kinds=["quantity"],
        attributions=[{"speaker": "The mayor", "role": None, "cue": "say"}],
        verdict="False",
        rating_value=1,
        rationale="The budget says $1.2 billion.",
        evidence=(),
        comments=(),
        **changes,
    )


def fact_row(**changes: Any) -> FactRow:
    """The figure of claim_row(): "680 workers", approved with its own verdict."""
    start = ARTICLE_TEXT.index("the 680 workers") + 4
    base = FactRow(
        fact_id=70,
        position=0,
        kind="figure",
        start=start,
        end=start + len("680 workers"),
        text="680 workers",
        statement="680 illegal workers were arrested in the Mississippi raids",
        fields={"value": 680.0, "unit": "workers", "event": "arrested", "approximate": False},
        origin="extracted",
        status="approved",
        verdict="True",
        rating_value=5,
        best_rating=5,
        worst_rating=1,
        rationale="ICE's release counts 680 arrests.",
        reviewer="reviewer",
        approver="editor",
        created_at=iso(WHEN),
        updated_at=iso(WHEN + dt.timedelta(days=2)),
        evidence=(
            EvidenceRow(
                "ICE release",
                "https://ice.example.gov/680",
                "ICE",
                "2019-08-08",
                "supports",
                "680 were arrested",
                "",
            ),
        ),
        comments=(CommentRow("editor", "Matches the release.", iso(WHEN)),),
    )
    return replace(base, **changes)


def attribution_fact(**changes: Any) -> FactRow:
    """The attribution of claim_row(): "officials said", approved as "Mostly true"."""
    start = ARTICLE_TEXT.index("officials said")
    values: dict[str, Any] = {
        "fact_id": 71,
        "position": 1,
        "kind": "attribution",
        "start": start,
        "end": start + len("officials said"),
        "text": "officials said",
        "statement": "",
        "fields": {
            "speaker": "Matthew Albence",
            "role": "acting ICE director",
            "organisation": None,
            "cue": "say",
            "content": "About 300 of the 680 workers were released",
            "direct_quote": False,
        },
        "verdict": "Mostly true",
        "rating_value": 4,
        "rationale": "He said so at the press conference.",
        "evidence": (),
        "comments": (),
    }
    return fact_row(**(values | changes))
