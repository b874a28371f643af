"""The public fact-check pages: anyone may read a published claim's page (no login), with
its verdict, rationale, sources and its ClaimReview embedded as JSON-LD; a claim never
published is not found, one unpublished is gone (410); the sitemap lists what is public;
`check --deploy` insists on a public FACTCHECK_SITE_URL."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix
from pyld import jsonld

from claims.checks import check_site_url
from claims.models import Article, Claim, ClaimStatus
from claims.services import reviews
from claims.services.exports import FACTCHECK_PATH, export_job_create, export_job_run
from tests.cast import person
from tests.exporters.test_claimreview import SCHEMA, offline_loader
from tests.test_exports_support import article, review

pytestmark = pytest.mark.django_db
SITE = "https://factcheck.example.org"
S = ClaimStatus
LD_JSON = re.compile(
    r'<script type="application/ld\+json" id="claimreview">(.*?)</script>', re.DOTALL
)


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.FACTCHECK_SITE_URL = SITE


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def bridge(reviewer, editor):
    """A published claim (named reviewer and editor), an approved one, an untouched one."""
    reviewer.first_name, reviewer.last_name = "Rita", "Reyes"
    reviewer.save()
    stored = article(
        [
            "The mayor said the bridge will cost 2 billion dollars.",
            "The city spent 40 million dollars on repairs.",
            "Traffic doubled in 2025.",
        ]
    )
    first, second, third = stored.claims.order_by("position")
    review(first, reviewer=reviewer, editor=editor, verdict="False")
    review(second, reviewer=reviewer, editor=editor, verdict="Mostly true", to=S.APPROVED)
    return {"article": stored, "published": first, "approved": second, "untouched": third}


def page_url(claim: Claim) -> str:
    return reverse("public:claim", args=[claim.pk])


def embedded(html: str) -> dict:
    found = LD_JSON.findall(html)
    assert len(found) == 1, "exactly one ClaimReview script"
    return json.loads(found[0])


def unpublish(claim: Claim, editor, comment: str = "The agency corrected its figure.") -> Claim:
    current = Claim.objects.get(pk=claim.pk)
    return reviews.claim_transition(
        claim_id=claim.pk,
        to_status=S.IN_REVIEW,
        by=editor,
        expected_version=current.version,
        comment=comment,
        step_name="unpublish",
    )


# --- the claim page ------------------------------------------------------------------


def test_anyone_reads_a_published_claim_with_its_verdict_rationale_and_sources(anonymous, bridge):
    response = anonymous.get(page_url(bridge["published"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>The mayor said the bridge will cost 2 billion dollars.</mark>" in page
    assert '<span class="verdict">False</span>' in page
    assert "The budget contradicts it (False)." in page
    assert (
        '<a href="https://city.example.gov/budget" rel="nofollow noopener">City budget 2026</a>'
        in page
    )
    assert "Refutes" in page
    assert "Harbor bridge budget" in page and "Daily Planet" in page and "15 January 2026" in page
    assert 'href="https://planet.example.com/bridge"' in page
    # The reviewer by full name (set), the editor by username (no full name set).
    assert "Checked by Rita Reyes on " in page
    assert "Approved by edna on " in page
    assert f'<link rel="canonical" href="{SITE}/factchecks/{bridge["published"].pk}/">' in page
    # The surrounding text, the other claims' sentences, is there unmarked.
    assert "<mark>The city spent" not in page and "The city spent 40 million" in page


def test_a_claim_never_published_is_not_found(anonymous, bridge):
    for claim in (bridge["approved"], bridge["untouched"]):
        assert anonymous.get(page_url(claim)).status_code == 404
    assert anonymous.get(reverse("public:claim", args=[10**9])).status_code == 404


def test_an_unpublished_claim_is_gone(anonymous, bridge, editor):
    unpublish(bridge["published"], editor)

    response = anonymous.get(page_url(bridge["published"]))

    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "2 billion" not in response.content.decode()


def test_a_deleted_claim_that_was_published_is_gone_too(anonymous, bridge):
    claim_id = bridge["published"].pk
    Claim.objects.filter(pk=claim_id).delete()

    assert anonymous.get(reverse("public:claim", args=[claim_id])).status_code == 410


def test_the_pages_only_read(anonymous, bridge):
    assert anonymous.post(page_url(bridge["published"])).status_code == 405
    assert anonymous.head(page_url(bridge["published"])).status_code == 200


def test_a_stored_javascript_address_is_never_a_link(anonymous, reviewer, editor):
    hostile = article(["Officials said 45 people were hired."], url="https://x.example/a")
    Article.objects.filter(pk=hostile.pk).update(url="javascript:alert(1)")
    claim = review(hostile.claims.get(), reviewer=reviewer, editor=editor)

    page = anonymous.get(page_url(claim)).content.decode()

    assert "javascript:" not in page
    assert 'id="original-link"' not in page


# --- unpublishing through the workflow -------------------------------------------------


def test_unpublishing_needs_the_publish_role_and_a_reason(bridge, reviewer, editor):
    claim = bridge["published"]
    with pytest.raises(reviews.ReviewNotAllowed):
        unpublish(claim, reviewer)
    with pytest.raises(reviews.ReviewError, match="comment is required"):
        unpublish(claim, editor, comment="  ")
    assert Claim.objects.get(pk=claim.pk).status == S.PUBLISHED

    back = unpublish(claim, editor)

    assert back.status == S.IN_REVIEW
    assert back.approved_by is None  # approved again before it is republished
    assert back.comments.filter(text="[unpublish] The agency corrected its figure.").exists()


def test_a_corrected_claim_published_again_is_back_at_the_same_address(
    anonymous, bridge, reviewer, editor, second_editor
):
    claim = bridge["published"]
    unpublish(claim, editor)
    for status, by in (
        (S.AWAITING_APPROVAL, reviewer),
        (S.APPROVED, second_editor),
        (S.PUBLISHED, editor),
    ):
        version = Claim.objects.get(pk=claim.pk).version
        reviews.claim_transition(
            claim_id=claim.pk, to_status=status, by=by, expected_version=version
        )

    response = anonymous.get(page_url(claim))
    assert response.status_code == 200
    assert "Approved by eddie on " in response.content.decode()


def test_the_workbench_offers_unpublish_to_editors_only(bridge, reviewer, editor):
    url = reverse("claims:claim", args=[bridge["published"].pk])
    as_editor, as_reviewer = Client(), Client()
    as_editor.force_login(editor)
    as_reviewer.force_login(reviewer)

    assert "Unpublish" in as_editor.get(url).content.decode()
    assert "Unpublish" not in as_reviewer.get(url).content.decode()


def test_the_review_page_links_the_public_page_of_a_published_claim_only(bridge, reviewer):
    as_reviewer = Client()
    as_reviewer.force_login(reviewer)

    published = as_reviewer.get(reverse("claims:claim", args=[bridge["published"].pk]))
    approved = as_reviewer.get(reverse("claims:claim", args=[bridge["approved"].pk]))

    assert f'href="{page_url(bridge["published"])}"' in published.content.decode()
    assert reverse("public:claim", args=[bridge["approved"].pk]) not in approved.content.decode()


# --- the embedded ClaimReview ----------------------------------------------------------


def _one(node: dict, term: str):
    values = node[SCHEMA + term]
    assert len(values) == 1, term
    value = values[0]
    return value.get("@value", value.get("@id", value))


def test_the_embedded_claimreview_is_valid_json_ld_pointing_at_the_page(anonymous, bridge):
    claim = bridge["published"]
    document = embedded(anonymous.get(page_url(claim)).content.decode())

    [review_node] = jsonld.expand(document, {"documentLoader": offline_loader})
    assert review_node["@type"] == [SCHEMA + "ClaimReview"]
    assert _one(review_node, "url") == f"{SITE}/factchecks/{claim.pk}/"
    assert _one(review_node, "claimReviewed").startswith("The mayor said the bridge")
    rating = _one(review_node, "reviewRating")
    assert _one(rating, "alternateName") == "False"
    assert _one(rating, "ratingExplanation") == "The budget contradicts it (False)."
    assert _one(_one(review_node, "author"), "name") == "Fact-check desk"
    item = _one(review_node, "itemReviewed")
    assert _one(_one(item, "author"), "name") == "The mayor"
    assert _one(_one(item, "appearance"), "url") == "https://planet.example.com/bridge"


def test_the_embedded_claimreview_is_the_one_the_export_writes(anonymous, bridge, editor):
    claim = bridge["published"]
    document = embedded(anonymous.get(page_url(claim)).content.decode())

    job = export_job_create(format="claimreview", requested_by=editor)
    job = export_job_run(job_id=job.pk)
    exported = json.loads(_file(job))
    [node] = [n for n in exported["@graph"] if n["url"] == document["url"]]
    assert {"@context": exported["@context"], **node} == document
    # By default the export lists published claims only: those that have a page.
    assert len(exported["@graph"]) == 1


def _file(job) -> bytes:
    from claims.services.exports import export_file

    return export_file(job).read_bytes()


def test_text_that_would_close_the_script_element_stays_inside_it(anonymous, reviewer, editor):
    payload = "Officials said </script><script>window.pwned=1</script> 45 people <!-- were hired."
    hostile = article([payload], title="</script><b>Title</b>")
    claim = review(hostile.claims.get(), reviewer=reviewer, editor=editor)
    Claim.objects.filter(pk=claim.pk).update(rationale="Not so & </SCRIPT> \u2028 <b>x</b>")

    page = anonymous.get(page_url(claim)).content.decode()

    document = embedded(page)
    assert document["itemReviewed"]["appearance"]["headline"] == "</script><b>Title</b>"
    assert document["reviewRating"]["ratingExplanation"] == ("Not so & </SCRIPT> \u2028 <b>x</b>")
    script = LD_JSON.search(page).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert "<script>window.pwned" not in page  # the visible text is escaped too


# --- the article page ------------------------------------------------------------------


def test_the_article_page_lists_its_published_claims_with_verdicts(anonymous, bridge):
    response = anonymous.get(reverse("public:article", args=[bridge["article"].pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/factchecks/{bridge["published"].pk}/"' in page
    assert '<span class="verdict">False</span>' in page
    assert "40 million" not in page and "Traffic doubled" not in page


def test_an_article_without_published_claims_is_not_found_and_after_unpublishing_gone(
    anonymous, bridge, editor
):
    other = article(["Ninety pupils took part."], title="Pilot", url="https://x.example/p")
    assert anonymous.get(reverse("public:article", args=[other.pk])).status_code == 404

    unpublish(bridge["published"], editor)

    assert anonymous.get(reverse("public:article", args=[bridge["article"].pk])).status_code == 410


# --- stable addresses across revisions -------------------------------------------------

HEADER = "title: Storm damage\nurl: https://news.example/storm\noutlet: Example Post\n\n"
FIRST = (
    "The storm destroyed 120 homes in the valley on Sunday, officials said. "
    "Insurers estimate the damage at $45 million."
)
SECOND = "Firefighters worked through the night on Saturday. " + FIRST


def test_a_new_revision_of_the_article_keeps_the_claim_page_address(anonymous, reviewer, editor):
    from claims.services.imports import import_job_create, import_job_run

    def run(text: str) -> None:
        job = import_job_create(files=[("storm.txt", (HEADER + text).encode())])
        import_job_run(job_id=job.pk)

    run(FIRST)
    old = Article.objects.get()
    homes = next(c for c in old.claims.all() if "120 homes" in c.text)
    review(homes, reviewer=reviewer, editor=editor)
    address = page_url(homes)

    run(SECOND)

    new = Article.objects.get(superseded=False)
    assert Claim.objects.get(pk=homes.pk).article_id == new.pk  # re-anchored, moved
    response = anonymous.get(address)
    assert response.status_code == 200
    assert "Firefighters worked through the night" in response.content.decode()
    assert embedded(response.content.decode())["url"] == f"{SITE}{address}"
    moved = anonymous.get(reverse("public:article", args=[old.pk]))
    assert moved.status_code == 301
    assert moved["Location"] == reverse("public:article", args=[new.pk])


# --- the sitemap -----------------------------------------------------------------------


def test_the_sitemap_lists_published_pages_only(anonymous, bridge, editor):
    index = anonymous.get(reverse("public:sitemap"))
    assert index.status_code == 200
    sections = re.findall(r"<loc>(.*?)</loc>", index.content.decode())
    assert sections == [
        f"{SITE}/factchecks/sitemap-factchecks.xml",
        f"{SITE}/factchecks/sitemap-articles.xml",
    ]

    def listed(section: str) -> list[str]:
        response = anonymous.get(reverse("public:sitemap_section", args=[section]))
        assert response.status_code == 200
        return re.findall(r"<loc>(.*?)</loc>", response.content.decode())

    assert listed("factchecks") == [f"{SITE}/factchecks/{bridge['published'].pk}/"]
    assert listed("articles") == [f"{SITE}/factchecks/articles/{bridge['article'].pk}/"]
    # An article page changes when its published claims do.
    Article.objects.filter(pk=bridge["article"].pk).update(
        updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    articles = anonymous.get(reverse("public:sitemap_section", args=["articles"]))
    published_on = Claim.objects.get(pk=bridge["published"].pk).updated_at.date()
    assert f"<lastmod>{published_on.isoformat()}</lastmod>" in articles.content.decode()

    unpublish(bridge["published"], editor)

    assert listed("factchecks") == [] and listed("articles") == []


# --- the address: FACTCHECK_SITE_URL ---------------------------------------------------


def test_the_claimreview_path_is_the_one_the_urlconf_serves():
    assert reverse("public:claim", args=[42]) == FACTCHECK_PATH.format(claim_id=42)


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", ["claims.E001"]),
        ("http://127.0.0.1:8000", ["claims.E001"]),
        ("http://localhost:8000", ["claims.E001"]),
        ("https://10.0.0.5", ["claims.E001"]),
        ("javascript:alert(1)", ["claims.E001"]),
        ("http://factcheck.example.org", ["claims.W001"]),
        ("https://factcheck.example.org", []),
        ("https://example.org/desk", []),
    ],
)
def test_the_deploy_check_wants_a_public_https_site_url(site_url, expected):
    with override_settings(FACTCHECK_SITE_URL=site_url):
        assert [message.id for message in check_site_url()] == expected


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("FACTCHECK_SITE_URL", "HOST")}
    base.update(DJANGO_SETTINGS_MODULE="factcheck.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_fails_without_factcheck_site_url():
    # DEBUG off: the settings refuse to load, naming the variable.
    production = _check_deploy(DEBUG="0")
    assert production.returncode != 0
    assert "FACTCHECK_SITE_URL is not set" in production.stderr
    # DEBUG on: the local default is used, and the deploy check reports it.
    local = _check_deploy(DEBUG="1")
    assert local.returncode != 0
    assert "claims.E001" in local.stderr and "http://127.0.0.1:8000" in local.stderr
    # Set: no message of ours.
    public = _check_deploy(
        DEBUG="0", FACTCHECK_SITE_URL=SITE, ALLOWED_HOSTS="factcheck.example.org"
    )
    assert "claims.E001" not in public.stderr + public.stdout
    assert "claims.W001" not in public.stderr + public.stdout


def test_the_local_default_follows_host_when_debug_is_on():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.FACTCHECK_SITE_URL)",
        ],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        env={
            **{k: v for k, v in os.environ.items() if k != "FACTCHECK_SITE_URL"},
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DEBUG": "1",
            "HOST": "0.0.0.0:8123",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr


def test_a_person_is_named_by_full_name_else_username(db):
    from claims.selectors_public import public_name

    assert public_name(person("zed")) == "zed"
    named = person("yara")
    named.first_name, named.last_name = "Yara", "Young"
    assert public_name(named) == "Yara Young"
    assert public_name(None) == ""


@pytest.mark.django_db(transaction=True)
def test_a_page_view_opens_no_database_connection_of_its_own(
    roles_again, reviewer, editor, monkeypatch
):
    # As in production (autocommit, outside any transaction): an export reads on a new
    # PostgreSQL connection (one snapshot); a page view must read on the request's own.
    from claims import selectors_export

    opened = []
    create = selectors_export.connections.create_connection
    monkeypatch.setattr(
        selectors_export.connections,
        "create_connection",
        lambda alias: opened.append(alias) or create(alias),
    )
    stored = article(["Officials said 45 people were hired."], url="https://x.example/h")
    claim = review(stored.claims.get(), reviewer=reviewer, editor=editor)

    with override_settings(FACTCHECK_SITE_URL=SITE):
        response = Client().get(page_url(claim))

    assert response.status_code == 200
    assert opened == []
    assert embedded(response.content.decode())["url"] == f"{SITE}/factchecks/{claim.pk}/"


def test_a_site_under_a_path_prefix_names_each_page_once(bridge, settings):
    # Behind a proxy that mounts the site at /desk/ (SCRIPT_NAME): the address is
    # FACTCHECK_SITE_URL plus the page's own path, as an export written by a worker says.
    settings.FACTCHECK_SITE_URL = "https://example.org/desk"
    claim = bridge["published"]
    mounted = Client(SCRIPT_NAME="/desk")
    # The WSGI handler sets it from SCRIPT_NAME; the test client does not.
    set_script_prefix("/desk/")
    try:
        assert reverse("public:claim", args=[claim.pk]).startswith("/desk/")
        page = mounted.get(f"/factchecks/{claim.pk}/").content.decode()
        sitemap = mounted.get("/factchecks/sitemap-factchecks.xml").content.decode()
    finally:
        clear_script_prefix()

    address = f"https://example.org/desk/factchecks/{claim.pk}/"
    assert f'<link rel="canonical" href="{address}">' in page
    assert embedded(page)["url"] == address
    assert re.findall(r"<loc>(.*?)</loc>", sitemap) == [address]


def test_a_published_claim_lists_its_published_facts_at_their_anchors(anonymous, bridge, editor):
    """ClaimReview points each fact at the claim's page with #fact-<id>: the anchor is
    there for a published fact, with its verdict and its own sources, which are not
    listed among the claim's."""
    from claims.models import Fact, Rating
    from claims.services import facts

    claim = bridge["published"]
    rita = Claim.objects.get(pk=claim.pk).verdict_by
    text = claim.article.text
    start = text.index("2 billion dollars")
    figure = facts.fact_add(
        claim_id=claim.pk, start=start, end=start + len("2 billion dollars"), kind="figure", by=rita
    )
    hidden = facts.fact_add(
        claim_id=claim.pk,
        start=text.index("The mayor"),
        end=text.index(" said"),
        kind="attribution",
        by=rita,
    )
    reviews.evidence_add(
        fact_id=figure.pk,
        by=rita,
        stance="refutes",
        url="https://budget.example/bridge",
        title="Bridge budget 2025",
    )
    figure = reviews.fact_verdict_record(
        fact_id=figure.pk,
        rating=Rating.objects.get(name="False", scale__is_active=True),
        rationale="The budget says 1.2 billion.",
        by=rita,
        expected_version=figure.version,
    )
    for to in (S.AWAITING_APPROVAL, S.APPROVED, S.PUBLISHED):
        figure = reviews.fact_transition(
            fact_id=figure.pk,
            to_status=to,
            by=rita if to == S.AWAITING_APPROVAL else editor,
            expected_version=Fact.objects.get(pk=figure.pk).version,
        )

    html = anonymous.get(page_url(claim)).content.decode()

    assert f'id="fact-{figure.pk}"' in html
    assert "The budget says 1.2 billion." in html
    facts_part = html[html.index('id="facts"') :]
    assert "Bridge budget 2025" in facts_part
    sources_part = html[html.index('id="sources"') : html.index('id="facts"')]
    assert "Bridge budget 2025" not in sources_part
    assert f'id="fact-{hidden.pk}"' not in html  # not published: not public
