"""``manage.py grant_role USERNAME ROLE ORG``: the operator (shell access) grants a role, typically the
first security administrator of an installation, who then grants every other role on the 权限管理
page. The same service as the page (partydev/accounts/services.py): the separation of duties holds,
and the grant is an audit event whose actor is the OS login (``os:<login>``).

ORG is the organisation's id or its exact name. ``--create`` makes the account first (no password:
set one with ``manage.py changepassword USERNAME``)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partydev.audit.services import audit_record
from partydev.common.operator import os_actor
from partydev.orgs.models import AccountHome, Organisation, Role

from ...errors import Refused
from ...services import CREATED, role_grant


class Command(BaseCommand):
    help = "Grant a role on an organisation (the first security administrator of an installation)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("org", help="the organisation's id or exact name")
        parser.add_argument("--create", action="store_true",
                            help="create the account (without a password) if it does not exist")

    def handle(self, *args, username, role, org, create=False, **options):
        node = self._org(org)
        actor_name = os_actor()
        User = get_user_model()
        try:
            with transaction.atomic():
                user = User.objects.filter(username=username).first()
                if user is None:
                    if not create:
                        raise CommandError(f"No user {username!r} (pass --create to make the account).")
                    user = User(username=username)
                    user.set_unusable_password()
                    user.full_clean()
                    user.save()
                    AccountHome.objects.create(user=user, org=node)
                    audit_record(actor=None, actor_name=actor_name, action=CREATED, obj=user, org_path=node.path,
                                 after={"user": username, "org": node.name})
                role_grant(actor=None, actor_name=actor_name, user=user, role=role, org=node)
        except Refused as exc:
            raise CommandError(exc.messages[0]) from None
        self.stdout.write(self.style.SUCCESS(f"{username} is now {Role(role).label} of {node.name}."))
        if not user.has_usable_password():
            self.stdout.write(f"Set the password with: manage.py changepassword {username}")

    def _org(self, value: str) -> Organisation:
        if value.isdigit():
            node = Organisation.objects.filter(pk=int(value)).first()
            if node is not None:
                return node
        found = list(Organisation.objects.filter(name=value)[:2])
        if not found:
            raise CommandError(f"No organisation {value!r}.")
        if len(found) > 1:
            raise CommandError(f"Several organisations are named {value!r}: give the id instead.")
        return found[0]
