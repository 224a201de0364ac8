"""The API's reads at 1M: the people list's indexes.

- ``person_name_idx``: a page of people by name read from its cursor's position on, instead
  of every person kept and sorted to find the page (90-340 ms at 50% down).
- ``participation_latest_idx``: each person's count and last date read from the index alone
  (the person/date index lacks the id the count reads, so each of a page's participations
  was a heap read), and their latest title from their first titled row.

Both built in about 3 s on the 1M bench database.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0023_search_every_source"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                models.F("person"),
                models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="participation_latest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "id"], name="person_name_idx"),
        ),
    ]
