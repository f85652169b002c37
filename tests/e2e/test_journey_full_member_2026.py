"""Journey (issue 5): one person from the registration QR code to full member under the 2026 rules.

A real journey spans years, so only dates are shifted: the letter's received date is set back, and
every record is entered with a past date in its form, so that each step is on time (one year of
cultivation before the target resolution, a 公示 of 5 working days that has ended). The 2026 rules
apply from 2026-05-11, so a probation (one year from the admission meeting) cannot have ended yet:
the conversion meeting is held today, which the rules flag as a warning (local practice), not a block.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import ApplicationLetter, BranchMeeting, Case, Filing
from partydev.common.dates import add_months, add_years, working_days_between
from partydev.common.idcard import make_id_number
from partydev.process.enums import FilingKind, FilingStatus, Stage
from partydev.process.versions import V2026, version_on
from tests.e2e.helpers import (
    add_record,
    contains,
    decide,
    expect_chinese,
    fill_votes,
    label,
    open_request,
    open_tab,
    save,
    send_request,
    set_attendance,
    step_row,
)

pytestmark = pytest.mark.e2e

NAME = "许嘉宁"
USERNAME = "xujn2026"
# 第一党支部's full members (黄敏, the last on the roster, is probationary and has no vote).
FULL = ["王建国", "李红梅", "张志强", "刘芳", "陈晓东", "杨丽", "赵磊"]
PAIR = ("王建国", "李红梅")  # talkers, then contacts, then introducers
STAGE_BADGE = "main h1 .badge"
# 退回重新备案 reaches applicants, activists and targets only (RETURN_POINTS; case_return refuses the rest).
RETURN_LINK = "main a[href$='/return/']"


def iso(day) -> str:
    return day.isoformat()


def notice_dates(after):
    """A 公示 of exactly 5 working days, starting on the first working day after `after`."""
    start = after + timedelta(days=1)
    while working_days_between(start, start) == 0:
        start += timedelta(days=1)
    end = start
    while working_days_between(start, end) < 5:
        end += timedelta(days=1)
    return start, end


def register_on_phone(journey, admin):
    """新发展用户 → QR code; the person registers and writes the letter on a phone."""
    admin.locator("nav.sidebar").get_by_role("link", name=label("新发展用户", "New users")).click()
    admin.locator("input[name=title]").fill("2025年秋季入党申请人集中注册")
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator("#qr svg")).to_be_visible()
    link = admin.locator("#reg-url").input_value()

    phone = journey.phone_page()
    phone.goto(link)
    for name, value in {"name": NAME, "id_number": make_id_number("110108", date(2003, 9, 9), 27, "F"), "phone": "13800138027", "work_unit": "示范大学外国语学院",
            "username": USERNAME, "password1": "Hong#Qi7319", "password2": "Hong#Qi7319"}.items():
        phone.locator(f"input[name={name}]").fill(value)
    phone.locator("select[name=ethnicity]").select_option("汉族")
    phone.locator("select[name=education]").select_option("bachelor")
    phone.locator("input[name=consent]").check()
    phone.locator("input[name=sensitive_consent]").check()
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(journey.url("/m/"))
    phone.get_by_role("link", name=label("提交入党申请书", "Submit application letter")).click()
    phone.locator("textarea[name=content]").fill("敬爱的党组织：我志愿加入中国共产党。")
    phone.locator("input[name=written_date]").fill(iso(timezone.localdate()))
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(journey.url("/m/"))
    journey.shot(phone, "mobile-letter-submitted")
    return phone


def part_one(admin, on):
    """谈话, 推荐推优 and 支委会决议 (通过), all dated `on`."""
    admin.get_by_role("link", name=label("录入谈话记录", "Enter talk record")).click()
    admin.locator("input[name=talk_date]").fill(on)
    for name in PAIR:
        admin.get_by_label(name, exact=True).check()
    admin.locator("input[name=place]").fill("学院党员活动室")
    admin.locator("textarea[name=content]").fill("了解入党动机、学习工作经历和对党的认识。")
    save(admin)
    admin.get_by_role("link", name=label("推荐推优情况记录", "Record recommendation")).click()
    admin.locator("input[name=recommended_on]").fill(on)
    admin.locator("select[name=method]").select_option("mass_org")
    admin.locator("textarea[name=note]").fill("团支部推优，票数过半")
    save(admin)
    admin.get_by_role("link", name=label("支委会决议", "Record resolution")).click()
    admin.locator("input[name=meeting_date]").fill(on)
    admin.locator("input[name=result][value=passed]").check()
    admin.locator("textarea[name=note]").fill("支委会应到5人，实到5人，一致同意")
    save(admin)
    expect(admin.locator("#resolutions")).to_contain_text("一致同意")


def open_person(page, href_tail):
    """发展党员 → a tab (by its address) → the person's name."""
    open_tab(page, href_tail=href_tail)
    page.locator("main table").get_by_role("link", name=NAME, exact=True).click()
    expect(page.locator("main h1")).to_contain_text(NAME)


def test_registration_to_full_member_under_the_2026_rules(journey, demo):
    today = timezone.localdate()
    t = iso(today)
    activist_on = add_months(today, -14)  # the committee's acceptance: ~14 months ago
    received = activist_on - timedelta(days=45)
    target_meeting = today - timedelta(days=40)  # after one year of cultivation
    agreed = today - timedelta(days=30)
    notice_start, notice_end = notice_dates(agreed)
    assert notice_end < today and version_on(agreed) == V2026

    # 1: QR code → registration and letter on the phone; the letter's dates are set back (setup).
    admin = journey.pc_page("branch1")
    phone = register_on_phone(journey, admin)
    case = Case.objects.get(name=NAME)
    ApplicationLetter.objects.filter(case=case).update(written_date=received - timedelta(days=1),
                                                       received_date=received)

    # 2–3: branch1 approves the letter, enters talk, recommendation and resolution, and files.
    open_person(admin, "/pc/applicants/")
    admin.locator("#letters a[href*='/letters/']").first.click()
    admin.get_by_role("button", name=label("审批通过", "Approve")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    part_one(admin, iso(received + timedelta(days=20)))
    journey.shot(admin, "detail-applicant")
    admin.get_by_role("link", name=label("确定积极分子并备案", "Determine as activist and file")).click()
    expect(admin.locator(".problem-blocking")).to_have_count(0)
    # Filed on the day of the branch committee's resolution: the committee then decides after it.
    admin.locator("main form input[name=on]").fill(iso(received + timedelta(days=20)))
    admin.get_by_role("button", name=label("确定", "Confirm")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)

    # 4: the committee accepts the filing, dated ~14 months ago.
    committee = journey.pc_page("committee")
    open_request(committee, NAME)
    committee.locator("form[action$='/accept/'] input[name=effective_date]").fill(iso(activist_on))
    committee.locator("form[action$='/accept/'] button[type=submit]").click()
    expect(committee).to_have_url(journey.url("/pc/filings/"))
    case.refresh_from_db()
    assert (case.stage, case.activist_since) == (Stage.ACTIVIST, activist_on)

    # 5–6: contacts and the three opinions §13 asks for.
    open_person(admin, "/pc/activists/")
    admin.locator("#contacts a[href$='/contacts/']").click()
    for name in PAIR:
        admin.get_by_label(name, exact=True).check()
    admin.locator("input[name=assigned_on]").fill(iso(activist_on + timedelta(days=7)))
    save(admin)
    expect(admin.locator("#contacts")).to_contain_text(PAIR[1])
    opinion_on = iso(today - timedelta(days=45))
    add_record(admin, "opinion-party_group", {"given_on": opinion_on, "author": "第一党小组",
                                              "content": "党小组一致同意推荐为发展对象。"})
    add_record(admin, "opinion-contact_confirmation", {"given_on": opinion_on, "author": PAIR[0],
                                                       "content": "培养一年来表现良好，同意确定为发展对象。"},
               selects={"contact": PAIR[0]})
    add_record(admin, "opinion-members_masses", {"given_on": opinion_on, "author": "党员和群众座谈会",
                                                 "content": "座谈会上党员和群众一致认可。"})

    # 7–8: 支委会决议 → 报上级党委同意 → the committee agrees (2026: agreement, then 公示).
    add_record(admin, "target-resolutions", {"meeting_date": iso(target_meeting), "note": "支委会研究，同意列为发展对象"},
               radios={"result": "passed"})
    # 下一步 explains the 2026 path beside the request, which nothing blocks now.
    next_steps = admin.locator("#next-steps")
    expect(next_steps).to_contain_text(contains("2026", "公示"))
    expect(next_steps.locator("a[href$='/requests/target/']")).to_be_visible()
    send_request(admin, "target", on=iso(target_meeting))
    assert Filing.objects.get(case=case, kind=FilingKind.TARGET).status == FilingStatus.PENDING
    journey.shot(admin, "detail-activist-target-sent")
    open_request(committee, NAME)
    journey.shot(committee, "committee-target-request")
    decide(committee, iso(agreed), "经党委会研究，同意列为发展对象，请按规定公示。")
    case.refresh_from_db()
    assert case.stage == Stage.ACTIVIST  # 2026: still an activist until the branch confirms after 公示

    # 公示 of 5 working days, ended; then 确定为发展对象.
    open_person(admin, "/pc/activists/")
    add_record(admin, "notices", {"start_date": iso(notice_start), "end_date": iso(notice_end),
                                  "place": "学院公示栏", "feedback": "公示期间未收到意见"},
               radios={"result": "no_objection"}, shows=iso(notice_start))
    confirm = admin.locator("#next-steps")
    expect(confirm.locator(".text-danger")).to_have_count(0)
    journey.shot(admin, "detail-next-step-confirm")
    confirm.locator("a[href$='/target/confirm/']").click()
    expect(admin.locator(".problem-blocking")).to_have_count(0)
    admin.locator("main form").get_by_role("button", name=label("确定", "Confirm")).click()
    expect(admin.locator(STAGE_BADGE)).to_have_text(contains("发展对象", "Development target"))
    case.refresh_from_db()
    assert (case.stage, case.target_since) == (Stage.TARGET, today)

    # 9–12: introducers, political review, training (3 days), 支委会审查.
    admin.locator("#introducers a[href$='/introducers/']").click()
    for name in PAIR:
        admin.get_by_label(name, exact=True).check()
    admin.locator("input[name=assigned_on]").fill(t)
    save(admin)
    expect(admin.locator("#introducers")).to_contain_text(PAIR[1])
    add_record(admin, "reviews", {"review_date": t, "methods": "本人谈话、查阅档案、函调",
                                  "summary": "政治立场坚定，历史清白，政审合格。"}, radios={"conclusion": "qualified"})
    add_record(admin, "trainings", {"start_date": iso(today - timedelta(days=2)), "end_date": t, "hours": "24",
                                    "organiser": "示范党委党校", "certificate": "PX-2026-0427"},
               radios={"mode": "in_person"})
    add_record(admin, "admission-resolutions", {"meeting_date": t, "note": "支委会审查，同意报党委预审"},
               radios={"result": "passed"})
    journey.shot(admin, "detail-target")
    return_links = [admin.locator(RETURN_LINK).count()]

    # 13: 报上级党委预审 → the committee passes it with a written opinion; 14: 入党志愿书.
    send_request(admin, "pre_review")
    open_request(committee, NAME)
    decide(committee, t, "经预审，同意发放入党志愿书。")
    assert Filing.objects.get(case=case, kind=FilingKind.PRE_REVIEW).opinion == "经预审，同意发放入党志愿书。"
    admin.reload()
    add_record(admin, "volunteer-forms", {"serial_number": "RD-2026-0427", "filled_on": t})

    # 15: 支部党员大会. First exactly half of those entitled present (赵磊 not counted, with the
    # higher organisation's approval): refused with the quorum message, nothing recorded.
    admin.locator("#next-steps a[href$='/meetings/admission/new/']").click()
    admin.locator("input[name=meeting_date]").fill(t)
    set_attendance(admin, {"王建国": "present", "李红梅": "present", "张志强": "present", "刘芳": "absent",
                           "陈晓东": "absent", "杨丽": "written",
                           "赵磊": ("excluded", "经上级党组织批准，长期在外地学习")})
    fill_votes(admin, 4)
    admin.locator("textarea[name=resolution]").fill("同意接收为中共预备党员。")
    save(admin)
    errors = admin.locator("main form .alert-danger")
    expect(errors).to_contain_text(re.compile(r"\b3\D+6\b|\b6\D+3\b"))
    expect(errors).to_contain_text(contains("No quorum", "人数不足"))
    summary = admin.locator("[data-meeting-summary]")
    expect(summary.locator("[data-count=entitled]")).to_have_text("6")
    expect(summary.locator("[data-count=present]")).to_have_text("3")
    expect(summary.locator("[data-count=needed]")).to_have_text("4")
    journey.shot(admin, "meeting-refused-no-quorum")
    assert not BranchMeeting.objects.filter(case=case).exists()

    # Then a valid meeting: all 7 entitled, 5 present, one written opinion, 6 for.
    set_attendance(admin, {**dict.fromkeys(FULL[:5], "present"), "杨丽": "written", "赵磊": "absent"})
    fill_votes(admin, 6)
    save(admin)
    expect(admin.locator(".alert-success[role=alert]")).to_contain_text(re.compile(r"7\D+5\D+1\D+6\D+0\D+0"))
    meeting = BranchMeeting.objects.get(case=case)
    assert (meeting.entitled, meeting.present, meeting.written, meeting.votes_for, meeting.passed) == (7, 5, 1, 6, True)
    expect(admin.locator("#meetings .badge.text-bg-success")).to_have_count(1)

    # 16–17: 上级党委派人谈话 → 报上级党委审批 → the committee approves: 预备党员.
    add_record(admin, "committee-talks", {"talk_date": t, "talker": "党委组织员 李明", "place": "党委办公室",
                                          "opinion": "入党动机端正，同意入党。"})
    send_request(admin, "approval")
    open_request(committee, NAME)
    journey.shot(committee, "committee-approval")
    decide(committee, t, "经党委会讨论，同意接收为中共预备党员。")
    case.refresh_from_db()
    assert (case.stage, case.probation_start, case.probation_end) == (Stage.PROBATIONARY, today, add_years(today, 1))
    open_person(admin, "/pc/probationary/")
    membership = admin.locator("#membership")
    expect(membership).to_contain_text(t)
    expect(membership).to_contain_text(iso(add_years(today, 1)))
    expect(admin.locator(STAGE_BADGE)).to_have_text(contains("预备党员", "Probationary member"))

    # 19–22: 编入党小组, 入党宣誓, 转正申请.
    add_record(admin, "placements", {"placed_on": t}, selects={"group": "第一党小组"}, shows="第一党小组")
    add_record(admin, "oaths", {"oath_date": t, "place": "学院报告厅", "organiser": "示范党委"})
    add_record(admin, "conversion-applications", {"applied_on": t, "content": "敬爱的党组织：我申请转为正式党员。"})
    journey.shot(admin, "detail-probationary")
    return_links.append(admin.locator(RETURN_LINK).count())

    # 23: 支部大会讨论转正 (按期转正). Held today the probation has not ended: refused, nothing written.
    def conversion_meeting():
        admin.locator("#next-steps a[href$='/meetings/conversion/new/']").click()
        admin.locator("input[name=meeting_date]").fill(t)
        set_attendance(admin, dict.fromkeys(FULL, "present"))
        fill_votes(admin, 7)
        admin.locator("input[name=outcome][value=on_time]").check()
        admin.locator("textarea[name=resolution]").fill("同意按期转为中共正式党员。")
        save(admin)

    conversion_meeting()
    expect(admin.locator("main")).to_contain_text(iso(add_years(today, 1)))
    journey.shot(admin, "conversion-before-probation-end-refused")
    assert not BranchMeeting.objects.filter(case=case, purpose="conversion").exists()

    # A year on (setup, as with the letter: the probation's dates are set back a year and a day), the
    # meeting converts on time; 24: 报上级党委审批转正 → the committee approves.
    probation_start = add_years(today, -1) - timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(probation_start=probation_start,
                                           probation_end=add_years(probation_start, 1))
    open_person(admin, "/pc/probationary/")
    conversion_meeting()
    expect(admin.locator(".alert-success[role=alert]")).to_be_visible()
    send_request(admin, "conversion")
    open_request(committee, NAME)
    decide(committee, t, "同意按期转为中共正式党员。")
    case.refresh_from_db()
    assert (case.stage, case.full_member_since) == (Stage.FULL, case.probation_end)

    # 25: 材料归档 with everything on the list.
    open_person(admin, "/pc/members/")
    expect(admin.locator(STAGE_BADGE)).to_have_text(contains("正式党员", "Full member"))
    expect(admin.locator("#membership")).to_contain_text(iso(case.probation_end))
    admin.locator("#archives a[href$='/archives/new/']").click()
    items = admin.locator("main form input[name=items]")
    expect(items).to_have_count(7)
    # The form means to offer every item ticked (ArchiveForm.items initial); asserted at the end.
    prechecked = admin.locator("main form input[name=items]:checked").count()
    admin.locator("input[name=archived_on]").fill(t)
    admin.locator("input[name=receiver]").fill("示范党委组织部")
    for i in range(6):
        items.nth(i).check()
    save(admin)
    expect(admin.locator("#archives")).to_contain_text("示范党委组织部")
    journey.shot(admin, "detail-full")
    return_links.append(admin.locator(RETURN_LINK).count())

    # 全程纪实: every step done, no date out of order; the PDF downloads.
    admin.locator("#stepper a[href$='/timeline/']").click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    not_done = [n for n in range(1, 26)
                if not re.fullmatch(r"\s*(已完成|Done)\s*", step_row(admin, n).locator("td").nth(1)
                                    .locator(".badge").inner_text())]
    journey.shot(admin, "timeline")
    assert not_done == [], f"steps not done: {not_done}"
    expect(admin.locator("#date-conflicts")).to_have_count(0)
    expect(step_row(admin, 15)).to_contain_text(t)
    with admin.expect_download() as download:
        admin.locator("a[href$='/dossier.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    phone.reload()
    expect(phone.locator("main")).to_contain_text(contains("正式党员", "Full member"))

    # Last, so that a translation landing late does not hide the rest of the journey.
    for page in (admin, committee):
        expect_chinese(page)
    # App defects seen on the way, asserted last so that the journey above is verified in full.
    assert return_links == [1, 0, 0], f"退回重新备案 links for a target / probationary / full member: {return_links}"
    assert prechecked == 6, f"the archive form offers {prechecked} of the 6 materials ticked, not all"
