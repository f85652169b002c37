"""Filing.sent_on: the date the branch sent a request, as entered. Existing requests take the day
they were created (what the history recorded for them until now)."""

from django.db import migrations, models
from django.utils import timezone


def fill_sent_on(apps, schema_editor):
    Filing = apps.get_model("cases", "Filing")
    for filing in Filing.objects.filter(sent_on__isnull=True).only("pk", "created_at").iterator():
        Filing.objects.filter(pk=filing.pk).update(sent_on=timezone.localdate(filing.created_at))


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_name_byte_order")]

    operations = [
        migrations.AddField(model_name="filing", name="sent_on",
                            field=models.DateField(null=True, verbose_name="date sent")),
        migrations.RunPython(fill_sent_on, migrations.RunPython.noop),
        migrations.AlterField(model_name="filing", name="sent_on",
                              field=models.DateField(default=timezone.localdate, verbose_name="date sent")),
    ]
