"""Facts: the individual checkable things inside a claim.

A claim is a sentence; a fact is one figure ("680 illegal workers"), one attribution
("ICE spokesman Bryan Cox confirmed to Breitbart News"), one date ("Wednesday"), one
comparison or superlative, or one list. Each is anchored to its own characters of the
article, inside its claim, and gets its own evidence and verdict in the workbench.

The facts of a claim are built from the claim's structured extraction (quantities,
attributions, dates, comparisons, enumerations), given either as the extraction's
dataclasses or in their JSON form, so that the same function serves a fresh extraction
and the claims stored before facts existed (the data migration). ``fact_fields`` reads
the fields of a span a reviewer selects.

Span rules (the workbench enforces the same, claims.services.facts):

- a fact lies inside its claim and is not empty (no leading or trailing space);
- two facts of the same kind never share a character: one figure is one fact. Facts of
  different kinds may overlap (a figure inside a superlative, a date inside a quote).

Statements (``Fact.statement``, the ClaimReview's claimReviewed) say the fact as a reader
would, in the claim's own words: the clause that holds the fact, cut at clause
punctuation (, ; : and dashes) and at "that", "while", "but", "because", "which", "who";
nothing is added but the verb "were"/"was" a reduced or participial clause leaves out
("680 illegal aliens arrested by ICE" -> "680 illegal aliens were arrested by ICE";
"..., arresting a total of 680 illegal workers in ..." -> "A total of 680 illegal workers
were arrested in ..."), a fronted date the clause hangs from ("This week, ICE raided seven
food processing plants across Mississippi"), a date's resolution in brackets, and the
closing quotation mark of a quote the clause cuts. Of two coordinated figures the second
takes the first one's verb ("he lost by 5 points in Florida and by 31,444 votes in
Hillsborough" -> "He lost by 31,444 votes in Hillsborough"). An attribution is stated as
speaker, cue, recipient and content ("ICE spokesman Bryan Cox confirmed to Breitbart News
that the 300 illegal workers released “were placed into removal proceedings ...”").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .attribution import find_attributions
from .dates import find_dates
from .enumerations import find_enumerations
from .kinds import find_comparisons
from .lexicon import EVENT_FORMS, past_participle
from .quantities import find_quantities
from .types import Fact

FACT_KINDS = ("figure", "attribution", "date", "comparison", "list")
# The structured fields of each kind, as stored in the fact's `fields`.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "figure": ("value", "unit", "event", "qualifier", "approximate", "measure"),
    "attribution": (
        "speaker",
        "role",
        "organisation",
        "cue",
        "recipient",
        "content_start",
        "content_end",
        "content",
        "direct_quote",
    ),
    "date": ("resolved", "resolved_end", "granularity"),
    "comparison": ("comparison",),
    "list": ("items", "item_spans"),
}
# How far past a figure its counted noun may stand to be part of the fact ("680 illegal
# workers"), in characters.
_UNIT_REACH = 40
_STATEMENT_MAX = 300
_FRONTED_WORDS = 5  # "In early 2004,": a fronted date is a few words before a comma

# Where a clause ends (start of the match) and the next begins (end of the match).
_BOUNDARY = re.compile(
    r"[;:](?=\s)\s*|,(?=[\s\u201d\u2019\"])[\u201d\u2019\"]?\s*|\s*\u2014\s*|\s+[-\u2013]{1,2}\s+"
    r"|\b(?:that|while|whereas|but|because|although|though|which|who|whom)\s+"
)
_TRAILING_ADVERB = re.compile(r"(?:\s+(?:already|also|still|now|then|ever|never|[a-z]+ly))+$")
_DANGLING = re.compile(r"\b(?:that|and|or|but|which|who|whom|whose)\s*$", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+(?:the\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:about\s+|roughly\s+)?$", re.IGNORECASE)
_AND_OR = re.compile(r"\s(?:and|or)\s")
_RELATIVE = re.compile(r",?\s*(?:who|which|that)\s+")
_AUX = frozenset("were was are is have has had will would could may might must".split())
_BE = frozenset("be been being".split())
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|[a-z]{3,}ed)\b")
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|did|does|do|been|be|can|could|"
    r"[a-z]{3,}ed|[a-z]{2,}s|lost|won|rose|fell|grew|made|paid|spent|took|got|leads?|"
    r"(?:[Ww]e|[Tt]hey|[Hh]e|[Ss]he|I|[Yy]ou)\s+[a-z]+)\b"
)
# After a reduced relative's participle ("680 aliens arrested by ICE"), not an object.
_PASSIVE_NEXT = frozenset(
    "by in at on from for after during to back into over with since last this under "
    "across near outside inside within without before as".split()
)
_LEADING_CONJ = re.compile(r"(?:and|or|but|so)\s+(?=\S)", re.IGNORECASE)
# Words that open a clause in lower case when it follows "that" ("Officials confirm that
# about 300 ..."); any other first word may be a name and keeps its capital.
_LOWER_FIRST = frozenset(
    "the a an this that these those there it its they their we our he his she her you "
    "about around roughly nearly almost approximately some many most more all no none one "
    "two three four five six seven eight nine ten several few each every both either "
    "in on at for with by from after before during since while when if as also only just "
    "specifically however still even more less over under up down".split()
)
# Speech and cognition verbs whose past the event lexicon does not form.
_CUE_PAST = {
    "say": "said",
    "tell": "told",
    "think": "thought",
    "write": "wrote",
    "hear": "heard",
    "speak": "spoke",
    "know": "knew",
    "feel": "felt",
    "find": "found",
    "read": "read",
}

Json = Mapping[str, Any]


class _Json:
    """Attribute access to an extraction result stored as JSON, as to its dataclass; a
    field the stored claim lacks (added later) reads as None."""

    __slots__ = ("data",)

    def __init__(self, data: Json):
        self.data = data

    def __getattr__(self, name: str) -> Any:
        return self.data.get(name)


def _read(items: Sequence[Any]) -> list[Any]:
    """The extraction's dataclasses as they are; their JSON form behind ``_Json``."""
    return [_Json(x) if type(x) is dict or isinstance(x, Mapping) else x for x in items]


def _span_of(item: Any) -> tuple[int, int] | None:
    start, end = item.start, item.end
    if isinstance(start, int) and isinstance(end, int) and start < end:
        return start, end
    return None


def claim_facts(
    text: str,
    claim_start: int,
    claim_end: int,
    *,
    quantities: Sequence[Any] = (),
    attributions: Sequence[Any] = (),
    dates: Sequence[Any] = (),
    comparisons: Sequence[Any] = (),
    enumerations: Sequence[Any] = (),
) -> list[Fact]:
    """The facts of the claim text[claim_start:claim_end], in reading order."""
    if not (quantities or attributions or dates or comparisons or enumerations):
        return []
    quantities, attributions, dates = _read(quantities), _read(attributions), _read(dates)
    comparisons, enumerations = _read(comparisons), _read(enumerations)
    sentence = _Sentence(
        text, claim_start, claim_end, [s for s in map(_span_of, dates) if s is not None]
    )
    figures = [(s, q) for q in quantities if (s := _span_of(q)) is not None]
    figure_starts = sorted(s[0] for s, _ in figures)
    comparison_spans = [s for s in map(_span_of, comparisons) if s is not None]
    found: list[Fact] = []
    figure_facts = [_figure(sentence, q, figure_starts) for _, q in figures]
    figure_spans = [(f.start, f.end) for f in figure_facts]
    for fact in figure_facts:
        statement = _figure_statement(sentence, fact, figure_spans, comparison_spans)
        found.append(_with_statement(fact, statement))
    # A quote split by its cue ('"Q1," X said, "Q2."') comes as attributions sharing one
    # cue: one fact, whose content runs from the first part to the last.
    by_cue: dict[tuple[Any, Any], list[Any]] = {}
    for a in attributions:
        key = (a.cue_start, a.cue_end)
        by_cue.setdefault(key if key[0] is not None else (id(a), None), []).append(a)
    for parts in by_cue.values():
        fact = _attribution(sentence, parts[0], parts)
        if fact is not None:
            found.append(fact)
    for d in dates:
        span = _span_of(d)
        if span is None:
            continue
        fields = {
            "resolved": d.resolved,
            "resolved_end": d.resolved_end,
            "granularity": d.granularity,
        }
        statement = _date_statement(sentence, span[0], span[1], fields)
        found.append(_make(text, span[0], span[1], "date", statement, fields))
    for c in comparisons:
        span = _span_of(c)
        if span is None:
            continue
        fields = {"comparison": c.kind}
        statement = _comparison_statement(sentence, span[0], span[1])
        found.append(_make(text, span[0], span[1], "comparison", statement, fields))
    for e in enumerations:
        span = _span_of(e)
        if span is None:
            continue
        items = list(e.items or ())
        fields = {"items": items, "item_spans": [list(s) for s in e.item_spans or ()]}
        statement = _list_statement(sentence, span[0], span[1])
        found.append(_make(text, span[0], span[1], "list", statement, fields))
    inside = [f for f in found if claim_start <= f.start < f.end <= claim_end]
    return _without_same_kind_overlap(inside)


def fact_fields(
    text: str,
    start: int,
    end: int,
    kind: str,
    *,
    published: dt.date | None = None,
    within: tuple[int, int] | None = None,
) -> tuple[dict[str, Any], str]:
    """The structured fields and a statement for a span a reviewer selected as `kind`.

    The selection is read on its own: a figure's value and unit, a date's resolution
    (against `published`), a list's items. With `within`, the claim's span around the
    selection, the claim is read too: a figure gets the event and unit its sentence gives
    it, an attribution its speaker, cue and content, and every kind a statement made of
    the claim's clause. Without it an attribution's speaker and content are for the
    reviewer to give and the selection is its statement.
    """
    if kind not in FACT_KINDS:
        raise ValueError(f"Unknown fact kind {kind!r}; one of {', '.join(FACT_KINDS)}.")
    span = text[start:end]
    sentence = None
    if within is not None and within[0] <= start < end <= within[1]:
        sentence = _Sentence(text, within[0], within[1], [])
    if kind == "figure":
        return _selected_figure(text, start, end, sentence)
    if kind == "date":
        for d in find_dates(span, published):
            fields = {
                "resolved": d.resolved,
                "resolved_end": d.resolved_end,
                "granularity": d.granularity,
            }
            if sentence is not None:
                return fields, _finish(_date_statement(sentence, start, end, fields))
            return fields, span + (f" ({_period(fields)})" if d.resolved else "")
        return {"resolved": None, "resolved_end": None, "granularity": None}, span
    if kind == "comparison":
        found = find_comparisons(span, 0)
        statement = _comparison_statement(sentence, start, end) if sentence else span
        return {"comparison": found[0].kind if found else "comparison"}, _finish(statement)
    if kind == "list":
        for e in find_enumerations(span, start):
            items = list(e.items)
            statement = (
                _list_statement(sentence, start, end)
                if sentence is not None
                else f"{len(items)} items: " + "; ".join(items)
            )
            return (
                {"items": items, "item_spans": [list(s) for s in e.item_spans]},
                _finish(statement),
            )
        return {"items": [], "item_spans": []}, span
    # An attribution.
    if sentence is not None:
        for a in find_attributions(text, [within])[0]:
            fact = _attribution(sentence, a)
            if fact is not None and fact.start < end and start < fact.end:
                return dict(fact.fields), fact.statement
    return {
        "speaker": None,
        "role": None,
        "organisation": None,
        "cue": None,
        "recipient": None,
        "content_start": None,
        "content_end": None,
        "content": None,
        "direct_quote": False,
    }, span


def _selected_figure(
    text: str, start: int, end: int, sentence: _Sentence | None
) -> tuple[dict[str, Any], str]:
    span = text[start:end]
    chosen: Any = None
    if sentence is not None:
        # The sentence's own reading of the figure: its counted noun and event.
        claim = text[sentence.start : sentence.end]
        for q in find_quantities(claim, sentence.start):
            if start <= q.start < end:
                chosen = q
                break
    if chosen is None:
        for q in find_quantities(span, start):
            chosen = q
            break
    if chosen is None:
        return {"value": None, "unit": None, "event": None, "qualifier": None}, span
    fields = _figure_fields(chosen)
    if sentence is None:
        return fields, _finish(_compact_figure(span, fields, past=False))
    fact = _make(text, start, end, "figure", span, fields)
    statement = _figure_statement(sentence, fact, [(start, end)], [])
    return fields, _finish(statement)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces and quote-neutral punctuation at its edges."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


class _Sentence:
    """A claim's text with its clause boundaries, found once and only when asked for."""

    __slots__ = ("_bounds", "_fronted", "_fronted_read", "dates", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int, dates: list[tuple[int, int]]):
        self.text, self.start, self.end, self.dates = text, start, end, dates
        self._bounds: list[tuple[int, int, str]] | None = None
        self._fronted: tuple[int, int] | None = None
        self._fronted_read = False

    @property
    def bounds(self) -> list[tuple[int, int, str]]:
        if self._bounds is None:
            self._bounds = [
                (m.start(), m.end(), m.group())
                for m in _BOUNDARY.finditer(self.text, self.start, self.end)
            ]
        return self._bounds

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause holding text[start:end]: (first, past-the-last character)."""
        left, right = self.start, self.end
        for b_start, b_end, word in self.bounds:
            if b_end <= start:
                left = b_end
            elif b_start >= end:
                if word.startswith("that"):
                    continue  # "with the expectation that ...": "that" only opens a clause
                if _RELATIVE.fullmatch(word) and not self.text[end:b_start].strip(" ,"):
                    continue  # "680 workers who were arrested": the relative is the fact's
                right = b_start
                break
        return left, _rstrip(self.text, left, right)

    def fronted(self) -> tuple[int, int] | None:
        """A date fronted before the sentence's first comma ("This week, ICE raided ...";
        "In 2004, Kerry pulled ..."): the span before that comma."""
        if not self._fronted_read:
            self._fronted_read = True
            for b_start, _b_end, word in self.bounds[:1]:
                if (
                    word.startswith(",")
                    and any(self.start <= s and e <= b_start for s, e in self.dates)
                    and len(self.text[self.start : b_start].split()) <= _FRONTED_WORDS
                ):
                    self._fronted = (self.start, b_start)
        return self._fronted

    def first_bound_end(self) -> int | None:
        return self.bounds[0][1] if self.bounds else None


def _rstrip(text: str, left: int, right: int) -> int:
    while right > left and (text[right - 1].isspace() or text[right - 1] in ".!?,;:"):
        right -= 1
    return right


def _make(text: str, start: int, end: int, kind: str, statement: str, fields: dict) -> Fact:
    start, end = trim_span(text, start, end)
    return Fact(
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        statement=_finish(statement),
        fields=fields,
    )


def _with_statement(fact: Fact, statement: str) -> Fact:
    return Fact(
        kind=fact.kind,
        start=fact.start,
        end=fact.end,
        text=fact.text,
        statement=_finish(statement),
        fields=fact.fields,
    )


def _finish(statement: str) -> str:
    """One line, no trailing clause punctuation, quotes closed, a capital first letter,
    at most _STATEMENT_MAX characters."""
    statement = " ".join(statement.split()).strip(" ,;:")
    while statement and statement[-1] in ".!?,;:":
        statement = statement[:-1].rstrip()
    if statement[-2:-1] in (".", ",", ";", ":") and statement[-1:] in '\u201d"':
        statement = statement[:-2] + statement[-1]  # 'grounds.”' -> 'grounds”'
    # Only double quotes are balanced: the right single quote doubles as an apostrophe.
    opened, closed = statement.count("\u201c"), statement.count("\u201d")
    if opened > closed:
        statement += "\u201d"
    elif closed > opened and statement.endswith("\u201d"):
        statement = statement[:-1].rstrip(" ,")
    if '"' in statement and statement.count('"') % 2:
        statement += '"'
    if statement[:1].islower():
        statement = statement[0].upper() + statement[1:]
    if len(statement) > _STATEMENT_MAX:
        statement = statement[: _STATEMENT_MAX - 1].rstrip() + "…"
    return statement


def _figure_fields(q: Any) -> dict[str, Any]:
    return {
        "value": q.value,
        "unit": q.unit,
        "event": q.event,
        "qualifier": q.qualifier,
        "approximate": bool(q.approximate),
        "measure": q.kind,
    }


def _word_at(low: str, word: str, position: int) -> bool:
    end = position + len(word)
    return (position == 0 or not low[position - 1].isalnum()) and (
        end >= len(low) or not low[end].isalnum()
    )


def _figure(sentence: _Sentence, q: Any, figure_starts: list[int]) -> Fact:
    text = sentence.text
    start, end = q.start, q.end
    unit = q.unit
    if unit:
        # The counted noun belongs to the fact when it follows closely, before the next
        # figure: "680 illegal workers", "seven food processing plants".
        stop = min([s for s in figure_starts if s > start] + [sentence.end, end + _UNIT_REACH])
        window = text[end:stop].lower()
        wanted = unit.lower()
        at = window.find(wanted)
        while at != -1 and not _word_at(window, wanted, at):
            at = window.find(wanted, at + 1)
        if at != -1 and not any(ch in ".;:!?" for ch in window[:at]):
            end = end + at + len(wanted)
    fields = _figure_fields(q)
    return _make(text, start, end, "figure", text[start:end], fields)


def _forms_of(word: str, event: str) -> bool:
    return EVENT_FORMS.get(word.lower()) == event


def _is_participle(word: str) -> bool:
    low = word.lower()
    return low.endswith("ed") or (low in EVENT_FORMS and not low.endswith(("s", "ing")))


def _be(fields: Json) -> str:
    value, measure = fields.get("value"), fields.get("measure")
    return "was" if value == 1 or measure in ("money", "percent") else "were"


def _compact_figure(span: str, fields: Json, *, past: bool) -> str:
    """ "680 illegal workers were arrested": the figure, its unit when the span lacks it,
    and its event."""
    unit, event = fields.get("unit"), fields.get("event")
    said = span
    if (
        unit
        and fields.get("measure") not in ("money", "percent")
        and unit.lower() not in span.lower()
    ):
        said += f" {unit}"
    if not event:
        return said
    verb = past_participle(event)
    return f"{said} {_be(fields)} {verb}" if past else f"{said} {verb}"


def _figure_statement(
    sentence: _Sentence,
    fact: Fact,
    figures: list[tuple[int, int]],
    comparisons: list[tuple[int, int]],
) -> str:
    text, start, end, fields = sentence.text, fact.start, fact.end, fact.fields
    event = fields.get("event")
    left, right = sentence.clause(start, end)
    head = ""
    # Coordinated figures in one clause: each keeps its own conjunct, the later ones the
    # earlier one's verb ("lost by 5 points in Florida and by 31,444 votes in ...").
    later = [s for s, _ in figures if end <= s < right]
    if later and not _BETWEEN.search(text, max(left, start - 12), start):
        cut = _coordinator(text, end, later[0], last=False)
        if cut is not None:
            right = _rstrip(text, left, cut[0])
    earlier = [(s, e) for s, e in figures if left <= s and e <= start]
    if earlier and not _BETWEEN.search(text, max(left, earlier[-1][0] - 12), earlier[-1][0]):
        previous = earlier[-1]
        cut = _coordinator(text, previous[1], start, last=True)
        if cut is not None:
            segment = cut[1]
            first = _WORDS.match(text, segment)
            gap: int | None = None
            if segment >= start:
                gap = previous[0]
            elif first is not None:
                gap = _last_word_before(text, first.group().lower(), left, previous[0])
            if gap is not None:
                head, left = text[left:gap], segment
    if not head:
        conj = _LEADING_CONJ.match(text, left, start)
        if conj is not None:
            left = conj.end()  # ", and a 15-point advantage on ..."
    clause = head + text[left:right]
    a = len(head) + start - left
    b = len(head) + end - left
    past = bool(_PAST.search(text, sentence.start, right))
    if event:
        said = _event_clause(clause, a, b, fields, event, past)
        if said is not None:
            said, dated = said
            if dated == "participial":
                # "This week, ICE raided ..., arresting 680 workers": the date is theirs.
                return _fronted(sentence, None, said)
            return _fronted(sentence, left, said) if dated == "clause" else said
        return _compact_figure(clause[a:b], fields, past=past)
    if any(left <= s < right and (s, e) != (start, end) for s, e in figures):
        # The clause is about another figure ("arresting 680 workers in ... the largest
        # raid in 11 years"): the comparison holding this one says what it counts.
        for c_start, c_end in comparisons:
            if c_start <= start and end <= c_end:
                return _comparison_statement(sentence, c_start, c_end)
    if _VERBISH.search(clause[:a] + " " + clause[b:]):
        return _fronted(sentence, left, clause)
    return _compact_figure(clause[a:b], fields, past=past)


def _event_clause(
    clause: str, a: int, b: int, fields: Json, event: str, past: bool
) -> tuple[str, str] | None:
    """The figure's clause stated around its event verb, and how a date fronted before the
    sentence applies to it: "clause" (stated from the clause's start: when the clause
    follows the date), "participial" (a subjectless "..., arresting 680 workers": always)
    or "subject" (stated from the figure: never); None when no verb of the event stands in
    the clause."""
    figure = clause[a:b]
    after = clause[b:]
    relative = _RELATIVE.match(after)
    if relative is not None:
        after = " " + after[relative.end() :]
    words = [(m.group(), m.start(), m.end()) for m in _WORDS.finditer(after)]
    # The figure is the subject of its event: "about 300 illegal workers were released".
    for i, (word, _s, _e) in enumerate(words):
        if _forms_of(word, event) and i and words[i - 1][0].lower() in _AUX | _BE:
            return figure + after, "subject"
    if (
        words
        and _is_participle(words[0][0])
        and _forms_of(words[0][0], event)
        and (len(words) == 1 or _passive_next(after, words))
    ):
        # "680 illegal aliens arrested by ICE ... were released": a reduced relative.
        stop = len(after)
        for word, s, _e in words[1:]:
            if word.lower() in _AUX:
                stop = s
                break
        quote = next((i for i, ch in enumerate(after) if ch in '\u201c"'), None)
        if quote is not None and quote < stop:
            stop = quote
        tail = _TRAILING_ADVERB.sub("", after[words[0][1] : stop].rstrip(" ,"))
        if stop == len(after) and quote is None and len(words) > 1 and not past:
            return figure + after, "subject"
        return f"{figure} {_be(fields)} {tail}", "subject"
    if words and _forms_of(words[0][0], event):
        return figure + after, False  # "300 workers lose their jobs"
    # The figure is the object of its event: "ICE raided seven food processing plants".
    before = [(m.group(), m.start(), m.end()) for m in _WORDS.finditer(clause, 0, a)]
    for i in range(len(before) - 1, -1, -1):
        word, s, e = before[i]
        if not _forms_of(word, event):
            continue
        if i:
            return clause, "clause"
        low = word.lower()
        if low.endswith("ing") or _is_participle(word):
            # "..., arresting a total of 680 illegal workers in ..." has no subject of
            # its own: the object is what underwent the event.
            obj = clause[e:b].strip()
            be = _be(fields) if (past or not low.endswith("ing")) else "are"
            if be == "are" and fields.get("value") == 1:
                be = "is"
            said = f"{obj} {be} {past_participle(event)}{clause[b:]}"
            return said, "participial" if low.endswith("ing") else "clause"
        return clause, "clause"
    return None


def _passive_next(after: str, words: list[tuple[str, int, int]]) -> bool:
    """Whether what follows the participle after a figure makes it a reduced relative
    ("arrested by ICE", "released “were placed ...") rather than a verb with an object
    ("a dozen states held contests")."""
    between = after[words[0][2] : words[1][1]]
    if any(ch in between for ch in ',;:\u201c"('):
        return True
    return words[1][0].lower() in _PASSIVE_NEXT or words[1][0].lower() in _AUX


def _coordinator(text: str, start: int, end: int, *, last: bool) -> tuple[int, int] | None:
    """The " and "/" or " joining the conjuncts between two figures: (start, end)."""
    window = text[start:end]
    found = list(_AND_OR.finditer(window))
    if not found:
        return None
    m = found[-1] if last else found[0]
    return start + m.start(), start + m.end()


def _last_word_before(text: str, word: str, left: int, before: int) -> int | None:
    low = text[left:before].lower()
    at = low.rfind(word)
    while at != -1 and not _word_at(low, word, at):
        at = low.rfind(word, 0, at)
    return None if at == -1 else left + at


def _fronted(sentence: _Sentence, left: int | None, said: str) -> str:
    """ "This week, " before a clause that hangs from it: the clause right after it
    (`left`), or any (None: a participial clause of the sentence's main clause)."""
    fronted = sentence.fronted()
    if fronted is None or (left is not None and left != sentence.first_bound_end()):
        return said
    return sentence.text[fronted[0] : fronted[1]] + ", " + said


def _date_statement(sentence: _Sentence, start: int, end: int, fields: Json) -> str:
    text = sentence.text
    left, right = sentence.clause(start, end)
    if len((text[left:start] + " " + text[end:right]).split()) <= 1:
        # A fronted date: the clause it dates follows it ("This week, ICE raided ...").
        # Past a one-word aside: "The same day, though, the Department ... confirmed".
        for _b_start, b_end, _word in sentence.bounds:
            if b_end > end:
                right = sentence.clause(b_end, b_end + 1)[1]
                if len(text[b_end:right].split()) > 1:
                    break
    said = text[start:end]
    resolved = fields.get("resolved")
    if resolved and not (fields.get("granularity") == "year" and str(resolved)[:4] in said):
        said += f" ({_period(fields)})"  # not "2004 (2004-01-01 to 2004-12-31)"
    return text[left:start] + said + text[end:right]


def _comparison_statement(sentence: _Sentence | None, start: int, end: int) -> str:
    if sentence is None:
        return ""
    text = sentence.text
    left, right = sentence.clause(start, end)
    before = text[left:start]
    first = _WORDS.match(before)
    if (
        first is not None
        and first.start() == 0
        and not first.group().lower().endswith("ing")
        and _VERBISH.search(before)
    ):
        # The clause says what is compared: "Unemployment is the lowest in 40 years",
        # "Unemployment fell to its lowest level in 40 years".
        return _fronted(sentence, left, text[left:right])
    if before.lower().endswith("the "):
        return "the " + text[start:end]
    return text[start:end]


def _list_statement(sentence: _Sentence | None, start: int, end: int) -> str:
    if sentence is None:
        return ""
    left, _right = sentence.clause(start, start + 1)
    return sentence.text[left:end]


def _lower_first(text: str, content: str) -> str:
    """The content as the rest of a sentence: its first word in lower case when it is a
    common word ("About 300 ..." -> "about 300 ..."; "Unemployment fell" when the article
    writes "unemployment" elsewhere), not when it may be a name ("ICE", "Trump")."""
    first = _WORDS.match(content)
    if first is None or first.start() != 0 or not content[:1].isupper():
        return content
    word = first.group()
    low = word.lower()
    if low in _LOWER_FIRST or (word[1:] == low[1:] and _has_word(text, low)):
        return low + content[len(word) :]
    return content


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a whole word, as spelt (case-sensitive)."""
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end >= len(text) or not text[end].isalnum()
        ):
            return True
        at = text.find(word, at + 1)
    return False


def _attribution(sentence: _Sentence, a: Any, parts: Sequence[Any] = ()) -> Fact | None:
    text, claim_start, claim_end = sentence.text, sentence.start, sentence.end

    def inside(position: int | None) -> bool:
        return isinstance(position, int) and claim_start <= position <= claim_end

    points: list[int] = []
    speaker_start, speaker_end = a.speaker_start, a.speaker_end
    mention = a.mention_start is not None
    if mention:  # a pronoun resolved to a name elsewhere
        speaker_start, speaker_end = a.mention_start, a.mention_end
    role = a.role
    cue_start, cue_end = a.cue_start, a.cue_end
    speaker_here = inside(speaker_start) and inside(speaker_end)
    if speaker_here:
        points += [speaker_start, speaker_end]
        if role:
            # "ICE spokesman Bryan Cox": the role standing just before the name.
            before = text[claim_start:speaker_start].rstrip().rstrip(",").rstrip()
            if before.lower().endswith(role.lower()) and _word_at(
                before.lower(), role.lower(), len(before) - len(role)
            ):
                points.append(claim_start + len(before) - len(role))
    recipient = a.recipient
    cue_here = inside(cue_start) and inside(cue_end)
    if cue_here:
        points += [cue_start, cue_end]
        if recipient:
            # "confirmed to Breitbart News"
            to = _TO.match(text[cue_end : cue_end + 12])
            if to is not None:
                at = cue_end + to.end()
                if text[at : at + len(recipient)].lower() == recipient.lower():
                    points.append(at + len(recipient))
    if not points:
        return None
    start, end = min(points), max(points)
    # The content inside this claim (a quote running on into later sentences is theirs).
    contents = []
    for part in parts or (a,):
        c_start, c_end = part.content_start, part.content_end
        if isinstance(c_start, int) and isinstance(c_end, int):
            c_start, c_end = max(c_start, claim_start), min(c_end, claim_end)
            if c_start < c_end:
                contents.append((c_start, c_end))
    has_content = bool(contents)
    content_start = min(c[0] for c in contents) if contents else None
    content_end = max(c[1] for c in contents) if contents else None
    fields = {
        "speaker": a.speaker,
        "role": role,
        "organisation": a.organisation,
        "cue": a.cue,
        "recipient": recipient,
        "content_start": content_start,
        "content_end": content_end,
        "content": text[content_start:content_end] if has_content else None,
        "direct_quote": bool(a.direct_quote),
    }
    fact = _make(text, start, end, "attribution", "", fields)
    head = _attribution_head(text, fact, a, speaker_here and cue_here, mention)
    statement = _attribution_statement(sentence, fact, head, sorted(contents))
    return _with_statement(fact, statement)


def _cue_words(fields: Json) -> str:
    cue = fields.get("cue") or "say"
    return _CUE_PAST.get(cue, past_participle(cue))


def _attribution_head(text: str, fact: Fact, a: Any, both_here: bool, mention: bool) -> str:
    """Who said it, with the cue and recipient: the claim's words when the speaker comes
    first ("The Clarion Ledger first reported"), else built ("Bryan Cox said")."""
    fields = fact.fields
    speaker = fields.get("speaker") or "someone"
    who = speaker
    if fields.get("role") and fields["role"].lower() not in who.lower():
        who = f"{fields['role']} {who}"
    cue = fields.get("cue")
    cue_start = a.cue_start
    speaker_start = a.speaker_start
    if mention:
        speaker_start = a.mention_start
    if cue == "according_to":
        return f"according to {who}"
    if both_here and speaker_start is not None and speaker_start < cue_start:
        if mention:
            m_start, m_end = a.mention_start, a.mention_end
            return text[fact.start : m_start] + speaker + text[m_end : fact.end]
        return fact.text
    said = f"{who} {_cue_words(fields)}"
    if fields.get("recipient"):
        said += f" to {fields['recipient']}"
    return said


def _attribution_statement(
    sentence: _Sentence, fact: Fact, head: str, contents: list[tuple[int, int]]
) -> str:
    """Speaker, cue, recipient and what was said, as the claim says it."""
    fields = fact.fields
    text = sentence.text
    if not contents:
        return head
    content_start, content_end = contents[0][0], contents[-1][1]
    if content_start < fact.start and content_end > fact.end and len(contents) > 1:
        # A quote split by its cue: both parts, after the speaker.
        said = " \u2026 ".join(
            text[s:e].strip().strip(',\u201c\u201d"').strip() for s, e in contents
        )
        if fields.get("direct_quote"):
            return f"{head}: \u201c{said}\u201d"
        return f"{head} that {_lower_first(text, said)}"
    if content_start >= fact.end:
        # The claim's own words from the cue to the end of the content ("... confirmed to
        # Breitbart News that the 300 illegal workers released “were placed ...”").
        if _DANGLING.search(text, content_start, content_end):
            # "Obama said he expected that": the content stops where another attribution
            # starts ("Americans will say ..."); what he said runs on to the sentence end.
            content_end = _rstrip(text, content_start, sentence.end)
        return head + text[fact.end : content_end]
    if content_end > fact.start:
        content_end = fact.start  # a quote running on past its cue: only what precedes it
    if head == fact.text:
        # "Mayor Ana Silva told reporters" / "Trump said at a rally in Ohio"
        head += text[fact.end : sentence.clause(fact.start, fact.end)[1]]
    content = text[content_start:content_end].strip().rstrip(',\u201d"').rstrip()
    if fields.get("direct_quote"):
        return f"{head}: \u201c{content}\u201d"
    content = _lower_first(text, content)
    if fields.get("cue") == "according_to":
        return f"{head}, {content}"
    return f"{head} that {content}"


def _period(fields: Json) -> str:
    resolved, last = fields.get("resolved"), fields.get("resolved_end")
    return f"{resolved} to {last}" if last and last != resolved else str(resolved)


def _without_same_kind_overlap(found: list[Fact]) -> list[Fact]:
    """Reading order; of two same-kind facts that share characters the first (the
    longer at one start) stays."""
    kept: list[Fact] = []
    for fact in sorted(
        found, key=lambda f: (f.start, -(f.end - f.start), FACT_KINDS.index(f.kind))
    ):
        if fact.start >= fact.end:
            continue
        if any(k.kind == fact.kind and k.start < fact.end and fact.start < k.end for k in kept):
            continue
        kept.append(fact)
    return kept
