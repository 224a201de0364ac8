"""Load every ISO 3166-1 country with its UN M49 region (engagements/data/countries.csv)."""

import csv
from pathlib import Path

import pycountry
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.csv"


def load_countries(apps, schema_editor):
    Country = apps.get_model("engagements", "Country")
    with DATA.open(encoding="utf-8") as fh:
        regions = {row["code"]: row for row in csv.DictReader(fh)}
    rows = []
    for entry in pycountry.countries:
        region = regions.get(entry.alpha_3, {})
        rows.append(
            Country(
                code=entry.alpha_3,
                alpha2=entry.alpha_2,
                name=region.get("name") or getattr(entry, "common_name", None) or entry.name,
                official_name=getattr(entry, "official_name", entry.name),
                region=region.get("region", ""),
                subregion=region.get("subregion", ""),
            )
        )
    Country.objects.bulk_create(rows, ignore_conflicts=True)


def unload_countries(apps, schema_editor):
    apps.get_model("engagements", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]
    operations = [migrations.RunPython(load_countries, unload_countries)]
