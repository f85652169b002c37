"""The tables of the development report (统计分析), built once from the stats selectors and shown three
ways: on the page (with drill-down links and the charts' data), as Excel (one table per download)
and in the PDF of the whole report. Numbers only here; the counting is partydev/stats/selectors.py."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from partydev.orgs.models import OrgKind
from partydev.process.enums import STAGE_ORDER, Stage
from partydev.stats import selectors as stats
from partydev.stats import structure

MONTHS = range(1, 13)


@dataclass
class Cell:
    value: object
    href: str = ""
    percent: float | None = None

    def __str__(self):
        if self.value is None:
            return "—"
        return str(self.value)


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""


def report_href(org, year: int) -> str:
    return reverse("pc:stats_report") + "?" + urlencode({"org": org.pk, "year": year})


def stage_list_href(stage: str, org, *, whole_scope: bool) -> str:
    """The list of the people now in `stage` under `org`: the list's branch filter for a branch, the
    unfiltered list when `org` is the user's whole scope, else the list's subtree filter (`org`)."""
    url = reverse(stats.STAGE_LISTS[stage])
    if org.kind == OrgKind.BRANCH:
        return url + "?" + urlencode({"branch": org.pk})
    return url if whole_scope else url + "?" + urlencode({"org": org.pk})


def _pct(p):
    return "—" if p is None else f"{p}%"


@dataclass
class Report:
    org: object
    year: int
    flow: stats.Flow
    tables: dict
    charts: dict
    units: list
    plan: int | None


def build_report(org, year: int, today, *, whole_scope: bool) -> Report:
    flow = stats.flow_of(org, year)
    labels = dict(stats.EVENTS)
    tables: dict[str, Table] = {}

    # The year's flow with months and quarters.
    t = Table("flow", _("Flow of the year"), [_("Item"), _("Year"), *[_("Q%(n)s") % {"n": q} for q in range(1, 5)],
                                               *[_("Month %(n)s") % {"n": m} for m in MONTHS]])
    for key in stats.EVENT_KEYS:
        t.rows.append([Cell(labels[key]), Cell(flow.total[key]), *[Cell(n) for n in flow.by_quarter[key]],
                       *[Cell(n) for n in flow.by_month[key]]])
    tables["flow"] = t

    funnel = stats.funnel(flow)
    t = Table("funnel", _("Main steps of the year"), [_("Step"), _("People"), _("Compared with the step before")],
              note=_("The ratio compares the year's flows, not the same people: see the cohort table."))
    for row in funnel:
        t.rows.append([Cell(row["label"]), Cell(row["n"]), Cell(_pct(row["ratio"]))])
    tables["funnel"] = t

    cohort = stats.cohort(org, year)
    t = Table("cohort", _("Applications received in the year: how far the people have come"),
              [_("Reached"), _("People"), _("Share")],
              note=_("%(n)s people whose application was received in %(year)s; a cancelled probation counts as admitted.")
              % {"n": cohort["total"], "year": year})
    for stage in STAGE_ORDER:
        r = cohort["reached"][stage]
        t.rows.append([Cell(Stage(stage).label), Cell(r["n"]), Cell(_pct(r["percent"]))])
    tables["cohort"] = t

    t = Table("intervals", _("Days between key steps"),
              [_("Steps"), _("People"), _("Median days"), _("Shortest"), _("Longest")],
              note=_("For the people who took the later step in the year."))
    for row in stats.intervals(org, year):
        t.rows.append([Cell(row["label"]), Cell(row["people"]), Cell(row["median"]), Cell(row["min"]),
                       Cell(row["max"])])
    tables["intervals"] = t

    # Structure of each stage now, and of the year's new members.
    by_stage = structure.structure_by_stage(org, today)
    t = Table("structure", _("People in each stage now: structure"),
              [_("Item"), *[str(Stage(s).label) for s in STAGE_ORDER]],
              note=_("Ages on %(day)s. Occupation and type of work unit are not recorded (only the unit's name).")
              % {"day": next((c["ages_on"] for c in by_stage.values() if "ages_on" in c), today).isoformat()})
    for row in structure.structure_rows(by_stage):
        cells = [Cell(c["n"], percent=c["percent"]) for c in row["cells"]]
        if row["key"] == "total":
            cells = [Cell(c.value, stage_list_href(s, org, whole_scope=whole_scope)) for c, s in zip(cells, STAGE_ORDER, strict=True)]
        t.rows.append([Cell(row["label"]), *cells])
    tables["structure"] = t

    new = structure.structure_of_new_members(org, year)
    t = Table("new_members", _("Admitted as probationary members in the year: structure"),
              [_("Item"), _("People"), _("Share")], note=_("Ages on the date of admission."))
    for row in structure.structure_rows({"new": new}):
        c = row["cells"][0]
        t.rows.append([Cell(row["label"]), Cell(c["n"]), Cell(_pct(c["percent"]))])
    tables["new_members"] = t

    # Drill-down by the tree, with the plan.
    units = stats.by_unit(org, year)
    t = Table("units", _("By subordinate organisation"),
              [_("Subordinate organisation"), *[labels[k] for k in stats.FUNNEL], labels["transfer_in"], labels["transfer_out"],
               _("Planned new members"), _("Difference from the plan"),
               *[_("Now: %(stage)s") % {"stage": Stage(s).label} for s in STAGE_ORDER]])
    for u in units:
        unit = u["org"]
        href = report_href(unit, year)
        cells = [Cell(unit.name, href)]
        cells += [Cell(u["counts"][k], href) for k in stats.FUNNEL]
        cells += [Cell(u["counts"]["transfer_in"], href), Cell(u["counts"]["transfer_out"], href)]
        cells += [Cell(u["plan"]), Cell(_signed(u["difference"]))]
        cells += [Cell(u["stock"][s], stage_list_href(s, unit, whole_scope=False)) for s in STAGE_ORDER]
        t.rows.append(cells)
    tables["units"] = t

    charts = {
        "funnel": {"title": str(tables["funnel"].title),
                   "data": [{"name": str(r["label"]), "value": r["n"]} for r in funnel]},
        "trend": {"title": _("Month by month"), "months": [str(_("Month %(n)s") % {"n": m}) for m in MONTHS],
                  "series": [{"name": str(labels[k]), "data": flow.by_month[k]} for k in stats.FUNNEL]},
        "structure": {"title": str(tables["structure"].title),
                      "stages": [str(Stage(s).label) for s in STAGE_ORDER],
                      "series": [{"name": r[0].value and str(r[0].value), "data": [c.value for c in r[1:]]}
                                 for r in t_rows(tables["structure"], ("age_",))]},
    }
    return Report(org=org, year=year, flow=flow, tables=tables, charts=charts, units=units,
                  plan=stats.plan_of(org, year))


def pdf_charts(report: Report) -> dict:
    """The charts of the PDF, as bars sized in the template (WeasyPrint runs no JavaScript, so the
    page's ECharts are not printed): the funnel, and each main step month by month."""
    funnel = report.charts["funnel"]["data"]
    top = max([r["value"] for r in funnel] + [1])
    trend = report.charts["trend"]
    peak = max([n for series in trend["series"] for n in series["data"]] + [1])
    return {
        "funnel": {"title": report.charts["funnel"]["title"],
                   "rows": [{"name": r["name"], "value": r["value"], "width": round(100 * r["value"] / top, 1)}
                            for r in funnel]},
        "trend": {"title": trend["title"], "months": trend["months"],
                  "rows": [{"name": s["name"], "bars": [{"value": n, "height": round(24 * n / peak, 1)} for n in s["data"]]}
                           for s in trend["series"]]},
    }


def t_rows(table: Table, prefixes: tuple[str, ...]) -> list[list[Cell]]:
    """The age-band rows of the structure table (the structure chart stacks them per stage)."""
    keys = structure.structure_keys()
    return [row for key, row in zip(keys, table.rows, strict=True) if key.startswith(prefixes)]


def _signed(n):
    if n is None:
        return None
    return f"+{n}" if n > 0 else str(n)
