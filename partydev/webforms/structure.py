"""Forms of 党员名册 and 组织管理. They validate what a branch secretary types; the services in
partydev/structure check the same rules again and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partydev.common.text import validate_name
from partydev.orgs.models import Discipline, MemberType, OrgKind
from partydev.structure.selectors import CHILD_KINDS
from partydev.structure.services.roster import member_field_problems

from .records import DateInput, DatesInRange


def _date(label, required=False, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), error_messages={
        "required": _("Enter the date."), "invalid": _("Enter the date as YYYY-MM-DD.")}, **kwargs)


class MemberForm(DatesInRange):
    """A roster entry: name, 正式/预备, 入党日期, 转正日期, 党小组, position, discipline and its period."""

    later_dates = ("discipline_until",)

    name = forms.CharField(label=_("Name"), max_length=50, validators=[validate_name],
                           error_messages={"required": _("Enter the member's name.")})
    member_type = forms.ChoiceField(label=_("Member type"), choices=MemberType.choices, widget=forms.RadioSelect,
                                    error_messages={"required": _("Choose full or probationary member.")})
    join_date = _date(_("Date of joining the Party"), required=True)
    conversion_date = _date(_("Date of conversion to full membership"),
                            help_text=_("Only for a full member; empty for a probationary member."))
    group = forms.ModelChoiceField(label=_("Party group"), queryset=None, required=False,
                                   empty_label=_("No Party group"))
    position = forms.CharField(label=_("Position"), max_length=50, required=False,
                               help_text=_("For example: branch secretary, organisation committee member."))
    discipline = forms.ChoiceField(label=_("Party discipline"), choices=Discipline.choices, required=False)
    discipline_until = _date(_("Discipline in effect until"),
                             help_text=_("The end of its effect period; empty while it has no end."))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean(self):
        data = super().clean()
        # The service's own rules (it checks them again), shown beside their fields.
        for field_name, problem in member_field_problems(data):
            self.add_error(field_name, problem.message)
        return data

    @staticmethod
    def initial_of(member) -> dict:
        return {"name": member.name, "member_type": member.member_type, "join_date": member.join_date,
                "conversion_date": member.conversion_date, "group": member.group_id, "position": member.position,
                "discipline": member.discipline, "discipline_until": member.discipline_until}


class TransferInForm(MemberForm):
    """组织关系转入 from outside the system: the member's entry, and where and when it came from."""

    origin = forms.CharField(label=_("Transferred in from"), max_length=100,
                             help_text=_("The Party organisation named on the letter of introduction."),
                             error_messages={"required": _("Write the organisation the member comes from.")})
    transferred_on = _date(_("Date of transfer"), required=True)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class TransferOutForm(DatesInRange):
    """组织关系转出: to another branch of the system, or out of it (a destination as written)."""

    WITHIN, OUT = "within", "out"
    where = forms.ChoiceField(label=_("Transfer destination"), widget=forms.RadioSelect, choices=[
        (WITHIN, _("Another branch in this system")), (OUT, _("An organisation outside this system"))],
        error_messages={"required": _("Choose where the member is transferred to.")})
    to_branch = forms.ModelChoiceField(label=_("Receiving branch"), queryset=None, required=False,
                                       empty_label=_("Choose a Party branch"))
    destination = forms.CharField(label=_("Receiving organisation"), max_length=100, required=False,
                                  help_text=_("As written on the letter of introduction."))
    transferred_on = _date(_("Date of transfer"), required=True)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches
        # A branch administrator of one branch has no other branch to transfer to: only "outside".
        self.within_offered = branches.exists()
        if not self.within_offered:
            self.fields["where"].choices = [c for c in self.fields["where"].choices if c[0] == self.OUT]
            self.initial["where"] = self.OUT
            del self.fields["to_branch"]

    def clean(self):
        data = super().clean()
        if data.get("where") == self.WITHIN and not data.get("to_branch"):
            self.add_error("to_branch", _("Choose the receiving branch."))
        if data.get("where") == self.OUT and not (data.get("destination") or "").strip():
            self.add_error("destination", _("Write the organisation the member goes to."))
        return data


class OrgCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what to create.")})
    name = forms.CharField(label=_("Name"), max_length=100, validators=[validate_name],
                           error_messages={"required": _("Enter the name.")})

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = dict(OrgKind.choices)
        self.fields["kind"].choices = [(k, kinds[k]) for k in CHILD_KINDS[parent.kind]]
        if len(self.fields["kind"].choices) == 1:
            self.initial.setdefault("kind", self.fields["kind"].choices[0][0])


class OrgRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100, validators=[validate_name],
                           error_messages={"required": _("Enter the name.")})


class OrgDissolveForm(DatesInRange):
    dissolved_on = _date(_("Date of dissolution"), required=True)


class OrgMoveForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Move under"), queryset=None, empty_label=_("Choose the new parent"),
                                    error_messages={"required": _("Choose where to move it.")})

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets


class BranchMergeForm(DatesInRange):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=None, empty_label=_("Choose a Party branch"),
                                    error_messages={"required": _("Choose the branch it is merged into.")})
    merged_on = _date(_("Date of the merger"), required=True)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
