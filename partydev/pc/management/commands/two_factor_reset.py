"""An administrator lost both the phone and the recovery codes: the operator (shell) removes
their two-step verification, so the next login asks for the password only (and, with REQUIRE_2FA,
sends them to enrol again). Audited as auth.2fa_reset with the OS login as actor (`os:<login>`). On the
site, the security administrator does the same (权限管理 → 重置两步验证). docs/setup.md."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from partydev.common.operator import os_actor
from partydev.pc import two_factor as tf


class Command(BaseCommand):
    help = "Remove a user's two-step verification (authenticator and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not tf.has_two_factor(user):
            self.stdout.write(f"{username} has no two-step verification; nothing changed.")
            return
        tf.disable(user, by_self=False, actor_name=os_actor())
        self.stdout.write(f"Two-step verification of {username} removed; they log in with the password "
                          f"and set it up again.")
