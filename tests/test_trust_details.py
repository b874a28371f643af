"""The small things that cost a newcomer's trust (issue 15), one test (or a few) each.

Re-imports link the articles already present; a job whose items all failed says so;
one period after a time; the workbench's own 403 notice; an empty comment list that is
not a numbered item; "assign to me" recorded in the history with before and after;
plurals that agree with their count; the README's run section.
"""

from __future__ import annotations

import datetime
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ImportJob, JobStatus
from claims.selectors_review import claim_history
from claims.services.imports import import_job_create, import_job_run
from claims.services.reviews import claim_assign
from tests.test_reviews_support import *  # noqa: F403 (the cast: fixtures)
from tests.test_reviews_support import article_with_claims

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent

# Written for these tests.
BUS_LANES = (
    b"The council approved 12 new bus lanes on Tuesday, the mayor said.\n\n"
    b"Ridership rose by 8 percent last year, according to the transit authority.\n"
)
NO_WORDS = b"   \n"
# One article whose url is left out with a warning (not an http address).
LANES_WITH_A_SCRIPT_URL = (
    b"title,text,url\n"
    b'"Bus lanes","The council approved 12 new bus lanes on Tuesday.","javascript:alert(1)"\n'
)


def _import(*files: tuple[str, bytes]) -> ImportJob:
    job = import_job_create(files=list(files))
    finished = import_job_run(job_id=job.pk)
    assert finished is not None
    return finished


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _job_page(client: Client, job: ImportJob) -> str:
    response = client.get(reverse("claims:import_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _status(page: str) -> str:
    found = re.search(r'id="job-status">([^<]*)<', page)
    assert found, "the job page shows no status"
    return found.group(1)


# --- 1. Re-importing links the article that is already there ---------------------------


def test_a_re_import_links_each_article_already_present_to_its_reader(reviewer):
    first = _import(("bus-lanes.txt", BUS_LANES))
    article = first.articles.get()

    again = _import(("bus-lanes-copy.txt", BUS_LANES))

    assert again.message.startswith("0 imported, 1 already present")
    reader = reverse("claims:article", args=[article.pk])
    page = _job_page(_client(reviewer), again)
    present = page.split('id="job-present"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{reader}"' in present
    assert "bus-lanes-copy.txt" in present
    progress = _client(reviewer).get(reverse("claims:import_job_json", args=[again.pk])).json()
    assert progress["already_present"] == [
        {"item": "bus-lanes-copy.txt", "title": article.display_name, "url": reader}
    ]


# --- 2. Failed items: "Failed" / "Finished with errors"; warnings are not errors ---------


def test_a_job_whose_every_item_failed_is_labelled_failed_wherever_it_is_shown(editor):
    job = _import(("empty.txt", NO_WORDS))
    client = _client(editor)

    assert job.status == JobStatus.SUCCEEDED  # per-item problems do not fail a job
    assert _status(_job_page(client, job)) == "Failed"
    progress = client.get(reverse("claims:import_job_json", args=[job.pk])).json()
    assert progress["status_label"] == "Failed"
    dashboard = client.get(reverse("claims:dashboard")).content.decode()
    assert '<span class="job-status">Failed</span>' in dashboard
    assert str(job) == f"Import #{job.pk} (Failed)"


def test_a_job_with_some_failed_items_is_finished_with_errors(reviewer):
    job = _import(("bus-lanes.txt", BUS_LANES), ("empty.txt", NO_WORDS))

    page = _job_page(_client(reviewer), job)

    assert _status(page) == "Finished with errors"
    errors = page.split('id="job-errors"', 1)[1].split("</ul>", 1)[0]
    assert "empty.txt" in errors


def test_the_admin_job_list_shows_the_same_label(client, editor):
    job = _import(("empty.txt", NO_WORDS))
    admin = get_user_model().objects.create_superuser("ada-admin", "ada@example.org", "pw")
    client.force_login(admin)

    page = client.get(reverse("admin:claims_importjob_changelist")).content.decode()

    assert f"Import #{job.pk} (Failed)" in page
    assert '<td class="field-status_label">Failed</td>' in page


def test_warnings_are_listed_as_warnings_not_as_errors(reviewer):
    job = _import(("lanes.csv", LANES_WITH_A_SCRIPT_URL))
    assert [e.get("level") for e in job.errors] == ["warning"]

    page = _job_page(_client(reviewer), job)

    assert _status(page) == "Finished"
    errors = page.split('id="job-errors"', 1)[1].split("</ul>", 1)[0]
    warnings = page.split('id="job-warnings"', 1)[1].split("</ul>", 1)[0]
    assert "not an http or https address" not in errors
    assert "not an http or https address" in warnings


def test_the_command_line_says_a_job_failed_when_every_item_failed(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(NO_WORDS)

    with pytest.raises(CommandError, match="failed"):
        call_command("import_articles", str(bad), "--sync")


def test_the_command_line_marks_warnings_and_still_succeeds(tmp_path, capsys):
    rows = tmp_path / "lanes.csv"
    rows.write_bytes(LANES_WITH_A_SCRIPT_URL)

    call_command("import_articles", str(rows), "--sync")

    captured = capsys.readouterr()
    assert "warning: lanes.csv" in captured.err
    assert "finished: 1 imported" in captured.out


# --- 3. One period after a time ---------------------------------------------------------


def test_the_job_page_ends_its_time_sentence_with_one_period(reviewer):
    job = _import(("bus-lanes.txt", BUS_LANES))
    afternoon = timezone.make_aware(datetime.datetime(2026, 3, 4, 17, 33))
    ImportJob.objects.filter(pk=job.pk).update(created_at=afternoon)

    page = _job_page(_client(reviewer), job)

    assert "p.m.." not in page
    sentence = re.search(r"<p>Requested by [^<]*</p>", page)
    assert sentence, page
    assert not sentence.group(0).endswith("..</p>")
    assert "2026-03-04 17:33" in sentence.group(0)


def test_no_template_ends_a_sentence_with_a_time_in_the_default_format():
    # The default DATETIME_FORMAT/TIME_FORMAT end in "p.m."; a sentence's period after
    # one gives "p.m..". Times followed by a period are given an explicit format.
    bare_time_then_period = re.compile(r"\{\{\s*[\w.]*(_at|date|time|when)\s*\}\}\s*\.")
    offenders = [
        f"{path.relative_to(REPO)}: {match.group(0)}"
        for path in sorted((REPO / "templates").rglob("*.html"))
        for match in bare_time_then_period.finditer(path.read_text())
    ]

    assert offenders == []


# --- 4. The workbench's 403 notice ------------------------------------------------------


def test_a_reviewer_opening_an_editors_page_gets_the_workbench_notice(reviewer):
    # Exports are editors' work (the export screen may redirect to its workbench address).
    response = _client(reviewer).get(reverse("exports:new"), follow=True)

    assert response.status_code == 403
    assert "claims/forbidden.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Your role does not allow this" in page
    assert 'class="workbench-nav"' in page


@override_settings(ROOT_URLCONF="tests.urls_raising")
def test_permission_denied_in_a_workbench_view_shows_the_notice_with_its_reason(reviewer):
    response = _client(reviewer).get("/workbench/refuses/")

    assert response.status_code == 403
    assert "claims/forbidden.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Your role does not allow this" in page
    assert "Only the night editor may open this page." in page
    assert 'class="workbench-nav"' in page


def test_a_form_posted_without_its_csrf_token_gets_the_workbench_notice(reviewer, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)

    response = client.post(reverse("claims:comment", args=[claim.pk]), {"text": "Hello"})

    assert response.status_code == 403
    assert "claims/forbidden.html" in [t.name for t in response.templates]
    assert "reload the page" in response.content.decode()
    assert not claim.comments.exists()


def test_the_admin_and_the_api_keep_their_own_403(reviewer, outsider, claim):
    get_user_model().objects.filter(pk=reviewer.pk).update(is_staff=True)
    history = reverse("admin:claims_claim_history", args=[claim.pk])

    admin_403 = _client(reviewer).post(f"{history}1/")
    api_403 = _client(outsider).get(reverse("api:claim-list"))

    assert admin_403.status_code == 403
    assert "claims/forbidden.html" not in [t.name for t in admin_403.templates]
    assert api_403.status_code == 403
    assert api_403["Content-Type"].startswith("application/json")


# --- 5. The empty comment list ----------------------------------------------------------


def test_a_claim_without_comments_says_so_outside_the_numbered_list(reviewer, claim):
    page = _client(reviewer).get(reverse("claims:claim", args=[claim.pk])).content.decode()

    comments = page.split('id="comments"', 1)[1].split("</section>", 1)[0]
    assert "No comments yet." in comments
    listed = re.findall(r"<ol[^>]*>.*?</ol>", comments, flags=re.S)
    assert not any("No comments yet." in ol for ol in listed)


# --- 6. "Assign to me" in the history ---------------------------------------------------


def test_assign_to_me_records_the_status_and_assignee_change(reviewer):
    article = article_with_claims(2)  # stored as an import stores claims: no history yet
    claim = article.claims.order_by("position").first()

    claim_assign(claim_id=claim.pk, assignee=reviewer, by=reviewer)

    entry = next(e for e in claim_history(claim=claim) if e.what.startswith("assigned"))
    assert ("status", "New", "In review") in entry.changes
    assert ("assignee", "—", reviewer.get_username()) in entry.changes
    assert Claim.objects.get(pk=claim.pk).history.count() == 2  # the imported state, then this


def test_the_review_page_shows_assign_to_me_with_before_and_after(reviewer):
    job = _import(("bus-lanes.txt", BUS_LANES))
    claim = Claim.objects.filter(article__import_job=job).order_by("position").first()
    client = _client(reviewer)

    client.post(reverse("claims:assign", args=[claim.pk]), {"assignee": "me", "version": 1})

    page = client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
    history = page.split('id="history"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr><td>.*?</tr>", history, flags=re.S)
    assigned = next(r for r in rows if "assigned to rita" in r)
    assert "<strong>status</strong>: New → In review" in assigned
    assert "<strong>assignee</strong>: — → rita" in assigned
    imported = next(r for r in rows if "<td>imported</td>" in r)
    assert "<td>system</td>" in imported  # the import's, not the request's user


# --- 7. Plurals -------------------------------------------------------------------------


def _bulk(client: Client, ids: list[int]) -> list[str]:
    response = client.post(
        reverse("claims:bulk"),
        {"action": "assign", "ids": ids, "assignee": "me"},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_bulk_actions_count_with_proper_plurals(reviewer, article):
    client = _client(reviewer)
    one, two, three = article.claims.order_by("position").values_list("pk", flat=True)

    assert "1 claim updated." in _bulk(client, [one])
    assert "2 claims updated." in _bulk(client, [two, three])


def _texts(path: Path) -> list[tuple[int, str]]:
    """The text people may read in a file: string literals of Python, templates' markup."""
    source = path.read_text()
    if path.suffix == ".py":
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]
    source = re.sub(r"<script.*?</script>", "", source, flags=re.S)
    return list(enumerate(source.splitlines(), 1))


def test_no_message_counts_with_a_bracketed_plural():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {text.strip()}"
        for folder in ("claims", "templates", "factcheck")
        for path in sorted((REPO / folder).rglob("*"))
        if path.suffix in (".py", ".html") and "migrations" not in path.parts
        for line, text in _texts(path)
        if re.search(r"[a-zA-Z]\(s\)", text.replace("http(s)", ""))
    ]

    assert offenders == []


# --- 8. The README's run section --------------------------------------------------------


def test_the_readme_sends_people_to_the_workbench_and_names_host():
    readme = (REPO / "README.md").read_text()
    run_section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]

    assert "    make run\n" in run_section and "    make test\n" in run_section
    # The addresses it gives are the workbench's (/), not the admin's.
    addresses = re.findall(r"http://127\.0\.0\.1:8000([^\s)]*)", run_section)
    assert addresses and set(addresses) <= {"", "/"}, addresses
    assert "127.0.0.1:8000/admin" not in readme
    assert "make run HOST=" in run_section
