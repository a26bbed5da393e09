from modeltranslation.translator import TranslationOptions, register

from methods.models import Family, Method, MethodType, ResearchField


@register(ResearchField)
@register(Family)
@register(MethodType)
class TaxonTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi", "en")


@register(Method)
class MethodTranslationOptions(TranslationOptions):
    fields = ("name", "aliases", "summary", "search_text")
    required_languages = {"vi": ("name", "summary")}
