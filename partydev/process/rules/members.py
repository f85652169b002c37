"""Who may serve: cultivation contacts (§9) and introducers (§14), both chosen from the roster."""

from datetime import date

from partydev.orgs.vocabulary import Discipline, MemberType

from ..facts import Candidate
from ..problems import Problem, problem
from ..versions import V2026, version_on

MAX_CONTACTS = 2
INTRODUCERS = 2


def _under(path: str, prefix: str | None) -> bool:
    return bool(prefix) and path.startswith(prefix)


def contact_problems(candidates: list[Candidate], *, committee_path: str | None, on: date) -> list[Problem]:
    """Why these roster members cannot be the cultivation contacts of an activist whose branch files
    with the committee at `committee_path`: one or two full members of the same Party committee."""
    found = []
    if not 1 <= len(candidates) <= MAX_CONTACTS:
        found.append(problem("contact_count", True, "contacts", on))
    for member in candidates:
        if member.member_type != MemberType.FULL:
            found.append(problem("contact_not_full", True, "contacts", on, name=member.name))
        if not member.active:
            found.append(problem("contact_inactive", True, "contacts", on, name=member.name))
        if not _under(member.branch_path, committee_path):
            found.append(problem("contact_outside", True, "contacts", on, name=member.name))
    return found


def discipline_in_effect(member, on: date) -> bool:
    return bool(member.discipline) and (member.discipline_until is None or member.discipline_until >= on)


def introducer_problems(members, on: date, *, committee_path: str | None = None) -> list[Problem]:
    """Two full members; 留党察看 bars; (2026) other disciplines in effect warn (不宜). With
    `committee_path` (when they are appointed), each must belong to a branch of that 党委, as contacts do.
    `members`: Candidates (or roster members, which have the same attributes but no branch path)."""
    version = version_on(on)
    found = []
    if len(members) != INTRODUCERS:
        found.append(problem("introducer_count", True, "introducers", on, n=len(members)))
    for m in members:
        if committee_path is not None and not _under(m.branch_path, committee_path):
            found.append(problem("introducer_outside", True, "introducers", on, name=m.name))
        if m.member_type != MemberType.FULL:
            found.append(problem("introducer_not_full", True, "introducers", on, name=m.name))
        in_effect = discipline_in_effect(m, on)
        if in_effect and m.discipline == Discipline.PROBATION:
            found.append(problem("introducer_barred", True, "introducers", on, name=m.name))
        elif in_effect and version == V2026:
            found.append(problem("introducer_disciplined", False, "introducers", on, name=m.name))
    return found


# --- 2026 §9: replace a contact who can no longer serve ------------------------------------------

# 2026 §9 ends: "对因工作岗位发生变动无法正常履行职责，以及其他原因不适宜担任培养联系人的，党组织应当及时予以
# 调整". 应当 with no fixed count and no 必须/不得: a warning (C9); the activist's cultivation stands. The 2014
# text has no such sentence, so the check starts on 2026-05-11 (C7).
def contact_replacement_problems(candidates: list[Candidate], *, committee_path: str | None,
                                 on: date) -> list[Problem]:
    """The active contacts who can no longer serve on `on`: no longer a full member, off the roster,
    moved out of the Party committee, or under a Party discipline in effect."""
    if version_on(on) != V2026:
        return []
    found = []
    for member in candidates:
        if member.member_type != MemberType.FULL:
            found.append(problem("contact_now_probationary", False, "contacts", on, name=member.name))
        if not member.active:
            found.append(problem("contact_off_roster", False, "contacts", on, name=member.name))
        if committee_path and not _under(member.branch_path, committee_path):
            found.append(problem("contact_moved_out", False, "contacts", on, name=member.name))
        if discipline_in_effect(member, on):
            found.append(problem("contact_under_discipline", False, "contacts", on, name=member.name))
    return found
