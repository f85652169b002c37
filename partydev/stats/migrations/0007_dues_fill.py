"""Fill the deadlines' counters (StatsDue) from the Deadline rows already stored (a database created
before they existed). A new database has no deadlines and nothing to do."""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("cases", "Deadline").objects.exists():
        return
    from partydev.stats.counters import dues_rebuild

    dues_rebuild()


class Migration(migrations.Migration):

    dependencies = [("stats", "0006_dues"), ("cases", "0013_case_stage_scope_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
