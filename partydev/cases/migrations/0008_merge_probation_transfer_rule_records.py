"""Joins two migrations written side by side: the postponed conversion of a probationer
transferred in (0006) and the records of 公示 places, voting method and committee vote (0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_probation_transfer"), ("cases", "0007_rule_records")]
    operations = []
