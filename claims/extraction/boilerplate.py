"""Recognise article furniture (bylines, social prompts, credits) that is never a claim."""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|da|del|la|le|bin)){1,4}"
_JOB = (
    r"(?:reporter|correspondent|writer|editor|journalist|contributor|columnist|"
    r"producer|analyst|author|blogger|staffer|host|anchor|fellow|intern|critic)"
)
# "Jane Doe is a reporter for Example News." / "Jane Doe is the senior editor at X."
_BYLINE_BIO = re.compile(
    r"^(?P<author>" + _NAME + r")\s+(?:is|was|has been)\s+(?:an?|the)\s+"
    r"(?:[\w-]+\s+){0,4}?" + _JOB + r"s?\b(?:\s+(?:for|at|with|on)\s+"
    r"(?P<outlet>(?:the\s+)?[A-Z][\w&'\u2019.-]*(?:\s+[A-Z&][\w&'\u2019.-]*){0,5}))?"
    r"[^.]{0,80}\.?$"
)
# "By Jane Doe" or "By Jane Doe, Example News"
_BYLINE_BY = re.compile(
    r"^By\s+(?P<author>" + _NAME + r")(?:\s*(?:,|\||-|\u2014)\s*"
    r"(?P<outlet>[A-Z][\w&'\u2019.-]*(?:\s+[A-Z&][\w&'\u2019.-]*){0,5}))?\s*$"
)
_FURNITURE = re.compile(
    r"""^(?:
        follow\s+(?:him|her|them|us|me|@)\b.*
      | .*\bon\s+(?:twitter|facebook|instagram|x)\s+(?:at|@)\s*@?\w+\W*$
      | (?:sign\s+up|subscribe|register)\b.*
      | .*\b(?:newsletter|subscribe\s+(?:now|today|here)|sign\s+up\s+(?:for|to))\b.*
      | (?:photo|photograph|image|picture|video|graphic|illustration)s?\s*(?:credit)?\s*(?::|by\b).*
      | .*(?:/|\|)\s*(?:getty\s+images|ap(?:\s+photo)?|reuters|afp|shutterstock|epa)\W*$
      | .*\bclick\s+here\b.*
      | (?:read|see|watch)\s+(?:more|the\s+rest|the\s+full|also)\b.*
      | (?:copyright|\(c\)|\u00a9).*
      | .*\ball\s+rights\s+reserved\b.*
      | (?:related|advertisement|share\s+this|share\s+on)\b\W*.{0,40}
      | (?:contact|email|e-mail)\s+(?:him|her|them|the\s+author|us)\b.*
      | @\w+\W*
      | (?:https?://|www\.)\S+\W*
      | (?:this|the)\s+(?:story|article|post|report|item|piece)\s+(?:has\s+been|was)\s+
        (?:corrected|updated|clarified|amended)\b.*
      | (?:an\s+)?earlier\s+version\s+of\s+this\s+(?:story|article|post|report|item|piece)\b.*
      | (?:correction|clarification|update|editor['\u2019]?s\s+note)\s*(?::|\u2014|-).*
      | .*\bregrets\s+the\s+error\W*
      | .{0,200}\bcontributed\s+(?:reporting|to\s+(?:this|the)\s+(?:report|story|article))
        (?:\s+(?:from|in)\s+[^.]{0,60})?\W*
      | (?:additional\s+)?reporting\s+by\s+.{0,200}
      | (?:writing|editing|compiled|produced)\s+by\s+[A-Z].{0,120}
    )$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


# Embedded tweets: "<tweet id=... author=...>text</tweet>" or "<tweet tweet-id=...><tweet/>".
_EMBED = re.compile(r"<tweet\b[^\n]*?(?:</tweet>|<tweet\s*/>)|<tweet\b[^\n]*", re.IGNORECASE)


def embed_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of embedded social-media markup, which is never a claim."""
    if "<tweet" not in text and "<TWEET" not in text:
        return []
    return [(m.start(), m.end()) for m in _EMBED.finditer(text)]


def byline(sentence: str) -> tuple[str, str | None] | None:
    """Return (author, outlet) if the sentence is a byline or author bio."""
    for pattern in (_BYLINE_BIO, _BYLINE_BY):
        m = pattern.match(sentence.strip())
        if m:
            outlet = m.group("outlet")
            if outlet:
                outlet = re.sub(r"^the\s+", "", outlet).rstrip(".")
            return m.group("author"), outlet
    return None


def is_boilerplate(sentence: str) -> bool:
    """True for sentences a fact-checker never wants to see as claims."""
    s = sentence.strip()
    if not s:
        return True
    return bool(_FURNITURE.match(s)) or byline(s) is not None
