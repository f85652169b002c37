"""The organisation tree (党委 → 党总支 → 党支部 → 党小组), its roster and the roles granted on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from partydev.common.text import validate_name

from .paths import PathField
from .vocabulary import Discipline, MemberType, OrgKind  # noqa: F401  (MemberType: part of this module's API)


class Organisation(MP_Node):
    """One node of the tree. `path` (materialized) makes "everything below X" a prefix filter."""

    # treebeard's own field, with the C collation and the `under` lookup (see paths.py).
    path = PathField(unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    # 撤销: a dissolved node stays (its path is never given to a new node: cases, filings and audit
    # events that copied it keep pointing at this node's history). See partydev/structure/.
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    # No node_order_by: new nodes are appended, so existing paths never change. Cases, deadlines,
    # filings and audit events copy the path for fast scope filters; a renumbering would move people
    # into another branch's scope.

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrgKind.values), name="organisation_kind_valid"
            )
        ]
        # A node's children (`depth = d + 1 AND path LIKE 'p%'`: a report's units, the tree's levels)
        # from their own range, where the path index alone read every descendant (a province's
        # 447,908 organisations, 60 ms at T2).
        indexes = [models.Index(fields=["depth", "path"], name="org_depth_path")]

    def __str__(self):
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind == OrgKind.BRANCH

    def owning_committee(self):
        """The nearest 党委 at or above this node: the one that files and approves for it."""
        if self.kind == OrgKind.COMMITTEE:
            return self
        return (
            Organisation.objects.filter(kind=OrgKind.COMMITTEE, path__in=self._ancestor_paths())
            .order_by("-depth")
            .first()
        )

    def _ancestor_paths(self) -> list[str]:
        step = self.steplen
        return [self.path[:i] for i in range(step, len(self.path), step)]


class Member(models.Model):
    """A party member on a branch's roster (talkers, contacts, introducers and voters come from here)."""

    branch = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name=_("branch")
    )
    group = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
        verbose_name=_("party group"),
    )
    name = models.CharField(_("name"), max_length=50, validators=[validate_name])
    member_type = models.CharField(_("member type"), max_length=20, choices=MemberType.choices)
    position = models.CharField(_("position"), max_length=50, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    join_date = models.DateField(_("date of joining the Party"), null=True, blank=True)
    # 转正日期: only a full member has one (a probationary member's is still to come).
    conversion_date = models.DateField(_("date of conversion to full membership"), null=True, blank=True)
    # Party discipline in effect (for who may be an introducer, §14). `discipline_until` is the end
    # of its effect period; 留党察看 bars until the rights are restored.
    discipline = models.CharField(_("Party discipline"), max_length=20, blank=True, default="",
                                  choices=Discipline.choices)
    discipline_until = models.DateField(_("discipline in effect until"), null=True, blank=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member_type__in=MemberType.values), name="member_type_valid"
            )
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    BRANCH_ADMIN = "branch_admin", _("Branch administrator")
    COMMITTEE_ADMIN = "committee_admin", _("Committee administrator")
    AUDITOR = "auditor", _("Auditor")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


# Separation of duties (三权分立, docs/security.md row 7): nobody holds two of these anywhere; the
# security administrator and the auditor hold no branch administration either.
DUTIES = (Role.COMMITTEE_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)
EXCLUDE_BRANCH_ADMIN = (Role.SECURITY_ADMIN, Role.AUDITOR)


class RoleGrant(models.Model):
    """A role held on one organisation; it reaches that organisation and everything below it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="grants")

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org"], name="rolegrant_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="rolegrant_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.org}"


class AccountHome(models.Model):
    """Where an administrator's account belongs before (and besides) its role grants: the node of the
    committee administrator who created it (partydev/accounts/). An account with grants belongs to the
    subtree of its grants; one without any belongs here, so the creating committee still manages it
    and the security administrator of that subtree can grant it a role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_home")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account home")
        verbose_name_plural = _("account homes")

    def __str__(self):
        return f"{self.user} · {self.org}"
