"""Loads the plain facts the rules in `partydev.process` read, in a fixed number of queries."""

from partydev.common import clock
from partydev.common.calendar import configured_calendar
from partydev.orgs.models import Member, Organisation, OrgKind
from partydev.process.enums import ResolutionPurpose, Stage
from partydev.process.facts import Candidate, CaseFacts

from ..models import Case, ContactAssignment, Talk
from .case_rows import Table, case_rows


def candidate(member, assigned_on=None) -> Candidate:
    """A roster member (orgs.Member, with its branch loaded) as the contact and introducer rules see it;
    `assigned_on`: the day a contact was appointed."""
    return Candidate(pk=member.pk, name=member.name, member_type=member.member_type, active=member.active,
                     branch_path=member.branch.path, discipline=member.discipline,
                     discipline_until=member.discipline_until, assigned_on=assigned_on)


def _column(model, name, dialect) -> str:
    return dialect.quote(model._meta.get_field(name).column)


def _committee_path(dialect, alias, aliases) -> str:
    """Per contact row: the path of the nearest 党委 above the case's branch, so the §9 check costs no
    query of its own. The ancestors' paths are the prefixes of the branch's path, one per level: an
    IN list of them is a few probes of the path index, where comparing each organisation's path with
    a prefix of the branch's read the whole table (a province's 447,908 rows, 38 ms per contact at T2)."""
    q, org, case, cp = dialect.quote, aliases(), aliases(), aliases()
    path, org_path = f"{org}.{_column(Organisation, 'path', dialect)}", f"{case}.{_column(Case, 'org_path', dialect)}"
    field = Organisation._meta.get_field("path")
    prefixes = ", ".join(f"SUBSTR({cp}.p, 1, {n})" for n in range(Organisation.steplen, field.max_length + 1,
                                                                  Organisation.steplen))
    # names from the models, quoted; the kind is a constant of ours
    case_path = (f"(SELECT {org_path} AS p FROM {q(Case._meta.db_table)} {case} "  # noqa: S608
                 f"WHERE {case}.{_column(Case, 'id', dialect)} = {alias}.{_column(ContactAssignment, 'case', dialect)})")
    return (f"(SELECT {path} FROM {case_path} {cp}, {q(Organisation._meta.db_table)} {org} "  # noqa: S608
            f"WHERE {org}.{_column(Organisation, 'kind', dialect)} = '{OrgKind.COMMITTEE.value}' "
            f"AND {path} IN ({prefixes}) "
            f"ORDER BY {org}.{_column(Organisation, 'depth', dialect)} DESC LIMIT 1)")


def _talker_names(dialect, alias, aliases) -> str:
    """Per talk: its talkers' names, in roster (primary key) order."""
    q, through, link, m = dialect.quote, Talk.talkers.through, aliases(), aliases()
    source = (f"{q(through._meta.db_table)} {link} JOIN {q(Member._meta.db_table)} {m} "
              f"ON {m}.{_column(Member, 'id', dialect)} = {link}.{_column(through, 'member', dialect)} "
              f"WHERE {link}.{_column(through, 'talk', dialect)} = {alias}.{_column(Talk, 'id', dialect)}")
    return dialect.array(f"{m}.{_column(Member, 'name', dialect)}", source, f"{m}.{_column(Member, 'id', dialect)}")


# Every table of the case's records that load_facts reads, in one query (case_rows.py). The order of
# each is the one the pages and rules expect (the model's own unless given).
FACT_TABLES = (
    Table("branchresolutions"),
    Table("contact_assignments", related=("member", "member__branch"),
          extra=(("case_committee_path", _committee_path),)),
    Table("applicationletters", order=("-created_at", "-id")),
    Table("talks", extra=(("talker_names", _talker_names),)),
    Table("recommendations"),
    Table("filings", order=("-created_at", "-id")),
    Table("thoughtreports"),
    Table("opinions", related=("contact",)),
    Table("publicnotices"),
    Table("introducers", related=("member", "member__branch")),
    Table("politicalreviews"),
    Table("trainings"),
    Table("volunteerforms", order=("-filled_on", "-id")),
    Table("branchmeetings"),
    Table("committeetalks"),
    Table("placements", related=("group",)),
    Table("oaths"),
    Table("conversionapplications"),
    Table("archives"),
)
# What the person page shows beside them, read with them (pc/views/applicants.py).
PAGE_TABLES = (
    Table("transfers", related=("from_branch", "to_branch")),
    Table("attachments"),
    Table("deadlines"),
)


def load_facts(case) -> CaseFacts:
    """The case's records, all of them in one query (case_rows.py), whatever kinds the case has.
    (One query per table made an import row cost ~130 queries, and the person page of a member with
    a record of every kind 25.)"""
    return facts_from_rows(case, case_rows(case, FACT_TABLES))


def page_facts(case) -> tuple[CaseFacts, dict]:
    """The person page's read: the facts and, in the same query, the rows of PAGE_TABLES by name."""
    rows = case_rows(case, FACT_TABLES + PAGE_TABLES)
    return facts_from_rows(case, rows), {t.name: rows[t.name] for t in PAGE_TABLES}


def facts_from_rows(case, rows: dict) -> CaseFacts:
    """The CaseFacts of the rows of FACT_TABLES (case_rows)."""
    resolutions = rows["branchresolutions"]
    contacts = rows["contact_assignments"]
    active = [c for c in contacts if c.ended_on is None]
    notices = rows["publicnotices"]
    return CaseFacts(
        case=case,
        # Only the 公示 of an activist counts working days (rules/target.py reads the calendar only
        # when there is a notice); other cases skip the calendar's query.
        calendar=configured_calendar() if case.stage == Stage.ACTIVIST and notices else CaseFacts.calendar,
        letters=rows["applicationletters"],
        talks=rows["talks"],
        recommendations=rows["recommendations"],
        resolutions=[r for r in resolutions if r.purpose == ResolutionPurpose.ACTIVIST],
        all_resolutions=resolutions,
        filings=rows["filings"],
        contacts=contacts,
        contact_candidates=[candidate(c.member, c.assigned_on) for c in active],
        committee_path=active[0].case_committee_path if active else None,
        as_of=clock.today(),
        reports=rows["thoughtreports"],
        opinions=rows["opinions"],
        notices=notices,
        introducers=rows["introducers"],
        reviews=rows["politicalreviews"],
        trainings=rows["trainings"],
        volunteer_forms=rows["volunteerforms"],
        meetings=rows["branchmeetings"],
        committee_talks=rows["committeetalks"],
        placements=rows["placements"],
        oaths=rows["oaths"],
        conversion_applications=rows["conversionapplications"],
        archives=rows["archives"],
    )
