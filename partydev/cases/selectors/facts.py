"""Loads the plain facts the rules in `partydev.process` read, in a fixed number of queries."""

import functools

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith

from partydev.common import clock
from partydev.common.calendar import configured_calendar
from partydev.orgs.models import Organisation, OrgKind
from partydev.process.enums import ResolutionPurpose, Stage
from partydev.process.facts import Candidate, CaseFacts

from ..models import Case, Talk


def candidate(member, assigned_on=None) -> Candidate:
    """A roster member (orgs.Member, with its branch loaded) as the contact and introducer rules see it;
    `assigned_on`: the day a contact was appointed."""
    return Candidate(pk=member.pk, name=member.name, member_type=member.member_type, active=member.active,
                     branch_path=member.branch.path, discipline=member.discipline,
                     discipline_until=member.discipline_until, assigned_on=assigned_on)


def _case_committee_path():
    """The path of the nearest 党委 above the case's branch, as a subquery on the contacts' rows, so the
    §9 check costs no query of its own."""
    branch_path = Cast(OuterRef("case__org_path"), CharField())
    ancestors = (Organisation.objects.filter(StartsWith(branch_path, F("path")), kind=OrgKind.COMMITTEE)
                 .order_by("-depth").values("path")[:1])
    return Subquery(ancestors)


# The related names of the case's records that load_facts reads, plus what the person page reads
# beside them: one EXISTS each, answered with the case's own query (case_for(..., probe=True)), so on
# the person page a table the case has no row in costs no query (issue 15: it read all of them,
# 27–30 queries).
RECORD_KINDS = ("branchresolutions", "contact_assignments", "applicationletters", "talks", "recommendations",
                "filings", "thoughtreports", "opinions", "publicnotices", "introducers", "politicalreviews",
                "trainings", "volunteerforms", "branchmeetings", "committeetalks", "placements", "oaths",
                "conversionapplications", "archives", "transfers", "attachments", "deadlines")


def record_kinds_probe() -> dict:
    """Annotations for a Case query: `has_<related name>` for each of RECORD_KINDS."""
    probe = {}
    for name in RECORD_KINDS:
        related = Case._meta.get_field(name).related_model
        probe[f"has_{name}"] = Exists(related.objects.filter(case_id=OuterRef("pk")))
    return probe


def probed(case) -> bool:
    """The case was loaded with the annotations of `record_kinds_probe` (case_for(..., probe=True))."""
    return all(hasattr(case, f"has_{name}") for name in RECORD_KINDS)


@functools.cache
def _probe_sql() -> str:
    """One statement answering, for one case, whether each of RECORD_KINDS has a row: plain SQL built
    once, because compiling the same probe through the ORM on every service call costs more than
    running it."""
    quote = connection.ops.quote_name
    exists = []
    for name in RECORD_KINDS:
        relation = Case._meta.get_field(name)
        table, column = relation.related_model._meta.db_table, relation.field.column
        # names from the models, quoted; the value is a parameter
        exists.append(f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(column)} = %s)")  # noqa: S608
    return "SELECT " + ", ".join(exists)


def _probe_now(case) -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute(_probe_sql(), [case.pk] * len(RECORD_KINDS))
        flags = cursor.fetchone()
    return frozenset(name for name, flag in zip(RECORD_KINDS, flags, strict=True) if flag)


def record_kinds(case) -> frozenset[str]:
    """Which of RECORD_KINDS the case has rows in: from the probe's annotations when the case was
    loaded with them (a read-only page: the case's own query answered it), otherwise asked now, in one
    query (a service reads the facts right after writing, so an earlier answer could be stale)."""
    if probed(case):
        return frozenset(name for name in RECORD_KINDS if getattr(case, f"has_{name}"))
    return _probe_now(case)


def _talks_with_talkers(case) -> list:
    """The case's talks (their own order), each with `talker_names` (roster order): one query, the
    talks joined to their talkers, one row per talker."""
    talks = {}
    rows = (case.talks.annotate(talker_pk=F("talkers__id"), talker_name=F("talkers__name"))
            .order_by(*Talk._meta.ordering, "talkers__id"))
    for row in rows:
        talk = talks.setdefault(row.pk, row)
        if talk is row:
            talk.talker_names = []
        if row.talker_pk is not None:
            talk.talker_names.append(row.talker_name)
    return list(talks.values())


def load_facts(case) -> CaseFacts:
    """The case's records: one query for which tables have rows (none when the case was loaded with
    the probe, as on the person page), then one query per table that has. The count depends on which
    kinds of records the case has, never on how many. (Reading all 22 tables on every service call made
    an import row cost ~130 queries; an applicant has rows in three or four.)"""
    has = record_kinds(case)

    def rows(name, qs=None):
        if name not in has:
            return []
        return list(qs if qs is not None else getattr(case, name).all())

    resolutions = rows("branchresolutions")
    contacts = rows("contact_assignments", case.contact_assignments.select_related("member", "member__branch")
                    .annotate(case_committee_path=_case_committee_path()))
    active = [c for c in contacts if c.ended_on is None]
    notices = rows("publicnotices")
    return CaseFacts(
        case=case,
        # Only the 公示 of an activist counts working days (rules/target.py reads the calendar only
        # when there is a notice); other cases skip the calendar's query.
        calendar=configured_calendar() if case.stage == Stage.ACTIVIST and notices else CaseFacts.calendar,
        letters=rows("applicationletters", case.applicationletters.all().order_by("-created_at", "-id")),
        talks=_talks_with_talkers(case) if "talks" in has else [],
        recommendations=rows("recommendations"),
        resolutions=[r for r in resolutions if r.purpose == ResolutionPurpose.ACTIVIST],
        all_resolutions=resolutions,
        filings=rows("filings", case.filings.all().order_by("-created_at", "-id")),
        contacts=contacts,
        contact_candidates=[candidate(c.member, c.assigned_on) for c in active],
        committee_path=active[0].case_committee_path if active else None,
        as_of=clock.today(),
        reports=rows("thoughtreports"),
        opinions=rows("opinions", case.opinions.select_related("contact")),
        notices=notices,
        introducers=rows("introducers", case.introducers.select_related("member", "member__branch")),
        reviews=rows("politicalreviews"),
        trainings=rows("trainings"),
        volunteer_forms=rows("volunteerforms", case.volunteerforms.order_by("-filled_on", "-id")),
        meetings=rows("branchmeetings"),
        committee_talks=rows("committeetalks"),
        placements=rows("placements", case.placements.select_related("group")),
        oaths=rows("oaths"),
        conversion_applications=rows("conversionapplications"),
        archives=rows("archives"),
    )
