"""The sizes the generator knows: T0 (a tiny tree for tests), T1 (a university), T2 (a province),
and the shares of cases that are transferred or break a rule."""

from dataclasses import dataclass

BROKEN_SHARE = 0.10
TRANSFER_SHARE = 0.02


@dataclass(frozen=True)
class Tier:
    name: str
    cases: int
    roster: tuple[int, int]  # members per branch (inclusive range)
    activist_share: float
    qr_share: float


TIERS = {
    "T0": Tier("T0", 120, (8, 10), 0.4, 0.7),
    "T1": Tier("T1", 20_000, (16, 24), 0.4, 0.8),
    # A province: rosters kept small (5–8, not the national ~22) so T2 generates in minutes.
    "T2": Tier("T2", 1_000_000, (5, 8), 0.4, 0.6),
}
