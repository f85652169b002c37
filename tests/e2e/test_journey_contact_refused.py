"""Journey (issue 3): contacts the rules forbid are refused — a member of another Party committee (never
offered by the search, refused like a missing id when smuggled into the form), a probationary member, and
three contacts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import ContactAssignment
from partydev.orgs.models import Member
from tests.e2e.helpers import contains, expect_chinese, label, make_activist, open_activist, save

pytestmark = pytest.mark.e2e

NAME = "钱思远"
OUTSIDER = "何平"  # only on the roster of 另一党支部 (另一党委)
PROBATIONER = "黄敏"  # the last name of 第一党支部's roster: a probationary member


def test_contact_outside_committee_or_probationary_is_refused(journey, demo):
    case = make_activist(demo, NAME, since=timezone.localdate() - timedelta(days=30), sequence=52)
    outsider = Member.objects.get(name=OUTSIDER)

    admin = journey.pc_page("branch1")
    open_activist(admin, NAME)
    admin.locator("#contacts").get_by_role("link", name=label("选择", "Choose")).click()
    expect(admin.locator("main form")).not_to_contain_text(OUTSIDER)

    # The search finds members of 第二党支部 but never of another committee.
    results = admin.locator("#contact-results")
    admin.locator("input[name=q]").fill("周")
    expect(results.get_by_label("周杰（第二党支部）")).to_be_visible()
    admin.locator("input[name=q]").fill(OUTSIDER)
    expect(results).to_contain_text(contains("本党委下没有符合条件的党员", "No member of this Party committee matches"))
    expect(results.locator("input")).to_have_count(0)
    expect_chinese(admin)
    journey.shot(admin, "search-outsider")

    # A tampered form: an extra checked box carrying 何平's id is refused by the server, answered as an
    # id that does not exist (issue 10 finding 5): nothing about another committee's member shows.
    admin.get_by_label("王建国", exact=True).check()
    admin.evaluate("""id => {
        const box = Object.assign(document.createElement("input"),
                                  {type: "checkbox", name: "contacts", value: id, checked: true, hidden: true});
        document.querySelector("main form").appendChild(box);
    }""", outsider.pk)
    save(admin)
    errors = admin.locator("main form .alert-danger")
    expect(errors).to_contain_text(contains("不在可用的选项中", "not one of the available choices"))
    expect(errors).not_to_contain_text(OUTSIDER)
    expect_chinese(admin)
    journey.shot(admin, "refused-outsider")
    assert not ContactAssignment.objects.filter(case=case).exists()

    # A probationary member from the own branch's list.
    admin.get_by_label("王建国", exact=True).uncheck()
    admin.get_by_label(f"{PROBATIONER}（预备党员）").check()
    save(admin)
    expect(errors).to_contain_text(contains(f"{PROBATIONER}是预备党员，培养联系人应为正式党员",
                                            f"{PROBATIONER} is a probationary member"))
    expect(errors).not_to_contain_text(OUTSIDER)
    journey.shot(admin, "refused-probationary")
    assert not ContactAssignment.objects.filter(case=case).exists()

    # Three full members: one or two only.
    admin.get_by_label(f"{PROBATIONER}（预备党员）").uncheck()
    for name in ("王建国", "李红梅", "张志强"):
        admin.get_by_label(name, exact=True).check()
    save(admin)
    expect(errors).to_contain_text(contains("请选择一至二名培养联系人", "Choose one or two cultivation contacts"))
    assert not ContactAssignment.objects.filter(case=case).exists()

    # A member found through the search stays chosen when the form comes back refused, like every
    # other choice on it (otherwise a second save silently drops that contact).
    for name in ("王建国", "李红梅", "张志强"):
        admin.get_by_label(name, exact=True).uncheck()
    admin.locator("input[name=q]").fill("吴静")
    admin.locator("#contact-results").get_by_label("吴静（第二党支部）").check()
    admin.get_by_label(f"{PROBATIONER}（预备党员）").check()
    save(admin)
    expect(errors).to_contain_text(contains(f"{PROBATIONER}是预备党员", f"{PROBATIONER} is a probationary member"))
    journey.shot(admin, "refused-keeps-search-choice")
    expect(admin.locator("main form").get_by_label("吴静（第二党支部）")).to_be_checked()
