"""Login lockout in two tiers (等保 身份鉴别 b; ASVS 6.3.1): django-axes' database handler, plus a
limit per account across addresses.

- Per (account, address): AXES_FAILURE_LIMIT (5) failures within AXES_COOLOFF_TIME lock that
  account *from that address* (AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]). One
  attacker at one address cannot lock the real user out, nor touch any other account.
- Per account, from any mix of addresses: LOCKOUT_ACCOUNT_FAILURE_LIMIT (10) failures within the
  same cool-off lock the account everywhere, so rotating addresses buys an attacker at most that
  many guesses per cool-off period, not 5 per address.

axes compares one failure count with one limit, so this handler reports the larger of the pair's
count and the account's count shifted by the difference of the two limits: the account is locked
when either tier reaches its own limit. Both counts use the name axes stores (the masked, keyed
form of AXES_USERNAME_CALLABLE), never the typed name."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AccountLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_address = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if not username:
            return per_address
        attempts = AccessAttempt.objects.filter(username=username)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        per_account = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        shift = settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT - get_failure_limit(request, credentials)
        return max(per_address, per_account - shift)
