"""Finding 14 of issue 10: every response carries a strict Content-Security-Policy (django-csp) and a
Permissions-Policy, in every profile, and the templates need nothing the policy forbids (no inline
script, event handler or style). The browser side: tests/e2e/test_journey_csp.py."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydev.cases.models import Attachment, Case
from tests.security.test_masking_responses import crawl
from tests.security.test_upload_safety import png_bytes, post_talk

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
REQUIRED = {
    "default-src": "'none'", "script-src": "'self'", "style-src": "'self'", "object-src": "'none'",
    "base-uri": "'none'", "frame-ancestors": "'none'", "form-action": "'self'",
}


@pytest.fixture
def demo(demo_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {u.username: u for u in get_user_model().objects.all()}


def directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def assert_strict(response, where=""):
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {where or response}"
    policy = directives(header)
    for name, value in REQUIRED.items():
        assert policy.get(name) == value, f"{name} on {where}: {policy.get(name)!r}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, f"{feature} missing on {where}"


@pytest.mark.parametrize("username, start", [
    ("branch1", ["pc:home", "pc:applicant_list", "pc:activist_list", "pc:code_list", "pc:reminders"]),
    ("committee", ["pc:home", "pc:filing_inbox"]),
    ("auditor", ["pc:audit_list"]),
    ("applicant1", ["mobile:home"]),
])
def test_every_page_of_every_role_has_the_headers(client, demo, username, start):
    client.force_login(demo[username])
    get, checked = client.get, []

    def get_and_check(url, *args, **kwargs):  # every response the crawl sees, whatever its status
        response = get(url, *args, **kwargs)
        assert_strict(response, url)
        checked.append(url)
        return response

    client.get = get_and_check
    pages = crawl(client, [reverse(name) for name in start])
    assert len(pages) >= len(start) and len(checked) >= len(pages)


@pytest.mark.parametrize("path", ["/accounts/login/", "/no-such-page/", "/pc/", "/m/"])
def test_anonymous_responses_redirects_and_errors_have_the_headers(client, db, path):
    assert_strict(client.get(path), path)


def test_a_refused_form_and_a_file_download_have_the_headers(client, demo):
    case = Case.objects.get(name="李沐阳")
    client.force_login(demo["branch1"])
    refused = client.post(reverse("pc:record_new", args=[case.public_id, "talks"]), {})
    assert refused.status_code == 400
    assert_strict(refused, "refused form")
    assert post_talk(client, case, SimpleUploadedFile("scan.png", png_bytes(), "image/png")).status_code == 302
    download = client.get(reverse("pc:attachment", args=[Attachment.objects.get(case=case).public_id]))
    assert_strict(download, "download")


def test_production_profile_sends_the_same_policy(tmp_path):
    from tests.security.test_deploy_settings import production_env

    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print('csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
            "'partydev.common.middleware.PermissionsPolicyMiddleware' in s.MIDDLEWARE, "
            "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])")
    env = production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,  # noqa: S603 (fixed argv)
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "True", "[\"'self'\"]"], result.stderr


def _html_templates():
    return [p for p in TEMPLATES.rglob("*.html") if not p.name.endswith("_pdf.html")]  # rendered by WeasyPrint


@pytest.mark.parametrize("pattern, what", [
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
])
def test_templates_need_no_inline_script_or_style(pattern, what):
    offenders = [str(p.relative_to(ROOT)) for p in _html_templates() if pattern.search(p.read_text())]
    assert not offenders, f"{what} in {offenders}: the Content-Security-Policy blocks it"
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'"]
