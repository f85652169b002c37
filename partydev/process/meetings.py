"""The arithmetic of a 支部党员大会 vote (§19–20; counting rules C5, C6).

Only full members are entitled to vote; probationary members never count. Members excluded with
the higher organisation's approval are not counted as entitled. Written opinions handed in before
the meeting by absent voting members count in the tally but not in attendance.
"""

from dataclasses import dataclass

from partydev.common.dates import is_strict_majority

from .enums import Attendance


@dataclass(frozen=True)
class MeetingCount:
    entitled: int  # 应到会有表决权的正式党员
    present: int  # 实到会
    written: int  # 书面意见
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def ballots(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def quorum(self) -> bool:
        """实到会有表决权的正式党员超过应到会人数的半数."""
        return is_strict_majority(self.present, self.entitled)

    @property
    def tally_possible(self) -> bool:
        """One person, one vote: no more ballots than people who could cast one."""
        return self.ballots <= self.present + self.written

    @property
    def passed(self) -> bool:
        """赞成人数超过应到会有表决权的正式党员的半数."""
        return self.quorum and self.tally_possible and is_strict_majority(self.votes_for, self.entitled)


def more_than_half(whole: int) -> int:
    """The smallest number that is more than half of `whole` (C5): the quorum and the votes needed."""
    return next(n for n in range(whole + 2) if is_strict_majority(n, whole))


def count_attendance(statuses: list[str], *, votes_for: int, votes_against: int, votes_abstain: int) -> MeetingCount:
    """`statuses`: one Attendance value per full member on the roster (probationary members are left
    out by the caller)."""
    entitled = sum(1 for s in statuses if s != Attendance.EXCLUDED)
    present = sum(1 for s in statuses if s == Attendance.PRESENT)
    written = sum(1 for s in statuses if s == Attendance.WRITTEN)
    return MeetingCount(entitled, present, written, votes_for, votes_against, votes_abstain)
