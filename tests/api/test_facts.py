"""Facts through the API: lists and filters, the ETag/If-Match contract, edits (add,
split, merge, correct, delete), verdicts and the workflow, evidence and comments, the
facts inside a claim, and every hostile edit refused with nothing written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, ClaimStatus, Comment, Evidence, Fact
from claims.services import facts as fact_services
from claims.services import reviews
from tests.api.conftest import token_client
from tests.fact_support import at, claim_of, everything, fact, fact_article, fact_verdict
from tests.test_reviews_support import person, rating

pytestmark = pytest.mark.django_db
S = ClaimStatus


def another_article(title: str) -> Article:
    """One more article with the test facts (fact_article's text, stored under another
    content hash so that it is not the same article)."""
    article = fact_article(title)
    Article.objects.filter(pk=article.pk).update(content_hash=f"test-{article.pk}")
    return article


@pytest.fixture
def raids(db):
    return another_article("Raids")


def url(fact_id: int, action: str = "") -> str:
    return f"/api/facts/{fact_id}/" + (f"{action}/" if action else "")


def write(client, method: str, path: str, version: int | None, data: dict | None = None):
    headers = {} if version is None else {"HTTP_IF_MATCH": f'"{version}"'}
    return getattr(client, method)(path, data or {}, format="json", **headers)


def error(response) -> dict:
    return response.json()["error"]


# --- reading --------------------------------------------------------------------------


def test_the_fact_list_is_a_cursor_page_of_facts_with_their_versions(as_reviewer, raids):
    response = as_reviewer.get("/api/facts/", {"page_size": 4})

    assert response.status_code == 200
    body = response.json()
    ids = list(Fact.objects.order_by("id").values_list("id", flat=True))
    assert [f["id"] for f in body["results"]] == ids[:4]
    assert all(f["version"] == 1 and f["article"] == raids.pk for f in body["results"])
    rest = as_reviewer.get(body["next"]).json()
    assert [f["id"] for f in rest["results"]] == ids[4:8]


def test_facts_filter_by_kind_status_claim_article_and_verdict(as_reviewer, reviewer, raids):
    other = another_article("Other raids")
    workers = fact(raids, "680 workers")
    fact_verdict(workers, "False", reviewer)

    def texts(**params) -> set[str]:
        response = as_reviewer.get("/api/facts/", {"page_size": 200, **params})
        assert response.status_code == 200, response.json()
        return {(f["text"], f["article"]) for f in response.json()["results"]}

    assert texts(kind="date", article=raids.pk) == {("Wednesday", raids.pk), ("2004", raids.pk)}
    assert texts(status="in_review") == {("680 workers", raids.pk)}
    assert texts(claim=claim_of(other, 3).pk) == {("120 cars, 40 trucks", other.pk)}
    assert texts(verdict=str(rating("False").pk)) == {("680 workers", raids.pk)}
    assert ("680 workers", raids.pk) not in texts(verdict="none")
    assert ("680 workers", other.pk) in texts(verdict="none")


def test_a_bad_fact_filter_is_a_400_naming_it(as_reviewer, raids):
    response = as_reviewer.get("/api/facts/", {"kind": "opinion", "claim": "x"})

    assert response.status_code == 400
    assert set(error(response)["details"]) == {"kind", "claim"}


def test_a_page_of_facts_costs_the_same_queries_whatever_its_length(as_reviewer, reviewer, editor):
    def queries(articles: int) -> int:
        for n in range(articles):
            article = another_article(f"Batch {articles}-{n}")
            for words in ("680 workers", "30 managers"):
                one = fact(article, words)
                reviews.fact_assign(fact_id=one.pk, assignee=reviewer, by=editor)
                fact_verdict(one, "False", reviewer)
        as_reviewer.get("/api/facts/", {"page_size": 200})
        with CaptureQueriesContext(connection) as captured:
            response = as_reviewer.get("/api/facts/", {"page_size": 200})
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.json()["results"])

    few, few_rows = queries(1)
    many, many_rows = queries(4)

    assert many_rows > few_rows
    assert many == few <= 4


def test_a_fact_carries_its_claim_evidence_comments_history_and_version_as_etag(
    as_reviewer, reviewer, raids
):
    workers = fact(raids, "680 workers")
    reviews.evidence_add(fact_id=workers.pk, by=reviewer, stance="supports", title="ICE release")
    reviews.comment_add(fact_id=workers.pk, by=reviewer, text="Check the second release.")
    fact_verdict(workers, "True", reviewer)

    response = as_reviewer.get(url(workers.pk))

    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    body = response.json()
    assert body["fact"]["text"] == raids.text[body["fact"]["start"] : body["fact"]["end"]]
    assert body["fact"]["verdict"]["name"] == "True"
    assert body["claim"]["id"] == workers.claim_id
    assert body["claim"]["effective_verdict"]["name"] == "True"
    assert body["claim"]["verdict_origin"] == "facts"
    assert [e["source"]["title"] for e in body["evidence"]] == ["ICE release"]
    assert [c["text"] for c in body["comments"]] == ["Check the second release."]
    assert body["history"][-1]["what"] == "verdict proposed: True"
    assert {"field": "verdict", "before": "—", "after": "True"} in body["history"][-1]["changes"]
    assert body["transitions"] == ["dismiss", "submit"]


def test_a_claim_lists_its_facts_and_its_effective_verdict_and_where_it_comes_from(
    as_reviewer, reviewer, raids
):
    claim = claim_of(raids, 1)
    fact_verdict(fact(raids, "680 workers"), "False", reviewer)
    fact_verdict(fact(raids, "30 managers"), "True", reviewer)

    derived = as_reviewer.get(f"/api/claims/{claim.pk}/").json()
    reviews.verdict_record(
        claim_id=claim.pk, rating=rating("True"), rationale="Yes.", by=reviewer, expected_version=1
    )
    set_by_editor = as_reviewer.get(f"/api/claims/{claim.pk}/").json()["claim"]
    listed = as_reviewer.get("/api/claims/", {"article": raids.pk}).json()["results"]

    assert [f["text"] for f in derived["facts"]] == [
        "680 workers",
        "30 managers",
        "seven plant owners",
    ]
    assert derived["claim"]["verdict"] is None
    assert derived["claim"]["effective_verdict"]["name"] == "False"
    assert (derived["claim"]["verdict_origin"], derived["claim"]["derived_mixed"]) == (
        "facts",
        True,
    )
    assert set_by_editor["effective_verdict"]["name"] == "True"
    assert set_by_editor["verdict_origin"] == "editor"
    assert [c["verdict_origin"] for c in listed if c["id"] == claim.pk] == ["editor"]


# --- adding, correcting, splitting, merging, deleting ---------------------------------


def test_a_reviewer_adds_a_fact_by_selecting_it_in_the_claim(as_reviewer, raids):
    claim = claim_of(raids, 1)
    start = at(raids, "Agents arrested")

    response = as_reviewer.post(
        "/api/facts/",
        {"claim": claim.pk, "start": start, "end": start + len("Agents arrested"), "kind": "list"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(url(body["fact"]["id"]))
    assert (body["fact"]["text"], body["fact"]["origin"]) == ("Agents arrested", "reviewer")
    assert Fact.objects.get(pk=body["fact"]["id"]).history.first().history_user.username == "rita"


def test_a_new_fact_takes_corrections_to_the_fields_read_from_the_text(as_reviewer, raids):
    claim = claim_of(raids, 3)
    start = at(raids, "40 trucks")

    response = as_reviewer.post(
        "/api/facts/",
        {
            "claim": claim.pk,
            "start": start - 1,  # the space before is dropped
            "end": start + len("40 trucks"),
            "kind": "comparison",
            "fields": {"comparison": "more"},
            "statement": "Forty trucks",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    made = response.json()["fact"]
    assert (made["text"], made["fields"], made["statement"]) == (
        "40 trucks",
        {"comparison": "more"},
        "Forty trucks",
    )


@pytest.mark.parametrize(
    ("words", "offsets", "message"),
    [
        ("outside the claim", (-10, 5), "reaches outside the claim"),
        ("an empty selection", (5, 5), "The selection is empty"),
        ("only spaces", (6, 7), "holds only spaces"),
        ("the same kind overlapping", (16, 27), "two facts of the same kind cannot share words"),
    ],
)
def test_a_bad_selection_is_refused_with_422_and_nothing_is_written(
    as_reviewer, raids, words, offsets, message
):
    claim = claim_of(raids, 1)  # "Agents arrested 680 workers, ..."
    before = everything()

    response = as_reviewer.post(
        "/api/facts/",
        {
            "claim": claim.pk,
            "start": claim.start + offsets[0],
            "end": claim.start + offsets[1],
            "kind": "figure",
        },
        format="json",
    )

    assert response.status_code == 422, words
    assert error(response)["code"] == "invalid_request"
    assert message in error(response)["message"], error(response)["message"]
    assert everything() == before


def test_a_field_the_kind_does_not_have_is_refused_with_422(as_reviewer, raids):
    claim = claim_of(raids, 3)
    start = at(raids, "at the border")
    before = everything()

    response = as_reviewer.post(
        "/api/facts/",
        {
            "claim": claim.pk,
            "start": start,
            "end": start + 13,
            "kind": "date",
            "fields": {"speaker": "Bryan Cox"},
        },
        format="json",
    )

    assert response.status_code == 422
    assert "has no field speaker" in error(response)["message"]
    assert everything() == before


def test_malformed_fields_are_refused_with_400_naming_them(as_reviewer, raids):
    claim = claim_of(raids, 3)

    response = as_reviewer.post(
        "/api/facts/",
        {
            "claim": claim.pk,
            "start": claim.start,
            "end": claim.start + 5,
            "kind": "figure",
            "fields": {"value": "many", "approximate": "yes", "resolved": "8/8/2019"},
        },
        format="json",
    )
    unknown = as_reviewer.post(
        "/api/facts/",
        {
            "claim": claim.pk,
            "start": claim.start,
            "end": claim.start + 5,
            "kind": "figure",
            "fields": {"colour": "red"},
        },
        format="json",
    )

    assert response.status_code == unknown.status_code == 400
    assert set(error(response)["details"]["fields"]) == {"value", "approximate", "resolved"}
    assert set(error(unknown)["details"]["fields"]) == {"colour"}
    assert not Fact.objects.filter(origin="reviewer").exists()


def test_a_fact_for_a_claim_that_does_not_exist_is_a_404_naming_the_claim(as_reviewer, db):
    response = as_reviewer.post(
        "/api/facts/", {"claim": 999_999, "start": 0, "end": 3, "kind": "figure"}, format="json"
    )

    assert response.status_code == 404
    assert error(response)["details"] == {"claim": ["No claim has this id."]}


def test_a_correction_with_the_current_etag_changes_the_fact(as_reviewer, raids):
    workers = fact(raids, "680 workers")
    tag = as_reviewer.get(url(workers.pk)).headers["ETag"]

    response = as_reviewer.patch(
        url(workers.pk), {"fields": {"unit": "illegal workers"}}, format="json", HTTP_IF_MATCH=tag
    )

    assert response.status_code == 200, response.json()
    assert response.headers["ETag"] == '"2"'
    assert response.json()["fact"]["fields"]["unit"] == "illegal workers"
    assert response.json()["history"][-1]["changes"] == [
        {"field": "unit", "before": "workers", "after": "illegal workers"}
    ]


def test_a_write_without_if_match_is_refused_with_428(as_reviewer, raids):
    workers = fact(raids, "680 workers")
    before = everything()

    patched = write(as_reviewer, "patch", url(workers.pk), None, {"statement": "680"})
    deleted = write(as_reviewer, "delete", url(workers.pk), None)
    submitted = write(as_reviewer, "post", url(workers.pk, "dismiss"), None)

    assert [r.status_code for r in (patched, deleted, submitted)] == [428, 428, 428]
    assert "fact's version" in error(patched)["message"]
    assert everything() == before


def test_a_stale_if_match_gets_412_with_what_changed_and_nothing_is_saved(
    as_reviewer, editor, raids
):
    workers = fact(raids, "680 workers")
    tag = as_reviewer.get(url(workers.pk)).headers["ETag"]
    fact_services.fact_correct(
        fact_id=workers.pk, by=editor, expected_version=1, fields={"unit": "people"}
    )
    before = everything()

    response = as_reviewer.patch(
        url(workers.pk), {"statement": "680 workers arrested"}, format="json", HTTP_IF_MATCH=tag
    )

    assert response.status_code == 412
    assert response.headers["ETag"] == '"2"'
    details = error(response)["details"]
    assert error(response)["code"] == "stale_version"
    assert "changed this fact" in error(response)["message"]
    assert details["current_version"] == 2
    assert details["changes"][0]["who"] == "edna"
    assert {"field": "unit", "before": "workers", "after": "people"} in details["changes"][0][
        "fields"
    ]
    assert everything() == before


def test_a_correction_moving_the_span_onto_a_fact_of_the_same_kind_is_refused(as_reviewer, raids):
    workers = fact(raids, "680 workers")
    before = everything()

    response = write(as_reviewer, "patch", url(workers.pk), 1, {"end": at(raids, "30 managers", 2)})

    assert response.status_code == 422
    assert "overlaps the figure “30 managers”" in error(response)["message"]
    assert everything() == before


def test_a_fact_splits_in_two_and_the_first_part_keeps_its_id(as_reviewer, raids):
    glued = fact(raids, "120 cars, 40 trucks")

    response = write(as_reviewer, "post", url(glued.pk, "split"), 1, {"at": at(raids, ", 40")})

    assert response.status_code == 200, response.json()
    first, second = response.json()["facts"]
    assert (first["id"], first["text"], first["version"]) == (glued.pk, "120 cars", 2)
    assert (second["text"], second["kind"], second["version"]) == ("40 trucks", "figure", 1)
    assert response.headers["ETag"] == '"2"'


@pytest.mark.parametrize("where", ["at its first character", "in the trailing space"])
def test_a_split_leaving_an_empty_part_is_refused(as_reviewer, raids, where):
    glued = fact(raids, "120 cars, 40 trucks")
    split_at = glued.start if where == "at its first character" else glued.end
    before = everything()

    response = write(as_reviewer, "post", url(glued.pk, "split"), 1, {"at": split_at})

    assert response.status_code == 422
    assert "would leave an empty fact" in error(response)["message"]
    assert everything() == before


def test_two_facts_merge_and_the_others_evidence_follows(as_reviewer, reviewer, raids):
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    reviews.evidence_add(fact_id=managers.pk, by=reviewer, stance="supports", title="Release")

    response = write(
        as_reviewer,
        "post",
        url(workers.pk, "merge"),
        1,
        {"other": managers.pk, "other_version": 1},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["fact"]["text"] == "680 workers, 30 managers"
    assert [e["source"]["title"] for e in response.json()["evidence"]] == ["Release"]
    assert not Fact.objects.filter(pk=managers.pk).exists()


def test_a_merge_based_on_a_stale_version_of_the_other_fact_is_a_409_saying_what_changed(
    as_reviewer, editor, raids
):
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    fact_services.fact_correct(
        fact_id=managers.pk, by=editor, expected_version=1, statement="30 plant managers"
    )
    before = everything()

    response = write(
        as_reviewer,
        "post",
        url(workers.pk, "merge"),
        1,
        {"other": managers.pk, "other_version": 1},
    )

    assert response.status_code == 409
    assert error(response)["code"] == "stale_version"
    assert error(response)["details"]["field"] == "other_version"
    assert error(response)["details"]["current_version"] == 2
    assert error(response)["details"]["changes"][0]["who"] == "edna"
    assert everything() == before


def test_facts_of_different_kinds_do_not_merge(as_reviewer, raids):
    released, wednesday = fact(raids, "about 300 workers"), fact(raids, "Wednesday")
    before = everything()

    response = write(
        as_reviewer,
        "post",
        url(released.pk, "merge"),
        1,
        {"other": wednesday.pk, "other_version": 1},
    )

    assert response.status_code == 422
    assert "Only facts of the same kind merge" in error(response)["message"]
    assert everything() == before


def test_deleting_a_fact_moves_its_evidence_to_the_claim(as_reviewer, reviewer, raids):
    owners = fact(raids, "seven plant owners")
    evidence = reviews.evidence_add(
        fact_id=owners.pk, by=reviewer, stance="context", title="Plant list"
    )

    response = write(as_reviewer, "delete", url(owners.pk), 1)

    assert response.status_code == 204
    assert not Fact.objects.filter(pk=owners.pk).exists()
    moved = Evidence.objects.get(pk=evidence.pk)
    assert (moved.claim_id, moved.fact_id) == (owners.claim_id, None)
    assert as_reviewer.get(url(owners.pk)).status_code == 404


# --- verdicts, the workflow, evidence and comments ------------------------------------


def test_a_fact_goes_through_the_workflow_by_its_actions(
    as_reviewer, as_editor, as_second_editor, editor, raids
):
    workers = fact(raids, "680 workers")

    def post(client, action: str, version: int, data: dict | None = None) -> int:
        response = write(client, "post", url(workers.pk, action), version, data)
        assert response.status_code == 200, (action, response.json())
        return int(response.headers["ETag"].strip('"'))

    version = post(as_reviewer, "assign", 1)
    version = post(
        as_reviewer, "verdict", version, {"verdict": rating("False").pk, "rationale": "No."}
    )
    version = post(as_reviewer, "submit", version)
    version = post(as_editor, "reject", version, {"comment": "Cite the release."})
    version = post(as_reviewer, "submit", version)
    version = post(as_editor, "approve", version)
    post(as_second_editor, "publish", version)

    published = Fact.objects.get(pk=workers.pk)
    assert (published.status, published.approved_by) == (S.PUBLISHED, editor)
    assert Comment.objects.filter(fact=published, text__contains="Cite the release.").exists()
    claim = as_reviewer.get(f"/api/claims/{workers.claim_id}/").json()["claim"]
    assert claim["effective_verdict"]["name"] == "False"


def test_a_fact_step_from_the_wrong_status_is_a_409(as_editor, raids):
    workers = fact(raids, "680 workers")
    before = everything()

    response = write(as_editor, "post", url(workers.pk, "reject"), 1, {"comment": "Why."})

    assert response.status_code == 409
    assert "does not apply to a fact that is new" in error(response)["message"]
    assert everything() == before


def test_nobody_approves_a_fact_verdict_they_proposed(as_editor, editor, raids):
    workers = fact(raids, "680 workers")
    fact_verdict(workers, "False", editor)
    reviews.fact_transition(
        fact_id=workers.pk, to_status=S.AWAITING_APPROVAL, by=editor, expected_version=2
    )

    response = write(as_editor, "post", url(workers.pk, "approve"), 3)

    assert response.status_code == 403
    assert "another editor must approve" in error(response)["message"]


def test_a_rationale_alone_needs_a_verdict_already_there(as_reviewer, raids):
    workers = fact(raids, "680 workers")

    response = write(as_reviewer, "post", url(workers.pk, "verdict"), 1, {"rationale": "No."})

    assert response.status_code == 409
    assert "no verdict yet" in error(response)["message"]


def test_evidence_and_comments_are_added_to_a_fact_and_listed_with_it(as_reviewer, raids):
    workers = fact(raids, "680 workers")

    evidence = as_reviewer.post(
        url(workers.pk, "evidence"),
        {"stance": "supports", "url": "https://www.ice.gov/news/r", "title": "ICE release"},
        format="json",
    )
    comment = as_reviewer.post(url(workers.pk, "comments"), {"text": "Seen."}, format="json")

    assert evidence.status_code == 201, evidence.json()
    assert (evidence.json()["fact"], evidence.json()["claim"]) == (workers.pk, workers.claim_id)
    assert comment.status_code == 201, comment.json()
    assert comment.json()["fact"] == workers.pk
    listed = as_reviewer.get("/api/evidence/", {"fact": workers.pk}).json()["results"]
    assert [e["id"] for e in listed] == [evidence.json()["id"]]
    comments = as_reviewer.get("/api/comments/", {"fact": workers.pk}).json()["results"]
    assert [c["text"] for c in comments] == ["Seen."]
    # The claim's evidence includes its facts'.
    claim = as_reviewer.get(f"/api/claims/{workers.claim_id}/").json()
    assert [e["fact"] for e in claim["evidence"]] == [workers.pk]


def test_evidence_for_a_fact_that_does_not_exist_is_a_404(as_reviewer, db):
    response = as_reviewer.post(
        url(999_999, "evidence"), {"stance": "supports", "title": "T"}, format="json"
    )

    assert response.status_code == 404
    assert error(response)["message"] == "No fact has this id."


# --- roles ----------------------------------------------------------------------------


@pytest.fixture
def as_reader(db):
    """Someone who may read the workbench and nothing else."""
    reader = person("rhea")
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    return token_client(reader)


def test_a_reader_reads_facts_but_every_write_is_a_403_and_nothing_is_written(as_reader, raids):
    workers, managers = fact(raids, "680 workers"), fact(raids, "30 managers")
    claim = claim_of(raids, 3)
    writes = [
        (
            "post",
            "/api/facts/",
            {"claim": claim.pk, "start": claim.start, "end": claim.start + 3, "kind": "figure"},
        ),
        ("patch", url(workers.pk), {"statement": "680"}),
        ("delete", url(workers.pk), None),
        ("post", url(workers.pk, "split"), {"at": at(raids, "680 workers", 3)}),
        ("post", url(workers.pk, "merge"), {"other": managers.pk, "other_version": 1}),
        ("post", url(workers.pk, "verdict"), {"verdict": rating().pk, "rationale": "No."}),
        ("post", url(workers.pk, "assign"), {}),
        ("post", url(workers.pk, "start_review"), {}),
        ("post", url(workers.pk, "evidence"), {"stance": "supports", "title": "T"}),
        ("post", url(workers.pk, "comments"), {"text": "Hm."}),
    ]
    before = everything()

    assert as_reader.get("/api/facts/").status_code == 200
    assert as_reader.get(url(workers.pk)).status_code == 200
    for method, path, data in writes:
        response = write(as_reader, method, path, 1, data)
        assert response.status_code == 403, (method, path)
        assert "review is needed" in error(response)["message"]
    assert everything() == before


def test_a_reviewer_may_not_take_a_step_that_needs_an_editor(as_reviewer, reviewer, raids):
    workers = fact(raids, "680 workers")
    fact_verdict(workers, "False", reviewer)
    reviews.fact_transition(
        fact_id=workers.pk, to_status=S.AWAITING_APPROVAL, by=reviewer, expected_version=2
    )

    response = write(as_reviewer, "post", url(workers.pk, "approve"), 3)

    assert response.status_code == 403
    assert Fact.objects.get(pk=workers.pk).status == S.AWAITING_APPROVAL
