"""The access matrix (ARCHITECTURE §6, security-and-scale.md §3.2, after tira-io/tira): every URL
pattern × every actor, with the status each must get. Objects in the URLs belong to the own
branch (第一党支部) of the world fixture, so "sibling" is the other branch of the same committee and
"other_committee" / "other_branch" are the cross-tenant cases.

Adding a URL without a row here fails `test_every_url_pattern_has_a_row`.

The world used here (`world_with_activist`) adds an activist of the own branch with a phone account
and a thought report (the "activist" actor), for the pages of part 二 that take an activist.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve as static_serve

from partydev.common.dates import add_months
from partydev.process.records import RECORD_KINDS
from partydev.process.requests import BRANCH_REQUESTS, REQUEST_KINDS
from tests.factories import db_state

ACTORS = ("anon", "applicant", "activist", "stranger", "branch", "sibling", "committee", "other_committee",
          "other_branch", "auditor", "security")
ADMINS = ("branch", "sibling", "committee", "other_committee", "other_branch")
LOGIN = "login"  # 302 to the login page


@dataclass(frozen=True)
class Redirect:
    """302 to this URL name (not the login page)."""

    to: str


def expect(ok=(), *, anon=LOGIN, status=200, rest=404, **special) -> dict:
    """anon → `anon`; actors in `ok` → `status`; named actors → their value; everyone else → `rest`."""
    result = {a: (status if a in ok else rest) for a in ACTORS}
    result["anon"] = anon
    result.update(special)
    return result


def everyone(value) -> dict:
    return dict.fromkeys(ACTORS, value)


CASE = lambda w: {"public_id": w.case.public_id}  # noqa: E731
RECORD = lambda w: CASE(w) | {"kind": "talks", "pk": w.talk.pk}  # noqa: E731
ACTIVIST = lambda w: {"public_id": w.activist_case.public_id}  # noqa: E731
REPORT = lambda w: ACTIVIST(w) | {"pk": w.report.pk}  # noqa: E731
MEMBER = lambda w: {"public_id": w.member.public_id}  # noqa: E731
TARGET = lambda w: {"public_id": w.target.public_id}  # noqa: E731
BRANCH = lambda w: {"branch_pk": w.branch.pk}  # noqa: E731
ROSTER_MEMBER = lambda w: {"pk": w.roster[0].pk}  # noqa: E731
ACCOUNT = lambda w: {"pk": w.branch_admin.pk}  # noqa: E731
GRANT = lambda w: {"pk": w.branch_admin.grants.get().pk}  # noqa: E731


def _import_batch(w):
    """An Excel import of the own branch, done (created lazily, inside the test's transaction)."""
    if getattr(w, "import_batch", None) is None:
        from partydev.imports.models import BatchStatus, ImportBatch

        w.import_batch = ImportBatch.objects.create(
            sheet="people", file_name="import.xlsx", sha256="0" * 64, importer=w.branch_admin, scope_org=w.branch,
            org_path=w.branch.path, status=BatchStatus.DONE)
    return w.import_batch


BATCH = lambda w: {"pk": _import_batch(w).pk}  # noqa: E731


def _reset_token(w):
    """A fresh password reset link for the own branch's applicant (the token is the credential)."""
    from partydev.registration.password_reset import reset_link_issue_for_applicant

    return {"token": reset_link_issue_for_applicant(case=w.case, actor=w.branch_admin)[1]}


# name → (URL kwargs from the world, expected GET status per actor)
ROWS = {
    "home": (None, expect(anon=Redirect("login"), rest=None,
                          **{a: Redirect("pc:home") for a in (*ADMINS, "auditor", "security")},
                          **{a: Redirect("mobile:home") for a in ("applicant", "activist", "stranger")})),
    "login": (None, everyone(Redirect("home")) | {"anon": 200}),
    "logout": (None, everyone(405)),
    "set_language": (None, everyone(405)),  # the 中文 / English switch: POST only, for everyone
    "password_change": (None, expect(ACTORS)),
    "password_change_done": (None, expect(ACTORS)),
    # Two-step verification: one's own, administrators only (partydev/pc/two_factor.py).
    "login_verify": (None, everyone(Redirect("home")) | {"anon": Redirect("login")}),
    "two_factor": (None, expect((*ADMINS, "auditor", "security"))),
    "two_factor_recovery": (None, everyone(405)),
    "two_factor_disable": (None, everyone(405)),
    # Password reset (partydev/registration/password_reset.py): the branch for its applicants, the
    # committee for the accounts it maintains (账号管理); the link itself opens for whoever holds it.
    "pc:case_password_reset": (CASE, expect(("branch",))),
    # 账号管理 (committee administrator) on the own branch's administrator; 权限管理 / 安全管理
    # (security administrator of the own committee). partydev/accounts/; the security administrator
    # gets 404 on every case page above and below.
    "pc:account_list": (None, expect(("committee", "other_committee"))),
    "pc:account_new": (None, expect(("committee", "other_committee"))),
    "pc:account_deactivate": (ACCOUNT, expect(("committee",))),
    "pc:account_reactivate": (ACCOUNT, expect(("committee",))),
    "pc:account_password_reset": (ACCOUNT, expect(("committee",))),
    "pc:security_user_list": (None, expect(("security",))),
    "pc:security_user": (ACCOUNT, expect(("security",))),
    "pc:security_grant": (ACCOUNT, everyone(405)),
    "pc:security_unlock": (ACCOUNT, expect(("security",))),
    "pc:security_two_factor_reset": (ACCOUNT, expect(("security",))),
    "pc:security_revoke": (GRANT, expect(("security",))),
    "pc:security_locked": (None, expect(("security",))),
    "password_reset_link": (_reset_token, everyone(200)),
    "pc:home": (None, expect((*ADMINS, "auditor", "security"))),
    "pc:code_list": (None, expect(("branch", "sibling", "other_branch"))),
    "pc:code_detail": (lambda w: {"pk": w.code.pk}, expect(("branch",))),
    "pc:notice_edit": (lambda w: {"branch_pk": w.branch.pk}, expect(("branch",))),
    "pc:code_qr_png": (lambda w: {"pk": w.code.pk}, expect(("branch",))),
    "pc:code_revoke": (lambda w: {"pk": w.code.pk}, everyone(405)),
    "pc:applicant_list": (None, expect(ADMINS)),
    "pc:applicant_new": (None, expect(("branch", "sibling", "other_branch"))),
    "pc:activist_list": (None, expect(ADMINS)),
    "pc:case_detail": (CASE, expect(("branch", "committee"))),
    "pc:letter_detail": (lambda w: CASE(w) | {"pk": w.letter.pk}, expect(("branch", "committee"))),
    "pc:letter_approve": (lambda w: CASE(w) | {"pk": w.letter.pk}, everyone(405)),
    "pc:letter_return": (lambda w: CASE(w) | {"pk": w.letter.pk}, everyone(405)),
    "pc:record_new": (lambda w: CASE(w) | {"kind": "talks"}, expect(("branch",))),
    "pc:record_detail": (RECORD, expect(("branch", "committee"))),
    "pc:record_edit": (RECORD, expect(("branch",))),
    "pc:record_delete": (RECORD, expect(("branch",))),  # GET is the confirmation page
    "pc:case_filing": (CASE, expect(("branch",))),
    "pc:case_return": (CASE, expect(("branch",))),
    "pc:filing_inbox": (None, expect(("committee", "other_committee"))),
    "pc:filing_detail": (lambda w: {"pk": w.filing.pk}, expect(("committee",))),
    "pc:filing_accept": (lambda w: {"pk": w.filing.pk}, everyone(405)),
    "pc:filing_return": (lambda w: {"pk": w.filing.pk}, everyone(405)),
    "pc:audit_list": (None, expect(("auditor",))),
    "pc:reminders": (None, expect(ADMINS)),
    # Part 二 (activists): the own branch keeps the records, the committee reads.
    "pc:contacts_edit": (ACTIVIST, expect(("branch",))),
    "pc:contacts_search": (ACTIVIST, expect(("branch",))),
    "pc:introducers_search": (TARGET, expect(("branch",))),
    "pc:report_detail": (REPORT, expect(("branch", "committee"))),
    "pc:report_read": (REPORT, everyone(405)),
    "pc:case_transfer": (ACTIVIST, expect(("branch",))),
    # Branch choosers' searches: the filter bars' over the admin's scope, the transfer page's as the page.
    "pc:branch_search": (None, expect(ADMINS)),
    "pc:transfer_branches": (ACTIVIST, expect(("branch",))),
    # Steps 7–25: a probationary member of the own branch (钱多多) and its admission meeting.
    "pc:target_list": (None, expect(ADMINS)),
    "pc:probationary_list": (None, expect(ADMINS)),
    "pc:full_list": (None, expect(ADMINS)),
    "pc:ledger_xlsx": (None, expect(ADMINS)),
    # Excel import (partydev/pc/views/imports.py): a batch is seen in the importer's branch and above.
    "pc:import_list": (None, expect(ADMINS)),
    "pc:import_template": (None, expect(ADMINS)),
    "pc:import_detail": (BATCH, expect(("branch", "committee"))),
    "pc:import_progress": (BATCH, expect(("branch", "committee"))),
    "pc:import_confirm": (BATCH, everyone(405)),
    "pc:import_discard": (BATCH, everyone(405)),
    "pc:import_undo": (BATCH, expect(("branch", "committee"))),
    # Exports in the import's format (the round trip): each in the user's own tree / rosters / cases.
    "pc:tree_export": (None, expect(("committee", "other_committee"))),
    "pc:roster_export": (None, expect(ADMINS)),
    "pc:people_export": (None, expect(("committee", "other_committee"))),  # GET: the confirmation
    "pc:introducers_edit": (TARGET, expect(("branch",))),
    "pc:request_send": (lambda w: MEMBER(w) | {"kind": "conversion"}, expect(("branch",))),
    "pc:target_confirm": (ACTIVIST, expect(("branch",))),
    "pc:meeting_new": (lambda w: MEMBER(w) | {"purpose": "conversion"}, expect(("branch",))),
    "pc:meeting_detail": (lambda w: MEMBER(w) | {"pk": w.meeting.pk}, expect(("branch", "committee"))),
    # The world's probationer was not transferred in: the branch still gets the page, which shows the
    # rule's refusal (2026 §35 / 2014 §36); everyone else 404.
    "pc:conversion_postpone": (MEMBER, expect(("branch",))),
    "pc:timeline": (MEMBER, expect(("branch", "committee"))),
    "pc:dossier_pdf": (MEMBER, expect(("branch", "committee"))),
    "pc:filing_reject": (lambda w: {"pk": w.filing.pk}, everyone(405)),
    # Files answer 404 (not a login redirect) to anonymous users: nothing tells them a file exists.
    # This is a file of the talk record: the branch's, never handed to the applicant it is about
    # (the applicant's own letter files: tests/pc/test_pc_attachments.py).
    "pc:attachment": (lambda w: {"public_id": w.attachment.public_id},
                      expect(("branch", "committee"), anon=404)),
    "mobile:attachment": (lambda w: {"public_id": w.attachment.public_id},
                          expect(("branch", "committee"), anon=404)),
    # 党员名册 (partydev/pc/views/roster.py): the branch administrator its own branch, the committee
    # administrator every branch below it. The world's roster member 王建国 is of the own branch.
    "pc:roster_index": (None, expect(ADMINS)),
    "pc:roster": (BRANCH, expect(("branch", "committee"))),
    "pc:member_new": (BRANCH, expect(("branch", "committee"))),
    "pc:member_transfer_in": (BRANCH, expect(("branch", "committee"))),
    "pc:member_detail": (ROSTER_MEMBER, expect(("branch", "committee"))),
    "pc:member_edit": (ROSTER_MEMBER, expect(("branch", "committee"))),
    "pc:member_transfer": (ROSTER_MEMBER, expect(("branch", "committee"))),
    # 组织管理 (partydev/pc/views/structure.py): committee administrators, inside their own subtree.
    "pc:org_tree": (None, expect(("committee", "other_committee"))),
    "pc:org_new": (lambda w: {"pk": w.branch.pk}, expect(("committee",))),
    "pc:org_rename": (lambda w: {"pk": w.branch.pk}, expect(("committee",))),
    "pc:org_dissolve": (lambda w: {"pk": w.branch.pk}, expect(("committee",))),  # GET: reasons or confirmation
    "pc:org_move": (lambda w: {"pk": w.branch.pk}, expect(("committee",))),
    "pc:org_merge": (lambda w: {"pk": w.branch.pk}, expect(("committee",))),  # GET: reasons or the form
    "mobile:home": (None, expect(("applicant", "activist", "stranger"))),
    "mobile:register": (lambda w: {"token": w.code.token}, everyone(200)),
    # The applicant's letter is approved (nothing to write: back home); the stranger has none yet.
    "mobile:letter_new": (None, expect(("stranger",), applicant=Redirect("mobile:home"),
                                       activist=Redirect("mobile:home"))),
    "mobile:letter_detail": (lambda w: {"pk": w.letter.pk}, expect(("applicant",))),
    "mobile:report_new": (None, expect(("activist",))),
    "mobile:report_detail": (lambda w: {"pk": w.report.pk}, expect(("activist",))),
}


def url_pattern_names() -> set[str]:
    names = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                # Django admin: only staff reach it, it has its own permission system and it shows
                # no personal data by design (ARCHITECTURE §1); our scope rules do not apply there.
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern):
                # Static files (DEBUG only) are public assets, not data.
                if p.callback is static_serve:
                    continue
                names.add(prefix + p.name if p.name else f"{prefix}<unnamed {p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_pattern_has_a_row():
    assert url_pattern_names() == set(ROWS)


def test_every_row_names_every_actor():
    for name, (_kwargs, expected) in ROWS.items():
        assert set(expected) == set(ACTORS), name


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return LOGIN if "?next=" in location else Redirect("login")
        for name in ("home", "pc:home", "mobile:home", "login"):
            if location == reverse(name):
                return Redirect(name)
        return f"302 → {location}"
    return response.status_code


def _client_for(world, actor) -> Client:
    client = Client()
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_get_matrix(world_with_activist, actor):
    world = world_with_activist
    client = _client_for(world, actor)
    wrong = []
    for name, (kwargs, expected) in sorted(ROWS.items()):
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        got = _outcome(client.get(url))
        if got != expected[actor]:
            wrong.append(f"{name} {url}: expected {expected[actor]}, got {got}")
    assert wrong == []


@pytest.mark.parametrize("actor", ["branch", "sibling", "committee", "other_committee"])
def test_every_record_kind_follows_the_talk_rows(world, actor):
    """The record rows use talks; recommendations and resolutions share the views and must agree."""
    client = _client_for(world, actor)
    wrong = []
    for kind, record in (("recommendations", world.recommendation), ("resolutions", world.resolution)):
        for name in ("pc:record_new", "pc:record_detail", "pc:record_edit", "pc:record_delete"):
            kwargs = {"public_id": world.case.public_id, "kind": kind}
            if name != "pc:record_new":
                kwargs["pk"] = record.pk
            got = _outcome(client.get(reverse(name, kwargs=kwargs)))
            if got != ROWS[name][1][actor]:
                wrong.append(f"{name} {kind}: expected {ROWS[name][1][actor]}, got {got}")
    assert wrong == []


def _case_at(world, stage):
    """A case of the own branch at `stage` in the matrix world."""
    return {"applicant": world.case, "activist": world.activist_case, "target": world.target,
            "probationary": world.member}.get(stage)


@pytest.mark.parametrize("actor", ["branch", "sibling", "committee", "other_committee", "other_branch"])
def test_every_record_kind_and_request_kind_is_in_scope_at_its_stage(world_with_activist, actor):
    """Every declared record kind (new-record page) and request kind (problems, then 确定 page) on a
    person of the own branch at the stage that keeps it: the branch admin gets the page, everyone else
    404 — a row that can only ever answer 404 would prove nothing."""
    world = world_with_activist
    client = _client_for(world, actor)
    wrong, checked = [], 0
    for slug, kind in RECORD_KINDS.items():
        case = _case_at(world, kind.stage)
        if case is None:  # full members: the archive (no full member in this world)
            continue
        got = _outcome(client.get(reverse("pc:record_new", kwargs={"public_id": case.public_id, "kind": slug})))
        checked += 1
        if got != (200 if actor == "branch" else 404):
            wrong.append(f"record_new {slug} on a {kind.stage}: got {got}")
    for kind in BRANCH_REQUESTS:
        case = _case_at(world, REQUEST_KINDS[kind].stage)
        got = _outcome(client.get(reverse("pc:request_send", kwargs={"public_id": case.public_id, "kind": kind})))
        checked += 1
        if got != (200 if actor == "branch" else 404):
            wrong.append(f"request_send {kind} on a {case.stage}: got {got}")
    assert wrong == []
    assert checked == len(RECORD_KINDS) - 1 + len(BRANCH_REQUESTS)


# --- POST: wrong actors are refused and nothing is written -------------------------------------

def _talk_data(w):
    return {"talk_date": w.today.isoformat(), "talkers": [w.roster[0].pk], "place": "会议室", "content": "谈话"}


def _paper_data(w):
    from tests.factories import person

    data = {f"p-{k}": v for k, v in person(9001).items()}
    return data | {"b-branch": w.branch.pk, "l-title": "入党申请书", "l-content": "申请",
                   "l-written_date": w.today.isoformat(), "l-received_date": w.today.isoformat()}


def _member_data(w):
    return {"name": "新党员", "member_type": "full", "join_date": "2010-07-01", "conversion_date": "2011-07-01"}


# The form refuses a branch the user does not manage: 200 with the form error, nothing written.
FORM_REFUSES = {"sibling": 200, "other_branch": 200}

# name → (URL kwargs, valid POST data, expected status per actor that may NOT do this)
POST_ROWS = {
    "pc:code_list": (None, lambda w: {"branch": w.branch.pk, "title": "x", "valid_minutes": 30},
                     expect(anon=LOGIN, **FORM_REFUSES)),
    "pc:code_revoke": (lambda w: {"pk": w.code.pk}, lambda w: {}, expect()),
    "pc:notice_edit": (lambda w: {"branch_pk": w.branch.pk}, lambda w: {
        "text": "{time}", "send_date": (w.today + timedelta(days=30)).isoformat(), "send_hour": 20,
        "valid_minutes": 30}, expect()),
    "pc:applicant_new": (None, _paper_data, expect(**FORM_REFUSES)),
    "pc:letter_approve": (lambda w: {"public_id": w.pending_case.public_id, "pk": w.pending_letter.pk},
                          lambda w: {}, expect()),
    "pc:letter_return": (lambda w: {"public_id": w.pending_case.public_id, "pk": w.pending_letter.pk},
                         lambda w: {"reason": "请补充"}, expect()),
    "pc:record_new": (lambda w: CASE(w) | {"kind": "talks"}, _talk_data, expect()),
    "pc:record_edit": (RECORD, _talk_data, expect()),
    "pc:record_delete": (RECORD, lambda w: {}, expect()),
    "pc:case_filing": (CASE, lambda w: {}, expect()),
    "pc:case_return": (CASE, lambda w: {"point": "letter", "reason": "退回", "stage": "applicant",
                                        "effective_date": w.today.isoformat()}, expect()),
    "pc:filing_accept": (lambda w: {"pk": w.filing.pk},
                         lambda w: {"effective_date": w.today.isoformat()}, expect()),
    "pc:filing_return": (lambda w: {"pk": w.filing.pk}, lambda w: {"reason": "材料不全"}, expect()),
    "mobile:letter_new": (None, lambda w: {"title": "入党申请书", "content": "申请",
                                           "written_date": w.today.isoformat()},
                          expect(activist=Redirect("mobile:home"))),
    "pc:contacts_edit": (ACTIVIST, lambda w: {"contacts": [w.roster[0].pk], "assigned_on": w.today.isoformat()},
                         expect()),
    "pc:report_read": (REPORT, lambda w: {"comment": "已阅"}, expect()),
    "pc:case_transfer": (ACTIVIST, lambda w: {"to_branch": w.sibling.pk, "transferred_on": w.today.isoformat(),
                                              "reason": "工作调动"}, expect()),
    "mobile:report_new": (None, lambda w: {"title": "思想汇报", "content": "体会",
                                           "written_on": w.today.isoformat()}, expect()),
    "pc:introducers_edit": (TARGET, lambda w: {"members": [m.pk for m in w.roster[:2]],
                                               "assigned_on": w.today.isoformat()}, expect()),
    "pc:request_send": (lambda w: MEMBER(w) | {"kind": "conversion"}, lambda w: {}, expect()),
    "pc:target_confirm": (ACTIVIST, lambda w: {}, expect()),
    "pc:meeting_new": (lambda w: MEMBER(w) | {"purpose": "conversion"}, lambda w: {
        "meeting_date": w.today.isoformat(), "votes_for": 3, "votes_against": 0, "votes_abstain": 0,
        "outcome": "on_time", "resolution": "同意"}, expect()),
    "pc:filing_reject": (lambda w: {"pk": w.filing.pk}, lambda w: {"opinion": "不同意"}, expect()),
    "pc:case_password_reset": (CASE, lambda w: {}, expect()),
    # Another committee's form offers none of this committee's nodes: a form error, nothing written.
    "pc:account_new": (None, lambda w: {"username": "newadmin", "name": "新管理员", "org": w.committee.pk},
                       expect(other_committee=400)),
    "pc:account_deactivate": (ACCOUNT, lambda w: {}, expect()),
    "pc:account_reactivate": (ACCOUNT, lambda w: {}, expect()),
    "pc:account_password_reset": (ACCOUNT, lambda w: {}, expect()),
    "pc:security_grant": (ACCOUNT, lambda w: {"role": "branch_admin", "org": w.sibling.pk, "confirm": "1"},
                          expect()),
    "pc:security_revoke": (GRANT, lambda w: {}, expect()),
    "pc:security_unlock": (ACCOUNT, lambda w: {}, expect()),
    "pc:security_two_factor_reset": (ACCOUNT, lambda w: {}, expect()),
    "pc:import_list": (None, lambda w: {}, expect()),
    "pc:import_confirm": (BATCH, lambda w: {}, expect()),
    "pc:import_discard": (BATCH, lambda w: {}, expect()),
    "pc:import_undo": (BATCH, lambda w: {}, expect()),
    "pc:conversion_postpone": (MEMBER, lambda w: {
        "until": add_months(w.member.probation_end, 6).isoformat(), "decided_on": w.today.isoformat(),
        "reason": "转入后需进一步考察"}, expect()),
    "pc:member_new": (BRANCH, _member_data, expect()),
    "pc:member_transfer_in": (BRANCH, lambda w: _member_data(w) | {
        "origin": "外省某党支部", "transferred_on": w.today.isoformat()}, expect()),
    "pc:member_edit": (ROSTER_MEMBER, _member_data, expect()),
    "pc:member_transfer": (ROSTER_MEMBER, lambda w: {
        "where": "out", "destination": "外单位党支部", "transferred_on": w.today.isoformat()}, expect()),
    "pc:org_new": (lambda w: {"pk": w.branch.pk}, lambda w: {"kind": "group", "name": "第三党小组"}, expect()),
    "pc:org_rename": (lambda w: {"pk": w.branch.pk}, lambda w: {"name": "新名称党支部"}, expect()),
    "pc:org_dissolve": (lambda w: {"pk": w.sibling.pk}, lambda w: {"dissolved_on": w.today.isoformat()},
                        expect()),
    # Wrong actors only (the committee's own moves: tests/structure/test_tree_views.py).
    "pc:org_move": (lambda w: {"pk": w.branch.pk}, lambda w: {"target": w.committee.pk}, expect()),
    "pc:org_merge": (lambda w: {"pk": w.sibling.pk}, lambda w: {"target": w.branch.pk,
                                                               "merged_on": w.today.isoformat()}, expect()),
}

# Who may POST (excluded from the refusal check; their success is tested per view).
ALLOWED = {
    "pc:code_list": {"branch"}, "pc:code_revoke": {"branch"}, "pc:notice_edit": {"branch"},
    "pc:applicant_new": {"branch"},
    "pc:letter_approve": {"branch"}, "pc:letter_return": {"branch"}, "pc:record_new": {"branch"},
    "pc:record_edit": {"branch"}, "pc:record_delete": {"branch"}, "pc:case_filing": {"branch"},
    "pc:case_return": {"branch"}, "pc:filing_accept": {"committee"}, "pc:filing_return": {"committee"},
    # Each applicant writes its own letter; the URL names no case, so there is no wrong applicant.
    "mobile:letter_new": {"applicant", "stranger"},
    "pc:contacts_edit": {"branch"}, "pc:report_read": {"branch"}, "pc:case_transfer": {"branch"},
    "mobile:report_new": {"activist"},
    # The branch's own requests are refused by the checks (tested per view), never by scope.
    "pc:introducers_edit": {"branch"}, "pc:request_send": {"branch"}, "pc:target_confirm": {"branch"},
    "pc:meeting_new": {"branch"}, "pc:filing_reject": {"committee"},
    # The world's probationer was not transferred in, so the branch's POST is refused by the rule (400,
    # nothing written); that and the success are tested in tests/pc/test_pc_conversion_postpone.py.
    "pc:conversion_postpone": {"branch"},
    "pc:member_new": {"branch", "committee"}, "pc:member_transfer_in": {"branch", "committee"},
    "pc:member_edit": {"branch", "committee"}, "pc:member_transfer": {"branch", "committee"},
    "pc:org_new": {"committee"}, "pc:org_rename": {"committee"}, "pc:org_dissolve": {"committee"},
    "pc:org_move": {"committee"}, "pc:org_merge": {"committee"},
    "pc:case_password_reset": {"branch"},
    "pc:account_new": {"committee"}, "pc:account_deactivate": {"committee"}, "pc:account_reactivate": {"committee"},
    "pc:account_password_reset": {"committee"},
    "pc:security_grant": {"security"}, "pc:security_revoke": {"security"}, "pc:security_unlock": {"security"},
    "pc:security_two_factor_reset": {"security"},
    # Every administrator uploads its own files; only the importer confirms or discards; undo is the
    # branch's and its committee's (tests/imports).
    "pc:import_list": set(ADMINS), "pc:import_confirm": {"branch"}, "pc:import_discard": {"branch"},
    "pc:import_undo": {"branch", "committee"},
}

# Patterns that write nothing on POST, or only for the requester itself.
NOT_MUTATING_OR_SELF = {
    "home", "pc:home", "pc:code_detail", "pc:code_qr_png", "pc:applicant_list", "pc:activist_list",
    "pc:case_detail", "pc:letter_detail", "pc:record_detail", "pc:filing_inbox", "pc:filing_detail",
    "pc:audit_list", "pc:attachment", "mobile:attachment", "mobile:home", "mobile:letter_detail",
    "pc:reminders", "pc:contacts_search", "pc:introducers_search", "pc:report_detail", "mobile:report_detail",
    "pc:target_list", "pc:probationary_list", "pc:full_list", "pc:ledger_xlsx", "pc:meeting_detail",
    "pc:timeline", "pc:dossier_pdf", "pc:branch_search", "pc:transfer_branches",
    "login", "logout", "password_change", "password_change_done",  # one's own session and password
    "login_verify", "two_factor", "two_factor_recovery", "two_factor_disable",  # one's own second factor
    "set_language",  # one's own language (tests/common/test_language.py)
    "mobile:register",  # public by design: the QR token is the credential (tested in tests/mobile)
    "password_reset_link",  # the same: tested in tests/security/test_password_reset.py
    "pc:roster_index", "pc:roster", "pc:member_detail", "pc:org_tree",
    "pc:account_list", "pc:security_user_list", "pc:security_user", "pc:security_locked",
    "pc:import_template", "pc:import_detail", "pc:import_progress",
    "pc:tree_export", "pc:roster_export", "pc:people_export",
}


def test_every_url_pattern_is_classified_for_post():
    assert set(POST_ROWS) | NOT_MUTATING_OR_SELF == url_pattern_names()
    assert not set(POST_ROWS) & NOT_MUTATING_OR_SELF


@pytest.mark.parametrize("actor", ACTORS)
def test_post_matrix_wrong_actors_write_nothing(world_with_activist, actor):
    world = world_with_activist
    client = _client_for(world, actor)
    wrong = []
    for name, (kwargs, data, expected) in sorted(POST_ROWS.items()):
        if actor in ALLOWED[name]:
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        before = db_state()
        got = _outcome(client.post(url, data(world)))
        if got != expected[actor]:
            wrong.append(f"POST {name}: expected {expected[actor]}, got {got}")
        changed = {k for k, v in db_state().items() if before[k] != v}
        if changed:
            wrong.append(f"POST {name} by {actor} wrote {sorted(changed)}")
    assert wrong == []
