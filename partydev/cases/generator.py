"""Deterministic benchmark data (issue 4): a university (T1) or a province (T2) of branches, people
at every point of part 一 and 二, their records, history, audit events and derived deadlines.

Rows are written straight into the tables of the site's models (names, columns and defaults come
from the models' _meta): with COPY on PostgreSQL and executemany on SQLite, because building model
instances and going through the services would take hours at a million cases. What the services
would add is reproduced here: the blind index and the encryption of 身份证号 and phone (same crypto
functions, in this process), StageChange history and AuditEvent rows for every service call, the
filing's warnings from process.checks, and Deadline rows from process.deadlines.due_items() over an
in-memory CaseFacts of the very records written. tests/bench/test_generator.py checks the result
against the real services.

Randomness comes from one random.Random(seed) consumed in a fixed order, so the same seed, tier,
scale and `today` give the same rows. Only the ciphertexts differ between runs: Fernet uses a random
IV by design.
"""

import bisect
import calendar
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from partydev.audit.models import AuditEvent
from partydev.common.crypto import blind_index, encrypt_text
from partydev.common.ethnicities import ETHNICITIES
from partydev.common.idcard import make_id_number
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant
from partydev.process.checks import FILE_ACTIVIST, problems
from partydev.process.deadlines import due_items
from partydev.process.enums import (
    HALF_YEARLY_OPINIONS,
    CaseSource,
    Education,
    FilingKind,
    FilingStatus,
    LetterStatus,
    OpinionKind,
    RecommendationMethod,
    ResolutionResult,
    Stage,
)
from partydev.process.facts import CaseFacts

from .models import (
    ApplicationLetter,
    BranchResolution,
    Case,
    ContactAssignment,
    Deadline,
    Filing,
    Opinion,
    Recommendation,
    StageChange,
    Talk,
    ThoughtReport,
    Transfer,
)
from .services import CONSENT_VERSION

BATCH = 20_000
BENCH_USERS = ("bench_branch", "bench_committee", "bench_top")
BROKEN_SHARE = 0.10
TRANSFER_SHARE = 0.02


# --- tiers ---------------------------------------------------------------------------------------

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


# --- writing rows --------------------------------------------------------------------------------

class Table:
    """Rows for one model, in the column order of `fields` followed by every other concrete field
    at its default. Ids are assigned here (max(id) + 1 onwards) so children can point at them."""

    def __init__(self, model, fields: list[str], sink):
        meta = model._meta
        chosen = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in chosen]
        for f in rest:
            if not (f.has_default() or f.null or f.empty_strings_allowed):
                raise ValueError(f"{model.__name__}.{f.name} has no default: list it in the fields")
        self.model, self.sink = model, sink
        self.table_name = meta.db_table
        self.fields = chosen + rest
        self.columns = [f.column for f in self.fields]
        self.tail = tuple(_json_if_needed(f, f.get_default()) for f in rest)
        self.rows: list[tuple] = []
        self.count = 0
        self._next = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def new_id(self) -> int:
        self._next += 1
        return self._next - 1

    def add(self, *values) -> None:
        self.rows.append(values + self.tail)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            started = time.monotonic()
            self.sink.write(self, self.rows)
            self.sink.seconds += time.monotonic() - started
            self.count += len(self.rows)
            self.rows = []


def _json_if_needed(f, value):
    return json.dumps(value) if isinstance(f, models.JSONField) else value


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class SqliteSink:
    """executemany of a plain INSERT; values converted the way Django's SQLite backend stores them."""

    def __init__(self):
        self.cursor = connection.connection.cursor()
        self.seconds = 0.0

    def write(self, table: Table, rows) -> None:
        convert = self._converters(table)
        columns = ", ".join(f'"{c}"' for c in table.columns)  # names from the models' _meta, not input
        sql = f'INSERT INTO "{table.table_name}" ({columns}) VALUES ({", ".join("?" * len(table.columns))})'  # noqa: S608
        if convert:
            rows = ([fn(v) if fn else v for fn, v in zip(convert, row, strict=True)] for row in rows)
        self.cursor.executemany(sql, rows)

    @staticmethod
    def _converters(table: Table):
        def pick(f):
            if isinstance(f, models.DateTimeField):  # what adapt_datetimefield_value makes of a UTC value
                return lambda v: None if v is None else v.replace(tzinfo=None).isoformat(" ")
            if isinstance(f, models.DateField):
                return lambda v: None if v is None else v.isoformat()
            if isinstance(f, models.UUIDField):
                return lambda v: None if v is None else v.hex
            return None

        fns = [pick(f) for f in table.fields]
        return fns if any(fns) else None

    def before(self, tables) -> None:
        pass

    def after(self, tables, out) -> None:
        pass


class PostgresSink:
    """COPY … FROM STDIN. Secondary indexes, unique and foreign-key constraints of the tables written
    are dropped first and rebuilt after the load (what pg_restore does): building an index once is
    far faster than maintaining it row by row, and one foreign-key validation per table replaces a
    trigger per row. All in the command's transaction, so a failure rolls the schema back too."""

    def __init__(self):
        self.cursor = connection.cursor()
        self.restore: list[str] = []
        self.seconds = 0.0

    def write(self, table: Table, rows) -> None:
        cols = ", ".join(f'"{c}"' for c in table.columns)
        with self.cursor.cursor.copy(f'COPY "{table.table_name}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def before(self, tables) -> None:
        names = [t.table_name for t in tables]
        self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.restore = self._fk_and_unique(names) + self._plain_indexes(names)
        # Recreate indexes and unique constraints before the foreign keys that may rely on them.
        self.restore.sort(key=lambda sql: "FOREIGN KEY" in sql)

    def _fk_and_unique(self, names) -> list[str]:
        self.cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype, conname", [names])
        restore = []
        for table, name, definition in self.cursor.fetchall():
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        return restore

    def _plain_indexes(self, names) -> list[str]:
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [names])
        restore = []
        for name, definition in self.cursor.fetchall():
            self.cursor.execute(f"DROP INDEX {name}")
            restore.append(definition)
        return restore

    def after(self, tables, out) -> None:
        from django.core.management.color import no_style

        started = time.monotonic()
        for sql in self.restore:
            self.cursor.execute(sql)
        out(f"  indexes and constraints rebuilt in {time.monotonic() - started:.1f} s")
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            self.cursor.execute(sql)


def make_sink():
    if connection.vendor == "postgresql":
        return PostgresSink()
    if connection.vendor == "sqlite":
        return SqliteSink()
    raise ValueError(f"generate_data supports SQLite and PostgreSQL, not {connection.vendor}")


class Writer:
    """Every table the generator fills, by model name."""

    SPECS = {
        "org": (Organisation, ["id", "path", "depth", "numchild", "name", "kind"]),
        "user": (get_user_model(), ["id", "password", "username", "first_name", "is_active", "date_joined"]),
        "grant": (RoleGrant, ["id", "user", "role", "org"]),
        "member": (Member, ["id", "branch", "group", "name", "member_type", "position"]),
        "case": (Case, ["id", "public_id", "branch", "org_path", "stage", "user", "source", "name", "gender",
                        "ethnicity", "id_number", "id_hash", "birth_date", "phone", "education", "work_unit",
                        "consent_at", "sensitive_consent_at", "consent_version", "activist_since",
                        "created_at", "updated_at"]),
        "letter": (ApplicationLetter, ["id", "case", "created_by", "created_at", "updated_at", "title",
                                       "content", "written_date", "received_date", "status", "return_reason",
                                       "reviewed_by", "reviewed_at"]),
        "talk": (Talk, ["id", "case", "created_by", "created_at", "updated_at", "talk_date", "place",
                        "content"]),
        "talker": (Talk.talkers.through, ["id", "talk", "member"]),
        "recommendation": (Recommendation, ["id", "case", "created_by", "created_at", "updated_at",
                                            "recommended_on", "method", "note"]),
        "resolution": (BranchResolution, ["id", "case", "created_by", "created_at", "updated_at",
                                          "meeting_date", "result", "note"]),
        "filing": (Filing, ["id", "case", "created_by", "created_at", "updated_at", "kind", "status",
                            "committee", "committee_path", "warnings", "decided_by", "decided_at",
                            "effective_date", "return_reason"]),
        "history": (StageChange, ["id", "case", "action", "from_stage", "to_stage", "effective_date",
                                  "reason", "actor", "at"]),
        "contact": (ContactAssignment, ["id", "case", "member", "assigned_on", "ended_on", "created_by"]),
        "report": (ThoughtReport, ["id", "case", "created_by", "created_at", "updated_at", "title", "content",
                                   "written_on", "read_at", "read_by", "comment"]),
        "opinion": (Opinion, ["id", "case", "created_by", "created_at", "updated_at", "kind", "given_on",
                              "content", "author", "contact"]),
        "transfer": (Transfer, ["id", "case", "from_branch", "to_branch", "from_path", "to_path",
                                "transferred_on", "reason", "created_by", "created_at"]),
        "deadline": (Deadline, ["id", "case", "org_path", "kind", "due_date", "rule", "rule_version"]),
        "audit": (AuditEvent, ["id", "ts", "actor", "actor_name", "action", "result", "object_type",
                               "object_id", "case", "org_path", "before", "after", "ip", "user_agent",
                               "request_id"]),
    }

    def __init__(self, sink):
        self.sink = sink
        self.tables = {key: Table(model, fields, sink) for key, (model, fields) in self.SPECS.items()}

    def __getitem__(self, key) -> Table:
        return self.tables[key]

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def counts(self) -> dict[str, int]:
        return {key: t.count for key, t in self.tables.items()}


# --- names, places and numbers -------------------------------------------------------------------

# Common surnames with rough weights (%), so ?q=王 finds the share it would find in real data.
SURNAMES = [("王", 7.1), ("李", 7.0), ("张", 6.8), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.5),
            ("赵", 2.3), ("吴", 2.0), ("周", 1.9), ("徐", 1.7), ("孙", 1.5), ("马", 1.5), ("朱", 1.3),
            ("胡", 1.3), ("郭", 1.1), ("何", 1.1), ("林", 1.0), ("高", 1.0), ("罗", 0.9), ("郑", 0.9),
            ("梁", 0.8), ("谢", 0.7), ("宋", 0.6), ("唐", 0.6), ("许", 0.6), ("韩", 0.6), ("冯", 0.6),
            ("邓", 0.6), ("曹", 0.5), ("彭", 0.5), ("曾", 0.5), ("肖", 0.5), ("田", 0.4), ("董", 0.4),
            ("潘", 0.4), ("袁", 0.4), ("蔡", 0.4), ("蒋", 0.4), ("余", 0.4), ("于", 0.4), ("杜", 0.3),
            ("叶", 0.3), ("程", 0.3), ("魏", 0.3), ("苏", 0.3), ("吕", 0.3), ("丁", 0.3), ("任", 0.3),
            ("卢", 0.3), ("姚", 0.3), ("沈", 0.3), ("钟", 0.3), ("姜", 0.3), ("崔", 0.3), ("谭", 0.3),
            ("陆", 0.2), ("范", 0.2), ("汪", 0.2), ("廖", 0.2), ("石", 0.2), ("金", 0.2), ("欧阳", 0.1)]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉宇浩然子涵梓轩一诺欣怡思远"
             "雨桐沐阳悦晨昊天佳琪嘉懿博文俊杰若曦心怡语嫣梦瑶宏志海波晓东丹丹婷婷鹏飞晨曦晓峰海燕")
REGIONS_T1 = ["110105", "110108", "310104", "320102", "330106", "340104", "350102", "360102", "370102",
              "410105", "420106", "430102", "440106", "450103", "500103", "510107", "520102", "530102",
              "610113", "620102", "130102", "140105", "210102", "220102", "230102", "150102", "640104"]
REGIONS_T2 = ["430102", "430103", "430104", "430105", "430111", "430121", "430202", "430302", "430402",
              "430502", "430602", "430702", "430802", "430902", "431002", "431102", "431202", "431302",
              "433101", "430181", "430223", "430321", "430421", "430521"]
COLLEGES = ["计算机学院", "经济学院", "管理学院", "法学院", "文学院", "外国语学院", "数学学院", "物理学院",
            "化学学院", "生命科学学院", "医学院", "药学院", "机械工程学院", "电气工程学院", "土木工程学院",
            "材料学院", "环境学院", "建筑学院", "马克思主义学院", "新闻学院", "艺术学院", "体育学院",
            "教育学院", "历史学院", "哲学学院", "公共管理学院", "信息学院", "能源学院", "航空航天学院",
            "软件学院", "农学院", "海洋学院"]
CN_NUMBERS = "一二三四五六七八九十"
LETTER_TEXT = ("敬爱的党组织：\n    我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
               "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身。\n    请党组织在实践中考验我。")
REPORT_TEXT = ("敬爱的党组织：\n    这一阶段我认真学习党的理论，按时参加组织生活，在学习和工作中严格要求自己，"
               "对照党员标准查找不足，今后将继续努力，争取早日加入党组织。")
OPINION_TEXT = {
    OpinionKind.EDUCATION: "该同志学习认真，积极参加组织生活，能发挥模范作用。",
    OpinionKind.BRANCH_INSPECTION: "经支部考察，该同志表现良好，同意继续培养。",
    OpinionKind.CONTACT_CONFIRMATION: "培养联系人经常谈心谈话，该同志思想稳定，进步明显。",
    OpinionKind.MEMBERS_MASSES: "党员和群众座谈，普遍认为该同志作风正派、团结同学。",
    OpinionKind.PARTY_GROUP: "党小组讨论认为该同志符合发展对象条件。",
}


class People:
    """Names, ID numbers (unique by construction) and phones, all drawn from the one generator."""

    def __init__(self, rng, regions):
        self.rng, self.regions = rng, regions
        self.surnames = [s for s, _ in SURNAMES]
        self.cum = _cumulative([w for _, w in SURNAMES])
        self.used: dict[tuple, int] = {}

    def name(self) -> str:
        rng = self.rng
        surname = self.surnames[bisect.bisect(self.cum, rng.random() * self.cum[-1])]
        return surname + "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))

    def id_number(self, birth: date, gender: str) -> str:
        """A valid 18-character number; (region, birth, gender) keys a sequence counter so no two
        people share one."""
        while True:
            region = self.rng.choice(self.regions)
            key = (region, birth, gender)
            seq = self.used.get(key, 0)
            if seq <= 99:
                self.used[key] = seq + 1
                return make_id_number(region, birth, seq, gender)

    def phone(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"


def add_months(d: date, n: int) -> date:
    """partydev.common.dates.add_months (C1: clamp to the month's last day) without relativedelta,
    which is a tenth of the generator's time; tests/bench compare the two."""
    year, month = divmod(d.month - 1 + n, 12)
    year += d.year
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


# --- the organisation tree -----------------------------------------------------------------------

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
    cum = _cumulative([w for *_, w in flavors])

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


# --- accounts, grants and rosters ----------------------------------------------------------------

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


# --- one case and its records ---------------------------------------------------------------------

APPLICANT_POINTS = [("letter_pending", 10), ("letter_returned", 3), ("approved", 12), ("talked", 20),
                    ("recommended", 15), ("resolved", 15), ("filed", 20), ("filing_returned", 5)]
ACTIVIST_BREAKS = ("no_contacts", "report_gap", "missing_opinion")
# Branches of students: younger applicants, and monthly thought reports are common there.
STUDENT_FLAVORS = ("本科生", "研究生", "university")


@dataclass
class Place:
    """Where a case lives and who acts on it there."""

    branch: Node
    admin: Account
    committee: Node
    committee_admin: Account
    roster: list
    unit: str


class CaseBuilder:
    """Writes one case with everything the services would have written along its way."""

    def __init__(self, rng, writer: Writer, people: People, today: date, tier: Tier, audit: bool):
        self.rng, self.w, self.people, self.today, self.tier, self.audit = rng, writer, people, today, tier, audit
        self.point_cum = _cumulative([w for _, w in APPLICANT_POINTS])

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
        warnings = [{"code": p.code, "message": str(p.message), "article": p.article} for p in found]
        status, decided = FilingStatus.PENDING, None
        if "since" in dates:
            status, decided = FilingStatus.ACCEPTED, dates["since"]
        elif dates.get("decided"):
            status, decided = FilingStatus.RETURNED, dates["decided"]
        fid, created = self.record_id("filing"), self.at(filed)
        decided_at = self.at(decided) if decided else None
        committee = place.committee
        self.w["filing"].add(fid, self.c.id, place.admin.id, created, decided_at or created, FilingKind.ACTIVIST,
                             status, committee.id, committee.path, dumps(warnings),
                             place.committee_admin.id if decided else None, decided_at,
                             decided if status == FilingStatus.ACCEPTED else None,
                             "材料不全，请补充支委会会议记录。" if status == FilingStatus.RETURNED else "")
        self.facts.filings.append(SimpleNamespace(kind=FilingKind.ACTIVIST, status=status, created_at=created))
        self.history("activist_filed", filed, place.admin)
        self.event("filing.submit", created, place.admin, "filing", fid,
                   after={"committee": committee.name, "warnings": [w["code"] for w in warnings]})
        if status == FilingStatus.RETURNED:
            self.history("activist_filing_returned", decided, place.committee_admin, "材料不全")
            self.event("filing.return", decided_at, place.committee_admin, "filing", fid, after={"reason": "材料不全"})
        elif status == FilingStatus.ACCEPTED:
            self.event("filing.accept", decided_at, place.committee_admin, "filing", fid,
                       after={"effective_date": str(decided)})
            self.history("activist_accepted", decided, place.committee_admin, from_stage=Stage.APPLICANT,
                         to_stage=Stage.ACTIVIST)
            self.c.stage_then = Stage.ACTIVIST
            self.event("case.activist_accepted", decided_at, place.committee_admin, "case", self.c.id,
                       before={"stage": Stage.APPLICANT}, after={"stage": Stage.ACTIVIST, "reason": ""})

    # -- part 二 --
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
                           blind_index(person.id_number), person.birth, encrypt_text(person.phone),
                           person.education, place.unit, consent, consent, CONSENT_VERSION if consent else "",
                           since, created, self.at(since) if since else created)
        c.id_number, c.name = person.id_number, person.name

    def _deadlines(self, place: Place) -> None:
        """process.deadlines.due_items over the records just written: what deadlines_refresh stores."""
        self.facts.case = SimpleNamespace(stage=self.c.stage, activist_since=self.c.since, birth_date=self.c.birth)
        for item in due_items(self.facts):
            self.w["deadline"].add(self.record_id("deadline"), self.c.id, place.branch.path, item.kind, item.due_date,
                                   item.rule, item.rule_version)


# --- the whole run --------------------------------------------------------------------------------

@dataclass
class Options:
    tier: str = "T1"
    seed: int = 1
    scale: float = 1.0
    today: date | None = None
    password: str = "Bench@2026"
    audit: bool = True
    keep_plan: bool = False  # tests: return every case's point and whether it breaks a rule


@dataclass
class Summary:
    counts: dict
    seconds: dict
    bench_users: dict
    cases: list = field(default_factory=list)


class EmptyDatabaseRequired(Exception):
    pass


def generate(options: Options, out=print) -> Summary:
    if Case.objects.exists():
        raise EmptyDatabaseRequired("The cases table is not empty: generate_data only fills an empty database.")
    with transaction.atomic():
        summary = Run(options, out).run()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM needs autocommit
        # Fresh statistics, as autovacuum would gather a little later: plans are then those of a
        # settled production database, not of tables the planner believes empty.
        started = time.monotonic()
        with connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (as in the tests); ANALYZE alone can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        summary.seconds["vacuum_analyze"] = time.monotonic() - started
    return summary


class Run:
    def __init__(self, options: Options, out):
        from django.utils import timezone

        self.o, self.out = options, out
        self.tier = TIERS[options.tier]
        self.today = options.today or timezone.localdate()
        self.rng = random.Random(options.seed)
        self.sink = make_sink()
        self.w = Writer(self.sink)
        self.seconds: dict[str, float] = {}

    def run(self) -> Summary:
        t0 = time.monotonic()
        self.sink.before(list(self.w.tables.values()))
        root, branches = self._orgs()
        places = self._people(root, branches)
        plan = self._cases(branches, places)
        self.w.flush()
        self.seconds["generate_and_load"] = time.monotonic() - t0
        self.seconds["of_which_db_writes"] = self.sink.seconds
        t1 = time.monotonic()
        self.sink.after(list(self.w.tables.values()), self.out)
        self.seconds["indexes"] = time.monotonic() - t1
        self.seconds["total"] = time.monotonic() - t0
        return Summary(self.w.counts() | {"org": self.w["org"].count + 1}, self.seconds, self.bench,
                       plan if self.o.keep_plan else [])

    def _orgs(self):
        root, branches = build_tree(self.rng, self.tier.name, self.o.scale, self.w["org"])
        n = write_orgs(root, self.w["org"])
        self.out(f"organisations: {n + 1:,} ({len(branches):,} branches)")
        return root, branches

    def _people(self, root: Node, branches: list[Node]) -> dict[int, Place]:
        rng = self.rng
        self.people = People(rng, REGIONS_T2 if self.tier.name == "T2" else REGIONS_T1)
        self.accounts = Accounts(rng, self.w, datetime.combine(self.today - timedelta(days=5 * 365),
                                                               datetime.min.time(), tzinfo=UTC))
        self.accounts.admins(root)
        rosters = write_rosters(rng, branches, self.tier, self.people, self.w["member"])
        admin = self.accounts.admin_of
        places = {}
        for b in branches:
            committee = b.committee
            places[b.id] = Place(b, admin[b.id], committee, admin[committee.id], rosters[b.id], unit_of(b))
        self.out(f"accounts, grants and rosters: {self.w['user'].count + len(self.w['user'].rows):,} users, "
                 f"{sum(len(r) for r in rosters.values()):,} members")
        return places

    def _cases(self, branches: list[Node], places: dict[int, Place]) -> list:
        per_branch = self._allocate(branches)
        builder = CaseBuilder(self.rng, self.w, self.people, self.today, self.tier, self.o.audit)
        builder.accounts = self.accounts
        total, done, plan, t0 = sum(per_branch), 0, [], time.monotonic()
        step = max(1, total // 20)
        for branch, n in zip(branches, per_branch, strict=True):
            for _ in range(n):
                c = self._one_case(builder, places, branch, branches)
                if self.o.keep_plan:
                    plan.append(SimpleNamespace(id=c.id, public_id=c.public_id, point=c.point, broken=c.broken,
                                                stage=c.stage, id_number=c.id_number))
                done += 1
                if done % step == 0:
                    rate = done / (time.monotonic() - t0)
                    self.out(f"  cases {done:,}/{total:,} ({100 * done // total}%), {rate:,.0f} cases/s")
        self._bench_users(branches, places, per_branch)
        return plan

    def _one_case(self, builder: CaseBuilder, places, branch: Node, branches: list[Node]):
        rng = self.rng
        activist = rng.random() < self.tier.activist_share
        broken = rng.random() < BROKEN_SHARE
        old = None
        if activist and rng.random() < TRANSFER_SHARE and len(branches) > 1:
            old = places[rng.choice(branches).id]
            old = None if old.branch.id == branch.id else old
        return builder.build(places[branch.id], old, activist, broken)

    def _allocate(self, branches: list[Node]) -> list[int]:
        """Skewed sizes: a lognormal weight per branch, larger for student branches; the total
        number of cases is then drawn branch by branch."""
        rng = self.rng
        boost = {"本科生": 2.0, "研究生": 1.2, "教工": 0.3, "university": 6.0, "urban": 1.2, "enterprise": 1.0,
                 "rural": 0.5}
        weights = [rng.lognormvariate(0, 1.0) * boost.get(b.flavor, 1.0) for b in branches]
        cum = _cumulative(weights)
        counts = [0] * len(branches)
        for _ in range(max(1, round(self.tier.cases * self.o.scale))):
            counts[bisect.bisect(cum, rng.random() * cum[-1])] += 1
        return counts

    def _bench_users(self, branches, places, per_branch) -> None:
        """Three accounts with a known password: the admin of the biggest branch, of the biggest
        党委 below the root, and of the root (university or province)."""
        password = make_password(self.o.password)
        biggest = max(zip(per_branch, range(len(branches)), strict=True))[1]
        branch = branches[biggest]
        sizes: dict[int, int] = {}
        for b, n in zip(branches, per_branch, strict=True):
            if b.committee.parent is not None:
                sizes[b.committee.id] = sizes.get(b.committee.id, 0) + n
        committee_id = max(sizes, key=sizes.get) if sizes else branch.committee.id
        committee = next(b.committee for b in branches if b.committee.id == committee_id)
        root = committee
        while root.parent is not None:
            root = root.parent
        self.bench = {}
        for username, role, org in (("bench_branch", Role.BRANCH_ADMIN, branch),
                                    ("bench_committee", Role.COMMITTEE_ADMIN, committee),
                                    ("bench_top", Role.COMMITTEE_ADMIN, root)):
            account = self.accounts.user(username, f"{org.name}（基准测试）", password=password)
            self.accounts.grant(account, role, org)
            self.bench[username] = {"org": org.name, "path": org.path, "role": role}
