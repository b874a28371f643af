"""Template filters for claims.display: `{{ claim.score|worthiness }}` is "high", "worthy"
or "low", the reader's check-worthiness strength (the one threshold is
claims.display.CHECK_WORTHY_SCORE)."""

from __future__ import annotations

from django import template

from claims.display import worthiness_band

register = template.Library()


@register.filter
def worthiness(score: object) -> str:
    try:
        return worthiness_band(float(score))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "low"
