from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partydev.demo.load import demo_present, load_demo
from partydev.demo.world import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo committees, branches, accounts and applicants."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has organisations.")

    def handle(self, *args, if_empty=False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Demo accounts have a published password; they are never loaded in production.")
        if demo_present():
            if not if_empty:
                raise CommandError("The database already has data; demo data is only loaded into an empty one.")
            self.stdout.write("Database already has data; demo data not loaded.")
        else:
            load_demo()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for username, org, _role, label in ACCOUNTS:
            self.stdout.write(f"  {username:<10} {label}（{org}）")
        self.stdout.write(f"  {'applicant1':<10} 入党申请人陈思远（第一党支部，手机端 /m/）")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.")
