"""Running the pure extractor from inside Django: the scorer chosen by settings."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.conf import settings

from claims.extraction import Extraction, extract
from claims.extraction.worthiness import Scorer, load_scorer


@lru_cache(maxsize=4)
def _scorer_for(path: str) -> Scorer:
    return load_scorer(path or None)


def configured_scorer() -> Scorer:
    """The built-in scorer, or the trained model FACTCHECK_WORTHINESS_MODEL points at.

    Loaded once per process: a worker scores thousands of articles with one model.
    """
    return _scorer_for(settings.FACTCHECK_WORTHINESS_MODEL)


def text_extract(*, text: str, published: datetime.date | None = None) -> Extraction:
    return extract(text, published=published, scorer=configured_scorer())
