"""The form of a 支部党员大会 (steps 15 and 23): attendance of every full member on the roster, the
tallies of the secret ballot, the resolution and, on conversion, the outcome.

The form checks the input one field at a time; the rules across the whole meeting (quorum, one
person one vote, a reason for every exclusion, one extension only) are the service's
(membership_services.meeting_record), so they live in one place.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import MemberType
from partydev.process.enums import Attendance, ConversionOutcome, MeetingPurpose, VotingMethod

from .messages import EXTENSION_MONTHS, VOTES
from .records import AttachmentsField, DateInput, DatesInRange, RadiosWithoutBlank

_MEMBER_KEY = re.compile(r"^(?:status|reason)_(\d+)$")


def status_name(member) -> str:
    return f"status_{member.pk}"


def reason_name(member) -> str:
    return f"reason_{member.pk}"


class MeetingForm(DatesInRange, RadiosWithoutBlank):
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    votes_for = forms.IntegerField(label=_("For"), min_value=0, error_messages=VOTES)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, error_messages=VOTES)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, error_messages=VOTES)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ConversionOutcome.choices, widget=forms.RadioSelect)
    extension_months = forms.IntegerField(
        label=_("Extension (months)"), required=False, min_value=6, max_value=12, error_messages=EXTENSION_MONTHS,
        help_text=_("Only when the probation is extended: 6 to 12 months. It can be extended only once."),
        widget=forms.NumberInput(attrs={"min": 6, "max": 12}))
    # §20 (2014 §21): a secret ballot, one person at a time. Both are asked, so the record says what
    # happened; the service refuses a vote that covered several people, the rules flag a show of hands.
    # No answer is chosen beforehand (issue 11): the secretary states what happened at the meeting.
    voting_method = forms.ChoiceField(label=_("Voting method"), choices=VotingMethod.choices,
                                      widget=forms.RadioSelect)
    voted_alone = forms.TypedChoiceField(
        label=_("Was the vote taken for this person alone?"),
        choices=[("yes", _("Yes, this person was voted on alone")),
                 ("no", _("No, one vote covered two or more people"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    resolution = forms.CharField(label=_("Resolution"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    attachments = AttachmentsField()

    def __init__(self, *args, purpose: str, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        roster = list(roster)
        # Only full members vote and count (C6); probationary members are listed without a choice.
        self.voters = [m for m in roster if m.member_type == MemberType.FULL]
        self.non_voters = [m for m in roster if m.member_type != MemberType.FULL]
        if purpose != MeetingPurpose.CONVERSION:
            del self.fields["outcome"], self.fields["extension_months"]
        for m in self.voters:
            self.fields[status_name(m)] = forms.ChoiceField(
                label=m.name, choices=Attendance.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input", "data-attendance": "1"}))
            self.fields[reason_name(m)] = forms.CharField(
                label=_("Reason"), required=False, max_length=200,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                             "placeholder": _("Reason (required when not counted)")}))

    def rows(self):
        """(member, status field, reason field) for every voter, in roster order."""
        return [(m, self[status_name(m)], self[reason_name(m)]) for m in self.voters]

    def statuses(self) -> list[str]:
        """The statuses as posted (or the initial ones), for the summary shown with the form."""
        return [self[status_name(m)].value() for m in self.voters]

    def clean(self):
        cleaned = super().clean()
        voter_ids = {m.pk for m in self.voters}
        strangers = sorted({int(match.group(1)) for key in self.data
                            if (match := _MEMBER_KEY.match(key)) and int(match.group(1)) not in voter_ids})
        if strangers:
            # A member added to another branch, a probationary member, or a tampered request.
            raise forms.ValidationError(
                _("The attendance names members who are not full members on this branch's roster (%(ids)s). "
                  "Reload the page and enter the attendance again."),
                params={"ids": ", ".join(str(i) for i in strangers)}, code="not_on_roster")
        if cleaned.get("outcome") == ConversionOutcome.EXTEND:
            if cleaned.get("extension_months") is None and "extension_months" not in self.errors:
                self.add_error("extension_months", _("Enter how many months the probation is extended."))
        elif "extension_months" in self.fields:
            # Months typed before another outcome was chosen do not matter.
            self.errors.pop("extension_months", None)
            cleaned["extension_months"] = None
        return cleaned

    def attendance(self) -> dict:
        """{Member: (status, reason)} for every full member, as meeting_record takes it."""
        return {m: (self.cleaned_data[status_name(m)], self.cleaned_data[reason_name(m)]) for m in self.voters}

    def votes(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("votes_for", "votes_against", "votes_abstain")}

    def vote_record(self) -> dict:
        """How the vote was taken, as meeting_record takes it."""
        return {"voting_method": self.cleaned_data["voting_method"], "voted_alone": self.cleaned_data["voted_alone"]}
