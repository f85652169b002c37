"""The development plan (发展党员计划, 细则 2026 §37 / 2014 §38): how many new members a committee plans
for each of its subordinate units in a year. Written only by `services.plan_set`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation
from partydev.orgs.paths import ByteOrderCharField

User = settings.AUTH_USER_MODEL


class DevelopmentPlan(models.Model):
    """The quota of new (probationary) members for one unit in one year, set by a committee above it."""

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Party committee"))
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="development_plans",
                             verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    quota = models.PositiveIntegerField(_("planned new members"))
    updated_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year_unique"),
                       models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                              name="plan_year_range")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.quota}"


# --- counters (partydev/stats/counters.py keeps them; docs/statistics.md "Counters") ----------------
#
# Paths here are not PathField on purpose: an organisation's move rewrites every PathField
# (structure.services.tree.rewrite_paths), but a counter of the old parent must lose what moved and
# the new parent gain it, so the services refresh the moved people's counts instead
# (counters.cases_refresh), which needs the paths the counts were made under. They are compared by
# code point like every path (C collation on PostgreSQL: prefix ranges use their indexes).

# StatsCount.period: 0 the whole year, 1–12 a month, 21–24 a quarter.
YEAR_PERIOD = 0
QUARTER_BASE = 20


class StatsPersonEvent(models.Model):
    """What a person's counts are made of, as last counted: one row per distinct (event, month) of the
    person (history entries, letters), or per (month, from, to) of its transfers. A person counts once
    per event and period in each organisation above `org_path`, however many entries it has."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    # The branch the person was at (a transfer: the branch it came to).
    org_path = ByteOrderCharField(max_length=255)
    # A transfer: the branch it left ("" otherwise).
    from_path = ByteOrderCharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "event", "year", "month", "org_path", "from_path"],
                                               name="stats_person_event_unique")]

    def __str__(self):
        return f"{self.case_id} {self.event} {self.year}-{self.month}"


class StatsPersonStock(models.Model):
    """Where a live person stands now, as last counted: its branch, stage and the structure's
    attributes (erased people have no row)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")
    org_path = ByteOrderCharField(max_length=255)
    stage = models.CharField(max_length=20)
    gender = models.CharField(max_length=1)
    minority = models.BooleanField()
    education = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.case_id} {self.stage}"


class StatsCount(models.Model):
    """People with `event` in (`year`, `period`) under the organisation `org_path` (that node and
    everything below it): one row per organisation, not per branch, so a report reads only its own
    node's and its units' rows. Events are the flow rows of selectors.EVENTS and `cohort_<stage>`
    (people whose application was received in the year, by the stage they have reached now)."""

    org_path = ByteOrderCharField(max_length=255)
    event = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    period = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "year", "event", "period"],
                                               name="stats_count_unique")]

    def __str__(self):
        return f"{self.org_path} {self.event} {self.year}/{self.period}: {self.n}"


class StatsStock(models.Model):
    """People now under `org_path` in `stage` with these attributes (one row per organisation and
    combination: the stage totals, the structure table and the home page's counts sum them)."""

    org_path = ByteOrderCharField(max_length=255)
    stage = models.CharField(max_length=20)
    gender = models.CharField(max_length=1)
    minority = models.BooleanField()
    education = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "stage", "gender", "minority", "education"],
                                               name="stats_stock_unique")]

    def __str__(self):
        return f"{self.org_path} {self.stage}: {self.n}"


class StatsStageAge(models.Model):
    """People in `stage` under `org_path` by age band (and `young`: 35 and under) on `counted_on`:
    materialised by `manage.py stats_ages` (nightly): ages change every day and the date of birth is
    stored encrypted, so they cannot be counters; a report above AGE_LIMIT people shows these."""

    org_path = ByteOrderCharField(max_length=255)
    stage = models.CharField(max_length=20)
    band = models.CharField(max_length=10)
    n = models.IntegerField()
    counted_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "stage", "band"], name="stats_stage_age_unique")]

    def __str__(self):
        return f"{self.org_path} {self.stage} {self.band}: {self.n} ({self.counted_on})"


class StatsDue(models.Model):
    """Deadlines (cases.Deadline) of `kind` due on `due_date` under `org_path` (that node and
    everything below it): the home page's reminder counts sum a node's rows (overdue: before today;
    the week: today to today + 7), a few thousand index rows whatever the subtree's size. Kept by the
    services where the deadlines change (counters.dues_*); the unique index serves the read."""

    org_path = ByteOrderCharField(max_length=255)
    kind = models.CharField(max_length=40)
    due_date = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org_path", "kind", "due_date"], name="stats_due_unique")]

    def __str__(self):
        return f"{self.org_path} {self.kind} {self.due_date}: {self.n}"
