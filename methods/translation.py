from modeltranslation.translator import TranslationOptions, register

from methods.models import Family, Method, MethodType, Property, ResearchField


@register(ResearchField)
@register(Family)
@register(MethodType)
class TaxonTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi", "en")


# A method's name is not translated: see Method.name, acronym and vietnamese_name.
@register(Method)
class MethodTranslationOptions(TranslationOptions):
    fields = ("aliases", "summary", "search_text")
    required_languages = {"vi": ("summary",)}


@register(Property)
class PropertyTranslationOptions(TranslationOptions):
    fields = ("label", "help", "unit")
    required_languages = {"vi": ("label",), "en": ("label",)}
