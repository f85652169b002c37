"""No page hands out a full 身份证号 or phone number (GB/T 35273 §7.2, ASVS 14.2.6; checklist 21/22).

Each role's pages are crawled from its start page by following every same-site link, and every
response is scanned for the real values of every case, so a new page or a new template that prints
``case.id_number`` instead of ``case.id_number_masked`` fails here without being listed."""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

from partydev.cases.models import Case
from partydev.common.masking import mask_id_number, mask_phone

HREF = re.compile(r'href="([^"]+)"')
ANY_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
SKIP_URL_NAMES = {"logout", "pc:attachment", "mobile:attachment", "pc:code_qr_png"}
MAX_PAGES = 300


@pytest.fixture
def demo(demo_world):
    """The demo world of partydev/demo/, built through the real services (once per session)."""
    return {u.username: u for u in get_user_model().objects.all()}


def crawl(client, start_urls):
    """GET every page reachable through links from `start_urls`: {path: (url name, text)}."""
    seen, pages, queue = set(start_urls), {}, deque(start_urls)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = unescape(response.content.decode())
        pages[url] = (resolve(urlsplit(url).path).view_name, text)
        for href in HREF.findall(text):
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith(("/pc/", "/m/")):
                continue
            try:
                name = resolve(parts.path).view_name
            except Resolver404:  # a broken link is another test's business
                continue
            if name not in SKIP_URL_NAMES and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def secrets_of_every_case():
    return [(c.name, v) for c in Case.objects.all() for v in (c.id_number, c.phone)]


def assert_no_full_values(pages):
    secrets = secrets_of_every_case()
    assert len(secrets) >= 10
    for url, (_, text) in pages.items():
        for name, value in secrets:
            assert value not in text, f"{url} shows {name}'s full ID card number or phone"
        assert not ANY_ID_NUMBER.search(text), f"{url} shows an unmasked ID card number"


@pytest.mark.parametrize("username, start, must_reach", [
    ("branch1", ["pc:home", "pc:applicant_list", "pc:activist_list", "pc:code_list"],
     {"pc:case_detail", "pc:letter_detail", "pc:record_detail", "pc:case_filing"}),
    ("branch2", ["pc:home", "pc:applicant_list", "pc:activist_list"],
     {"pc:case_detail", "pc:letter_detail", "pc:record_detail"}),
    ("committee", ["pc:home", "pc:applicant_list", "pc:activist_list", "pc:filing_inbox"],
     {"pc:case_detail", "pc:filing_detail", "pc:letter_detail"}),
    ("auditor", ["pc:home", "pc:audit_list"], {"pc:audit_list"}),
    ("committee", ["pc:account_list"], {"pc:account_list", "pc:account_password_reset"}),
    ("security", ["pc:home", "pc:security_user_list", "pc:security_locked"],
     {"pc:security_user_list", "pc:security_user", "pc:security_revoke"}),
    ("applicant1", ["mobile:home"], {"mobile:home", "mobile:letter_detail"}),
])
def test_no_page_shows_a_full_id_number_or_phone(client, demo, username, start, must_reach):
    client.force_login(demo[username])
    pages = crawl(client, [reverse(name) for name in start])
    reached = {name for name, _ in pages.values()}
    assert must_reach <= reached, f"the crawl did not reach {must_reach - reached}"
    assert_no_full_values(pages)


def test_pages_show_the_masked_values(client, demo):
    # The scan above must not pass just because the values are missing altogether.
    case = Case.objects.get(name="陈思远")
    client.force_login(demo["branch1"])
    detail = client.get(reverse("pc:case_detail", args=[case.public_id])).content.decode()
    listing = client.get(reverse("pc:applicant_list")).content.decode()
    assert mask_id_number(case.id_number) in detail and mask_phone(case.phone) in detail
    assert mask_id_number(case.id_number) in listing
    assert re.fullmatch(r"110\*{15}", mask_id_number(case.id_number))

