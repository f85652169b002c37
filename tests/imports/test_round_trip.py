"""Round trip (issue 12): the tree, the rosters and the people exported from one site (the demo,
site A) import into an empty site (B) and give the same 台账, the same roster and the same 全程纪实.

Site A is the demo plus two people entered (through the services) in the shapes the 台账's columns
can express: an applicant with a talk, and an activist whose recommendation, resolution, filing and
contacts fall on the activist date.

"Empty site" is what an installation has before anything is imported: the database flushed, then the
root 党委 (示范党委, as the operator creates it) and one account, `migrator`, to which the operator
grants 党委管理员 on it (`manage.py grant_role`'s service). The migrator imports 组织, then is granted
党支部管理员 on each imported branch (the security administrator's 权限管理 in a real site: a person
is entered by a branch administrator, and the activist filing accepted by the committee — holding
both, the import enters both, docs/import.md), then imports 党员名册, then 发展党员. Every file is the
site A download of the pages (pc:tree_export, pc:roster_export, pc:people_export), read from bytes.

Compared, for the committee's scope (示范党委; the demo's 另一党委 is another site's):
* the tree: every live node's path of names and kind;
* the roster: every member's branch, name, 正式/预备, 入党日期, 转正日期, 党小组, 党内职务;
* the 台账: the file users download (pc:ledger_xlsx's builder), every row but its 序号;
* each person's 全程纪实: every step's state, date done and date due, and every record's title and
  date (a letter's and a request's status too, a letter's reason for returning, a request's date sent). Free-text contents the 台账 does not carry (a talk's place and content, a resolution's note,
  the letter's text: the import writes "导入时原始资料未记载") and who entered or decided each step
  (in B, the migrator) are excluded from the comparison.

Every demo person makes the trip: a letter waiting or returned (申请书状态, 退回原因), steps 2–4 on
their own days (推荐日期, 支委会研究确定积极分子日期, 报党委备案日期), a filing waiting in the committee's
inbox (报党委备案日期 without 确定为入党积极分子日期), contacts appointed later (确定培养联系人日期) or
from another branch (第一党支部/王建国), thought reports and cultivation opinions (思想汇报,
培养考察意见) — the sheet's optional columns (docs/import.md). The named set below (empty) would
say who does not and why; the test checks that exactly those differ."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydev.accounts.services import role_grant
from partydev.cases.models import Case
from partydev.cases.selectors.dossier import build_dossier
from partydev.cases.selectors.ledger import build_ledger
from partydev.cases.selectors.scope import cases_visible_to
from partydev.cases.services import contacts_set, filing_accept, filing_submit, letter_approve
from partydev.demo import entries
from partydev.demo.load import load_demo
from partydev.demo.records import person
from partydev.imports.services import batch_upload, check_batch, confirm_batch, confirm_start, rows_of
from partydev.orgs.models import Member, Organisation, OrgKind, Role
from partydev.process.enums import Stage

# The 发展党员 sheet has every step (1–25): every stage makes the trip.
IMPORTABLE_STAGES = set(Stage)
# The demo's people of steps 7–25 (demo/members.py) had their talk, recommendation, resolution and
# activist filing on separate days (records.prepare_for_filing, steps.make_activist): the sheet's
# optional columns 推荐日期, 支委会研究确定积极分子日期 and 报党委备案日期 carry them.
LATE = {"郑浩", "吴佳怡", "周明轩"}

# Demo people whose file holds something the 发展党员 sheet does not carry (each would be imported with
# what the sheet has, and their 全程纪实 would differ). By name: reason. None left: every demo person
# makes the trip.
NOT_IN_THE_LEDGER: dict[str, str] = {}
LEDGER_COLUMNS = 16  # the 台账 minus 序号: 姓名, 身份证号, 党支部, 发展阶段 and 12 dates (ledger.columns)


def _entered_as_the_ledger_carries_them(users):
    """Besides the demo: an applicant with a talk and an activist whose recommendation, resolution,
    filing and contacts are all on the activist date — the shapes the 台账's columns express."""
    today = timezone.localdate()
    b1 = Organisation.objects.get(name="第一党支部")
    b2 = Organisation.objects.get(name="第二党支部")
    talked = entries.paper(users["branch2"], b2, person("钱多多", 21, date(2003, 2, 3), 21), today - timedelta(days=30))
    letter_approve(letter=talked.applicationletters.get(), actor=users["branch2"])
    entries.talk(talked, users["branch2"], today - timedelta(days=20))
    activist = entries.paper(users["branch1"], b1, person("冯一帆", 22, date(2002, 8, 9), 22),
                             today - timedelta(days=200))
    on = today - timedelta(days=100)
    entries.prepare_for_filing(activist, users["branch1"], talk_on=today - timedelta(days=190), recommended_on=on)
    filing = filing_submit(case=activist, actor=users["branch1"], sent_on=on)
    filing_accept(filing=filing, actor=users["committee"], effective_date=on)
    contacts_set(case=activist, members=list(b1.members.filter(member_type="full").order_by("name")[:2]),
                 assigned_on=on, actor=users["branch1"])


def _download(client, user, name) -> bytes:
    client.force_login(user)
    # The people file (full ID numbers) is downloaded by POST, after its confirmation page.
    response = (client.post if name == "pc:people_export" else client.get)(reverse(name))
    assert response.status_code == 200, name
    return response.content


def _import(user, data: bytes, sheet: str):
    batch = check_batch(batch_upload(importer=user, file_name=f"{sheet}.xlsx", data=data, sheet=sheet))
    problems = {r["row"]: (r["errors"], [p["message"] for p in r["problems"]])
                for r in rows_of(batch) if r["errors"] or r["problems"]}
    return confirm_batch(confirm_start(batch=batch, actor=user)), problems


def _tree(user):
    step = Organisation.steplen
    committee = Organisation.objects.get(path=min(p for p in _paths(user)))
    nodes = Organisation.objects.filter(path__under=committee.path, dissolved_on__isnull=True).order_by("path")
    names = {n.path: n.name for n in nodes}
    return sorted(("/".join(names[n.path[:i]] for i in range(step, len(n.path) + 1, step)), n.kind) for n in nodes)


def _paths(user):
    from partydev.orgs.selectors import scope_paths

    return scope_paths(user, (Role.COMMITTEE_ADMIN,))


def _roster(user):
    committee = min(_paths(user))
    return sorted((m.branch.name, m.name, m.member_type, m.join_date, m.conversion_date,
                   m.group.name if m.group_id else None, m.position)
                  for m in Member.objects.filter(branch__path__under=committee, active=True)
                  .select_related("branch", "group"))


def _ledger(cases) -> dict:
    data, _written, _total = build_ledger(cases, title="台账")
    ws = load_workbook(BytesIO(data)).active
    rows = [[c.value for c in row][1:] for row in ws.iter_rows(min_row=2)]
    assert all(len(r) == LEDGER_COLUMNS for r in rows), rows[:2]
    return {r[0]: r for r in rows}  # by name (the demo's names are unique)


def _dossier(case) -> list:
    """The 全程纪实 without free texts and actors: steps (code, state, done, due), records (title, date,
    a letter's or a request's status, a letter's reason for returning, a request's date sent)."""
    dossier = build_dossier(case, timezone.localdate())

    def record(r):
        return (r.title, r.on or date.max, getattr(r.record, "status", ""), getattr(r.record, "sent_on", None),
                r.record.return_reason if type(r.record).__name__ == "ApplicationLetter" else "")

    return [(s.step.code, s.row.state, s.row.done_on, s.row.due_on, sorted(record(r) for r in s.records))
            for s in dossier.steps]


def _people(user) -> dict:
    cases = cases_visible_to(user).filter(stage__in=IMPORTABLE_STAGES)
    return {c.name: _dossier(c) for c in cases}


@pytest.mark.django_db(transaction=True)
def test_tree_roster_and_ledger_exported_from_one_site_import_into_an_empty_site(client):
    # --- site A: the demo; the committee administrator downloads the three files ---------------------
    load_demo()
    User = get_user_model()
    _entered_as_the_ledger_carries_them({u.username: u for u in User.objects.all()})
    committee = User.objects.get(username="committee")
    files = {sheet: _download(client, committee, name) for sheet, name in (
        ("tree", "pc:tree_export"), ("roster", "pc:roster_export"), ("people", "pc:people_export"))}
    cases_a = cases_visible_to(committee).filter(stage__in=IMPORTABLE_STAGES)
    tree_a, roster_a = _tree(committee), _roster(committee)
    ledger_a, people_a = _ledger(cases_a), _people(committee)
    assert len(tree_a) == 7 and len(roster_a) == 14 and len(people_a) >= 7

    # --- site B: empty, but for its 党委 and the migrating account ----------------------------------------
    call_command("flush", interactive=False, verbosity=0)
    assert not Case.objects.exists() and not Organisation.objects.exists()
    root = Organisation.add_root(name="示范党委", kind=OrgKind.COMMITTEE)
    migrator = User.objects.create_user(username="migrator", password="x")
    role_grant(actor=None, actor_name="os:test", user=migrator, role=Role.COMMITTEE_ADMIN, org=root)

    batch, problems = _import(migrator, files["tree"], "tree")
    assert problems == {} and batch.created_count == len(tree_a) - 1
    for branch in Organisation.objects.filter(kind=OrgKind.BRANCH):
        role_grant(actor=None, actor_name="os:test", user=migrator, role=Role.BRANCH_ADMIN, org=branch)
    migrator = User.objects.get(pk=migrator.pk)  # its next request reads the new grants
    batch, problems = _import(migrator, files["roster"], "roster")
    assert problems == {} and batch.created_count == len(roster_a)
    batch, problems = _import(migrator, files["people"], "people")
    refused = {r["name"] for r in rows_of(batch) if r["errors"] or r["problems"]}
    assert refused == set(), problems

    # --- the same tree, roster, 台账 and 全程纪实 ------------------------------------------------------------
    assert _tree(migrator) == tree_a
    assert _roster(migrator) == roster_a
    ledger_b = _ledger(cases_visible_to(migrator).filter(stage__in=IMPORTABLE_STAGES))
    people_b = _people(migrator)
    compared = set(ledger_a) - set(NOT_IN_THE_LEDGER)
    assert compared, "nobody left to compare"
    assert compared == set(ledger_a) == set(people_a)  # every demo person of the committee's scope
    assert {n: ledger_b.get(n) for n in LATE} == {n: ledger_a[n] for n in LATE}  # at step 25, 17 and 8
    assert {n: ledger_b.get(n) for n in compared} == {n: ledger_a[n] for n in compared}
    assert {n: people_b.get(n) for n in compared} == {n: people_a[n] for n in compared}
    # Exactly the people named above differ (shorten NOT_IN_THE_LEDGER when one starts to make the trip).
    differ = {n for n in ledger_a if ledger_b.get(n) != ledger_a[n] or people_b.get(n) != people_a[n]}
    assert differ == set(NOT_IN_THE_LEDGER) & set(ledger_a)

