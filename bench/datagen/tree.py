"""The organisation tree of a tier: the root through treebeard, everything below as rows with the
paths treebeard would give them."""

import bisect
from dataclasses import dataclass, field

from partydev.orgs.models import Organisation, OrgKind

from .weights import cumulative
from .writers import Table

COLLEGES = ["计算机学院", "经济学院", "管理学院", "法学院", "文学院", "外国语学院", "数学学院", "物理学院",
            "化学学院", "生命科学学院", "医学院", "药学院", "机械工程学院", "电气工程学院", "土木工程学院",
            "材料学院", "环境学院", "建筑学院", "马克思主义学院", "新闻学院", "艺术学院", "体育学院",
            "教育学院", "历史学院", "哲学学院", "公共管理学院", "信息学院", "能源学院", "航空航天学院",
            "软件学院", "农学院", "海洋学院"]
CN_NUMBERS = "一二三四五六七八九十"
# Branches of students: younger applicants, and monthly thought reports are common there.
STUDENT_FLAVORS = ("本科生", "研究生", "university")


@dataclass
class Node:
    id: int
    path: str
    depth: int
    name: str
    kind: str
    flavor: str = ""  # what kind of place: drives branch size, units and applicants' ages
    parent: "Node | None" = None
    children: list = field(default_factory=list)

    @property
    def committee(self) -> "Node | None":
        """The owning 党委 (Organisation.owning_committee, without a query)."""
        node = self
        while node is not None and node.kind != OrgKind.COMMITTEE:
            node = node.parent
        return node


def _t1_levels(rng, scale):
    """党委 → ~30 院系 (2/3 院系党委, 1/3 党总支) → ~20 branches each."""
    def colleges(parent, rng):
        return [(f"{name}{'党委' if i % 3 else '党总支'}", OrgKind.COMMITTEE if i % 3 else OrgKind.GENERAL_BRANCH,
                 "university") for i, name in enumerate(COLLEGES[:30])]

    def branches(parent, rng):
        n = max(1, round(rng.randint(14, 26) * scale))
        college = parent.name.removesuffix("党委").removesuffix("党总支")
        kinds = ["本科生", "本科生", "研究生", "教工"]
        return [(f"{college}{kinds[i % 4]}第{i + 1:02d}党支部", OrgKind.BRANCH, kinds[i % 4]) for i in range(n)]

    return [colleges, branches]


def _t2_levels(rng, scale):
    """省委 → 100 市县党委 → ~20 基层党委 each (~2,000) → ~90 branches each (~180,000)."""
    flavors = [("大学党委", "university", 0.05), ("街道党工委", "urban", 0.3), ("公司党委", "enterprise", 0.25),
               ("镇党委", "rural", 0.4)]
    cum = cumulative([w for *_, w in flavors])

    def cities(parent, rng):
        return [(f"示范市县{i + 1:03d}党委", OrgKind.COMMITTEE, "") for i in range(100)]

    def base(parent, rng):
        out = []
        for i in range(rng.randint(15, 25)):
            suffix, flavor, _ = flavors[bisect.bisect(cum, rng.random() * cum[-1])]
            out.append((f"{parent.name.removesuffix('党委')}第{i + 1:02d}{suffix}", OrgKind.COMMITTEE, flavor))
        return out

    def branches(parent, rng):
        n = max(1, round(rng.randint(60, 120) * scale))
        word = {"rural": "村", "urban": "社区", "enterprise": "车间", "university": "学生"}[parent.flavor]
        stem = parent.name.removesuffix("党委").removesuffix("党工委")
        return [(f"{stem}{word}第{i + 1:03d}党支部", OrgKind.BRANCH, parent.flavor) for i in range(n)]

    return [cities, base, branches]


def _t0_levels(rng, scale):
    def colleges(parent, rng):
        return [("计算机学院党委", OrgKind.COMMITTEE, "university"),
                ("经济学院党总支", OrgKind.GENERAL_BRANCH, "university")]

    def branches(parent, rng):
        college = parent.name.removesuffix("党委").removesuffix("党总支")
        return [(f"{college}第{i + 1:02d}党支部", OrgKind.BRANCH, "本科生") for i in range(3)]

    return [colleges, branches]


LEVELS = {"T0": _t0_levels, "T1": _t1_levels, "T2": _t2_levels}
ROOT_NAMES = {"T0": "测试大学党委", "T1": "示范大学党委", "T2": "示范省委"}


def build_tree(rng, tier: str, scale: float, table: Table) -> tuple[Node, list[Node]]:
    """The root is added through treebeard (it may have to sort among existing roots); everything
    below gets its path as treebeard's add_child would give it: children sorted by name (the
    model's node_order_by), step i → parent path + base-36 i on 4 characters."""
    # An explicit id (not the sequence, which a rollback does not rewind on PostgreSQL) keeps reruns identical.
    root_org = Organisation.objects.add_root(instance=Organisation(
        id=table.new_id(), name=ROOT_NAMES[tier], kind=OrgKind.COMMITTEE))
    root = Node(root_org.pk, root_org.path, root_org.depth, root_org.name, OrgKind.COMMITTEE)
    level = [root]
    branches: list[Node] = []
    for make_children in LEVELS[tier](rng, scale):
        level = [child for parent in level for child in _add_children(parent, make_children(parent, rng), table)]
    for branch in level:
        branches.append(branch)
        _add_children(branch, [(f"第{CN_NUMBERS[i]}党小组", OrgKind.GROUP, "")
                               for i in range(rng.randint(1, 2))], table)
    Organisation.objects.filter(pk=root.id).update(numchild=len(root.children))
    return root, branches


def _add_children(parent: Node, specs, table: Table) -> list[Node]:
    depth = parent.depth + 1
    for i, (name, kind, flavor) in enumerate(sorted(specs, key=lambda s: s[0]), start=1):
        path = Organisation._get_path(parent.path, depth, i)
        parent.children.append(Node(table.new_id(), path, depth, name, kind, flavor, parent))
    return parent.children


def write_orgs(root: Node, table: Table) -> int:
    stack, n = list(root.children), 0
    while stack:
        node = stack.pop()
        table.add(node.id, node.path, node.depth, len(node.children), node.name, node.kind)
        stack.extend(node.children)
        n += 1
    return n


def unit_of(branch: Node) -> str:
    """The applicants' work or study unit: the 院系 at a university, else the branch's own place."""
    stem = branch.parent.name.removesuffix("党委").removesuffix("党总支").removesuffix("党工委")
    if branch.flavor in ("本科生", "研究生", "教工"):
        return f"{ROOT_NAMES_UNIT.get(branch.parent.parent.name, '')}{stem}"
    if branch.flavor == "university":
        return stem
    return branch.name.removesuffix("党支部")


ROOT_NAMES_UNIT = {"示范大学党委": "示范大学", "测试大学党委": "测试大学"}
