"""The whole demo, in the order it has always been built (the people's ids and history follow it)."""

from django.db import transaction
from django.utils import timezone

from partydev.orgs.models import Organisation
from partydev.registration.models import RegistrationCode

from .activists import build_activists
from .applicants import build_applicants, build_returned_letter
from .members import build_members
from .world import build_accounts, build_rosters, build_tree


def build_cases(orgs, users):
    today = timezone.localdate()
    build_applicants(orgs, users, today)
    build_activists(orgs, users, today)
    build_members(orgs, users)
    build_returned_letter(orgs, users, today)


@transaction.atomic
def load_demo() -> None:
    orgs = build_tree()
    build_rosters(orgs)
    users = build_accounts(orgs)
    build_cases(orgs, users)


def demo_present() -> bool:
    return Organisation.objects.exists() or RegistrationCode.objects.exists()
