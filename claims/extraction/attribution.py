"""Who said what: regex attribution finder over whole articles.

Patterns handled, per sentence:
- "SPEAKER CUE [to RECIPIENT] [that] CONTENT"            (pre-cue)
- "CONTENT, SPEAKER CUE."  /  "\u201cQUOTE,\u201d SPEAKER CUE."  (post-cue; the quote may
  open several sentences earlier)
- "\u201cQUOTE,\u201d CUE SPEAKER[, ROLE]."                    (inverted)
- "According to SPEAKER, CONTENT."  /  "CONTENT, according to SPEAKER."

Content spans of direct quotes start just *inside* the opening quote mark and end just
inside the closing one, so they hold only the quoted words.  When a paraphrase runs into a
quote ("officials said ICE agents \u201cconcluded ...\u201d") the quote is the content,
because that is what a fact-checker can verify against the source.  A quote opened after
the cue that does not close in its sentence extends to its closing mark (multi-sentence
quotes).
"""

from __future__ import annotations

import re

from .cues import (
    ADJUNCT_ONLY,
    ADJUNCT_THAT,
    APPOSED,
    APPOSITIVE,
    CLAUSE_CUT,
    CLAUSE_END,
    CLOSE_Q,
    COLON_SPEAKER,
    CONTENT_END,
    CUE_FORMS,
    CUE_RE,
    DATELINE,
    DET_BEFORE,
    EXPLICIT,
    FINITE,
    LEADING_CONJ,
    NEXT_QUOTE,
    NOT_ACTIVE,
    NOT_SPEAKERS,
    NOUN_AFTER,
    NOUN_BEFORE,
    NOUNISH,
    OBJECT,
    OBJECT_END,
    OPEN_Q,
    ORG,
    OVERRUN_TAIL,
    PARA_QUOTE,
    PARTICIPLE_BEFORE,
    QUOTE_THEN,
    RECIPIENT,
    ROLE_NAME,
    STRICT,
    SUBJECT,
    TAIL_OK,
    TELL_NAMED,
    TELL_OBJECT,
    THAT,
    TRAILING_ADV,
    VERBAL_OBJECT,
    WEAK,
    WHEN_WORDS,
)
from .enumerations import _US_STATES
from .types import Attribution

# A speaker phrase after its cue: stops at punctuation, except the period of a title or an
# initial ("the Rev. Al Sharpton", "Sen. Ted Cruz", "John F. Kennedy").
_TITLE_DOT = (
    r"\b(?:Rev|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Prof|Hon|Pres|Atty|"
    r"Msgr|Fr|Supt|Cmdr|Adm|Maj|Ft|Mt|Inc|Corp|Co|Ltd|U\.S|U\.N|U\.K|D\.C|[A-Z])\."
)
_PHRASE_AFTER = re.compile(r"(?:" + _TITLE_DOT + r"|[^,.;:\u201c\u201d\"])+")
_PHRASE_AFTER_ACC = re.compile(r"\s*((?:" + _TITLE_DOT + r"|[^,.;\u201c\u201d\"])+)")
# ", the president of the AFT," between a name and its cue.
_APPOS_BETWEEN = re.compile(r"\s*,\s*(?P<app>[^,;\u201c\u201d\"]{2,100}?)\s*,\s*(?:\w+ly\s+)?")
# What a speaker phrase cannot start or end with: it is then no noun phrase.
_NOT_NP_START = re.compile(
    r"(?i:of|in|on|at|for|with|from|by|about|after|before|during|under|among|over|like|as|"
    r"to|into|than|via|per|and|or|but|nor|so|yet|if|because|while|when|where)\b"
)
_NOT_NP_END = re.compile(
    r"\b(?i:and|or|but|nor|of|in|on|at|for|with|from|by|to|the|a|an|that|than|as)$"
)
_COORDINATED = re.compile(r"\b(?:and|or|but)$")
_LEADING_PP = re.compile(r"(?i:as|from)\s+(?=[A-Z])")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PRONOUNS = frozenset({"he", "she"})


def _noun_phrase(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim a speaker span to a noun phrase, or None when it is none ("and", "Of Clinton",
    "an immigration judge and")."""
    paren = text.rfind("(", s, e)
    if paren != -1 and text.find(")", paren, e) == -1:
        s = paren + 1
    s, e = _strip(text, s, e)
    lead = _LEADING_PP.match(text, s, e)
    if lead:
        s = lead.end()  # "As Breitbart's Joel Pollak reported"
    phrase = text[s:e]
    if not phrase or _NOT_NP_START.match(phrase) or _NOT_NP_END.search(phrase):
        return None
    if phrase.lower() in _RELATIVE:
        return None
    return s, e


_CLOSE_DOUBLE = re.compile(r'\u201d|(?<=\S)"(?!\w)')
# A right single quote followed by a letter is an apostrophe ("it\u2019s"), not a closer.
_CLOSE_SINGLE = re.compile(r"\u2019(?![^\W\d_])")


def _close_quote_after(text: str, pos: int, single: bool = False, limit: int = 4000) -> int | None:
    m = (_CLOSE_SINGLE if single else _CLOSE_DOUBLE).search(text, pos, pos + limit)
    return m.start() if m else None


def _open_quote_before(text: str, pos: int, limit: int = 4000) -> int | None:
    for i in range(pos - 1, max(-1, pos - limit), -1):
        ch = text[i]
        if ch == "\u201c":
            return i
        if ch == "\u201d":
            return None
        if ch == '"' and (i == 0 or not text[i - 1].isalnum()):
            return i
    return None


def _inside_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened earlier in its paragraph.

    Straight quotes cannot tell opening from closing, so they count by parity.
    """
    para = text.rfind("\n", 0, pos) + 1
    before = text[para:pos]
    if before.count('"') % 2:
        return True
    return before.rfind("\u201c") > before.rfind("\u201d")


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:\u2014-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:.!?"):
        e -= 1
    return s, e


def _content_span(text: str, s: int, e: int) -> tuple[int, int, bool]:
    """Trim a content span and, if it runs into a quotation, keep the quotation."""
    if s > 0 and text[s - 1] in OPEN_Q + '"' and text[s - 1 : s + 1] != '" ':
        # The span opens just inside a quote: its commas and "however"s are the speaker's.
        while e > s and text[e - 1] in CLOSE_Q + '"':
            e -= 1
        s2, e2 = _strip(text, s, e)
        return s2, max(s2, e2), True
    if s >= e:
        return s, e, False
    window = text[s:e]
    q = next((i for i, ch in enumerate(window) if ch in OPEN_Q or ch == '"'), -1)
    if q != -1 and len(window[:q].split()) <= 8 and not FINITE.search(window[:q]):
        start = s + q + 1
        close = _close_quote_after(text, start, single=window[q] == "\u2018")
        if close is not None and close >= e - 2:
            inner_s, inner_e = _strip(text, start, close)
            return inner_s, max(inner_s, inner_e), True
        if close is None or close > e:
            # A quote left open at sentence end continues into the following sentences.
            end = close if close is not None else e
            inner_s, inner_e = _strip(text, start, end)
            return inner_s, max(inner_s, inner_e), True
    while e > s and text[e - 1] in CLOSE_Q + '"':
        e -= 1
    cut = CONTENT_END.search(text, s, e)
    if cut:
        e = cut.start()
    s2, e2 = _strip(text, s, e)
    return s2, max(s2, e2), False


def _split_speaker(
    text: str, s: int, e: int
) -> tuple[str | None, int, int, str | None, str | None]:
    """Return (speaker, start, end, role, organisation) from a subject phrase span."""
    phrase = text[s:e]
    m = ROLE_NAME.match(phrase)
    if m and m.group("name").strip():
        name = m.group("name").strip()
        role = m.group("role").strip()
        role = re.sub(r"^(?i:the|an?|former)\s+", "", role) if role else role
        org = ORG.match(role + " x")
        ns = s + m.start("name")
        return name, ns, ns + len(name), role, org.group(1).strip() if org else None
    return phrase, s, e, None, None


def _speaker_before(text: str, s0: int, cue_start: int) -> tuple[int, int] | None:
    left = text[s0:cue_start]
    cut = 0
    for m in CLAUSE_CUT.finditer(left):
        cut = m.end()
    seg_s, seg_e = s0 + cut, cue_start
    trail = TRAILING_ADV.search(text, seg_s, seg_e)
    if trail:
        seg_e = trail.start()
    seg_s, seg_e = _strip(text, seg_s, seg_e)
    conj = LEADING_CONJ.match(text, seg_s, seg_e)
    if conj:
        seg_s = conj.end()
    words = text[seg_s:seg_e].split()
    if not words and left.rstrip().endswith(","):
        return _speaker_with_appositive(text, s0, s0 + len(left.rstrip()) - 1)
    if not words:
        return None
    if len(words) > 8:
        # Long subjects are usually a clause; keep the phrase nearest the cue.
        keep = " ".join(words[-4:])
        seg_s = text.rfind(keep, seg_s, seg_e)
    return seg_s, seg_e


def _subject(text: str, s0: int, cs: int) -> tuple[int, int] | None:
    """Subject of the sentence a participial cue hangs from ("X rallied, saying ...")."""
    start = s0
    dateline = DATELINE.match(text, s0, cs)
    if dateline:
        start = dateline.end()
    m = SUBJECT.match(text, start, cs)
    if m is None or not m.group("subj").strip():
        return None
    return _strip(text, m.start("subj"), m.end("subj"))


def _quote_before_sentence(
    text: str, s0: int, e0: int, cs: int, ce: int, lemma: str
) -> Attribution | None:
    """'\u201cQ.\u201d Trump said.': the cue sentence follows the quote it attributes."""
    if lemma in WEAK or TAIL_OK.match(text[ce:e0]) is None:
        return None
    left = text[s0:cs].strip()
    if not left or len(left.split()) > 6 or "," in left:
        return None
    j = s0
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] not in CLOSE_Q + '"':
        return None
    opening = _open_quote_before(text, j - 1)
    if opening is None or "\n" in text[opening:j]:
        return None
    c_s, c_e = _strip(text, opening + 1, j - 1)
    if c_e - c_s < 3:
        return None
    speaker, sp_s, sp_e, role, org = _split_speaker(text, *_strip(text, s0, cs))
    return Attribution(
        speaker=speaker,
        speaker_start=sp_s,
        speaker_end=sp_e,
        role=role,
        organisation=org,
        cue=lemma,
        cue_start=cs,
        cue_end=ce,
        recipient=_recipient(text, ce, e0, lemma),
        content_start=c_s,
        content_end=_continued_quote(text, e0, c_e),
        direct_quote=True,
    )


def _speaker_with_appositive(text: str, s0: int, comma: int) -> tuple[int, int] | None:
    """ "NAME, APPOSITIVE, said": the speaker is the name before the appositive."""
    prev = max(text.rfind(",", s0, comma), text.rfind("\u201c", s0, comma))
    if prev == -1:
        return None
    start = max(text.rfind(",", s0, prev), text.rfind(";", s0, prev), s0 - 1) + 1
    for m in CLAUSE_CUT.finditer(text, start, prev):
        start = m.end()
    seg_s, seg_e = _strip(text, start, prev)
    if seg_e <= seg_s or len(text[seg_s:seg_e].split()) > 8:
        return None
    return seg_s, seg_e


def _speaker_after(text: str, pos: int, e0: int) -> tuple[int, int, str | None]:
    """Speaker after an inverted cue ("said Bryan Cox, an ICE spokesman.")."""
    m = _PHRASE_AFTER.match(text, pos, e0)
    if not m:
        return pos, pos, None
    s, e = _strip(text, m.start(), m.end())
    role = None
    rest = re.compile(r",\s*(?P<app>[^,.;]+)").match(text, m.end(), e0)
    if rest:
        app = APPOSITIVE.match(rest.group("app").strip())
        if app:
            role = (app.group("role") or app.group("role2") or "").strip() or None
    return s, e, role


def find_attributions(text: str, sentences: list[tuple[int, int]]) -> list[list[Attribution]]:
    """Attributions per sentence (same order as ``sentences``).

    "He"/"she" speakers are resolved to the nearest named person when that is unambiguous,
    and a quote that runs on over later sentences is listed under each of them too, so a
    claim made of a quote's second sentence keeps its speaker.
    """
    result: list[list[Attribution]] = []
    named: list[tuple[int, Attribution]] = []  # (sentence index, attribution) of named people
    for k, (s0, e0) in enumerate(sentences):
        atts = _in_sentence(text, s0, e0)
        for i, att in enumerate(atts):
            word = (att.speaker or "").lower()
            if word in _PRONOUNS:
                atts[i] = _resolved(text, att, named, k, s0)
            elif _PERSON.fullmatch(att.speaker or "") and att.speaker_start is not None:
                named.append((k, att))
        result.append(atts)
    _carry_quotes(sentences, result)
    return result


# A named person: capitalised words, perhaps with a title or initials ("the Rev. Al
# Sharpton", "Hillary Clinton", "Trump"); not an organisation or a plural ("officials").
_PERSON = re.compile(
    r"(?=[A-Zt])(?:(?:the\s+)?(?:" + _TITLE_DOT + r"\s*))*[A-Z][a-z\u00e0-\u00ff'\u2019-]+"
    r"(?:\s+(?:[A-Z]\.|[A-Z][a-z\u00e0-\u00ff'\u2019-]+|de|van|von|da|del|bin|Jr\.?|Sr\.?)){0,3}"
)
_NOT_PERSON = re.compile(
    r"\b(?:News|Times|Post|Journal|Party|Committee|Department|House|Senate|Congress|Court|"
    r"Campaign|Office|Agency|Council|Association|Union|Foundation|Institute|University|"
    r"Company|Inc|Corp|Group|Center|Network|Press|Reuters|Breitbart|CNN|Fox|Poll|Administration|"
    r"Republicans|Democrats|Officials|America|Americans|State|States|Police|Army|Bureau|"
    r"Service|Commission|Board|Ministry|Government|Media|Magazine|Report|Review|Daily|"
    r"Tribune|Herald|Gazette|Globe|Observer|Guardian|Telegraph|Independent|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|It|They|We|I|You|This|That)\b"
)
_PRONOUN_WINDOW = 3  # sentences back to look for the person "he" or "she" refers to


def _resolved(
    text: str, att: Attribution, named: list[tuple[int, Attribution]], k: int, s0: int
) -> Attribution:
    """'She said ...' -> the nearest named person, when exactly one is in reach.

    People in reach: those named in the last few sentences (as speakers or anywhere in the
    text before the pronoun).  Two different people there make "she" ambiguous, and it is
    left as it is.
    """
    if att.speaker_start is None:
        return att
    back = max(0, s0 - 1)
    sentences_back = 0
    while back > 0 and sentences_back < _PRONOUN_WINDOW:
        back = max(text.rfind(". ", 0, back), text.rfind("\n", 0, back))
        sentences_back += 1
    window_start = max(0, back)
    people: dict[str, tuple[int, int]] = {}
    subjects: set[str] = {_surname(o.speaker or "") for j, o in named if k - j <= _PRONOUN_WINDOW}
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, window_start, att.speaker_start)]
    for m in _PERSON.finditer(text, window_start, att.speaker_start):
        if any(q_s <= m.start() < q_e for q_s, q_e in quoted):
            continue  # a name inside a quotation is not who the writer refers to
        if text.startswith(("'s", "\u2019s"), m.end()):
            continue  # "Trump's rallies", "Here's"
        name = m.group(0)
        words = name.split()
        m_start = m.start()
        while words and (words[0] in _CAPITAL_WORDS or words[0].lower() in _ROLE_WORDS):
            m_start = text.index(words[1], m_start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if not words:
            continue
        name = text[m_start : m.end()]
        if words[-1] in _PLACES or _NOT_PERSON.search(name):
            continue
        key = _surname(name)
        line = max(text.rfind(". ", 0, m_start) + 2, text.rfind("\n", 0, m_start) + 1)
        if len(text[line:m_start].split()) <= 4:
            subjects.add(key)  # named at the head of its sentence: a subject
        old = next((o for o in people if key == _surname(o) or key in o.split()), None)
        if old is not None:
            # A later mention of the same person: keep the fullest one.
            if len(name.split()) >= len(old.split()):
                del people[old]
                people[name] = (m_start, m_start + len(name))
            continue
        people[name] = (m_start, m_start + len(name))
        if len(people) > 1:
            return att  # two people in reach: ambiguous
    if len(people) != 1 or _surname(next(iter(people))) not in subjects:
        return att
    ((name, (n_s, n_e)),) = people.items()
    antecedent = next((o for _, o in reversed(named) if o.speaker == name), None)
    return Attribution(
        **{
            **_fields(att),
            "speaker": name,
            "speaker_start": n_s,
            "speaker_end": n_e,
            "role": att.role or (antecedent.role if antecedent else None),
            "organisation": att.organisation or (antecedent.organisation if antecedent else None),
            "mention_start": att.speaker_start,
            "mention_end": att.speaker_end,
        }
    )


_PLACES = _US_STATES | frozenset(
    "America Washington York Iowa Russia China Mexico Canada Iran Iraq Syria Israel Europe "
    "Britain England France Germany Japan Korea Ukraine Cuba Afghanistan Pakistan India "
    "Africa Asia Moscow Beijing London Paris Chicago Boston Philadelphia Cleveland Detroit "
    "Atlanta Miami Houston Dallas Denver Phoenix Vegas Angeles Francisco Diego Orleans "
    "Manhattan Brooklyn Baltimore Milwaukee Charlotte Tampa Orlando Raleigh Richmond "
    "Nashville Louisville Columbus Cincinnati Pittsburgh Seattle Portland Brussels Berlin "
    "Tokyo Jerusalem Tehran Baghdad Damascus Havana Kiev Mosul Aleppo Hampshire Carolina "
    "Dakota Jersey Virginia DC Capitol Hill Street Avenue Square Park Hall Beach".split()
)
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"\n]*\"")
_ROLE_WORDS = frozenset(
    "republican democrat democratic gop frontrunner front-runner candidate nominee senator "
    "governor mayor president vice former rev sen. rep. gov. gen. mr. mrs. ms. dr. "
    "secretary speaker chairman leader billionaire businessman".split()
)
# Capitalised words that start sentences or clauses but name no one.
_CAPITAL_WORDS = frozenset(
    "The A An In On At But And Or So If When While After Before As For With From By To Of "
    "This That These Those His Her Their Its Our It He She They We I You Mr Mrs Ms Dr "
    "Meanwhile However Still Yet Also Then There Here Now Later Earlier Last Next Asked "
    "According Although Though Because Since Despite During Under Over Among About What "
    "Who Why How Where Which Some Many Most Other Another Each Every All Both No Not Only "
    "Even Just Like Unlike Speaking Following Sen Rep Meanwhile Instead Indeed Moreover Today "
    "Yesterday Tonight Tomorrow Overall Finally First Second Third Again Already Perhaps Maybe "
    "Gov Gen President Former Mexican American Republican Democrat Democratic Muslim Christian "
    "Jewish Catholic Hispanic Latino Black White Asian African European British Russian "
    "Chinese Japanese Iranian Iraqi Syrian Israeli Palestinian Arab Cuban Canadian French "
    "German Italian Spanish Irish Scottish English Korean Indian Pakistani Afghan".split()
)


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _carry_quotes(sentences: list[tuple[int, int]], result: list[list[Attribution]]) -> None:
    """A quote that runs on over later sentences is listed under each of them as well, so a
    claim made of the quote's second sentence keeps its speaker (the attribution is the
    same: one cue, one content span)."""
    for k, atts in enumerate(result):
        for att in list(atts):
            c_s, c_e = att.content_start, att.content_end
            if c_s is None or c_e is None or c_e <= sentences[k][1]:
                continue
            for j in range(k + 1, len(sentences)):
                s, e = sentences[j]
                if s >= c_e:
                    break
                if any(
                    other.content_start is not None
                    and other.content_end is not None
                    and other.content_start < e
                    and s < other.content_end
                    for other in result[j]
                ):
                    break
                result[j].append(att)


def _in_sentence(text: str, s0: int, e0: int) -> list[Attribution]:
    found: list[Attribution] = []
    taken_until = s0
    colon = _colon_attribution(text, s0, e0)
    if colon is not None:
        found.append(colon)
        taken_until = colon.content_end or s0
    for m in CUE_RE.finditer(text, s0, e0):
        if m.start() < taken_until:
            continue
        if _inside_quote(text, m.start()):
            continue
        form = m.group(0)
        lemma = (
            "according_to"
            if form.lower().startswith("according")
            else CUE_FORMS[" ".join(form.split())]
        )
        if lemma != "according_to":
            before = text[max(s0, m.start() - 12) : m.start()]
            if (form in NOUNISH or lemma in WEAK or lemma in OBJECT) and DET_BEFORE.search(before):
                continue
            if form in NOUNISH and (
                NOUN_BEFORE.search(text, max(s0, m.start() - 40), m.start())
                or NOUN_AFTER.match(text, m.end(), e0)
            ):
                continue
            if NOT_ACTIVE.search(before) and not form.split()[0].endswith("ing"):
                continue
        att = _attribution_at(text, s0, e0, m.start(), m.end(), lemma)
        if att is None or _nested(att, found):
            continue
        found.append(att)
        if att.direct_quote and att.content_end is not None:
            taken_until = max(taken_until, att.content_end)
        taken_until = max(taken_until, m.end())
        second = _second_part(text, att, e0)
        if second is not None:
            found.append(second)
            taken_until = max(taken_until, second.content_end or 0)
    return _no_overrun(text, found)


# '"Q1," Roe said, "Q2."': the quote resumes after the cue (and its speaker, role, adjunct).
_RESUME = re.compile(r"[^.;:\u201c\u201d\"]{0,80}?,\s*[\u201c\"]")


def _second_part(text: str, att: Attribution, e0: int) -> Attribution | None:
    """The second half of a quote split by its cue gets its own content span."""
    if not att.direct_quote or att.cue_end is None or att.content_end is None:
        return None
    if att.content_end > att.cue_start:  # type: ignore[operator]
        return None
    after = max(att.cue_end, att.speaker_end or 0)
    m = _RESUME.match(text, after, e0)
    if m is None:
        return None
    close = _close_quote_after(text, m.end())
    if close is None:
        return None
    c_s, c_e = _strip(text, m.end(), close)
    if c_e - c_s < 2:
        return None
    c_e = _continued_quote(text, max(e0, close + 1), c_e)
    return Attribution(**{**_fields(att), "content_start": c_s, "content_end": c_e})


def _nested(att: Attribution, found: list[Attribution]) -> bool:
    """A cue inside another attribution's content whose speaker stands outside it ("officials
    said some had been ordered deported by a judge and refused to leave") is reported, not
    a new attribution."""
    if att.speaker_start is None or att.cue_start is None:
        return False
    for other in found:
        c_s, c_e = other.content_start, other.content_end
        if c_s is None or c_e is None:
            continue
        if c_s <= att.cue_start < c_e and not c_s <= att.speaker_start < c_e:
            return True
    return False


def _no_overrun(text: str, found: list[Attribution]) -> list[Attribution]:
    """'A said X, and B said Y': A's content stops where B's attribution starts."""
    out: list[Attribution] = []
    for i, att in enumerate(found):
        c_s, c_e = att.content_start, att.content_end
        for nxt in found[i + 1 :]:
            begin = nxt.speaker_start if nxt.speaker_start is not None else nxt.cue_start
            if c_s is None or c_e is None or begin is None or nxt.cue_start is None:
                continue
            if c_s < begin < c_e and c_s < nxt.cue_start < c_e and begin <= nxt.cue_start:
                cut = begin
                m = OVERRUN_TAIL.search(text, c_s, cut)
                if m:
                    cut = m.start()
                c_e = max(c_s, _strip(text, c_s, cut)[1])
                break
        if c_e != att.content_end and c_s is not None and c_e is not None and c_e - c_s >= 2:
            att = Attribution(**{**_fields(att), "content_end": c_e})
        out.append(att)
    return out


def _fields(att: Attribution) -> dict[str, object]:
    return {name: getattr(att, name) for name in Attribution.__dataclass_fields__}


def _attribution_at(
    text: str, s0: int, e0: int, cs: int, ce: int, lemma: str
) -> Attribution | None:
    if lemma == "according_to":
        return _according_to(text, s0, e0, cs, ce)
    participle = text[cs:ce].endswith("ing") and PARTICIPLE_BEFORE.search(text, s0, cs)
    if not participle and lemma not in OBJECT:
        post = _post_cue(text, s0, e0, cs, ce, lemma)
        if post is not None:
            return post
        post = _quote_before_sentence(text, s0, e0, cs, ce, lemma)
        if post is not None:
            return post
    lead_role = None
    if not participle and _HAS_APPOSITIVE.search(text, s0, cs):
        lead_role = _NAME_THEN_ROLE.fullmatch(text, s0, cs)
    if lead_role is not None:
        # "Dean Johnson, a 55-year-old salesman from Sumter, South Carolina, says ..."
        sp = (lead_role.start("name"), lead_role.end("name"))
    else:
        sp = _subject(text, s0, cs) if participle else _speaker_before(text, s0, cs)
    if sp is None:
        return None
    relative = text[sp[0] : sp[1]].lower() in _RELATIVE
    if relative:
        # "Smith, who said ...": the speaker is the noun phrase the clause hangs from.
        comma = text.rfind(",", s0, sp[0])
        sp = _speaker_before(text, s0, comma) if comma != -1 else None
        if sp is None:
            return None
    if text[sp[0] : sp[1]].split()[-1].lower() in _RELATIVE:
        return None  # "listeners to his radio program who said": the antecedent is unclear
    phrase = _noun_phrase(text, *sp)
    if phrase is None and not participle:
        # "X praised A and called for B": the cue's subject is the sentence's subject.
        phrase = _subject(text, s0, sp[0])
        phrase = _noun_phrase(text, *phrase) if phrase else None
    if phrase is None:
        return None
    sp = phrase
    pos = ce
    recipient = None
    if lemma == "tell":
        rec = TELL_OBJECT.match(text, ce, e0) or TELL_NAMED.match(text, ce, e0)
        if rec is None:
            return None
        recipient = rec.group("rec").strip()
        pos = rec.end()
    else:
        rec = RECIPIENT.match(text, ce, e0)
        if rec and text[ce : rec.start("rec")].strip() == "to":
            recipient = re.sub(r"^the\s+", "", rec.group("rec"))
            pos = rec.end()
    adjunct = ADJUNCT_THAT.match(text, pos, e0)
    if adjunct:
        pos = adjunct.end()
    elif lemma in STRICT and lemma not in OBJECT and not EXPLICIT.match(text, pos, e0):
        return None
    that = THAT.match(text, pos, e0)
    if that:
        pos = that.end()
    c_s, c_e, quoted = _content_span(text, pos, e0)
    if lemma in OBJECT and not quoted:
        cut = (OBJECT_END if VERBAL_OBJECT.match(text, c_s) is None else CLAUSE_END).search(
            text, c_s + 1, c_e
        )
        if cut:
            c_e = _strip(text, c_s, cut.start())[1]
    verbal = lemma in OBJECT and VERBAL_OBJECT.match(text, c_s) is not None
    if c_e - c_s < 2 or (not quoted and not verbal and ADJUNCT_ONLY.match(text[c_s:c_e])):
        return None
    if relative and not quoted:
        # The relative clause ends at its closing comma: "..., who said X, left."
        comma = text.find(",", c_s, c_e)
        if comma != -1:
            c_e = _strip(text, c_s, comma)[1]
    if quoted or text[c_e : e0 + 1].strip().endswith(":"):
        c_e = _continued_quote(text, max(e0, c_e + 1), c_e)
    speaker, sp_s, sp_e, role, org = _split_speaker(text, *sp)
    if role is None and lead_role is not None:
        role = re.sub(r"^(?:the|an?)\s+", "", " ".join(lead_role.group("role").split()))
    if role is None:
        role = _role_between(text, sp_e, cs)
    return Attribution(
        speaker=speaker,
        speaker_start=sp_s,
        speaker_end=sp_e,
        role=role,
        organisation=org,
        cue=lemma,
        cue_start=cs,
        cue_end=ce,
        recipient=recipient,
        content_start=c_s,
        content_end=c_e,
        direct_quote=quoted,
    )


_HAS_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s")
# A sentence that opens with a name and its appositive, then the cue.
_NAME_THEN_ROLE = re.compile(
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}),\s*"
    r"(?P<role>(?:a|an|the)\s+[^;:\u201c\u201d\"]{2,140}?),\s*(?:\w+ly\s+)?"
)


def _role_between(text: str, end: int, cue_start: int) -> str | None:
    """ "Randi Weingarten, the president of the AFT, said": the role after the name."""
    m = _APPOS_BETWEEN.fullmatch(text, end, cue_start)
    if m is None:
        return None
    app = APPOSITIVE.match(m.group("app").strip())
    if app is None:
        return None
    role = (app.group("role") or app.group("role2") or "").strip()
    return role or None


# "Q, Jane Roe, the city's lawyer, told reporters." / "Q, says Jane Roe."
_NAME_ROLE_BEFORE_CUE = re.compile(
    r",\s*(?P<name>(?:the\s+)?[A-Z][^,;\u201c\u201d\"]{0,60}?)\s*,\s*"
    r"(?P<app>[^,;\u201c\u201d\"]{2,100}?)\s*,\s*(?:\w+ly\s+)?$"
)
_SHORT_TAIL = re.compile(r"(?:\s+[\w'\u2019-]+){1,6}[.!?]?[\s\u201d\u2019\"]*$")
_SPEAKER_TAIL = re.compile(
    r"\s*(?:the\s+)?(?:" + _TITLE_DOT + r"|[A-Z])(?:" + _TITLE_DOT + r"|[^,.;:\u201c\u201d\"])*"
    r"(?:,[^.;\u201c\u201d\"]{1,100})?[.!?]?[\s\u201d\u2019\"]*$"
)


def _post_cue(text: str, s0: int, e0: int, cs: int, ce: int, lemma: str) -> Attribution | None:
    """Cue after its content: "\u201cQ,\u201d X said." / "Q, X said." / "\u201cQ,\u201d said X, R"."""
    tail = text[ce:e0]
    left = text[s0:cs]
    after_quote = QUOTE_THEN.search(left)
    resumed = after_quote is not None and tail.lstrip().startswith(",") and "\u201c" in tail[:6]
    if after_quote is not None:
        split = s0 + after_quote.start("close")
        between_start = s0 + after_quote.end("close")
        opening = _open_quote_before(text, split)
        content_s = opening + 1 if opening is not None else s0
        if opening is not None and opening > s0 and len(text[s0:opening].split()) > 2:
            # A quoted phrase inside a paraphrase: the whole sentence is the content.
            content_s = s0
    else:
        comma = max(left.rfind(","), left.rfind("\u2014"))
        named = _NAME_ROLE_BEFORE_CUE.search(left)
        if (
            named is not None
            and lemma not in WEAK
            and (TAIL_OK.match(tail) is not None or _SHORT_TAIL.match(tail) is not None)
        ):
            # "The plan will fail, Jane Roe, the city's lawyer, told reporters."
            comma = named.start()
        elif comma == -1 or lemma in WEAK:
            return None
        elif TAIL_OK.match(tail) is None and not (
            not left[comma + 1 :].strip() and _SPEAKER_TAIL.match(tail)
        ):
            # "..., says Jane Roe." keeps its speaker after the cue.
            return None
        split = s0 + comma
        between_start = split + 1
        content_s = s0
    between = text[between_start:cs].strip()
    role = None
    if between and len(between.split()) <= 8 and "," not in between:
        sp = _speaker_before(text, between_start, cs)
        if sp is not None:
            sp = _noun_phrase(text, *sp)
            if sp is None:
                return None  # "Q, and concluded ...": a second verb of the writer's clause
        sp_s, sp_e = sp if sp else (between_start, between_start)
    elif between and APPOSED.match(text, between_start, cs):
        # "\u201cQ,\u201d Ramos, 58, told AFP" / "..., Jane Roe, the city's lawyer, said".
        m = APPOSED.match(text, between_start, cs)
        assert m is not None
        sp_s, sp_e = _strip(text, m.start("name"), m.end("name"))
        role = _role_between(text, sp_e, cs)
    elif between:
        return None
    else:
        sp_s, sp_e, role = _speaker_after(text, ce, e0)
    c_s, c_e, quoted = _content_span(text, content_s, split)
    quoted = quoted or (after_quote is not None and content_s != s0)
    if c_e - c_s < 3:
        return None
    if quoted and not resumed:
        c_e = _continued_quote(text, e0, c_e)
    speaker, sp_s, sp_e, role2, org = _split_speaker(text, sp_s, sp_e)
    return Attribution(
        speaker=speaker or None,
        speaker_start=sp_s if speaker else None,
        speaker_end=sp_e if speaker else None,
        role=role or role2,
        organisation=org,
        cue=lemma,
        cue_start=cs,
        cue_end=ce,
        recipient=_recipient(text, ce, e0, lemma),
        content_start=c_s,
        content_end=c_e,
        direct_quote=quoted,
    )


def _continued_quote(text: str, e0: int, c_e: int, limit: int = 8, max_gap: int = 40) -> int:
    """The speaker's quote goes on after the cue: '"Q1," X said. "Q2."' in one paragraph,
    and following paragraphs that are nothing but quotation (no cue of their own)."""
    pos = e0
    for _ in range(limit):
        m = NEXT_QUOTE.match(text, pos) or PARA_QUOTE.match(text, pos)
        if not m or m.end() - c_e > max_gap:
            break
        para_end = text.find("\n", m.end())
        if para_end == -1:
            para_end = len(text)
        close = _close_quote_after(text, m.end())
        if close is None or close > para_end:
            if m.group(0).count("\n") == 0:
                break
            # A quote left open at paragraph end continues in the next paragraph.
            c_e = max(c_e, _strip(text, m.end(), para_end)[1])
            pos = para_end
            continue
        if CUE_RE.search(text, close, para_end):
            break
        c_e = max(c_e, _strip(text, m.end(), close)[1])
        pos = close + 1
        if text[pos:para_end].strip(" \t.,!?\u2026"):
            break
    return c_e


def _recipient(text: str, ce: int, e0: int, lemma: str) -> str | None:
    m = RECIPIENT.match(text, ce, e0)
    if not m or (lemma != "tell" and text[ce : m.start("rec")].strip() != "to"):
        return None
    rec = WHEN_WORDS.sub("", m.group("rec")).strip()
    return rec or None


def _according_to(text: str, s0: int, e0: int, cs: int, ce: int) -> Attribution | None:
    m = _PHRASE_AFTER_ACC.match(text, ce, e0)
    if not m:
        return None
    sp_s, sp_e = _strip(text, m.start(1), m.end(1))
    if text[s0:cs].strip():
        c_s, c_e, quoted = _content_span(text, s0, cs)
    else:
        c_s, c_e, quoted = _content_span(text, m.end(), e0)
    if sp_e <= sp_s or c_e - c_s < 2:
        return None
    speaker, sp_s, sp_e, role, org = _split_speaker(text, sp_s, sp_e)
    return Attribution(
        speaker=speaker,
        speaker_start=sp_s,
        speaker_end=sp_e,
        role=role,
        organisation=org,
        cue="according_to",
        cue_start=cs,
        cue_end=ce,
        recipient=None,
        content_start=c_s,
        content_end=c_e,
        direct_quote=quoted,
    )


def _colon_attribution(text: str, s0: int, e0: int) -> Attribution | None:
    m = COLON_SPEAKER.match(text, s0, e0)
    if m is None or m.group("speaker").lower() in NOT_SPEAKERS:
        return None
    # A transcript turn or a headline quote runs to the end of its paragraph.
    line_end = text.find("\n", e0)
    c_s, c_e, quoted = _content_span(
        text, m.end("colon"), line_end if line_end != -1 else len(text)
    )
    if len(text[c_s:c_e].split()) < 3 or text[c_s : c_s + 1].isdigit():
        return None
    speaker, sp_s, sp_e, role, org = _split_speaker(text, m.start("speaker"), m.end("speaker"))
    return Attribution(
        speaker=speaker,
        speaker_start=sp_s,
        speaker_end=sp_e,
        role=role,
        organisation=org,
        cue="say",
        cue_start=m.start("colon"),
        cue_end=m.end("colon"),
        recipient=None,
        content_start=c_s,
        content_end=c_e,
        direct_quote=quoted,
    )
