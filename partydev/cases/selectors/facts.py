"""Loads the plain facts the rules in `partydev.process` read, in a fixed number of queries."""

from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith

from partydev.common import clock
from partydev.common.calendar import configured_calendar
from partydev.orgs.models import Organisation, OrgKind
from partydev.process.enums import ResolutionPurpose, Stage
from partydev.process.facts import Candidate, CaseFacts


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


def load_facts(case) -> CaseFacts:
    resolutions = list(case.branchresolutions.all())
    contacts = list(case.contact_assignments.select_related("member", "member__branch")
                    .annotate(case_committee_path=_case_committee_path()))
    active = [c for c in contacts if c.ended_on is None]
    return CaseFacts(
        case=case,
        # Only the 公示 of an activist counts working days; other stages skip the calendar's query.
        calendar=configured_calendar() if case.stage == Stage.ACTIVIST else CaseFacts.calendar,
        letters=list(case.applicationletters.all().order_by("-created_at", "-id")),
        talks=list(case.talks.all()),
        recommendations=list(case.recommendations.all()),
        resolutions=[r for r in resolutions if r.purpose == ResolutionPurpose.ACTIVIST],
        all_resolutions=resolutions,
        filings=list(case.filings.all().order_by("-created_at", "-id")),
        contacts=contacts,
        contact_candidates=[candidate(c.member, c.assigned_on) for c in active],
        committee_path=active[0].case_committee_path if active else None,
        as_of=clock.today(),
        reports=list(case.thoughtreports.all()),
        opinions=list(case.opinions.select_related("contact")),
        notices=list(case.publicnotices.all()),
        introducers=list(case.introducers.select_related("member", "member__branch")),
        reviews=list(case.politicalreviews.all()),
        trainings=list(case.trainings.all()),
        volunteer_forms=list(case.volunteerforms.order_by("-filled_on", "-id")),
        meetings=list(case.branchmeetings.all()),
        committee_talks=list(case.committeetalks.all()),
        placements=list(case.placements.select_related("group")),
        oaths=list(case.oaths.all()),
        conversion_applications=list(case.conversionapplications.all()),
        archives=list(case.archives.all()),
    )
