"""Forms of the review workbench. They validate input; services decide and write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator

from claims import importers
from claims.display import CHECK_WORTHY_SCORE
from claims.models import ClaimStatus, Evidence, FactKind, Rating, Source
from claims.selectors_review import (
    KINDS,
    RECENT_SOURCES,
    SORTS,
    QueueFilters,
    queue_options,
    recent_sources,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text="Several files at once: txt, html, json, jsonl, csv, feeds or a zip of them.",
    )
    urls = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="One http(s) address per line.",
    )
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Detect from the content"), *((f, f) for f in importers.FORMATS)],
    )

    def clean_urls(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("files") and not data.get("urls"):
            raise forms.ValidationError("Choose at least one file or give a URL.")
        return data


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VerdictForm(VersionedForm):
    rating = forms.ModelChoiceField(queryset=Rating.objects.none(), empty_label="— choose —")
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        rating = self.fields["rating"]
        rating.queryset = Rating.objects.filter(scale__is_active=True).order_by("position")
        # Offered from the pickers' cache (at most a minute old, as on the queue); what is
        # posted is checked against the active scale itself.
        rating.widget.choices = [
            ("", rating.empty_label),
            *((r.pk, r.name) for r in queue_options().ratings),
        ]


class TransitionForm(VersionedForm):
    to_status = forms.ChoiceField(choices=ClaimStatus.choices)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReuseForm(VersionedForm):
    """An earlier verdict to copy in: a match of the claim, and for a fact optionally
    the other claim's fact whose verdict it is."""

    match = forms.IntegerField(min_value=1)
    other_fact = forms.IntegerField(min_value=1, required=False)


class AssignForm(forms.Form):
    assignee = forms.CharField(help_text='"me", "none" or a user id')
    version = forms.IntegerField(required=False, min_value=1)


class EvidenceForm(forms.Form):
    # Offers the sources used last (selectors_review.recent_sources: a desk's list grows
    # to thousands, too many for one select); takes any known source.
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        empty_label="— a new source (fill in below) —",
        help_text=(
            f"Reuse one of the {RECENT_SOURCES} sources used last; for an older one, give "
            "its URL below: a known URL is reused."
        ),
    )
    url = forms.URLField(
        required=False,
        max_length=2000,
        label="Source URL",
        assume_scheme="https",
        # Django's URLField also takes ftp(s); a source must be a web page (it becomes a link).
        validators=[
            URLValidator(schemes=["http", "https"], message="Enter an http or https address.")
        ],
    )
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=200)
    published = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Published on"
    )
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        source.widget.choices = [("", source.empty_label), *recent_sources()]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("source") and not data.get("url") and not data.get("title"):
            raise forms.ValidationError("Pick a known source or give a URL or title.")
        return data


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), label="Comment")


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign", "Assign to"),
        ("status", "Change status to"),
        ("dismiss", "Dismiss (not check-worthy)"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    assignee = forms.CharField(required=False)
    to_status = forms.ChoiceField(required=False, choices=[("", "—"), *ClaimStatus.choices])
    comment = forms.CharField(required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Any id is acceptable here; the services refuse what the user may not touch.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "status" and not data.get("to_status"):
            raise forms.ValidationError("Choose the status to move the claims to.")
        if data.get("action") == "assign" and not data.get("assignee"):
            raise forms.ValidationError("Choose who to assign the claims to.")
        return data


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "All"), *ClaimStatus.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "All"), *((k, k) for k in KINDS)])
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label="Score at least")
    assignee = forms.CharField(required=False)
    outlet = forms.CharField(required=False)
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    verdict = forms.CharField(required=False)
    article = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, label="Search")
    matches = forms.ChoiceField(
        required=False,
        label="Matches",
        choices=[
            ("", "any"),
            ("differ", "figures differ across outlets"),
            ("checked", "already checked"),
        ],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(s, s.replace("-", " ")) for s in SORTS], initial="worthiness"
    )

    def filters(self) -> QueueFilters:
        """The queue's filters. Without a `min_score` parameter the queue lists the
        check-worthy claims (score >= CHECK_WORTHY_SCORE, as the README says);
        `min_score=0` or an empty `min_score=` (the filter box cleared) lists every score."""
        if not self.is_valid():
            return QueueFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "min_score" not in self.data:
            data["min_score"] = CHECK_WORTHY_SCORE
        return QueueFilters(**data)


def user_choice(value: str, *, me: object) -> object | None:
    """Resolve an assignee field: "me", "none" or a user id."""
    if value == "me":
        return me
    if value in ("", "none"):
        return None
    if value.isdigit():
        return get_user_model().objects.filter(pk=int(value)).first()
    return None


# --- Facts (claims/views/facts.py): the forms read numbers and words; services.facts
# decides what a fact may be and says why not.

FACT_NUMBER_ERRORS = {"invalid": "Give a character number (a whole number)."}


class FactAddForm(forms.Form):
    """A fact selected in the claim: its first character and the one after its last, in
    the article's numbering (the page's script fills them from the selection)."""

    claim = forms.IntegerField(required=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, error_messages=FACT_NUMBER_ERRORS)
    end = forms.IntegerField(required=False, error_messages=FACT_NUMBER_ERRORS)
    # Checked by the service (one refusal, one wording, whoever calls).
    kind = forms.CharField(required=False, widget=forms.Select(choices=FactKind.choices))
    statement = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Optional: the fact as a reader would state it; left empty, it is written "
        "from the selection.",
    )


class FactSplitForm(VersionedForm):
    at = forms.IntegerField(required=False, error_messages=FACT_NUMBER_ERRORS)


class FactMergeForm(VersionedForm):
    other = forms.IntegerField(min_value=1)
    other_version = forms.IntegerField(min_value=1)


class FactCorrectForm(VersionedForm):
    start = forms.IntegerField(required=False, error_messages=FACT_NUMBER_ERRORS)
    end = forms.IntegerField(required=False, error_messages=FACT_NUMBER_ERRORS)
    kind = forms.CharField(required=False, widget=forms.Select(choices=FactKind.choices))
    statement = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )


class FactDeleteForm(VersionedForm):
    pass


# A fact's fields as the correct form shows them (name, label, how it is typed): the
# other fields (an attribution's content, a list's item spans) follow from the text.
FACT_FIELD_INPUTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "figure": (
        ("value", "Value", "number"),
        ("unit", "Unit", "text"),
        ("event", "Event", "text"),
        ("qualifier", "Qualifier", "text"),
        ("approximate", "Approximate", "yesno"),
    ),
    "attribution": (
        ("speaker", "Speaker", "text"),
        ("role", "Role", "text"),
        ("organisation", "Organisation", "text"),
        ("cue", "Cue", "text"),
        ("recipient", "Recipient", "text"),
        ("content_start", "Content starts at", "int"),
        ("content_end", "Content ends at", "int"),
        ("direct_quote", "Direct quote", "yesno"),
    ),
    "date": (
        ("resolved", "Resolved date", "date"),
        ("resolved_end", "Until", "date"),
        ("granularity", "Granularity", "text"),
    ),
    "comparison": (("comparison", "Comparison", "text"),),
    "list": (("items", "Items, one a line", "lines"),),
}


def fact_field_value(kind: str, name: str, raw: str) -> object:
    """A posted field as the fact stores it; a bad number is left for the service to
    refuse in its words (a figure's value) or refused here (a content offset)."""
    how = next((h for n, _, h in FACT_FIELD_INPUTS.get(kind, ()) if n == name), "text")
    raw = raw.strip()
    if how == "yesno":
        return {"yes": True, "no": False}.get(raw)
    if how == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if raw == "":
        return None
    if how == "int":
        try:
            return int(raw)
        except ValueError:
            raise forms.ValidationError(f"“{raw}” is not a character number.") from None
    return raw


def fact_field_shown(kind: str, name: str, value: object) -> str:
    """A stored field as its input shows it (the inverse of fact_field_value)."""
    how = next((h for n, _, h in FACT_FIELD_INPUTS.get(kind, ()) if n == name), "text")
    if value is None:
        return ""
    if how == "yesno":
        return "yes" if value else "no"
    if how == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if how == "number" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
