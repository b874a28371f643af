"""Is the speaker of one report the same person as the speaker of another?

Speakers come from claims/extraction attributions (speaker, role, organisation). A name is
compared as given names + surname after dropping roles and titles ("ICE spokesman Bryan
Cox" is "Bryan Cox"). Two names are the same person when the surnames are equal and the
given names are equal, one is the other's initial, one is missing ("Cox" after "Bryan
Cox"), or they sound alike by a small spelling key (Bryan/Brian, Jon/John, Steven/Stephen).
Groups and outlets ("ICE officials", "Breitbart News") are not people and are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame rev president vice senator sen rep representative "
    "governor gov mayor judge minister secretary chief director acting deputy spokesman "
    "spokeswoman spokesperson officer agent attorney general commissioner chairman "
    "chairwoman sheriff captain lieutenant sergeant u.s. us federal ice fbi doj dhs".split()
)
_NOT_PEOPLE = frozenset(
    "officials official police authorities agency department news government office "
    "spokesman spokeswoman spokesperson people workers company ministry report reports "
    "statement administration court ledger times post journal press reuters ap".split()
)
_NAME = re.compile(r"[A-Z][a-zA-Z'\u2019.-]*")


@dataclass(frozen=True, slots=True)
class SpeakerComparison:
    query: str
    match: str
    same: bool

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "match": self.match, "same": self.same}


def person_name(speaker: str | None) -> tuple[str, ...] | None:
    """The name's words without titles and roles, or None for groups and outlets."""
    if not speaker:
        return None
    words = speaker.replace(",", " ").split()
    if any(w.lower().strip(".") in _NOT_PEOPLE for w in words):
        # "ICE spokesman Bryan Cox": a role word followed by capitalised names is a person.
        tail = _trailing_names(words)
        if len(tail) < 2:
            return None
        words = tail
    names = [w for w in words if _NAME.fullmatch(w) and w.lower().strip(".") not in _TITLES]
    if (
        not names
        or len(names) > 4
        or any(len(w.strip(".")) > 1 and w.strip(".").isupper() for w in names)
    ):
        return None
    return tuple(n.strip(".").lower() for n in names)


def _trailing_names(words: list[str]) -> list[str]:
    tail: list[str] = []
    for w in reversed(words):
        if _NAME.fullmatch(w) and w.lower() not in _NOT_PEOPLE and w.lower() not in _TITLES:
            tail.insert(0, w)
        else:
            break
    return tail


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    s = name.lower().replace("ph", "f").replace("y", "i").replace("v", "f").replace("ck", "k")
    s = re.sub(r"(?<=[^aeiou])h", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.rstrip("e") or s


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return x == y or _key(x) == _key(y)


def same_person(a: str | None, b: str | None) -> bool | None:
    """True/False for two person names; None when either is not a person's name."""
    na, nb = person_name(a), person_name(b)
    if na is None or nb is None:
        return None
    return _same_words(na, nb)


def _same_words(na: tuple[str, ...], nb: tuple[str, ...]) -> bool:
    if na[-1] != nb[-1] and _key(na[-1]) != _key(nb[-1]):
        return False
    return _given_compatible(na[:-1], nb[:-1])


def compare_speakers(
    query: Iterable[Mapping[str, Any]], match: Iterable[Mapping[str, Any]]
) -> list[SpeakerComparison]:
    """Pairs of named speakers that share a surname: the same person or not."""
    return compare_names(names_of(query), names_of(match))


Name = tuple[str, tuple[str, ...]]  # as displayed, and its words (person_name)


def names_of(attributions: Iterable[Mapping[str, Any]]) -> list[Name]:
    """The named people among the speakers of extracted attributions, in order."""
    out: list[Name] = []
    for a in attributions:
        shown = _display(a.get("speaker"))
        words = person_name(shown)
        if words is not None:
            out.append((shown, words))
    return out


def compare_names(query: list[Name], match: list[Name]) -> list[SpeakerComparison]:
    """:func:`compare_speakers` over names found once per claim beforehand."""
    out: list[SpeakerComparison] = []
    seen: set[tuple[str, str]] = set()
    for qs, qn in query:
        for ms, mn in match:
            if (qs, ms) in seen:
                continue
            if qn[-1] != mn[-1] and _key(qn[-1]) != _key(mn[-1]):
                continue
            seen.add((qs, ms))
            out.append(SpeakerComparison(qs, ms, _same_words(qn, mn)))
    return out


def _display(speaker: Any) -> str:
    """The speaker as a person would write it: "ICE spokesman Bryan Cox" -> "Bryan Cox"."""
    text = str(speaker or "").strip()
    words = text.split()
    tail = _trailing_names(words)
    if len(tail) >= 2 and len(tail) < len(words):
        return " ".join(tail)
    return text
