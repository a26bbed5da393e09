"""A method's name is never empty, and the index that keeps each name once in any case covers
the names that are there, as the acronym's and the Vietnamese name's do. SQLite read a catalog
sorted by name and filtered by year off the whole-column index, and every method's row with it,
instead of the listing index that holds the year (methods.Method.Meta)."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('methods', '0020_merge_search_index'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='method',
            name='method_name_once_in_any_case',
        ),
        migrations.AddConstraint(
            model_name='method',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='method_has_a_name'),
        ),
        migrations.AddConstraint(
            model_name='method',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), condition=models.Q(('name', ''), _negated=True), name='method_name_once_in_any_case'),
        ),
    ]
