"""Text analysis for matching: tweet normalisation, tokens, light stemming, term hashes.

Chosen on the CLEF 2020 task 2 *train* split only (bench/eval_matching.py): word unigrams
beat word bigrams and character 3-5-grams there, a light suffix stemmer helped, and the
tweet trailer ("— Name (@handle) date") helps, so it is kept. Terms are hashed with CRC-32
so that every process, on every machine, maps a word to the same column without a shared
vocabulary: an index can grow by appending segments built anywhere.
"""

from __future__ import annotations

import re
import zlib

# scikit-learn's English list (the one measured), copied so the pure package needs no import.
STOP_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already
    also although always am among amongst amoungst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes becoming
    been before beforehand behind being below beside besides between beyond bill both bottom
    but by call can cannot cant co con could couldnt cry de describe detail do done down due
    during each eg eight either eleven else elsewhere empty enough etc even ever every
    everyone everything everywhere except few fifteen fifty fill find fire first five for
    former formerly forty found four from front full further get give go had has hasnt have
    he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter
    latterly least less ltd made many may me meanwhile might mill mine more moreover most
    mostly move much must my myself name namely neither never nevertheless next nine no
    nobody none noone nor not nothing now nowhere of off often on once one only onto or other
    others otherwise our ours ourselves out over own part per perhaps please put rather re
    same see seem seemed seeming seems serious several she should show side since sincere six
    sixty so some somehow someone something sometime sometimes somewhere still such system
    take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through
    throughout thru thus to together too top toward towards twelve twenty two un under until
    up upon us very via was we well were what whatever when whence whenever where whereafter
    whereas whereby wherein whereupon wherever whether which while whither who whoever whole
    whom whose why will with within without would yet you your yours yourself
    yourselves""".split()
)

_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|\bwww\.\S+")
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)")
_TOKEN = re.compile(r"[a-z0-9]{2,}")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
HASH_MASK = (1 << 31) - 1


def normalise(text: str) -> str:
    """URLs out; ``#IranProtests`` and ``@RealOlaudah`` become their words."""
    if "http" in text or "www." in text or "pic.twitter" in text:
        text = _URL.sub(" ", text)
    if "#" in text or "@" in text:
        text = _TAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    return text


def stem(word: str) -> str:
    """A deliberately light stemmer: plurals, then -ing/-ed/-ly."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Stemmed content words of ``text`` (after :func:`normalise`), in order."""
    low = _POSSESSIVE.sub(" ", normalise(text).lower())
    stems = _STEMS
    out = []
    for w in _TOKEN.findall(low):
        s = stems.get(w)
        if s is None:
            if w in STOP_WORDS:
                continue
            s = stem(w)
            if len(stems) < 500_000:
                stems[w] = s
        out.append(s)
    return out


def word_hashes(text: str) -> frozenset[int]:
    """The hashed stems of the distinct content words of ``text``, numbers left out (for
    whole articles: each distinct word is looked up once)."""
    low = _POSSESSIVE.sub(" ", normalise(text).lower())
    out = set()
    for w in set(_TOKEN.findall(low)):
        h = _WORD_HASH_OR_NUMBER.get(w)
        if h is None:
            if w in STOP_WORDS:
                continue
            s = stem(w)
            h = -1 if s.isdigit() else term_hash(s)
            if len(_WORD_HASH_OR_NUMBER) < 500_000:
                _WORD_HASH_OR_NUMBER[w] = h
        if h >= 0:
            out.add(h)
    return frozenset(out)


# Word -> the hash of its stem, or -1 for a number (word_hashes leaves numbers out).
_WORD_HASH_OR_NUMBER: dict[str, int] = {}


# Word -> stem, for the words seen (a stop word is never stored: it has no stem here).
_STEMS: dict[str, str] = {}


_CACHE: dict[str, int] = {}


def term_hash(term: str) -> int:
    """A stable 31-bit id for a term, the same in every process."""
    h = _CACHE.get(term)
    if h is None:
        h = zlib.crc32(term.encode()) & HASH_MASK
        if len(_CACHE) < 500_000:
            _CACHE[term] = h
    return h


def term_counts(text: str) -> dict[int, int]:
    """Hashed term -> count for one document or query (the hashes of :func:`tokens`)."""
    counts: dict[int, int] = {}
    low = _POSSESSIVE.sub(" ", normalise(text).lower())
    hashes = _WORD_HASH
    for w in _TOKEN.findall(low):
        h = hashes.get(w)
        if h is None:
            if w in STOP_WORDS:
                continue
            h = term_hash(stem(w))
            if len(hashes) < 500_000:
                hashes[w] = h
        counts[h] = counts.get(h, 0) + 1
    return counts


# Word (as written, lower case) -> the hash of its stem; stop words are never stored.
_WORD_HASH: dict[str, int] = {}
