"""Small word lists shared by the extractors (verbs are expanded to their inflections)."""

from __future__ import annotations

# Events a counted thing undergoes; speech verbs are deliberately absent (they are cues).
EVENT_LEMMAS = (
    "arrest release raid deport detain kill die injure wound hire fire vote elect charge "
    "convict sentence indict rescue evacuate displace infect test vaccinate hospitalize "
    "treat employ lose gain win spend raise donate pay earn cost sell buy build close open "
    "shoot attack bomb destroy damage cross apprehend admit remove return strike protest "
    "attend register sign approve reject pass cut create receive seize identify "
    "investigate process place sue fine ban suspend evict flee enroll graduate lay "
    "execute murder rape rob steal import export produce manufacture lend borrow owe "
    "invest fund allocate award grant save cast count poll survey interview target "
    "transfer transport hold free jail imprison search screen detect"
).split()

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "die": ("died", "dying", "dead"),
    "shoot": ("shot",),
    "lose": ("lost",),
    "win": ("won", "winning"),
    "spend": ("spent",),
    "pay": ("paid",),
    "sell": ("sold",),
    "buy": ("bought",),
    "build": ("built",),
    "cut": ("cutting",),
    "flee": ("fled",),
    "strike": ("struck", "stricken"),
    "hold": ("held",),
    "lay": ("laid",),
    "steal": ("stole", "stolen"),
    "lend": ("lent",),
    "cast": ("casting",),
    "free": ("freed",),
}
_DOUBLING = {"admit", "ban", "rob", "plan", "ship", "stop", "drop", "commit", "submit"}


def _forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s"}
    if lemma in _DOUBLING:
        stem = lemma + lemma[-1]
        forms |= {stem + "ed", stem + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    forms.update(_IRREGULAR.get(lemma, ()))
    return forms


EVENT_FORMS: dict[str, str] = {}
for _lemma in EVENT_LEMMAS:
    for _form in _forms(_lemma):
        EVENT_FORMS.setdefault(_form, _lemma)


def past_participle(lemma: str) -> str:
    """Best-effort participle for human-readable details ("released", "arrested")."""
    irregular = [f for f in _IRREGULAR.get(lemma, ()) if not f.endswith("ing")]
    if irregular:
        return irregular[0]
    if lemma in _DOUBLING:
        return lemma + lemma[-1] + "ed"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"
