"""What the rules need to judge steps that were inexpressible: the places of a mobile person's 公示
(2026 §13), the voting method of a 支部党员大会 (§20, 2014 §21) and the Party committee's own meeting and
vote on an approval (§24, 2014 §25). Existing meetings were recorded as secret ballots (the form said so)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_filing_sent_on")]

    operations = [
        migrations.AddField(
            model_name="publicnotice", name="mobile",
            field=models.BooleanField(default=False, verbose_name="mobile person")),
        migrations.AddField(
            model_name="publicnotice", name="second_place",
            field=models.CharField(blank=True, max_length=100,
                                   verbose_name="also posted at (place of residence of a mobile person)")),
        migrations.AddField(
            model_name="branchmeeting", name="voting_method",
            field=models.CharField(choices=[("secret_ballot", "Secret ballot"), ("show_of_hands", "Show of hands")],
                                   default="secret_ballot", max_length=20, verbose_name="voting method")),
        migrations.AddConstraint(
            model_name="branchmeeting",
            constraint=models.CheckConstraint(condition=models.Q(voting_method__in=["secret_ballot", "show_of_hands"]),
                                              name="branchmeeting_voting_method_valid")),
        migrations.AddField(
            model_name="filing", name="committee_meeting_on",
            field=models.DateField(blank=True, null=True, verbose_name="Party committee meeting")),
        migrations.AddField(
            model_name="filing", name="committee_votes_for",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="committee votes for")),
        migrations.AddField(
            model_name="filing", name="committee_votes_against",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="committee votes against")),
        migrations.AddField(
            model_name="filing", name="committee_votes_abstain",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="committee abstentions")),
    ]
