"""The pages measured, found in the generated data (generate_data's bench_* accounts).

Each page is (key, username, path, what); an empty username requests the page without logging in. `key` prefixes: `list_`, `detail_`, `reminders_`, `inbox_`,
`home_` are ours and have a target; `ref_`, `ok`, `admin_` are the yardsticks.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import Count

from partydev.cases.models import Case
from partydev.orgs.models import RoleGrant
from partydev.process.enums import FilingStatus, Stage

SURNAME = "王"  # the commonest surname: the search that matches the most people
BRANCH_QUERY = "14党支部"  # matches a few branches per 党委 (T1 "第14党支部", T2 "第014党支部")


@dataclass(frozen=True)
class Page:
    key: str
    username: str
    path: str
    what: str


def bench_org(username: str):
    return RoleGrant.objects.select_related("org").get(user__username=username).org


def _detail_cases(branch):
    activist = (Case.objects.filter(branch=branch, stage=Stage.ACTIVIST)
                .annotate(n=Count("thoughtreports")).order_by("-n", "id").first())
    applicant = (Case.objects.filter(branch=branch, stage=Stage.APPLICANT, filings__status=FilingStatus.PENDING)
                 .order_by("id").first() or Case.objects.filter(branch=branch).order_by("id").first())
    return activist, applicant


def pages() -> list[Page]:
    get_user_model().objects.get(username="bench_branch")  # fails early on a database without bench data
    branch = bench_org("bench_branch")
    activist, applicant = _detail_cases(branch)
    q = f"?q={quote(SURNAME)}"
    out = [
        Page("ok", "bench_branch", "/bench/ok/", "trivial view: the stack's ceiling"),
        Page("ok_anonymous", "", "/bench/ok/", "trivial view without a session (no session save)"),
        Page("ref_branch", "bench_branch", "/bench/reference/", "reference list: 1 query, 20 rows, bare template"),
        Page("admin_branch", "bench_branch", "/bench-admin/cases/case/?stage__exact=applicant",
             "Django admin change list of Case, same rows"),
        Page("list_branch", "bench_branch", "/pc/applicants/", "branch applicant list"),
        Page("list_activists_branch", "bench_branch", "/pc/activists/", "branch activist list"),
        Page("home_branch", "bench_branch", "/pc/", "home page (counts, reminders summary)"),
        Page("reminders_branch", "bench_branch", "/pc/reminders/", "work reminders of the branch"),
        Page("ref_committee_q", "bench_committee", f"/bench/reference/{q}", "reference list, same search"),
        Page("admin_committee_q", "bench_committee", f"/bench-admin/cases/case/?stage__exact=applicant&q={quote(SURNAME)}",
             "Django admin change list, same search"),
        Page("list_committee_q", "bench_committee", f"/pc/applicants/{q}", f"committee applicant list ?q={SURNAME}"),
        Page("list_committee_branch", "bench_committee", f"/pc/applicants/?branch={branch.pk}",
             "committee applicant list filtered to one branch"),
        Page("reminders_committee", "bench_committee", "/pc/reminders/", "work reminders of a whole 党委"),
        Page("inbox_committee", "bench_committee", "/pc/filings/", "filing inbox of the 党委"),
        Page("home_committee", "bench_committee", "/pc/", "home page of the 党委"),
        Page("ref_top_q", "bench_top", f"/bench/reference/{q}", "reference list, same search"),
        Page("admin_top_q", "bench_top", f"/bench-admin/cases/case/?stage__exact=applicant&q={quote(SURNAME)}",
             "Django admin change list, same search"),
        Page("list_top_q", "bench_top", f"/pc/applicants/{q}", f"top applicant list ?q={SURNAME}"),
        Page("reminders_top", "bench_top", "/pc/reminders/", "work reminders of the top 党委"),
        Page("inbox_top", "bench_top", "/pc/filings/", "filing inbox of the top 党委"),
        Page("home_top", "bench_top", "/pc/", "home page of the top 党委"),
        Page("home_top_recount", "bench_top", "/pc/?refresh=1",
             "home page of the top 党委 counted again (?refresh=1): what the first visit of a 5-minute cache pays"),
        Page("search_branch_top", "bench_top", f"/pc/branches/search/?q={quote(BRANCH_QUERY)}",
             "branch chooser search over the top 党委's branches (htmx fragment)"),
    ]
    if activist:
        out.append(Page("detail_activist", "bench_branch", f"/pc/cases/{activist.public_id}/",
                        "person detail: the branch's activist with the most records"))
    if applicant:
        out.append(Page("detail_applicant", "bench_branch", f"/pc/cases/{applicant.public_id}/",
                        "person detail: an applicant filed with the 党委"))
    return out


# Pages run under wrk (the branch admin's session, as the issue asks, plus the committee-wide
# search where the admin's COUNT(*) hurts most). The rest are timed in-process only.
LOAD_KEYS = ["ok", "ok_anonymous", "ref_branch", "admin_branch", "list_branch", "detail_activist", "reminders_branch",
             "ref_committee_q", "admin_committee_q", "list_committee_q", "ref_top_q", "admin_top_q", "list_top_q"]
