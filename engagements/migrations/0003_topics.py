"""Load the controlled topic vocabulary of the shared extraction schema (SCHEMA.md)."""

from django.db import migrations

TOPICS = {
    "arms sales": "Arms sales",
    "capacity building": "Capacity building",
    "climate and environment": "Climate and environment",
    "counterterrorism": "Counterterrorism",
    "cybersecurity": "Cybersecurity",
    "defense industry": "Defense industry",
    "disaster relief": "Disaster relief",
    "education and training": "Education and training",
    "force posture": "Force posture",
    "health": "Health",
    "human rights": "Human rights",
    "humanitarian assistance": "Humanitarian assistance",
    "information sharing": "Information sharing",
    "interoperability": "Interoperability",
    "intelligence": "Intelligence",
    "maritime security": "Maritime security",
    "missile defense": "Missile defense",
    "modernization": "Modernization",
    "north korea": "North Korea",
    "nuclear": "Nuclear",
    "peacekeeping": "Peacekeeping",
    "regional security": "Regional security",
    "russia ukraine": "Russia-Ukraine war",
    "south china sea": "South China Sea",
    "space": "Space",
    "taiwan": "Taiwan",
    "technology": "Technology",
    "middle east": "Middle East",
    "china": "China",
}


def load_topics(apps, schema_editor):
    Topic = apps.get_model("engagements", "Topic")
    for name, label in TOPICS.items():
        Topic.objects.update_or_create(name=name, defaults={"label": label})


def unload_topics(apps, schema_editor):
    apps.get_model("engagements", "Topic").objects.filter(name__in=TOPICS).delete()


class Migration(migrations.Migration):
    dependencies = [("engagements", "0002_countries")]
    operations = [migrations.RunPython(load_topics, unload_topics)]
