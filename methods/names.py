"""The one rule for what a method is called, kept by the admin (Method.clean), the importer and
the dataset loader alike: a method's name, acronym and Vietnamese name each find that method
alone, in any case, so `?m=GAN` and a search for "gan" can only mean one method. The database
refuses a repeat within one column (methods migration 0019); a name that is another method's
acronym or Vietnamese name is refused here."""

from collections.abc import Hashable, Iterable

from django.utils.translation import gettext as _

# What a method is called, each belonging to one method alone.
NAME_FIELDS = ("name", "acronym", "vietnamese_name")

# {a name, case folded: (who is called so, by which of its NAME_FIELDS)}
Taken = dict[str, tuple[object, str]]


def key(name: str) -> str:
    """A name as the rule compares it: "GAN", "gan" and "Gan" are one name."""
    return name.casefold()


def clashes(named: Iterable[tuple[Hashable, dict[str, str]]], taken: Taken) -> dict:
    """Each of `named` (who, {field: name}) whose names are already taken by someone else,
    in `taken` or earlier in `named`: {who: {field: message}}. The others' names are added to
    `taken` as they are read, so two newcomers cannot share a name either."""
    found = {}
    for who, names in named:
        mine = {key(value): field for field in NAME_FIELDS if (value := names.get(field))}
        refused = {
            field: message(names[field], *taken[k]) for k, field in mine.items() if k in taken
        }
        if refused:
            found[who] = refused
        else:
            taken.update({k: (who, field) for k, field in mine.items()})
    return found


def message(name: str, other, other_field: str) -> str:
    """Why `name` is refused, naming the method that has it, in the reader's language."""
    messages = {
        "name": _("“%(value)s” is already the name of %(method)s."),
        "acronym": _("“%(value)s” is already the acronym of %(method)s."),
        "vietnamese_name": _("“%(value)s” is already the Vietnamese name of %(method)s."),
    }
    return messages[other_field] % {"value": name, "method": other}
