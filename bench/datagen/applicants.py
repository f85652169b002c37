"""Part 一 records of a generated case: letters, the talk, the recommendation, the resolution and
the activist filing, with the history and audit events the services would write."""

from datetime import date
from types import SimpleNamespace

from partydev.process.enums import (
    FilingKind,
    FilingStatus,
    LetterStatus,
    RecommendationMethod,
    ResolutionResult,
    Stage,
)
from partydev.process.gates import FILE_ACTIVIST, problems
from partydev.process.transitions import ACCEPT_ACTIVIST

from .roster import Account, Place
from .writers import dumps

LETTER_TEXT = ("敬爱的党组织：\n    我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
               "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身。\n    请党组织在实践中考验我。")


class ApplicantRecords:
    """Mixed into CaseBuilder (case.py), which provides rng, w, c, facts, today, accounts and the
    helpers days, at, record_id, history and event."""

    def _letters(self, place: Place, person, dates) -> None:
        point, received = self.c.point, dates["received"]
        self.c.user = self._applicant_account(person) if person.qr else None
        author = self.c.user or place.admin
        self.history("registered" if person.qr else "entered", person.registered if person.qr else received,
                     author)
        self.event("case.register" if person.qr else "case.create_paper", self.at(person.registered), author,
                   "case", self.c.id, after={"branch": place.branch.name})
        if person.qr and self.rng.random() < 0.05 and point != "letter_returned":
            self._letter(place, received - self.days(20, 60), LetterStatus.RETURNED, author)
        if point == "letter_returned":
            self._letter(place, received, LetterStatus.RETURNED, author)
        elif point == "letter_pending":
            self._letter(place, received, LetterStatus.SUBMITTED, author)
        else:
            self._letter(place, received, LetterStatus.APPROVED, author)

    def _applicant_account(self, person) -> Account:
        account = self.accounts.user(f"app{self.c.id:08d}", "", joined=self.at(person.registered))
        return account

    def _letter(self, place: Place, received: date, status: str, author: Account) -> None:
        lid = self.record_id("letter")
        reviewed = min(received + self.days(0, 10), self.today) if status != LetterStatus.SUBMITTED else None
        reviewed_at = self.at(reviewed) if reviewed else None
        reason = "申请书未写明入党动机，请补充后重新提交。" if status == LetterStatus.RETURNED else ""
        created = self.at(received)
        self.w["letter"].add(lid, self.c.id, author.id, created, reviewed_at or created, "入党申请书", LETTER_TEXT,
                             received - self.days(0, 7), received, status, reason,
                             place.admin.id if reviewed else None, reviewed_at)
        self.facts.letters.append(SimpleNamespace(status=status, received_date=received))
        if self.c.user:  # a paper letter is part of case.create_paper's one event
            self.event("letter.submit", created, author, "applicationletter", lid, after={"title": "入党申请书"})
        if reviewed:
            self.event(f"letter.{status}", reviewed_at, place.admin, "applicationletter", lid,
                       before={"status": "submitted"}, after={"status": status, "reason": reason})

    def _applicant_records(self, place: Place, dates) -> None:
        if "talk" in dates:
            self._talk(place, dates)
        if "recommendation" in dates:
            self._simple("recommendation", place, dates["recommendation"], RecommendationMethod.MASS_ORG
                         if self.rng.random() < 0.6 else RecommendationMethod.MEMBERS, "团支部推优，票数过半")
        if "resolution" in dates:
            self._simple("resolution", place, dates["resolution"], ResolutionResult.PASSED,
                         "支委会应到5人，实到5人，一致同意")
        if "filed" in dates:
            self._filing(place, dates)

    def _talk(self, place: Place, dates) -> None:
        tid, when = self.record_id("talk"), dates["talk"]
        self.w["talk"].add(tid, self.c.id, place.admin.id, self.at(when), self.at(when), when, "党员活动室",
                           "了解入党动机、学习工作经历和对党的认识，讲解党的基本知识。")
        full = [m for m in place.roster if m.full]
        for member in self.rng.sample(full, min(2, len(full))):
            self.w["talker"].add(self.record_id("talker"), tid, member.id)
        self.facts.talks.append(SimpleNamespace(talk_date=when))
        self.event("talk.create", self.at(when), place.admin, "talk", tid, after={"talk_date": str(when)})

    def _simple(self, key: str, place: Place, when: date, choice: str, note: str) -> None:
        rid = self.record_id(key)
        self.w[key].add(rid, self.c.id, place.admin.id, self.at(when), self.at(when), when, choice, note)
        if key == "recommendation":
            self.facts.recommendations.append(SimpleNamespace(recommended_on=when))
            self.event("recommendation.create", self.at(when), place.admin, key, rid, after={"method": choice})
        else:
            self.facts.resolutions.append(SimpleNamespace(meeting_date=when, result=choice))
            self.event("branchresolution.create", self.at(when), place.admin, "branchresolution", rid,
                       after={"result": choice})

    def _filing(self, place: Place, dates) -> None:
        """Filed on `filed`; accepted (activists), returned, or still pending."""
        filed = dates["filed"]
        self.facts.case = SimpleNamespace(stage=Stage.APPLICANT, activist_since=None, birth_date=self.c.birth)
        found = problems(self.facts, FILE_ACTIVIST, filed)
        warnings = [p.as_json() for p in found]  # the shape the service stores
        status, decided = FilingStatus.PENDING, None
        if "since" in dates:
            status, decided = FilingStatus.ACCEPTED, dates["since"]
        elif dates.get("decided"):
            status, decided = FilingStatus.RETURNED, dates["decided"]
        fid, created = self.record_id("filing"), self.at(filed)
        decided_at = self.at(decided) if decided else None
        committee = place.committee
        self.w["filing"].add(fid, self.c.id, place.admin.id, created, decided_at or created, FilingKind.ACTIVIST,
                             status, committee.id, committee.path, filed, dumps(warnings),
                             place.committee_admin.id if decided else None, decided_at,
                             decided,
                             "材料不全，请补充支委会会议记录。" if status == FilingStatus.RETURNED else "")
        self.facts.filings.append(SimpleNamespace(kind=FilingKind.ACTIVIST, status=status, created_at=created,
                                                  sent_on=filed))
        self.history("activist_filed", filed, place.admin)
        self.event("filing.submit", created, place.admin, "filing", fid,
                   after={"committee": committee.name, "warnings": [w["code"] for w in warnings]})
        if status == FilingStatus.RETURNED:
            self.history("activist_filing_returned", decided, place.committee_admin, "材料不全")
            self.event("filing.return", decided_at, place.committee_admin, "filing", fid, after={"reason": "材料不全"})
        elif status == FilingStatus.ACCEPTED:
            self.event("filing.accept", decided_at, place.committee_admin, "filing", fid,
                       after={"effective_date": str(decided)})
            self.transition(ACCEPT_ACTIVIST, decided, place.committee_admin)
