"""The access matrix of the API (as tests/test_scope_matrix.py for the pages): every API URL pattern ×
every actor, with the status each must get, and every writing endpoint × every actor that may not
write: the status, and nothing written. Outside scope or role is 404, as on the web; no or a bad token
is 401. Objects belong to the own branch (第一党支部) of the world."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from partydev.pc.record_kinds import RECORD_KINDS
from tests.factories import db_state

ACTORS = ("anon", "applicant", "activist", "stranger", "branch", "sibling", "committee", "other_committee",
          "other_branch", "auditor", "security")
ADMINS = ("branch", "sibling", "committee", "other_committee", "other_branch")
BRANCH_ADMINS = ("branch", "sibling", "other_branch")
COMMITTEES = ("committee", "other_committee")
PHONES = ("applicant", "activist", "stranger")


def expect(ok=(), *, status=200, rest=404, anon=401, **special) -> dict:
    result = {a: (status if a in ok else rest) for a in ACTORS}
    result["anon"] = anon
    result.update(special)
    return result


def everyone(value):
    return dict.fromkeys(ACTORS, value)


CASE = lambda w: {"public_id": w.case.public_id}  # noqa: E731
LETTER = lambda w: CASE(w) | {"pk": w.letter.pk}  # noqa: E731
STAGE = {"stage": "applicant"}


def _record_rows():
    rows = {}
    for slug in RECORD_KINDS:
        rows[f"api:records_{slug}"] = (CASE, None, expect(("branch", "committee")))
        if slug == "talks":
            rows[f"api:record_{slug}"] = (lambda w: CASE(w) | {"pk": w.talk.pk}, None, expect(("branch", "committee")))
        else:  # no such record of this person: 404 for everyone (the talk row shows the scope)
            rows[f"api:record_{slug}"] = (lambda w: CASE(w) | {"pk": 999999}, None, expect())
    return rows


# name → (URL kwargs, query, expected GET status per actor)
ROWS = {
    "api:schema": (None, None, everyone(200)),
    "api:swagger": (None, None, everyone(200)),
    "api:redoc": (None, None, everyone(200)),
    "api:token": (None, None, everyone(405)),
    "api:token_revoke": (None, None, expect(ACTORS, status=405)),
    "api:token_revoke_all": (None, None, expect(ACTORS, status=405)),
    "api:account": (None, None, expect(ACTORS)),
    "api:registration_code": (lambda w: {"token": w.code.token}, None, everyone(200)),
    "api:register": (lambda w: {"token": w.code.token}, None, everyone(405)),
    "api:me": (None, None, expect(PHONES)),
    "api:me_progress": (None, None, expect(PHONES)),
    "api:me_letters": (None, None, expect(PHONES)),
    "api:me_letter": (lambda w: {"pk": w.letter.pk}, None, expect(("applicant",))),
    "api:me_reports": (None, None, expect(PHONES)),
    "api:me_report": (lambda w: {"pk": w.report.pk}, None, expect(("activist",))),
    "api:cases": (None, STAGE, expect(ADMINS)),
    "api:case": (CASE, None, expect(("branch", "committee"))),
    "api:case_timeline": (CASE, None, expect(("branch", "committee"))),
    "api:case_letters": (CASE, None, expect(("branch", "committee"))),
    "api:letter_approve": (LETTER, None, expect(BRANCH_ADMINS, status=405)),
    "api:letter_return": (LETTER, None, expect(BRANCH_ADMINS, status=405)),
    "api:case_contacts": (lambda w: {"public_id": w.activist_case.public_id}, None, expect(("branch", "committee"))),
    "api:case_contact_candidates": (lambda w: {"public_id": w.activist_case.public_id}, None, expect(("branch",))),
    "api:case_reports": (lambda w: {"public_id": w.activist_case.public_id}, None, expect(("branch", "committee"))),
    "api:case_report_read": (lambda w: {"public_id": w.activist_case.public_id, "pk": w.report.pk}, None,
                             expect(BRANCH_ADMINS, status=405)),
    "api:case_return": (CASE, None, expect(BRANCH_ADMINS, status=405)),
    # 确定为发展对象 is open while a 2026-rules activist awaits it (the web's target_needs_notice).
    "api:target_confirm": (lambda w: {"public_id": w.activist_case.public_id}, None, expect(("branch",))),
    "api:case_introducers": (lambda w: {"public_id": w.target.public_id}, None, expect(("branch", "committee"))),
    "api:case_introducer_candidates": (lambda w: {"public_id": w.target.public_id}, None, expect(("branch",))),
    "api:case_meetings": (lambda w: {"public_id": w.member.public_id}, None, expect(("branch", "committee"))),
    "api:meeting_new": (lambda w: {"public_id": w.member.public_id, "purpose": "conversion"}, None,
                        expect(("branch",))),
    "api:conversion_postpone": (lambda w: {"public_id": w.member.public_id}, None, expect(BRANCH_ADMINS, status=405)),
    "api:request_problems": (lambda w: CASE(w) | {"kind": "activist"}, None, expect(("branch",))),
    "api:request_send": (lambda w: CASE(w) | {"kind": "activist"}, None, expect(BRANCH_ADMINS, status=405)),
    **_record_rows(),
    "api:filings": (None, None, expect(COMMITTEES)),
    "api:filing": (lambda w: {"pk": w.filing.pk}, None, expect(("committee",))),
    "api:filing_accept": (lambda w: {"pk": w.filing.pk}, None, expect(COMMITTEES, status=405)),
    "api:filing_return": (lambda w: {"pk": w.filing.pk}, None, expect(COMMITTEES, status=405)),
    "api:filing_reject": (lambda w: {"pk": w.filing.pk}, None, expect(COMMITTEES, status=405)),
    "api:reminders": (None, None, expect(ADMINS)),
    "api:ledger": (None, STAGE, expect(ADMINS)),
    # A file of the talk record: the branch's, never handed to the applicant it is about.
    "api:attachment": (lambda w: {"public_id": w.attachment.public_id}, None, expect(("branch", "committee"))),
}


def api_pattern_names() -> set[str]:
    names = set()
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == "api":
            names |= {f"api:{q.name}" for q in p.url_patterns if isinstance(q, URLPattern)}
    return names


def client_for(world, actor):
    client = APIClient()
    user = world.actors[actor]
    if user is not None:
        _instance, token = AuthToken.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_every_api_pattern_has_a_row():
    assert api_pattern_names() == set(ROWS)


def test_every_row_names_every_actor():
    for name, (_kwargs, _query, expected) in ROWS.items():
        assert set(expected) == set(ACTORS), name


@pytest.mark.parametrize("actor", ACTORS)
def test_get_matrix(world_with_activist, actor):
    world = world_with_activist
    client = client_for(world, actor)
    wrong = []
    for name, (kwargs, query, expected) in sorted(ROWS.items()):
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        got = client.get(url, query or {}).status_code
        if got != expected[actor]:
            wrong.append(f"{name} {url}: expected {expected[actor]}, got {got}")
    assert wrong == []


# Writes: name → (method, URL kwargs, body, the actors allowed to write, expected status of the others)
TODAY = lambda w: w.today.isoformat()  # noqa: E731
TALK = lambda w: {"talk_date": TODAY(w), "other_talkers": "王书记", "place": "会议室", "content": "谈话"}  # noqa: E731
MEETING = lambda w: {  # noqa: E731
    "meeting_date": TODAY(w), "votes_for": 3, "votes_against": 0, "votes_abstain": 0, "voting_method": "secret_ballot",
    "voted_alone": True, "resolution": "同意", "outcome": "extend", "extension_months": 6,
    "attendance": [{"member": m.pk, "status": "present"} for m in w.roster]}
WRITES = {
    "letter_approve": ("post", lambda w: CASE(w) | {"pk": w.letter.pk}, lambda w: {}, {"branch"}, expect()),
    "pending_letter_approve": ("post", lambda w: {"public_id": w.pending_case.public_id, "pk": w.pending_letter.pk},
                               lambda w: {}, {"branch"}, expect()),
    "pending_letter_return": ("post", lambda w: {"public_id": w.pending_case.public_id, "pk": w.pending_letter.pk},
                              lambda w: {"reason": "重写"}, {"branch"}, expect()),
    "request_send": ("post", lambda w: CASE(w) | {"kind": "activist"}, lambda w: {"on": TODAY(w)}, {"branch"},
                     expect()),
    "records_talks": ("post", CASE, TALK, {"branch"}, expect()),
    "record_talks_put": ("put", lambda w: CASE(w) | {"pk": w.talk.pk}, TALK, {"branch"}, expect()),
    "record_talks_delete": ("delete", lambda w: CASE(w) | {"pk": w.talk.pk}, lambda w: {}, {"branch"}, expect()),
    "filing_accept": ("post", lambda w: {"pk": w.filing.pk}, lambda w: {"effective_date": TODAY(w)},
                      {"committee"}, expect()),
    "filing_return": ("post", lambda w: {"pk": w.filing.pk}, lambda w: {"reason": "补充材料"}, {"committee"},
                      expect()),
    "case_report_read": ("post", lambda w: {"public_id": w.activist_case.public_id, "pk": w.report.pk},
                         lambda w: {"comment": "已阅"}, {"branch"}, expect()),
    "case_contacts": ("put", lambda w: {"public_id": w.activist_case.public_id},
                      lambda w: {"contacts": [w.roster[0].pk], "assigned_on": TODAY(w)}, {"branch"}, expect()),
    "case_return": ("post", CASE, lambda w: {"point": "letter", "effective_date": TODAY(w), "reason": "材料不全",
                                             "stage": "applicant"}, {"branch"}, expect()),
    "target_confirm": ("post", lambda w: {"public_id": w.activist_case.public_id}, lambda w: {"on": TODAY(w)},
                       {"branch"}, expect()),
    "case_introducers": ("put", lambda w: {"public_id": w.target.public_id},
                         lambda w: {"members": [w.roster[0].pk, w.roster[1].pk], "assigned_on": "2026-02-09"},
                         {"branch"}, expect()),
    "meeting_new": ("post", lambda w: {"public_id": w.member.public_id, "purpose": "conversion"}, MEETING,
                    {"branch"}, expect()),
    "conversion_postpone": ("post", lambda w: {"public_id": w.member.public_id},
                            lambda w: {"until": "2027-05-01", "decided_on": TODAY(w), "reason": "转入"}, {"branch"},
                            expect()),
    "me_letters": ("post", None, lambda w: {"title": "入党申请书", "content": "申请", "written_date": TODAY(w)},
                   {"stranger"}, expect(applicant=409, activist=409)),
    "me_reports": ("post", None, lambda w: {"title": "思想汇报", "content": "体会", "written_on": TODAY(w)},
                   {"activist"}, expect()),
}
URL_NAMES = {"pending_letter_approve": "letter_approve", "pending_letter_return": "letter_return",
             "record_talks_put": "record_talks", "record_talks_delete": "record_talks"}


def test_every_writing_pattern_has_a_write_row():
    written = {f"api:{URL_NAMES.get(n, n)}" for n in WRITES}
    # Writes only for oneself (tokens; registration with the QR token: test_api_auth.py, test_api_flow.py);
    # the refusal of a filing is the return's twin (test_api_endpoints.py).
    own = {"api:token", "api:token_revoke", "api:token_revoke_all", "api:register", "api:filing_reject"}
    post_only = {n for n, (_k, _q, exp) in ROWS.items() if 405 in exp.values()}
    # Patterns that read (GET) and write (POST / PUT / DELETE); the other record kinds share the talk's
    # views (test below).
    read_and_write = {"api:me_letters", "api:me_reports", "api:records_talks", "api:record_talks", "api:case_contacts",
                      "api:case_introducers", "api:target_confirm", "api:meeting_new"}
    assert post_only - own <= written
    assert read_and_write <= written
    assert written <= api_pattern_names()


@pytest.mark.parametrize("actor", ACTORS)
def test_write_matrix_wrong_actors_write_nothing(world_with_activist, actor):
    world = world_with_activist
    client = client_for(world, actor)
    wrong = []
    for name, (method, kwargs, body, allowed, expected) in sorted(WRITES.items()):
        if actor in allowed:
            continue
        url = reverse(f"api:{URL_NAMES.get(name, name)}", kwargs=kwargs(world) if kwargs else None)
        before = db_state()
        got = getattr(client, method)(url, body(world), format="json").status_code
        if got != expected[actor]:
            wrong.append(f"{method.upper()} {name}: expected {expected[actor]}, got {got}")
        changed = {k for k, v in db_state().items() if before[k] != v}
        if changed:
            wrong.append(f"{method.upper()} {name} by {actor} wrote {sorted(changed)}")
    assert wrong == []


@pytest.mark.parametrize("actor", ["branch", "sibling", "committee", "other_committee", "other_branch"])
def test_every_record_kind_can_be_created_only_by_the_branch_at_its_stage(world_with_activist, actor):
    """Every declared kind's create endpoint on a person of the own branch at the stage that keeps it:
    the branch gets past the scope (a 400 for the empty body, nothing written), everyone else 404."""
    world = world_with_activist
    at = {"applicant": world.case, "activist": world.activist_case, "target": world.target,
          "probationary": world.member}
    client = client_for(world, actor)
    wrong = []
    for slug, kind in RECORD_KINDS.items():
        case = at.get(kind.stage)
        if case is None:
            continue
        before = db_state()
        got = client.post(reverse(f"api:records_{slug}", kwargs={"public_id": case.public_id}), {},
                          format="json").status_code
        want = 400 if actor == "branch" else 404
        if got != want:
            wrong.append(f"{slug} ({kind.stage}): expected {want}, got {got}")
        if db_state() != before:
            wrong.append(f"{slug} wrote something")
    assert wrong == []
