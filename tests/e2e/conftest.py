"""Browser journeys: pytest-django's live_server + Playwright driving Debian's chromium.

The sync Playwright API runs an event loop in the test thread, so Django's async-safety guard
would refuse every ORM call the test makes (setup and assertions); the test thread is not really
async, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402

from partydev.demo.world import build_accounts, build_rosters, build_tree  # noqa: E402
from tests.e2e.helpers import PC_VIEWPORT, PHONE, Journey  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never `playwright install`: the Debian package is the browser.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The viewport is chosen per context (PC or phone), so it is not set here.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """Committee, branches with rosters and the five admin accounts (password Demo@2026)."""
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of this test only
    orgs = build_tree()
    build_rosters(orgs)
    users = build_accounts(orgs)
    return {"orgs": orgs, "users": users}


@pytest.fixture
def journey(demo, live_server, new_context, request):
    """Opens PC and phone pages on the live server and names their screenshots after the test."""
    return Journey(
        base_url=live_server.url, test_name=request.node.originalname,
        pc=lambda: new_context(viewport=PC_VIEWPORT),
        phone=lambda: new_context(**PHONE),
    )
