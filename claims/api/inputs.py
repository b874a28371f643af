"""Input serializers: what the API accepts (query parameters and bodies), validated
before any service runs. They turn requests into the services' typed arguments.

The OpenAPI schema is generated from these classes (claims/api/openapi.py adds what
drf-spectacular cannot see: no NUL characters, "not only spaces" where a field is
trimmed, and `AtLeastOne`'s rule), so what the schema promises is what is validated here.
Ids in bodies are plain integers: the views look them up and answer 404 for one that
names nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from rest_framework import serializers

from claims import exporters, importers
from claims.models import ClaimStatus, ConsistencyCheck, Evidence, FactKind
from claims.selectors_api import ArticleFilters, FactFilters
from claims.selectors_export import ExportFilters
from claims.selectors_review import KINDS, QueueFilters

MAX_QUERY = 200
# Ids a single export may name explicitly; larger sets use the other filters.
MAX_EXPORT_IDS = 10_000
MAX_IMPORT_URLS = 100
# The extraction endpoint is for trying the extractor out, not for bulk work.
MAX_EXTRACT_CHARS = 100_000
# Ids beyond this cannot exist (bigint) and would only make the database complain.
MAX_ID = 2**62
# Character offsets into an article (a PositiveIntegerField).
MAX_OFFSET = 2**31 - 1
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Exactly the characters Python's str.strip() removes (str.isspace; DRF's trim_whitespace
# uses it), for patterns that the schema repeats. Spelled out because `\s` differs between
# regex engines: Python's includes \x1c-\x1f, Rust's (schemathesis validates with it) and
# ECMAScript's do not. Patterns end in \Z, not $ (which Python also matches before a final
# newline); drf-spectacular writes \Z as $ in the schema.
SPACE_CHARS = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# The http(s) URLs the API takes: Django's URLValidator rule, written without its
# look-arounds and flags so that the schema can state it exactly, and narrowed where a
# URL would trip up the tools that later read it (Python's urlsplit refuses some
# non-ASCII host names and bad IPv6 literals; .port refuses ports past 65535):
# scheme and letters in lower case; the host an ASCII name with a top-level domain of
# letters (an IDN in its xn-- form), an IPv4 address or localhost; an optional
# user:password and port; then any path, query and fragment without whitespace or
# control characters (claims.weblinks: the URL becomes a link).
_INVISIBLE = rf"\x00-\x1f\x7f{SPACE_CHARS}"
_USERINFO = r"[a-z0-9._~!$&'()*+,;=%-]+(:[a-z0-9._~!$&'()*+,;=%-]*)?@"
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_TLD = r"([a-z]([a-z-]{0,61}[a-z])|xn--[a-z0-9]{1,59})"
_IPV4_PART = r"(0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
_HOST = rf"({_IPV4_PART}(\.{_IPV4_PART}){{3}}|{_LABEL}(\.{_LABEL})*\.{_TLD}\.?|localhost)"
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
HTTP_URL = rf"^https?://({_USERINFO})?{_HOST}(:{_PORT})?([/?#][^{_INVISIBLE}]*)?\Z"


class _OnlyStrings:
    """DRF's string fields also take 0 or 1.5 (as "0", "1.5") where the schema says
    `type: string`; these take strings only."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class Text(_OnlyStrings, serializers.CharField):
    pass


class Pattern(_OnlyStrings, serializers.RegexField):
    pass


class _JsonInteger(serializers.IntegerField):
    """An integer in a JSON body is a number: DRF would also take the string "5"."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class _JsonNumber(serializers.FloatField):
    """A number in a JSON body: not a string, not a boolean, and finite (JSON has no NaN)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if not math.isfinite(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class _JsonBoolean(serializers.BooleanField):
    """true or false in a JSON body; DRF alone would also take "yes", 1 and "on"."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def query_id(**kwargs: Any) -> serializers.IntegerField:
    """An id in the query string (text, like every query value)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def body_id(**kwargs: Any) -> serializers.IntegerField:
    """An id in a JSON body."""
    return _JsonInteger(min_value=1, max_value=MAX_ID, **kwargs)


class DateInput(serializers.DateField):
    """A date as YYYY-MM-DD exactly (the schema's `format: date`, RFC 3339's full-date).
    DRF alone would also take 2019-8-8 and 20190808."""

    def to_internal_value(self, value: Any) -> Any:
        if not (isinstance(value, str) and FULL_DATE.fullmatch(value)):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class BodyInput(serializers.Serializer):
    """A request body: fields it does not know are refused, not silently ignored (a
    misspelt "verdicts" would otherwise change nothing and say nothing). The schema
    states it as `additionalProperties: false`."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = ", ".join(self.fields)
            unknown = {
                str(name): [f"Unknown field; the fields are: {known}."]
                for name in data
                if name not in self.fields
            }
            if unknown:
                raise serializers.ValidationError(unknown)
        return super().to_internal_value(data)


class AtLeastOne(BodyInput):
    """A body that must give at least one of `at_least_one` (a string one not blank).

    Declared once: `validate` enforces it and the schema states it as `anyOf`."""

    at_least_one: tuple[str, ...] = ()
    at_least_one_message = ""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(name) not in (None, "", []) for name in self.at_least_one):
            raise serializers.ValidationError(self.at_least_one_message)
        return attrs


class ClaimFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=KINDS, required=False)
    min_score = serializers.FloatField(required=False, min_value=0, max_value=1)
    # Not trimmed: " me " is no more a valid value than the schema's pattern says.
    assignee = Pattern(
        r"^(me|none|[0-9]{1,18})\Z",
        required=False,
        trim_whitespace=False,
        help_text='"me", "none" or a user id.',
    )
    verdict = Pattern(
        r"^(none|[0-9]{1,18})\Z",
        required=False,
        trim_whitespace=False,
        help_text='A rating id or "none".',
    )
    outlet = Text(required=False, max_length=200)
    published_from = DateInput(required=False)
    published_to = DateInput(required=False)
    article = query_id(required=False)
    q = Text(required=False, max_length=MAX_QUERY, help_text="Words that must all appear.")

    def filters(self) -> QueueFilters:
        data = self.validated_data
        return QueueFilters(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            min_score=data.get("min_score"),
            assignee=data.get("assignee", ""),
            outlet=data.get("outlet", ""),
            date_from=data.get("published_from"),
            date_to=data.get("published_to"),
            verdict=data.get("verdict", ""),
            article=data.get("article"),
            q=data.get("q", ""),
        )


class ArticleFilterInput(serializers.Serializer):
    outlet = Text(required=False, max_length=200)
    published_from = DateInput(required=False)
    published_to = DateInput(required=False)
    import_job = query_id(required=False)
    include_superseded = serializers.BooleanField(
        required=False, default=False, help_text="Also list older revisions."
    )
    q = Text(required=False, max_length=MAX_QUERY)

    def filters(self) -> ArticleFilters:
        data = self.validated_data
        return ArticleFilters(
            outlet=data.get("outlet", ""),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            import_job=data.get("import_job"),
            include_superseded=data.get("include_superseded", False),
            q=data.get("q", ""),
        )


class SourceFilterInput(serializers.Serializer):
    q = Text(required=False, max_length=MAX_QUERY)


class EvidenceFilterInput(serializers.Serializer):
    claim = query_id(required=False, help_text="Its facts' evidence included.")
    source = query_id(required=False)
    fact = query_id(required=False)


class CommentFilterInput(serializers.Serializer):
    claim = query_id(required=False, help_text="Its facts' comments included.")
    fact = query_id(required=False)


class CheckFilterInput(serializers.Serializer):
    article = query_id(required=False)
    result = serializers.ChoiceField(choices=ConsistencyCheck.Result.choices, required=False)


class RatingFilterInput(serializers.Serializer):
    active = serializers.BooleanField(
        required=False,
        help_text="true: only the active scale's ratings; false: only the others'.",
    )


class FactFilterInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FactKind.choices, required=False)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    claim = query_id(required=False)
    article = query_id(required=False, help_text="The article of the fact's claim.")
    verdict = Pattern(
        r"^(none|[0-9]{1,18})\Z",
        required=False,
        trim_whitespace=False,
        help_text='A rating id or "none".',
    )
    matches = serializers.ChoiceField(
        choices=[
            ("differ", "a figure another outlet gives otherwise"),
            ("checked", "its claim has an earlier verdict"),
        ],
        required=False,
        help_text="differ: figure facts that another outlet's linked report gives "
        "otherwise; checked: facts whose claim has an earlier verdict.",
    )

    def filters(self) -> FactFilters:
        data = self.validated_data
        return FactFilters(
            kind=data.get("kind", ""),
            status=data.get("status", ""),
            claim=data.get("claim"),
            article=data.get("article"),
            verdict=data.get("verdict", ""),
            matches=data.get("matches", ""),
        )


def _offset(**kwargs: Any) -> serializers.IntegerField:
    return _JsonInteger(min_value=0, max_value=MAX_OFFSET, **kwargs)


def _field_text(**kwargs: Any) -> Text:
    return Text(required=False, allow_null=True, allow_blank=True, max_length=2_000, **kwargs)


class FactFieldsInput(BodyInput):
    """Corrections to a fact's structured fields, each for its kind only (a figure has no
    speaker: 422). Left-out fields keep what was read from the text; null clears one.
    An attribution's `content` is read from content_start/content_end and a list's
    item_spans from the text: neither is given."""

    # figure
    value = _JsonNumber(required=False, allow_null=True)
    unit = _field_text()
    event = _field_text()
    qualifier = _field_text()
    approximate = _JsonBoolean(required=False, allow_null=True)
    measure = _field_text()
    # attribution
    speaker = _field_text()
    role = _field_text()
    organisation = _field_text()
    cue = _field_text()
    recipient = _field_text()
    content_start = _offset(required=False, allow_null=True)
    content_end = _offset(required=False, allow_null=True)
    direct_quote = _JsonBoolean(required=False, allow_null=True)
    # date
    resolved = DateInput(required=False, allow_null=True)
    resolved_end = DateInput(required=False, allow_null=True)
    granularity = _field_text()
    # comparison
    comparison = _field_text()
    # list
    items = serializers.ListField(
        child=Text(max_length=2_000, allow_blank=True), required=False, max_length=500
    )

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        # As stored (JSON): dates as text.
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


# The fields the services derive rather than take (FactFieldsInput's docstring).
DERIVED_FACT_FIELDS = ("content", "item_spans")


class FactCreateInput(BodyInput):
    """A fact a reviewer selects in a claim: article offsets inside the claim, a kind,
    and optionally corrections to the fields read from the selection."""

    claim = body_id()
    start = _offset(help_text="The first character of the fact (an article offset).")
    end = _offset(help_text="Just past its last character.")
    kind = serializers.ChoiceField(choices=FactKind.choices)
    fields = FactFieldsInput(required=False)
    statement = Text(
        required=False,
        allow_blank=True,
        max_length=2_000,
        help_text="The fact as a reader would state it; empty: one is made from the text.",
    )


class FactCorrectInput(AtLeastOne):
    """Correct a fact: its span, kind, fields or statement (a new span or kind re-reads
    the fields from the text, and flags a verdict stale)."""

    at_least_one = ("start", "end", "kind", "fields", "statement")
    at_least_one_message = "Give what to correct: start, end, kind, fields or statement."

    start = _offset(required=False)
    end = _offset(required=False)
    kind = serializers.ChoiceField(choices=FactKind.choices, required=False)
    fields = FactFieldsInput(required=False)
    statement = Text(required=False, max_length=2_000)


class FactSplitInput(BodyInput):
    at = _offset(
        help_text="Where to split: an article offset strictly inside the fact, between "
        "two words. The first part keeps the fact's id, evidence and comments."
    )


class FactMergeInput(BodyInput):
    other = body_id(help_text="The fact to merge into this one (same claim, same kind).")
    other_version = _JsonInteger(
        min_value=1,
        max_value=MAX_ID,
        help_text="The other fact's version as you saw it (its ETag); If-Match carries "
        "this fact's.",
    )


class ClaimUpdateInput(AtLeastOne):
    """Propose or change the verdict; a rationale alone keeps the current rating."""

    at_least_one = ("verdict", "rationale")
    at_least_one_message = "Give a verdict, a rationale or both."

    verdict = body_id(required=False, help_text="A rating id of the active scale.")
    rationale = Text(required=False, max_length=20_000)


class AssignInput(BodyInput):
    assignee = body_id(
        allow_null=True,
        required=False,
        help_text="A user id, or null for nobody. Left out: the caller takes the claim.",
    )


class TransitionInput(BodyInput):
    comment = Text(required=False, allow_blank=True, max_length=5_000)


class RejectInput(BodyInput):
    comment = Text(max_length=5_000, help_text="Why the verdict goes back to review.")


class HttpUrl(Text):
    """An absolute http(s) URL, as given (surrounding spaces make it invalid rather than
    being trimmed away). HTTP_URL is the rule, the server's and the schema's `pattern`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", "An absolute http(s) URL.")
        super().__init__(trim_whitespace=False, **kwargs)
        self.validators.append(RegexValidator(HTTP_URL, message="Enter a valid http(s) URL."))


class SourceInput(AtLeastOne):
    """A source, found again by its URL or created; a URL or a title is needed."""

    at_least_one = ("url", "title")
    at_least_one_message = "A source needs a URL or a title."

    url = HttpUrl(required=False, allow_blank=True)
    title = Text(required=False, allow_blank=True, max_length=500)
    publisher = Text(required=False, allow_blank=True, max_length=200)
    published = DateInput(required=False, allow_null=True)


class EvidenceInput(SourceInput):
    """Evidence for a claim: from a known source (its id) or one given by URL or title."""

    at_least_one = ("source", "url", "title")
    at_least_one_message = "Give a known source's id, or a URL or a title for the source."

    claim = body_id()
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    source = body_id(
        required=False,
        help_text="A known source's id; or give url/title for a new or known one.",
    )
    quote = Text(required=False, allow_blank=True, max_length=20_000)
    note = Text(required=False, allow_blank=True, max_length=20_000)


class CommentInput(BodyInput):
    claim = body_id()
    text = Text(max_length=20_000)


class FactEvidenceInput(EvidenceInput):
    """Evidence for the fact in the path (it also stands on the fact's claim)."""

    claim = None  # the fact's


class FactCommentInput(CommentInput):
    """A comment on the fact in the path."""

    claim = None  # the fact's


class VerdictInput(ClaimUpdateInput):
    """Propose or change a fact's verdict; a rationale alone keeps the current rating."""


def _import_format() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=["", *importers.FORMATS],
        required=False,
        default="",
        help_text="Empty: detected from each file's content.",
    )


def _import_urls(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=HttpUrl(), max_length=MAX_IMPORT_URLS, **kwargs)


class ImportUrlsInput(BodyInput):
    """Import by URL (application/json); files are uploaded as multipart/form-data."""

    urls = _import_urls(
        min_length=1,
        error_messages={
            "required": "Give at least one URL; files are uploaded as multipart/form-data."
        },
    )
    format = _import_format()


class ImportUploadInput(BodyInput):
    """Files, and URLs with them if you like (multipart/form-data)."""

    # More files than DATA_UPLOAD_MAX_NUMBER_FILES (100) Django refuses with 413 while it
    # parses the form, before this serializer runs. What is in a file is the job's to
    # judge, an empty one included ("The file is empty." in its errors), like a PDF.
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        max_length=100,
        error_messages={"required": "Give at least one file; URLs alone may come as JSON."},
    )
    # No min_length: in a form an empty list is no field at all.
    urls = _import_urls(required=False)
    format = _import_format()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        size = sum(f.size for f in attrs.get("files", []))
        if size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                f"The upload is {size} bytes; the limit is {settings.FACTCHECK_MAX_UPLOAD_BYTES}."
            )
        return attrs


class ExportFiltersInput(BodyInput):
    statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=ClaimStatus.choices),
        required=False,
        max_length=len(ClaimStatus.choices),
        help_text="Empty: every status (ClaimReview: published only).",
    )
    verdicts = serializers.ListField(
        child=Text(max_length=100),
        required=False,
        max_length=50,
        help_text='Rating names; "none" for claims without a verdict.',
    )
    outlet = Text(required=False, allow_blank=True, max_length=200)
    date_from = DateInput(required=False, allow_null=True)
    date_to = DateInput(required=False, allow_null=True)
    article_ids = serializers.ListField(
        child=body_id(),
        required=False,
        max_length=MAX_EXPORT_IDS,
    )
    reviewer = Text(required=False, allow_blank=True, max_length=150, help_text="Username.")
    claim_ids = serializers.ListField(
        child=body_id(),
        required=False,
        max_length=MAX_EXPORT_IDS,
    )


class ExportJobInput(BodyInput):
    format = serializers.ChoiceField(choices=list(exporters.FORMATS))
    filters = ExportFiltersInput(required=False)

    def export_filters(self) -> ExportFilters:
        data = self.validated_data.get("filters") or {}
        return ExportFilters(
            statuses=tuple(data.get("statuses", ())),
            verdicts=tuple(data.get("verdicts", ())),
            outlet=data.get("outlet", "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            article_ids=tuple(data.get("article_ids", ())),
            reviewer=data.get("reviewer", "").strip(),
            claim_ids=tuple(data.get("claim_ids", ())),
        )


class ExtractInput(BodyInput):
    # Echoed back exactly as given, like `manage.py extract --jsonl` does.
    id = Text(required=False, max_length=200, default="1", trim_whitespace=False)
    text = Text(max_length=MAX_EXTRACT_CHARS, trim_whitespace=False, allow_blank=True)
    published = DateInput(
        required=False, allow_null=True, help_text="Resolves relative dates (Monday, last year)."
    )
