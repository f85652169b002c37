"""Accounts, role grants and branch rosters, and the Place a case lives in."""

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from partydev.orgs.models import MemberType, OrgKind, Role

from .people import People
from .tiers import Tier
from .tree import Node
from .writers import Table, Writer


@dataclass
class Account:
    id: int
    username: str


class Accounts:
    """One administrator per branch and per 党委 (the people who act in the records), plus the
    bench accounts with a known password. Everyone else has an unusable password: hashing a
    million passwords would take days, and nobody logs in as a generated applicant."""

    def __init__(self, rng, writer: Writer, joined: datetime):
        self.rng, self.w, self.joined = rng, writer, joined
        self.admin_of: dict[int, Account] = {}

    def unusable(self) -> str:
        # make_password(None), but from the seeded generator so reruns give the same rows.
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "!" + "".join(self.rng.choice(alphabet) for _ in range(40))

    def user(self, username: str, full_name: str, password: str | None = None, joined=None) -> Account:
        uid = self.w["user"].new_id()
        self.w["user"].add(uid, password or self.unusable(), username, full_name, True, joined or self.joined)
        return Account(uid, username)

    def grant(self, account: Account, role: str, org: Node) -> None:
        self.w["grant"].add(self.w["grant"].new_id(), account.id, role, org.id)

    def admins(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node.kind in (OrgKind.BRANCH, OrgKind.COMMITTEE):
                role = Role.BRANCH_ADMIN if node.kind == OrgKind.BRANCH else Role.COMMITTEE_ADMIN
                account = self.user(f"admin-{node.path}", f"{node.name}管理员")
                self.grant(account, role, node)
                self.admin_of[node.id] = account
            if node.kind != OrgKind.BRANCH:
                stack.extend(node.children)
        self.grant(self.user(f"auditor-{root.path}", f"{root.name}审计员"), Role.AUDITOR, root)


def write_rosters(rng, branches: list[Node], tier: Tier, people: People, table: Table) -> dict[int, list]:
    """~20 members per branch at T1, 5–8 at T2; the first three are full members (a branch needs
    at least three), the rest mostly full."""
    rosters = {}
    for branch in branches:
        groups = branch.children
        members = []
        for i in range(rng.randint(*tier.roster)):
            full = i < 3 or rng.random() < 0.85
            position = "支部书记" if i == 0 else ("组织委员" if i == 1 else "")
            mid = table.new_id()
            name = people.name()
            table.add(mid, branch.id, groups[i % len(groups)].id, name,
                      MemberType.FULL if full else MemberType.PROBATIONARY, position)
            members.append(SimpleNamespace(id=mid, name=name, full=full))
        rosters[branch.id] = members
    return rosters


@dataclass
class Place:
    """Where a case lives and who acts on it there."""

    branch: Node
    admin: Account
    committee: Node
    committee_admin: Account
    roster: list
    unit: str
