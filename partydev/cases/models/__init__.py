"""Every model of the cases app, one module per subdomain."""

from .admission import BranchMeeting, CommitteeTalk, MeetingAttendance, VolunteerForm
from .application import ApplicationLetter, BranchResolution, Recommendation, Talk
from .base import Attachment, Case, CaseRecord
from .cultivation import ContactAssignment, Opinion, ThoughtReport
from .history import Deadline, StageChange, Transfer
from .probation import Archive, ConversionApplication, Oath, Placement
from .requests import Filing
from .target import Introducer, PoliticalReview, PublicNotice, Training

__all__ = [
    "Archive", "ApplicationLetter", "Attachment", "BranchMeeting", "BranchResolution", "Case", "CaseRecord",
    "CommitteeTalk", "ContactAssignment", "ConversionApplication", "Deadline", "Filing", "Introducer",
    "MeetingAttendance", "Oath", "Opinion", "Placement", "PoliticalReview", "PublicNotice", "Recommendation",
    "StageChange", "Talk", "ThoughtReport", "Training", "Transfer", "VolunteerForm",
]
