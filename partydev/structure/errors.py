"""Why a structure service refused: each reason a code and a message in the reader's language,
raised as the project's Refused (a ValidationError: a form shows every message)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from partydev.cases.services.errors import Refused

MESSAGES = {
    "not_permitted": _("You may not do this here."),
    "dissolved": _("This organisation has been dissolved."),
    "member_inactive": _("%(name)s is no longer on the roster."),
    "conversion_before_join": _("The date of conversion cannot be earlier than the date of joining the Party."),
    "probationary_converted": _("A probationary member has no date of conversion yet; leave it empty or choose "
                                "full member."),
    "group_outside_branch": _("Choose a Party group of this branch."),
    "until_without_discipline": _("Leave the end of the effect period empty when there is no Party discipline."),
    "member_in_use": _("%(name)s is referred to elsewhere (%(what)s) and cannot be removed."),
    "same_branch": _("The member is already in this branch."),
    "transfer_before_join": _("The date of transfer cannot be earlier than the date of joining the Party."),
    "outside_required": _("Write the organisation the member comes from or goes to."),
    "kind_not_allowed": _("A %(kind)s cannot be created under a %(parent)s."),
    "name_taken": _("There is already an organisation named %(name)s here."),
    "dissolve_members": _("%(count)s members are still on its roster: transfer them first."),
    "dissolve_group_members": _("%(count)s members still belong to this Party group: move them to another "
                                "group first."),
    "dissolve_cases": _("%(count)s people are still in the development process here: transfer them first."),
    "dissolve_codes": _("%(count)s registration QR codes are still valid: revoke them first."),
    "dissolve_children": _("It still has %(count)s organisations below it: dissolve or move them first."),
    "dissolve_admins": _("%(count)s administrator accounts still hold a role on it: withdraw the roles first."),
    "merge_same": _("Choose another branch to merge into."),
    "merge_branches_only": _("Only a Party branch can be merged into another Party branch."),
    "move_into_itself": _("An organisation cannot be moved into itself or below itself."),
    "move_same_parent": _("The organisation is already there."),
    "move_other_committee": _("An organisation can only be moved within its Party committee; people move to "
                              "another committee by transfer."),
}


@dataclass(frozen=True)
class StructureProblem:
    """The shape of process.problems.Problem that Refused and the pages read (code, message)."""

    code: str
    params: dict = field(default_factory=dict)
    blocking: bool = True
    rule: str = ""
    version: str = ""

    @property
    def message(self) -> str:
        text = str(MESSAGES[self.code])
        return text % self.params if self.params else text

    @property
    def article(self) -> str:
        return ""

    def as_json(self) -> dict:
        return {"code": self.code, "blocking": True, "rule": "", "version": "", "params": self.params}


@dataclass(frozen=True)
class TextProblem:
    """A message that is already text (a field validator's, such as validate_name)."""

    message: str
    code: str = "invalid"
    blocking: bool = True
    params: dict = field(default_factory=dict)


def refusal(code: str, **params) -> StructureProblem:
    assert code in MESSAGES, f"no message for {code!r}"
    return StructureProblem(code, params)


def refuse(found: list) -> None:
    if found:
        raise Refused(found)


def require(condition: bool, code: str, **params) -> None:
    if not condition:
        raise Refused([refusal(code, **params)])
