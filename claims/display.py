"""How the workbench names and grades things on screen (pure: imports nothing from Django).

One article name everywhere: ``article_display_name`` is the one fallback for an article
without a title (the reader, the article list, the queue, the import job page, the admin
and ``str(article)`` all go through ``Article.display_name``, which calls it).

One check-worthiness threshold: ``CHECK_WORTHY_SCORE`` is the cut the scorers are
calibrated for (claims.extraction.worthiness: ">= 0.5 means check-worthy"); the queue
lists claims from it by default and the reader marks the claims at or above it.
"""

from __future__ import annotations

import re

UNTITLED = "Untitled article"
NAME_LIMIT = 80
ELLIPSIS = "\u2026"

CHECK_WORTHY_SCORE = 0.5
# The reader's strongest band: claims a desk would check first.
HIGHLY_CHECK_WORTHY_SCORE = 0.75

_SPACE = re.compile(r"\s+")


def shorten(text: str, limit: int = NAME_LIMIT) -> str:
    """``text`` on one line, cut at the last word boundary that fits in ``limit``
    characters (ellipsis included) and ended with an ellipsis; a single word longer than
    the limit is cut inside the word, as nothing else would fit."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    head = room[:cut] if cut > 0 else room[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


def article_display_name(title: str, text: str, *, limit: int = NAME_LIMIT) -> str:
    """The article's title; without one, the start of its first line of text, shortened
    on a word boundary with an ellipsis; with neither, "Untitled article"."""
    title = _SPACE.sub(" ", title or "").strip()
    if title:
        return title
    for line in (text or "").splitlines():
        if line.strip():
            return shorten(line, limit)
    return UNTITLED


def worthiness_band(score: float) -> str:
    """ "high" (>= 0.75), "worthy" (>= 0.5) or "low": the reader's three strengths."""
    if score >= HIGHLY_CHECK_WORTHY_SCORE:
        return "high"
    if score >= CHECK_WORTHY_SCORE:
        return "worthy"
    return "low"
