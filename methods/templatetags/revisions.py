from django import template

from methods import history

register = template.Library()

register.filter("author", history.author)
register.filter("described", history.described)
