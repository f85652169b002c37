"""Factories and builders for the test world.

Two kinds of helpers live here:

* factory_boy model factories (`CaseFactory`, `TalkFactory`, …) for fast bulk rows and for unit
  tests of the process rules, where any date (past, boundary) must be possible;
* builders that go through `partydev.cases.services` (`paper_case`, `registered_case`,
  `add_talk`, …), because that is how real rows come about: with history, audit events and
  deadlines. View tests use these so the state they start from is a state the site can produce.
"""

import itertools
from contextlib import contextmanager
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from partydev.cases.attachments import attachments_add
from partydev.cases.models import (
    ApplicationLetter,
    BranchResolution,
    Case,
    Filing,
    Recommendation,
    Talk,
)
from partydev.cases.services import (
    case_register,
    filing_submit,
    record_version,
)
from partydev.common.crypto import blind_index
from partydev.common.idcard import make_id_number
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant
from partydev.process.enums import (
    CaseSource,
    Education,
    FilingStatus,
    LetterStatus,
    RecommendationMethod,
    ResolutionResult,
    Stage,
)
from partydev.registration.services import code_create
from partydev.stats.counters import cases_refresh

PASSWORD = "Test@2026pw"

# Tiny files whose leading bytes are what the upload check looks at.
PNG_BYTES = (  # a real 1×1 red pixel
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A GIF/JavaScript polyglot named like a PNG: neither its name nor its declared type may let it in.
POLYGLOT_BYTES = b"GIF89a/*\x00\x00*/=1;alert(document.cookie);//<script>alert(1)</script>"

# Numbers from 9000 up are left for tests that want a fixed, known person.
_person_numbers = itertools.count(1)


def png(name="scan.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def polyglot(name="photo.png"):
    return SimpleUploadedFile(name, POLYGLOT_BYTES, content_type="image/png")


# --- organisations, people, accounts ---------------------------------------------------------

def committee(name: str) -> Organisation:
    return Organisation.objects.add_root({"name": name, "kind": OrgKind.COMMITTEE})


def child(parent: Organisation, name: str, kind: str = OrgKind.BRANCH) -> Organisation:
    return Organisation.objects.add_child(parent, {"name": name, "kind": kind})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    member_type = MemberType.FULL


def admin(role: str, org: Organisation, username: str | None = None):
    """A user holding `role` on `org`."""
    user = UserFactory(**({"username": username} if username else {}))
    RoleGrant.objects.create(user=user, role=role, org=org)
    return user


def branch_admin(branch, username=None):
    return admin(Role.BRANCH_ADMIN, branch, username)


def person(n: int | None = None, *, birth: date = date(2000, 3, 1), gender: str = "M", **extra) -> dict:
    """Valid PersonForm-shaped data; `n` makes the 身份证号 and phone unique."""
    n = next(_person_numbers) if n is None else n
    data = {
        "name": f"申请人{n}",
        "ethnicity": "汉族",
        "id_number": make_id_number("110105", birth + timedelta(days=n // 100), n % 100, gender),
        "phone": f"139{n:08d}",
        "education": Education.BACHELOR,
        "work_unit": "示范大学",
    }
    return data | extra


# --- cases through the services --------------------------------------------------------------

LETTER_CONTENT = "我志愿加入中国共产党，拥护党的纲领，遵守党的章程。"


def paper_case(branch, actor, *, received: date | None = None, files=(), **person_fields) -> Case:
    """A paper application entered by the branch: the case plus a submitted letter."""
    received = received or timezone.localdate() - timedelta(days=10)
    return entries.paper(actor, branch, person(**person_fields), received, content=LETTER_CONTENT, files=files)


def registration_code(branch, actor, minutes: int = 30):
    return code_create(branch=branch, actor=actor, title="测试注册码", valid_minutes=minutes)


def registered_case(code, *, username: str | None = None, **person_fields) -> Case:
    """An applicant who registered through a QR code (the case has its own account)."""
    data = person(**person_fields)
    data["username"] = username or f"app{data['phone'][-6:]}"
    return case_register(code=code, data=data, password=PASSWORD)


# The records of part 一, entered as the site does (partydev/demo/entries.py, the one builder library).
add_talk = entries.talk
add_recommendation = entries.recommendation


def add_resolution(case, actor, on: date, result=ResolutionResult.PASSED, files=()) -> BranchResolution:
    return entries.resolution(case, actor, on, result=result, files=files)


def prepare_for_filing(case, actor, *, on: date | None = None) -> Case:
    """Approve the letter and record talk, recommendation and a passed resolution (nothing blocks)."""
    return entries.prepare_for_filing(case, actor, talk_on=on)


def filed_case(branch, actor, **kwargs) -> tuple[Case, Filing]:
    case = prepare_for_filing(paper_case(branch, actor, **kwargs), actor)
    return case, filing_submit(case=case, actor=actor, sent_on=timezone.localdate())


def attach(record, actor, upload=None):
    return attachments_add(record=record, files=[upload or png()], actor=actor)[0]


# --- plain model factories (no services: any date, fast bulk rows) ---------------------------

class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case row. Prefer `paper_case` unless the test is about rules or volume."""

    class Meta:
        model = Case
        exclude = ("n", "birth")
        skip_postgeneration_save = True

    n = factory.Sequence(lambda i: 5000 + i)
    birth = date(1999, 5, 4)
    branch = None
    org_path = factory.LazyAttribute(lambda o: o.branch.path)
    stage = Stage.APPLICANT
    source = CaseSource.PAPER
    name = factory.LazyAttribute(lambda o: f"名单{o.n}")
    gender = "M"
    ethnicity = "汉族"
    id_number = factory.LazyAttribute(lambda o: person(o.n, birth=o.birth)["id_number"])
    id_hash = factory.LazyAttribute(lambda o: blind_index(o.id_number))
    birth_date = factory.LazyAttribute(lambda o: date.fromisoformat(
        f"{o.id_number[6:10]}-{o.id_number[10:12]}-{o.id_number[12:14]}"))
    phone = factory.LazyAttribute(lambda o: f"137{o.n:08d}")
    education = Education.BACHELOR
    work_unit = "示范大学"

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        """A bare row is written without the services: count it in the statistics' counters (the home
        page's stage totals, the report's stock) as the services would."""
        if create:
            cases_refresh([obj.pk])


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationLetter

    title = "入党申请书"
    content = LETTER_CONTENT
    received_date = date(2026, 1, 10)
    written_date = factory.LazyAttribute(lambda o: o.received_date - timedelta(days=1))
    status = LetterStatus.APPROVED


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk

    talk_date = date(2026, 1, 20)
    other_talkers = "支部书记"
    place = "党员活动室"
    content = "谈话"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    recommended_on = date(2026, 3, 1)
    method = RecommendationMethod.MEMBERS


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchResolution

    meeting_date = date(2026, 3, 10)
    result = ResolutionResult.PASSED


class FilingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filing

    status = FilingStatus.PENDING
    committee = factory.LazyAttribute(lambda o: o.case.branch.owning_committee())
    committee_path = factory.LazyAttribute(lambda o: o.committee.path)


def seen(record) -> dict:
    """What an edit page posts besides the fields: the version of `record` it was opened on (the
    hidden `version` field), read from the database as the page would have read it."""
    return {"version": record_version(type(record).objects.get(pk=record.pk))}


# --- "nothing was written" -------------------------------------------------------------------

def db_state() -> dict:
    """Row counts and the state fields a mutating view could touch; equal before and after a
    refused request means nothing was written (audit events included)."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_static.models import StaticDevice

    from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
    from partydev.audit.models import AuditEvent
    from partydev.cases.models import Attachment, Deadline, StageChange
    from partydev.imports.models import ImportBatch
    from partydev.orgs.models import AccountHome
    from partydev.registration.models import PasswordResetLink, RegistrationCode, RegistrationNotice
    from partydev.structure.models import MemberTransfer

    return {
        "users": get_user_model().objects.count(),
        "cases": sorted(Case.objects.values_list("pk", "stage", "activist_since", "branch_id", "org_path")),
        "letters": sorted(ApplicationLetter.objects.values_list("pk", "status", "return_reason")),
        "talks": sorted(Talk.objects.values_list("pk", "talk_date", "place")),
        "recommendations": sorted(Recommendation.objects.values_list("pk", "recommended_on", "note")),
        "resolutions": sorted(BranchResolution.objects.values_list("pk", "meeting_date", "result")),
        "filings": sorted(Filing.objects.values_list("pk", "status", "return_reason")),
        "history": StageChange.objects.count(),
        "imports": sorted(ImportBatch.objects.values_list("pk", "status")),
        "attachments": Attachment.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("case_id", "kind", "due_date")),
        "codes": sorted(RegistrationCode.objects.values_list("pk", "revoked_at")),
        "notices": sorted(RegistrationNotice.objects.values_list("pk", "text", "send_at", "valid_minutes")),
        "reset_links": sorted(PasswordResetLink.objects.values_list("pk", "used_at", "revoked_at")),
        "passwords": sorted(get_user_model().objects.values_list("pk", "password")),
        "audit": AuditEvent.objects.count(),
        # 党员名册 and 组织管理 (partydev/structure).
        "members": sorted(Member.objects.values_list(
            "pk", "branch_id", "group_id", "name", "member_type", "join_date", "conversion_date", "position",
            "discipline", "discipline_until", "active")),
        "orgs": sorted(Organisation.objects.values_list("pk", "path", "name", "kind", "dissolved_on")),
        "member_transfers": MemberTransfer.objects.count(),
        "grants": sorted(RoleGrant.objects.values_list("pk", "user_id", "role", "org_id")),
        "active": sorted(get_user_model().objects.values_list("pk", "is_active")),
        "homes": sorted(AccountHome.objects.values_list("user_id", "org_id")),
        "login_attempts": sorted(AccessAttempt.objects.values_list("pk", "failures_since_start")),
        "otp_devices": (TOTPDevice.objects.count(), StaticDevice.objects.count()),
    }


@contextmanager
def rolled_back(django_db_blocker):
    """Data made inside lives until the block ends, then is rolled back. Module-scoped fixtures use
    it (as Django's setUpTestData does): each test's own transaction is a savepoint on top."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def committee_vote(on) -> dict:
    """The Party committee's own meeting and vote on an approval (§24), held on the decision day."""
    return {"meeting_on": on, "votes_for": 7, "votes_against": 0, "votes_abstain": 0}
