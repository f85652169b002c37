"""One generated case: its dates worked back from the point it has reached, the person, the case row
and its deadlines. The records of each stage come from the mixins (applicants.py, activists.py)."""

import bisect
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from partydev.cases.services import CONSENT_VERSION
from partydev.common.crypto import blind_index, encrypt_text
from partydev.common.ethnicities import ETHNICITIES
from partydev.process.enums import CaseSource, Education, Stage
from partydev.process.facts import CaseFacts
from partydev.process.schedule import due_items
from partydev.process.transitions import TRANSITIONS

from .activists import ActivistRecords
from .applicants import ApplicantRecords
from .people import People
from .roster import Account, Place
from .tiers import Tier
from .tree import STUDENT_FLAVORS
from .weights import cumulative
from .writers import Writer, dumps

APPLICANT_POINTS = [("letter_pending", 10), ("letter_returned", 3), ("approved", 12), ("talked", 20),
                    ("recommended", 15), ("resolved", 15), ("filed", 20), ("filing_returned", 5)]


class CaseBuilder(ApplicantRecords, ActivistRecords):
    """Writes one case with everything the services would have written along its way."""

    def __init__(self, rng, writer: Writer, people: People, today: date, tier: Tier, audit: bool):
        self.rng, self.w, self.people, self.today, self.tier, self.audit = rng, writer, people, today, tier, audit
        self.point_cum = cumulative([w for _, w in APPLICANT_POINTS])

    # -- helpers --
    def days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=lo + int(self.rng.random() * (hi - lo + 1)))

    def at(self, d: date) -> datetime:
        """A working-hours moment of that day (09:00–17:59 in China), in UTC like the database."""
        return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(seconds=3600 + int(self.rng.random() * 32400))

    def record_id(self, key: str) -> int:
        return self.w[key].new_id()

    def history(self, action, effective: date, actor: Account | None, reason="", from_stage=None, to_stage=None):
        stage = self.c.stage_then
        self.w["history"].add(self.record_id("history"), self.c.id, action, from_stage or stage,
                              to_stage or stage, effective, reason, actor.id if actor else None,
                              self.at(effective))

    def transition(self, code: str, effective: date, actor: Account, reason=""):
        """A declared stage change (process.transitions): its history row, audit event and new stage,
        as case_transition writes them."""
        declared = TRANSITIONS[code]
        before = self.c.stage_then
        assert before in declared.source, f"{code} does not leave {before}"  # noqa: S101
        self.history(declared.history, effective, actor, reason, from_stage=before, to_stage=declared.target)
        self.c.stage_then = declared.target
        self.event(f"case.{declared.history}", self.at(effective), actor, "case", self.c.id,
                   before={"stage": before}, after={"stage": declared.target, "reason": reason})

    def event(self, action, when: datetime, actor: Account | None, obj_type, obj_id, after=None, before=None,
              org_path=None):
        if not self.audit:
            return
        rng = self.rng
        self.w["audit"].add(self.record_id("audit"), when, actor.id if actor else None,
                            actor.username if actor else "", action, "success", obj_type, str(obj_id), self.c.id,
                            org_path or self.c.path_then, dumps(before) if before else None,
                            dumps(after) if after else None, f"198.51.100.{1 + int(rng.random() * 254)}",
                            "Mozilla/5.0 (benchmark data)", f"{rng.getrandbits(128):032x}")

    # -- the case --
    def build(self, place: Place, old_place: Place | None, activist: bool, broken: bool) -> SimpleNamespace:
        """`old_place`: the branch the person started in, for an activist transferred since."""
        start = old_place or place
        self.c = SimpleNamespace(id=self.record_id("case"), stage_then=Stage.APPLICANT, path_then=start.branch.path,
                                 broken=broken, point="activist" if activist else self._point())
        self.facts = CaseFacts(case=None)
        dates = self._dates(activist, broken)
        person = self._person(start, dates["received"])
        self.c.birth, self.c.since = person.birth, dates.get("since")
        self.c.broken = broken and self.c.point != "letter_returned"
        self._letters(start, person, dates)
        self._applicant_records(start, dates)
        if activist:
            self._activist(start, place if old_place else None, dates, broken)
        self._write_case(place, person, dates)
        self._deadlines(place)
        return self.c

    def _point(self) -> str:
        return APPLICANT_POINTS[bisect.bisect(self.point_cum, self.rng.random() * self.point_cum[-1])][0]

    def _dates(self, activist: bool, broken: bool) -> dict:
        """Work back from the last step so nothing lies in the future. Valid: the talk within a
        month of receipt, then the recommendation, the resolution and the filing, in order."""
        point, today, d = self.c.point, self.today, self.days
        late_talk = broken and point in ("talked", "recommended", "resolved", "filed", "filing_returned")
        out = {}
        if activist:
            out["since"] = today - d(7, 3 * 365)
            out["filed"] = out["since"] - d(3, 30)
        elif point in ("filed", "filing_returned"):
            out["decided"] = today - d(0, 40) if point == "filing_returned" else None
            out["filed"] = (out["decided"] or today) - d(0 if point == "filed" else 2, 30)
        if "filed" in out:
            out["resolution"] = out["filed"] - d(1, 20)
        elif point == "resolved":
            out["resolution"] = today - d(0, 120)
        if "resolution" in out:
            out["recommendation"] = out["resolution"] - d(3, 30)
        elif point == "recommended":
            out["recommendation"] = today - d(0, 200)
        if "recommendation" in out:
            out["talk"] = out["recommendation"] - d(7, 120)
        elif point == "talked":
            out["talk"] = today - d(0, 300)
        if "talk" in out:
            out["received"] = out["talk"] - (d(35, 90) if late_talk else d(0, 28))
        elif point in ("letter_pending", "approved"):
            out["received"] = today - (d(35, 200) if broken else d(0, 25))
        else:  # letter_returned
            out["received"] = today - d(5, 200)
        return out

    def _person(self, place: Place, received: date) -> SimpleNamespace:
        rng, people = self.rng, self.people
        young = place.branch.flavor in STUDENT_FLAVORS
        age_days = rng.randint(18 * 365 + 5, (24 if young else 45) * 365)
        gender = "M" if rng.random() < 0.5 else "F"
        birth = received - timedelta(days=age_days)
        qr = rng.random() < self.tier.qr_share
        return SimpleNamespace(name=people.name(), gender=gender, birth=birth, qr=qr,
                               id_number=people.id_number(birth, gender), phone=people.phone(),
                               ethnicity="汉族" if rng.random() < 0.91 else rng.choice(ETHNICITIES[1:]),
                               education=self._education(place.branch.flavor), registered=received - self.days(0, 3))

    def _education(self, flavor: str) -> str:
        rng = self.rng
        if flavor in ("研究生", "教工"):
            return Education.POSTGRADUATE
        if flavor in ("本科生", "university"):
            return Education.BACHELOR if rng.random() < 0.85 else Education.POSTGRADUATE
        return rng.choice([Education.BACHELOR, Education.COLLEGE, Education.SECONDARY, Education.HIGH_SCHOOL])


    # -- the case row and its deadlines --
    def _write_case(self, place: Place, person, dates) -> None:
        c = self.c
        since = dates.get("since")
        c.stage = Stage.ACTIVIST if since else Stage.APPLICANT
        c.public_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        created = self.at(person.registered if person.qr else dates["received"])
        consent = created if person.qr else None
        self.w["case"].add(c.id, c.public_id, place.branch.id, place.branch.path, c.stage,
                           c.user.id if c.user else None, CaseSource.QR if person.qr else CaseSource.PAPER,
                           person.name, person.gender, person.ethnicity, encrypt_text(person.id_number),
                           blind_index(person.id_number), encrypt_text(person.birth.isoformat()),
                           encrypt_text(person.phone),
                           person.education, place.unit, consent, consent, CONSENT_VERSION if consent else "",
                           since, created, self.at(since) if since else created)
        c.id_number, c.name = person.id_number, person.name

    def _deadlines(self, place: Place) -> None:
        """process.deadlines.due_items over the records just written: what deadlines_refresh stores."""
        self.facts.case = SimpleNamespace(stage=self.c.stage, activist_since=self.c.since, birth_date=self.c.birth)
        for item in due_items(self.facts):
            self.w["deadline"].add(self.record_id("deadline"), self.c.id, place.branch.path, item.kind, item.due_date,
                                   item.rule, item.rule_version)
