"""Typed relations (each pair kept from both sides), the fields a method is also in, the
vocabulary of characteristics, and a method's characteristics and code."""

from importlib import import_module

import django.db.models.deletion
import methods.validators
from django.db import migrations, models

# Adding a column rebuilds the table on SQLite, which drops the search index's triggers.
method_names = import_module("methods.migrations.0009_method_names")


def copy_relations(apps, schema_editor):
    Method = apps.get_model("methods", "Method")
    Relation = apps.get_model("methods", "Relation")
    pairs = Method.related.through.objects.values_list("from_method_id", "to_method_id")
    Relation.objects.bulk_create(
        Relation(from_method_id=a, to_method_id=b, kind="") for a, b in pairs.iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('methods', '0014_covering_listing_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='method',
            name='also_fields',
            field=models.ManyToManyField(blank=True, help_text='Other fields researchers look for it in; the field above is shown first.', related_name='also_methods', to='methods.researchfield', verbose_name='also in fields'),
        ),
        migrations.AddField(
            model_name='method',
            name='characteristics',
            field=models.JSONField(blank=True, default=dict, verbose_name='characteristics'),
        ),
        migrations.AddField(
            model_name='method',
            name='code',
            field=models.JSONField(blank=True, default=list, verbose_name='code'),
        ),
        migrations.CreateModel(
            name='Property',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                ('label', models.CharField(max_length=120, validators=[methods.validators.validate_printable], verbose_name='label')),
                ('label_vi', models.CharField(max_length=120, null=True, validators=[methods.validators.validate_printable], verbose_name='label')),
                ('label_en', models.CharField(max_length=120, null=True, validators=[methods.validators.validate_printable], verbose_name='label')),
                ('help', models.CharField(blank=True, max_length=300, validators=[methods.validators.validate_printable], verbose_name='explanation')),
                ('help_vi', models.CharField(blank=True, max_length=300, null=True, validators=[methods.validators.validate_printable], verbose_name='explanation')),
                ('help_en', models.CharField(blank=True, max_length=300, null=True, validators=[methods.validators.validate_printable], verbose_name='explanation')),
                ('value_type', models.CharField(choices=[('boolean', 'yes or no'), ('choice', 'one of a list'), ('choices', 'one or more of a list'), ('number', 'a number'), ('text', 'a short text')], max_length=10, verbose_name='type of value')),
                ('unit', models.CharField(blank=True, max_length=40, validators=[methods.validators.validate_printable], verbose_name='unit')),
                ('unit_vi', models.CharField(blank=True, max_length=40, null=True, validators=[methods.validators.validate_printable], verbose_name='unit')),
                ('unit_en', models.CharField(blank=True, max_length=40, null=True, validators=[methods.validators.validate_printable], verbose_name='unit')),
                ('choices', models.JSONField(blank=True, default=list, verbose_name='choices')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('families', models.ManyToManyField(blank=True, help_text='The families of methods it applies to; none for every method.', related_name='properties', to='methods.family', verbose_name='applies to')),
            ],
            options={
                'verbose_name': 'property',
                'verbose_name_plural': 'properties',
                'ordering': ['position', 'slug'],
            },
        ),
        migrations.CreateModel(
            name='Relation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(blank=True, choices=[('builds-on', 'Builds on'), ('basis-for', 'Basis for'), ('variant-of', 'Variant of'), ('has-variant', 'Has variants'), ('alternative-to', 'Alternative to'), ('uses', 'Uses'), ('used-by', 'Used by'), ('generalizes', 'Generalizes'), ('special-case-of', 'Special case of')], max_length=20, verbose_name='kind of relation')),
                ('from_method', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='methods.method')),
                ('to_method', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='methods.method')),
            ],
            options={
                'verbose_name': 'relation',
                'verbose_name_plural': 'relations',
            },
        ),
        migrations.AddConstraint(
            model_name='relation',
            constraint=models.UniqueConstraint(fields=('from_method', 'to_method'), name='relation_once'),
        ),
        migrations.AddConstraint(
            model_name='relation',
            constraint=models.CheckConstraint(condition=models.Q(('from_method', models.F('to_method')), _negated=True), name='relation_not_to_itself', violation_error_message='A method cannot be related to itself.'),
        ),
        # Relations had no kind: each pair becomes two rows, one from each side, untyped until
        # the dataset or an editor says what it is.
        migrations.RunPython(copy_relations, migrations.RunPython.noop),
        migrations.RemoveField(model_name='method', name='related'),
        migrations.AddField(
            model_name='method',
            name='related',
            field=models.ManyToManyField(blank=True, through='methods.Relation', through_fields=('from_method', 'to_method'), to='methods.method', verbose_name='related methods'),
        ),
        migrations.RunPython(
            method_names.restore_search_triggers, method_names.restore_search_triggers
        ),
    ]
