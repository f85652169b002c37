# ruff: noqa
from django.urls import reverse
from tests.membership.fixtures_meetings import meeting_world, mw, post_data, record_meeting, CONVERSION_ON

def fix(html):
    import os
    root = os.path.abspath("static")
    return html.replace('src="/static/', f'src="file://{root}/').replace('href="/static/', f'href="file://{root}/')

def test_dump(mw, client):
    client.force_login(mw.admin)
    data = post_data(mw, meeting_date=str(CONVERSION_ON), outcome="extend", extension_months=5)
    open("/tmp/mtest/new_conv.html", "w").write(fix(client.post(reverse("pc:meeting_new", args=[mw.probationary.public_id, "conversion"]), data).content.decode()))
