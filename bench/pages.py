"""The pages measured, found in the generated data (generate_data's bench_* accounts).

Each page is (key, username, path, what); an empty username requests the page without logging in. `key` prefixes: `list_`, `detail_`, `reminders_`, `inbox_`,
`home_` are ours and have a target; `ref_`, `ok`, `admin_` are the yardsticks.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import Count

from partydev.cases.models import Case
from partydev.orgs.models import Organisation, RoleGrant
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


def _scope_branch(org, branch):
    """A branch of `org`'s subtree for the ?branch= filter: the bench branch when it lies there,
    else the branch of the scope with the most cases."""
    if branch.path.startswith(org.path):
        return branch
    top = (Case.objects.filter(org_path__under=org.path).values("branch_id")
           .annotate(n=Count("id")).order_by("-n", "branch_id").first())
    return Organisation.objects.get(pk=top["branch_id"]) if top else branch


# The scopes above a branch: (key, account, label). bench_city exists only where the tree has a
# second middle level (T2: the 市县党委 above bench_committee's 基层党委).
COMMITTEE_SCOPES = [("committee", "bench_committee", "a 党委 below the root (院系党委 at T1, 基层党委 at T2)"),
                    ("city", "bench_city", "a 市县党委 (T2 only)"),
                    ("top", "bench_top", "the top 党委 (university at T1, province at T2)")]


def _committee_pages(key, username, label, branch) -> list[Page]:
    """What the admin of a 党委 opens first: home, the two lists plain, searched and filtered to a
    branch, the reminders and the filing inbox."""
    org = bench_org(username)
    one = _scope_branch(org, branch)
    q = f"?q={quote(SURNAME)}"
    return [
        Page(f"home_{key}", username, "/pc/", f"home page of {label}"),
        Page(f"list_{key}", username, "/pc/applicants/", f"applicant list of {label}, as opened"),
        Page(f"list_activists_{key}", username, "/pc/activists/", f"activist list of {label}, as opened"),
        Page(f"list_{key}_q", username, f"/pc/applicants/{q}", f"applicant list of {label} ?q={SURNAME}"),
        Page(f"list_activists_{key}_q", username, f"/pc/activists/{q}", f"activist list of {label} ?q={SURNAME}"),
        Page(f"list_{key}_branch", username, f"/pc/applicants/?branch={one.pk}",
             f"applicant list of {label} filtered to one branch"),
        Page(f"reminders_{key}", username, "/pc/reminders/", f"work reminders of {label}"),
        Page(f"reminders_{key}_overdue", username, "/pc/reminders/?window=overdue",
             f"work reminders of {label}, overdue only"),
        Page(f"inbox_{key}", username, "/pc/filings/", f"filing inbox of {label}"),
    ]


def pages() -> list[Page]:
    get_user_model().objects.get(username="bench_branch")  # fails early on a database without bench data
    branch = bench_org("bench_branch")
    activist, applicant = _detail_cases(branch)
    q = f"?q={quote(SURNAME)}"
    admin_q = f"/bench-admin/cases/case/?stage__exact=applicant&q={quote(SURNAME)}"
    out = [
        Page("ok", "bench_branch", "/bench/ok/", "trivial view: the stack's ceiling"),
        Page("ok_anonymous", "", "/bench/ok/", "trivial view without a session (no session save)"),
        Page("ref_branch", "bench_branch", "/bench/reference/", "reference list: 1 query, 20 rows, bare template"),
        Page("admin_branch", "bench_branch", "/bench-admin/cases/case/?stage__exact=applicant",
             "Django admin change list of Case, same rows"),
        Page("home_branch", "bench_branch", "/pc/", "home page (counts, reminders summary)"),
        Page("list_branch", "bench_branch", "/pc/applicants/", "branch applicant list"),
        Page("list_activists_branch", "bench_branch", "/pc/activists/", "branch activist list"),
        Page("list_branch_q", "bench_branch", f"/pc/applicants/{q}", f"branch applicant list ?q={SURNAME}"),
        Page("reminders_branch", "bench_branch", "/pc/reminders/", "work reminders of the branch"),
        Page("ref_committee_q", "bench_committee", f"/bench/reference/{q}", "reference list, same search"),
        Page("admin_committee_q", "bench_committee", admin_q, "Django admin change list, same search"),
        Page("ref_top_q", "bench_top", f"/bench/reference/{q}", "reference list, same search"),
        Page("admin_top_q", "bench_top", admin_q, "Django admin change list, same search"),
    ]
    users = set(get_user_model().objects.filter(username__in=[u for _k, u, _l in COMMITTEE_SCOPES])
                .values_list("username", flat=True))
    for key, username, label in COMMITTEE_SCOPES:
        if username in users:
            out += _committee_pages(key, username, label, branch)
    out += [
        Page("home_top_recount", "bench_top", "/pc/?refresh=1",
             "home page of the top 党委 counted again (?refresh=1): what the first visit of a 5-minute cache pays"),
        Page("search_branch_top", "bench_top", f"/pc/branches/search/?q={quote(BRANCH_QUERY)}",
             "branch chooser search over the top 党委's branches (htmx fragment)"),
    ]
    # The JSON API's list (issue 13: its p95 no worse than the web list's) and the statistics report
    # (issue 14), at the branch, the 党委 below the root and the top; timed in-process.
    for key, username in (("branch", "bench_branch"), ("committee", "bench_committee"), ("top", "bench_top")):
        out += [Page(f"api_list_{key}", username, "/api/v1/cases/?stage=applicant",
                     f"API applicant list of {username} (token)"),
                Page(f"stats_{key}", username, "/pc/statistics/", f"统计分析 report of {username}, this year")]
    # The API's reminders, paged by a cursor on (due_date, id) that orders the query itself (the web
    # page's sorted read below the top does not reach it): the overdue window, where a walk in that
    # order is at its worst for a small subtree (docs/performance.md P1).
    for key, username, _label in COMMITTEE_SCOPES:
        if username in users:
            out.append(Page(f"api_reminders_{key}_overdue", username, "/api/v1/reminders/?window=overdue",
                            f"API overdue reminders of {username} (token)"))
    if activist:
        out.append(Page("detail_activist", "bench_branch", f"/pc/cases/{activist.public_id}/",
                        "person detail: the branch's activist with the most records"))
    if applicant:
        out.append(Page("detail_applicant", "bench_branch", f"/pc/cases/{applicant.public_id}/",
                        "person detail: an applicant filed with the 党委"))
    return out


def load_keys(keys) -> list[str]:
    """Pages run under wrk: the yardsticks (trivial page, reference lists, admin change lists), every
    list and reminders page at every scope (issue 15: each as a ratio to the trivial page of the same
    run) and the person page. Home pages, inboxes and the branch search are timed in-process only."""
    return [k for k in keys if k.startswith(("ok", "ref_", "admin_", "list_", "reminders_", "detail_activist"))]
