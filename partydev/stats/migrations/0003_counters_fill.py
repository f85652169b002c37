"""Fill the statistics' counters from the history already recorded (a database created before the
counters existed). A new database has no cases and nothing to do."""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("cases", "Case").objects.exists():
        return
    from partydev.stats.counters import counters_rebuild

    # Not the deadlines' counters (StatsDue): their table comes in 0006, filled by 0007.
    counters_rebuild(dues=False)


class Migration(migrations.Migration):

    dependencies = [("stats", "0002_counters")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
