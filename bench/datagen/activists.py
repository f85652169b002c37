"""Part 二 records of a generated activist: contacts, a transfer, thought reports and the
half-yearly opinions, with the history and audit events the services would write."""

import calendar
from datetime import date, timedelta
from types import SimpleNamespace

from partydev.process.enums import HALF_YEARLY_OPINIONS, OpinionKind

from .roster import Account, Place
from .tree import STUDENT_FLAVORS

REPORT_TEXT = ("敬爱的党组织：\n    这一阶段我认真学习党的理论，按时参加组织生活，在学习和工作中严格要求自己，"
               "对照党员标准查找不足，今后将继续努力，争取早日加入党组织。")
OPINION_TEXT = {
    OpinionKind.EDUCATION: "该同志学习认真，积极参加组织生活，能发挥模范作用。",
    OpinionKind.BRANCH_INSPECTION: "经支部考察，该同志表现良好，同意继续培养。",
    OpinionKind.CONTACT_CONFIRMATION: "培养联系人经常谈心谈话，该同志思想稳定，进步明显。",
    OpinionKind.MEMBERS_MASSES: "党员和群众座谈，普遍认为该同志作风正派、团结同学。",
    OpinionKind.PARTY_GROUP: "党小组讨论认为该同志符合发展对象条件。",
}
# The rules a broken activist may break (one each; _activist_break picks among those that apply).
ACTIVIST_BREAKS = ("no_contacts", "report_gap", "missing_opinion")


def add_months(d: date, n: int) -> date:
    """partydev.common.dates.add_months (C1: clamp to the month's last day) without relativedelta,
    which is a tenth of the generator's time; tests/bench compare the two."""
    year, month = divmod(d.month - 1 + n, 12)
    year += d.year
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


class ActivistRecords:
    """Mixed into CaseBuilder (case.py), which provides rng, w, c, facts, today and the helpers
    days, at, record_id, history and event."""

    def _activist(self, place: Place, new_place: Place | None, dates, broken: bool) -> None:
        since = dates["since"]
        breaks = self._activist_break(since) if broken else None
        moved = None
        if new_place is not None:
            moved = min(since + self.days(30, 300), self.today)
        if breaks != "no_contacts":
            self._contacts(place, new_place, since, moved)
        if moved:
            self._transfer(place, new_place, moved)
        self._reports(new_place or place, since, breaks == "report_gap")
        self._opinions(new_place or place, since, missing=breaks == "missing_opinion")

    def _activist_break(self, since: date) -> str:
        """Which rule this activist breaks, among those that can apply to someone active since `since`."""
        options = ["no_contacts"]
        if since < add_months(self.today, -4):
            options.append("report_gap")
        if add_months(since, 6) < self.today:
            options.append("missing_opinion")
        return self.rng.choice(options)

    def _contacts(self, place: Place, new_place: Place | None, since: date, moved: date | None) -> None:
        assigned = min(since + self.days(1, 14), self.today)
        full = [m for m in place.roster if m.full]
        chosen = self.rng.sample(full, min(len(full), 1 if self.rng.random() < 0.4 else 2))
        ended = moved if moved and moved > assigned else None
        for member in chosen:
            self.w["contact"].add(self.record_id("contact"), self.c.id, member.id, assigned, ended, place.admin.id)
            self.facts.contacts.append(SimpleNamespace(ended_on=ended, member=member))
        self._contacts_event(place, assigned, chosen)
        if ended:
            new_full = [m for m in new_place.roster if m.full]
            member = self.rng.choice(new_full)
            self.w["contact"].add(self.record_id("contact"), self.c.id, member.id, ended, None, new_place.admin.id)
            self.facts.contacts.append(SimpleNamespace(ended_on=None, member=member))
            self._contacts_event(new_place, ended, [member], after_transfer=True)

    def _contacts_event(self, place: Place, on: date, members, after_transfer=False) -> None:
        names = "、".join(m.name for m in members)
        if after_transfer:
            self.c.path_then = place.branch.path
        self.history("contacts_changed", on, place.admin, names)
        self.event("contacts.set", self.at(on), place.admin, "case", self.c.id,
                   after={"contacts": sorted(m.name for m in members), "on": str(on)})

    def _transfer(self, old: Place, new: Place, on: date) -> None:
        self.c.path_then = new.branch.path
        self.w["transfer"].add(self.record_id("transfer"), self.c.id, old.branch.id, new.branch.id, old.branch.path,
                               new.branch.path, on, "工作调动", old.admin.id, self.at(on))
        self.history("transferred", on, old.admin, f"{old.branch.name} → {new.branch.name}：工作调动")
        self.event("case.transfer", self.at(on), old.admin, "case", self.c.id, before={"branch": old.branch.name},
                   after={"branch": new.branch.name})
        self.event("case.transfer_out", self.at(on), old.admin, "case", self.c.id, org_path=old.branch.path,
                   after={"to_branch": new.branch.name})

    def _reports(self, place: Place, since: date, gap: bool) -> None:
        """Every 1–3 months (monthly is common for students), never more than 3 months apart; a
        `gap` stops them more than 3 months before today."""
        interval = self.rng.choice([1, 1, 2, 3, 3]) if place.branch.flavor in STUDENT_FLAVORS else 3
        stop = add_months(self.today, -3) - self.days(1, 60) if gap else self.today
        written, n = since + self.days(10, 25), 0
        author = self.c.user or place.admin
        while written <= stop:
            n += 1
            self._report(place, author, written, n)
            written = add_months(written, interval) - self.days(0, 10)

    def _report(self, place: Place, author: Account, written: date, n: int) -> None:
        rid = self.record_id("report")
        read = written + self.days(1, 20)
        read_at = self.at(read) if read <= self.today else None
        self.w["report"].add(rid, self.c.id, author.id, self.at(written), read_at or self.at(written),
                             f"第{n}次思想汇报", REPORT_TEXT, written, read_at,
                             place.admin.id if read_at else None, "认识深入，继续保持。" if read_at else "")
        self.facts.reports.append(SimpleNamespace(written_on=written))
        self.event("thoughtreport.submit", self.at(written), author, "thoughtreport", rid,
                   after={"title": f"第{n}次思想汇报", "written_on": str(written)})
        if read_at:
            self.event("thoughtreport.read", read_at, place.admin, "thoughtreport", rid,
                       after={"comment": "认识深入，继续保持。"})

    def _opinions(self, place: Place, since: date, missing: bool) -> None:
        """Each half-yearly kind once in every half-year that has ended; the current half-year's
        sometimes already given. `missing` skips one kind in one ended half-year."""
        ended, n = [], 0
        while add_months(since, 6 * (n + 1)) <= self.today:
            ended.append(n)
            n += 1
        skip = (self.rng.choice(ended), self.rng.choice(HALF_YEARLY_OPINIONS)) if missing else None
        for period in range(n + 1):
            start = add_months(since, 6 * period)
            end = add_months(since, 6 * (period + 1)) - timedelta(days=1)
            if period == n and self.rng.random() < 0.5:
                continue  # the current half-year: not given yet
            for kind in HALF_YEARLY_OPINIONS:
                if (period, kind) != skip:
                    self._opinion(place, kind, start, min(end, self.today))

    def _opinion(self, place: Place, kind: str, start: date, end: date) -> None:
        given = max(start, end - self.days(0, 40))
        contact = next((c.member for c in self.facts.contacts if c.ended_on is None), None)
        contact_id = contact.id if contact and kind == OpinionKind.CONTACT_CONFIRMATION else None
        author = contact.name if contact else place.roster[0].name
        oid = self.record_id("opinion")
        self.w["opinion"].add(oid, self.c.id, place.admin.id, self.at(given), self.at(given), kind, given,
                              OPINION_TEXT[kind], author, contact_id)
        self.facts.opinions.append(SimpleNamespace(kind=kind, given_on=given))
        self.event("opinion.create", self.at(given), place.admin, "opinion", oid,
                   after={"kind": kind, "given_on": str(given)})
