"""The demo's organisation tree (two committees, three branches with two 党小组 each), the branch
rosters and the admin accounts."""

from datetime import date

from django.contrib.auth import get_user_model

from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant

DEMO_PASSWORD = "Demo@2026"
ACCOUNTS = [
    ("committee", "示范党委", Role.COMMITTEE_ADMIN, "示范党委管理员"),
    ("branch1", "第一党支部", Role.BRANCH_ADMIN, "第一党支部管理员"),
    ("branch2", "第二党支部", Role.BRANCH_ADMIN, "第二党支部管理员"),
    ("auditor", "示范党委", Role.AUDITOR, "审计员"),
    ("security", "示范党委", Role.SECURITY_ADMIN, "安全管理员"),
    ("other", "另一党支部", Role.BRANCH_ADMIN, "另一党委下的支部管理员"),
]

ROSTERS = {
    "第一党支部": ["王建国", "李红梅", "张志强", "刘芳", "陈晓东", "杨丽", "赵磊", "黄敏"],
    "第二党支部": ["周杰", "吴静", "郑伟", "孙洁", "马超", "朱琳"],
    "另一党支部": ["何平", "高峰", "林雪", "罗军"],
}


def build_tree() -> dict[str, Organisation]:
    orgs = {}
    committee = Organisation.add_root(name="示范党委", kind=OrgKind.COMMITTEE)
    other = Organisation.add_root(name="另一党委", kind=OrgKind.COMMITTEE)
    orgs["示范党委"], orgs["另一党委"] = committee, other
    for parent, name in [(committee, "第一党支部"), (committee, "第二党支部"), (other, "另一党支部")]:
        branch = Organisation.objects.get(pk=parent.pk).add_child(name=name, kind=OrgKind.BRANCH)
        orgs[name] = branch
        for group_no in ("第一党小组", "第二党小组"):
            orgs[f"{name}/{group_no}"] = Organisation.objects.get(pk=branch.pk).add_child(
                name=group_no, kind=OrgKind.GROUP)
    return orgs


def _join_date(i: int) -> date:
    """Dates of joining the Party spread over the years (the 党员名册's 入党日期)."""
    return date(1998 + 3 * i, 1 + (5 * i) % 12, 1 + (7 * i) % 28)


def build_rosters(orgs):
    for branch_name, names in ROSTERS.items():
        branch = orgs[branch_name]
        for i, name in enumerate(names):
            group = orgs[f"{branch_name}/{'第一党小组' if i % 2 == 0 else '第二党小组'}"]
            probationary = i == len(names) - 1
            joined = date(2026, 6, 1) if probationary else _join_date(i)
            Member.objects.create(
                branch=branch, group=group, name=name,
                member_type=MemberType.PROBATIONARY if probationary else MemberType.FULL,
                join_date=joined, conversion_date=None if probationary else joined.replace(year=joined.year + 1),
                position="支部书记" if i == 0 else ("组织委员" if i == 1 else ""))


def build_accounts(orgs) -> dict:
    users = {}
    User = get_user_model()
    for username, org_name, role, full_name in ACCOUNTS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=full_name)
        RoleGrant.objects.create(user=user, role=role, org=orgs[org_name])
        users[username] = user
    return users
