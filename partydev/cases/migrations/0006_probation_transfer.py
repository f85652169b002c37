"""Case.conversion_postponed_until: a probationary member transferred in may have the conversion
discussion postponed by up to six months (2026 §35 / 2014 §36); the conversion date is unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_filing_sent_on")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="conversion_postponed_until",
            field=models.DateField(blank=True, null=True, verbose_name="conversion discussion postponed until"),
        ),
    ]
