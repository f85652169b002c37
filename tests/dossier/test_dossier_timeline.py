"""pc:timeline — the 全程纪实 page of one person."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.process.steps import STAGE_NAMES, STEPS
from tests.factories import add_talk


def url(case):
    return reverse("pc:timeline", args=[case.public_id])


def get(client, user, case):
    client.force_login(user)
    return client.get(url(case))


@pytest.mark.usefixtures("english")
def test_shows_all_25_steps_in_order_grouped_by_stage(world, client):
    response = get(client, world.branch_admin, world.full)
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'id="step-{s.number}"') for s in STEPS]
    assert positions == sorted(positions)
    stage_positions = [html.index(str(name)) for name in STAGE_NAMES.values()]
    assert stage_positions == sorted(stage_positions)
    for step in STEPS:
        row = _row(html, step.number)
        assert f"{step.number}. {step.name}" in row


@pytest.mark.usefixtures("english")
def test_each_step_shows_date_state_deadline_article_version_and_actor(world, client):
    html = get(client, world.branch_admin, world.full).content.decode()
    talk = _row(html, 2)
    assert "2022-03-10" in talk and "Done" in talk
    assert "2022-04-01" in talk and "2014 Rules, Art. 7" in talk  # the deadline and its article
    assert "2014 Detailed Rules" in talk  # the version that judged the step
    assert "branch1" in talk  # who entered the talk
    approval = _row(html, 17)
    assert "2023-08-10" in approval and "committee" in approval  # decided by the committee admin
    assert "2023-10-20" in approval and "2014 Rules, Art. 26" in approval


@pytest.mark.usefixtures("english")
def test_each_dated_step_names_the_rule_version_in_force_on_its_date(world, client):
    # The full member's steps all fall before 2026-05-11; the other letter arrived ten days ago.
    assert "2014 Detailed Rules" in _row(get(client, world.branch_admin, world.full).content.decode(), 1)
    few = get(client, world.branch_admin, world.few).content.decode()
    assert "2026 Detailed Rules" in _row(few, 1)
    assert "Detailed Rules" not in _row(few, 7)  # not dated: no version judged it yet


@pytest.mark.usefixtures("english")
def test_lists_records_with_links_and_attachments(world, client):
    response = get(client, world.branch_admin, world.full)
    html = response.content.decode()
    review = world.full.politicalreviews.get()
    assert reverse("pc:record_detail", args=[world.full.public_id, "reviews", review.pk]) in html
    assert reverse("pc:attachment", args=[review.attachments.get().public_id]) in html
    meeting = world.full.branchmeetings.get(purpose="admission")
    assert reverse("pc:attachment", args=[meeting.attachments.get().public_id]) in html
    assert reverse("pc:letter_detail", args=[world.full.public_id, world.full.applicationletters.get().pk]) in html
    assert "Introducer · 李红梅" in html
    assert reverse("pc:dossier_pdf", args=[world.full.public_id]) in html
    assert reverse("pc:case_detail", args=[world.full.public_id]) in html


@pytest.mark.usefixtures("english")
def test_committee_admin_reads_it_and_gets_links_to_its_decisions(world, client):
    response = get(client, world.committee_admin, world.full)
    assert response.status_code == 200
    approval = world.full.filings.get(kind="approval")
    assert reverse("pc:filing_detail", args=[approval.pk]) in response.content.decode()


@pytest.mark.usefixtures("english")
def test_date_conflicts_are_shown_at_the_top(world, client):
    received = world.few.applicationletters.get().received_date
    add_talk(world.few, world.branch_admin, received - timedelta(days=3))  # before the letter arrived
    html = get(client, world.branch_admin, world.few).content.decode()
    assert 'id="date-conflicts"' in html
    warning = html[html.index('id="date-conflicts"'):html.index('id="steps"')]
    assert "Step 2" in warning and "step 1" in warning


@pytest.mark.usefixtures("english")
def test_no_conflict_warning_when_dates_are_in_order(world, client):
    html = get(client, world.branch_admin, world.full).content.decode()
    assert 'id="date-conflicts"' not in html


def test_detail_page_links_to_the_timeline(world, client):
    client.force_login(world.branch_admin)
    html = client.get(reverse("pc:case_detail", args=[world.few.public_id])).content.decode()
    assert url(world.few) in html


@pytest.mark.parametrize("who", ["sibling_admin", "other_admin", "auditor"])
def test_outside_scope_or_wrong_role_is_404(world, client, who):
    assert get(client, getattr(world, who), world.full).status_code == 404


def test_other_branches_person_is_404_for_a_branch_admin(world, client):
    assert get(client, world.branch_admin, world.sibling_case).status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(url(world.full))
    assert response.status_code == 302 and "login" in response["Location"]


def test_post_is_405(world, client):
    client.force_login(world.branch_admin)
    assert client.post(url(world.full)).status_code == 405


def test_query_count_does_not_grow_with_the_records(world, client):
    client.force_login(world.branch_admin)
    client.get(url(world.few))  # warm the content-type cache and the session
    counts = []
    for case in (world.few, world.full):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(case)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def _row(html, number):
    """The <tr> of step `number` plus the records row that follows it."""
    start = html.index(f'id="step-{number}"')
    nxt = re.search(r'id="step-\d+"|id="history"', html[start + 10:])
    return html[start:start + 10 + nxt.start()]
