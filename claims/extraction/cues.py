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
}
CUE_FORMS: dict[str, str] = {
    form: lemma for lemma, forms in CUE_LEMMAS.items() for form in forms.split()
}
CUE_FORMS.update({"pointed out": "point_out", "points out": "point_out"})
# Forms that are usually nouns or adjectives unless clearly a verb ("the claims", "shows").
NOUNISH = frozenset("reports claims notes shows finds estimates promises".split())
WEAK = frozenset(
    "show find estimate believe think conclude urge vow pledge accuse describe criticize "
    "praise hope want expect".split()
)

CUE_RE = re.compile(
    r"\b(?:[Aa]ccording\s+to|"
    + "|".join(sorted((re.escape(f) for f in CUE_FORMS), key=len, reverse=True))
    + r")\b"
)
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
    r"[,;:\u201c\u201d\"\u2014]|\s\u2013\s|\b(?:that|which|because|while|when|whereas|"
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
    r"[,.?!\u2014\u2013\u2026-](?P<close>[\u201d\u2019\"])(?P<between>[^,;\u201c\u201d\"]{0,80})$"
)


# Where reported content stops: a trailing participial or contrast clause, or a
# coordinated second cue ("and predicted that").
CONTENT_END = re.compile(
    r",\s+(?:however|according\s+to|referring|adding|noting|saying|citing|putting|while|"
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

# "Trump: I'm the worst thing ..." / "FALLIN: I think ..." (headlines and transcripts).
COLON_SPEAKER = re.compile(
    r"(?P<speaker>(?:[A-Z][\w.'\u2019-]*)(?:\s+(?:[A-Z][\w.'\u2019-]*|of|the)){0,4})\s*(?P<colon>:)\s+\S"
)
NOT_SPEAKERS = frozenset(
    "update updated breaking watch related photo photos video editor note read see listen "
    "source sources note warning exclusive q a correction the latest latest".split()
)
