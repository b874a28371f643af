"""Cue verbs and the regular expressions the attribution finder is built from."""

from __future__ import annotations

import re

CUE_LEMMAS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "confirm": "confirmed confirms confirm confirming",
    "report": "reported reports",
    "announce": "announced announces announcing",
    "state": "stated",
    "add": "added adds adding",
    "claim": "claimed claims claiming",
    "explain": "explained explains explaining",
    "note": "noted notes noting",
    "argue": "argued argues arguing",
    "write": "wrote writes writing",
    "insist": "insisted insists insisting",
    "warn": "warned warns warning",
    "acknowledge": "acknowledged acknowledges acknowledging",
    "admit": "admitted admits admitting",
    "declare": "declared declares declaring",
    "suggest": "suggested suggests suggesting",
    "tweet": "tweeted tweets tweeting",
    "ask": "asked asks asking",
    "continue": "continued continues",
    "reveal": "revealed reveals revealing",
    "deny": "denied denies denying",
    "reply": "replied replies",
    "respond": "responded responds",
    "predict": "predicted predicts predicting",
    "promise": "promised promises",
    "recall": "recalled recalls recalling",
    "allege": "alleged alleges alleging",
    "assert": "asserted asserts asserting",
    "contend": "contended contends",
    "testify": "testified testifies",
    "joke": "joked jokes joking",
    "boast": "boasted boasts boasting",
    "complain": "complained complains complaining",
    "conclude": "concluded concludes",
    "believe": "believes believed",
    "think": "thinks",
    "emphasize": "emphasized emphasizes stressed stresses",
    "observe": "observed observes",
    "show": "showed shows",
    "find": "found finds",
    "estimate": "estimated estimates",
    "assure": "assured assures",
    "urge": "urged urges urging",
    "vow": "vowed vows vowing",
    "pledge": "pledged pledges pledging",
    "accuse": "accused accuses accusing",
    "describe": "described describes describing",
    "criticize": "criticized criticizes criticizing criticised",
    "praise": "praised praises praising",
    "hope": "hopes hoped",
    "want": "wants wanted",
    "expect": "expects expected",
    # Stance and object-taking cues (PolNeAR marks what is endorsed, called, asked, ...).
    "call": "called calls calling",
    "call_for": "called_for",
    "refuse": "refused refuses refusing",
    "endorse": "endorsed endorses endorsing",
    "support": "supported supports supporting",
    "back": "backed backs backing",
    "mention": "mentioned mentions mentioning",
    "discuss": "discussed discusses discussing",
    "thank": "thanked thanks thanking",
    "unveil": "unveiled unveils unveiling",
    "dismiss": "dismissed dismisses dismissing",
    "express": "expressed expresses expressing",
    "propose": "proposed proposes proposing",
    "defend": "defended defends defending",
    "challenge": "challenged challenges challenging",
    "congratulate": "congratulated congratulates congratulating",
    "promote": "promoted promotes promoting",
    "prefer": "preferred prefers preferring",
    "know": "knows knew",
    "learn": "learned learns learnt",
    "decide": "decided decides",
    "tout": "touted touts touting",
    "blast": "blasted blasts blasting",
    "slam": "slammed slams slamming",
    "reject": "rejected rejects rejecting",
    "blame": "blamed blames blaming",
    "mock": "mocked mocks mocking",
    "question": "questioned questions questioning",
    "demand": "demanded demands demanding",
    "indicate": "indicated indicates indicating",
    "list": "listed lists listing",
    "address": "addressed addresses addressing",
    "agree": "agreed agrees",
    "condemn": "condemned condemns condemning",
    "recommend": "recommended recommends recommending",
}
CUE_FORMS: dict[str, str] = {
    form: lemma for lemma, forms in CUE_LEMMAS.items() for form in forms.split()
}
CUE_FORMS = {form.replace("_", " "): lemma for form, lemma in CUE_FORMS.items()}
CUE_FORMS.update({"pointed out": "point_out", "points out": "point_out"})
CUE_FORMS.update({f + " for": "call_for" for f in ("called", "calls", "calling", "call")})
# Forms that are usually nouns or adjectives unless clearly a verb ("the claims", "shows").
NOUNISH = frozenset(
    "reports claims notes shows finds estimates promises questions calls thanks demands lists "
    "supports backs defends hopes challenges warns urges vows pledges praises criticizes "
    "describes accuses denies admits blames mocks slams blasts touts expects wants".split()
)
# "Trump's hopes", "her many calls": a possessive before a form that is usually a noun ...
NOUN_BEFORE = re.compile(
    r"(?:\w['\u2019]s?|\b(?:his|her|their|its|our|my|your|whose))\s+(?:[a-z][\w-]*\s+)?$"
)
# ... or what follows it: "the challenges facing", "hopes of winning", "claims are false".
NOUN_AFTER = re.compile(
    r"(?:\s+(?:of|are|were|remain|facing|and|or|about|from|over)\b|\s*[,.;:)?!]|\s*$)"
)
WEAK = frozenset(
    "show find estimate believe think conclude urge vow pledge accuse describe criticize "
    "praise hope want expect".split()
)


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation shaped as a prefix trie (much faster than a flat list)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


CUE_RE = re.compile(r"\b(?:[Aa]ccording\s+to|" + _trie_pattern(list(CUE_FORMS)) + r")\b")
OPEN_Q = "\u201c\u2018"
CLOSE_Q = "\u201d\u2019"
DET_BEFORE = re.compile(
    r"\b(?:the|a|an|his|her|their|its|our|news|media|these|those|some|recent|earlier|"
    r"this|that|of|in|by|with|for|to)\s*$",
    re.IGNORECASE,
)
# Passive ("were asked") and nominal ("the said report") uses are not attributions.
NOT_ACTIVE = re.compile(r"\b(?:the|a|an|was|were|been|being|is|are|be)\s*$", re.IGNORECASE)
CLAUSE_CUT = re.compile(
    r"[,;:\u201c\u201d\"\u2014]|\s\u2013\s|\b(?:that|which|because|[Ww]hile|[Ww]hen|whereas|"
    r"although|though|if|where|since|but|so|and then|whom)\b"
)
TRAILING_ADV = re.compile(
    r"(?:\s+(?:has|have|had|also|first|later|then|again|once|did|would|will|could|"
    r"has\s+long|had\s+long|has\s+also|had\s+also|is|was|were|are|not|never|just|"
    r"\w+ly))+\s*$",
    re.IGNORECASE,
)
ROLE_NOUNS = (
    r"spokesman|spokeswoman|spokesperson|director|secretary|president|senator|sen\.|rep\.|"
    r"governor|gov\.|chairman|chairwoman|chair|ceo|chief|official|officer|minister|mayor|"
    r"attorney|lawyer|commissioner|administrator|manager|analyst|professor|sheriff|judge|"
    r"leader|candidate|nominee|adviser|advisor|aide|representative|congressman|"
    r"congresswoman|executive|founder|head|strategist|economist|pollster|ambassador|"
    r"general|gen\.|agent|editor|reporter|host|anchor|expert|researcher|member|coach"
)
ROLE_NAME = re.compile(
    r"^(?P<role>(?:[\w.'\u2019&-]+\s+){0,6}?(?i:" + ROLE_NOUNS + r"))\s+"
    r"(?P<name>(?:[A-Z][\w.'\u2019-]*\s*){1,4})$"
)
APPOSITIVE = re.compile(r"^(?:an?|the)\s+(?P<role>.+)$|^(?P<role2>.*(?i:" + ROLE_NOUNS + r").*)$")
ORG = re.compile(r"^((?:[A-Z][\w&.'\u2019-]*\s*)+?)\s+(?:[a-z]|$)")
RECIPIENT = re.compile(
    r"\s*(?:to\s+)?(?P<rec>(?:the\s+)?(?:[A-Z][\w.'\u2019&-]*(?:\s+(?:of\s+)?[A-Z][\w.'\u2019&-]*)*"
    r"|reporters|journalists|supporters|the\s+crowd|the\s+audience|[a-z]+\s+reporters|"
    r"him|her|them|me|us))"
)
THAT = re.compile(r"\s*(?:,\s*)?(?:that\b|:)?\s*")
TAIL_OK = re.compile(
    r"^\s*(?:to\s+[^,.]{1,60}|in\s+[^,.]{1,60}|on\s+[^,.]{1,60}|at\s+[^,.]{1,60}|during\s+[^,.]{1,60}|"
    r"(?:last|this|on)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:late\s+|early\s+)?(?:yesterday|today|earlier|later|recently|previously|again|"
    r"then|also|too|afterward)|)\s*[.!?]?[\s\u201d\u2019\"]*$"
)


# Cues whose content is often a plain object ("endorsed Cruz", "called Trump \u201cunhinged\u201d").
OBJECT = frozenset(
    "call call_for refuse endorse support back mention discuss thank unveil dismiss "
    "express propose defend challenge congratulate promote prefer know learn decide tout "
    "blast slam reject blame mock question demand vote_for indicate list "
    "address agree condemn recommend want ask".split()
)
# Verbs that take a plain object as often as reported content ("wrote songs",
# "continued to fight"): they need an explicit complement when the speaker comes first.
STRICT = frozenset(
    "write continue tweet respond ask promise declare note observe conclude testify "
    "recall reply show find estimate believe think".split()
)
EXPLICIT = re.compile(r"\s*(?:,\s*)?(?:that\b|whether\b|if\b|:|[\u201c\u2018\"])")
# "said Thursday during a town hall that ...": skip the adjunct to reach the content.
ADJUNCT_THAT = re.compile(
    r"\s*(?:on|in|at|during|last|this|earlier|later|late|early|yesterday|today|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|in\s+a|in\s+an)\b[^.;\u201c\"]{0,100}?"
    r",?\s*(?=that\b)"
)
ADJUNCT_ONLY = re.compile(
    r"^(?:on|in|at|during|outside|inside|after|before|from|with|via|through|to|last|this|"
    r"earlier|later|yesterday|today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"\b(?:\s+\S+){0,6}$"
)
# "told (cheering) supporters in Nashua that ..." -> recipient up to the content marker.
TELL_OBJECT = re.compile(
    r"\s+(?P<rec>[^,;:\u201c\u2018\"\u2014]{1,80}?)(?=\s*(?:,|:|\u2014|\bthat\b|\bhow\b|\bwhy\b|"
    r"\bwhat\b|\bto\b|[\u201c\u2018\"]))"
)


# A closing quote (after , ? ! . or a word) followed only by the speaker before the cue.
QUOTE_THEN = re.compile(
    r"[,.?!\u2014\u2013\u2026-](?P<close>[\u201d\u2019\"])(?P<between>[^;\u201c\u201d\"]{0,160})$"
)


# Where reported content stops: a trailing participial or contrast clause, or a
# coordinated second cue ("and predicted that").
CONTENT_END = re.compile(
    r",[\u201d\u2019\"]?\s+(?:however|according\s+to|referring|adding|noting|saying|citing|putting|while|"
    r"which\s+(?:is|was)|as\s+(?:he|she|they)\s+)\b|\s+and\s+(?:then\s+)?(?:said|added|"
    r"predicted|argued|noted|told|warned|claimed|insisted|suggested)\b"
)
# A finite verb before a quote means the quote is a fragment of the writer's clause.
FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|do|does|"
    r"did)\b",
    re.IGNORECASE,
)

WHEN_WORDS = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$|\.$"
)
NEXT_QUOTE = re.compile(r"[ \t]*[\u201c\"]")
PARA_QUOTE = re.compile(r"[ \t]*\n\s*[\u201c\"]")

# "Trump: I'm the worst thing ..." / "FALLIN: I think ..." (headlines and transcripts).
COLON_SPEAKER = re.compile(
    r"(?P<speaker>(?:[A-Z][\w.'\u2019-]*)(?:\s+(?:[A-Z][\w.'\u2019-]*|of|the)){0,4})\s*(?P<colon>:)\s+\S"
)
NOT_SPEAKERS = frozenset(
    "update updated breaking watch related photo photos video editor note read see listen "
    "source sources note warning exclusive q a correction clarification the latest latest".split()
)


# ", saying ..." / " \u2014 telling ...": a participial cue whose speaker is the subject.
PARTICIPLE_BEFORE = re.compile(r"(?:,|\s[\u2013\u2014-]|\u2014)\s*(?:\w+ly\s+)?(?:and\s+)?$")
# "Washington (AFP) \u2013 " / "NEW YORK \u2014 " datelines before the subject.
DATELINE = re.compile(r"[A-Z][\w.,' ]{0,40}?(?:\([A-Za-z ]+\))?\s*[\u2013\u2014-]\s+")
_VERBISH = (
    r"\w+ed|\w+ly|has|have|had|is|was|were|are|will|would|can|could|may|might|must|did|does|"
    r"do|began|took|sought|made|gave|went|came|spoke|told|said|held|ran|hit|stood|kept|got|"
    r"put|led|left|won|lost|met|sent|brought|felt|thought|wrote|drew|threw|struck|broke|"
    r"chose|rose|fought|paid|set|became|begins|takes|makes|seeks|also|then|again|who|which"
)
SUBJECT = re.compile(
    r"(?P<subj>(?:[\w.'\u2019&-]+\s+){0,5}?[\w.'\u2019&-]+?)\s+(?=(?:" + _VERBISH + r")\b)"
)

# Where a plain object ends ("endorsed Trump last week and ...") and where a clausal one
# ("refused to answer, ...") does.
OBJECT_END = re.compile(
    r"\s*[,;(\u2014]|\s+[\u2013-]\s|\s+(?:and|but|or|while|when|after|before|because|as|last|"
    r"on|in|at|during|with|over|since|until|despite|amid|who|which|earlier|this|yesterday|"
    r"today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
CLAUSE_END = re.compile(r"\s*[,;(\u2014]|\s+[\u2013-]\s|\s+(?:but|while|because|as)\b")
VERBAL_OBJECT = re.compile(r"(?:to|that|whether|if|how|what|why|who|when)\b")

# "\u201cQ,\u201d NAME, 58, told ..." / "NAME, the city's lawyer, said": the name before the comma.
APPOSED = re.compile(r"\s*(?P<name>[A-Z][^,;\u201c\u201d\"]{0,60}?)\s*,[^;\u201c\u201d\"]{1,160}$")
# What to drop before a second attribution: ", and" / "; but" / " while".
OVERRUN_TAIL = re.compile(r"[\s,;\u2014]*(?:\b(?:and|but|while|whereas|as)\s*)?$")
LEADING_CONJ = re.compile(r"(?:and|but|or|so|yet)\s+(?=\S)", re.IGNORECASE)
# "told The Star-Ledger last week she would ...": a named or pronoun recipient, then content.
TELL_NAMED = re.compile(
    r"\s+(?P<rec>(?:the\s+)?(?:[A-Z][\w.'\u2019&-]*(?:\s+(?:of\s+)?[A-Z][\w.'\u2019&-]*)*|"
    r"him|her|them|me|us|reporters|supporters))(?:\s+(?:last|this|on|in)\s+\w+)?"
    r"(?=\s+(?:he|she|they|it|we|I|the|his|her|their)\b)"
)
