"""Working languages: declared ones, else the usual languages of the place."""

__all__ = ["spoken_languages", "LANGUAGE_NAMES"]

LANGUAGE_NAMES = {"fr": "français", "de": "allemand", "lb": "luxembourgeois", "nl": "néerlandais", "it": "italien",
                  "es": "espagnol", "ca": "catalan", "eu": "basque", "oc": "occitan", "co": "corse", "pt": "portugais",
                  "en": "anglais"}

_BY_COUNTRY = {"FR": {"fr"}, "LU": {"lb", "fr", "de"}, "DE": {"de"}, "IT": {"it"}, "MC": {"fr"}, "ES": {"es"},
               "AD": {"ca"}, "BR": {"pt"}, "SR": {"nl"}, "SX": {"en", "nl"}, "BE": {"fr", "nl"}, "CH": {"de"}}
# GeoNames first-level divisions whose usual languages differ from the country's default.
_BY_ADMIN1 = {
    ("BE", "Wallonia"): {"fr"}, ("BE", "Flanders"): {"nl"}, ("BE", "Brussels Capital"): {"fr", "nl"},
    ("CH", "Geneva"): {"fr"}, ("CH", "Vaud"): {"fr"}, ("CH", "Neuchâtel"): {"fr"}, ("CH", "Jura"): {"fr"},
    ("CH", "Fribourg"): {"fr", "de"}, ("CH", "Valais"): {"fr", "de"}, ("CH", "Bern"): {"de", "fr"}, ("CH", "Ticino"): {"it"},
    ("ES", "Catalonia"): {"ca", "es"}, ("ES", "Basque Country"): {"eu", "es"}, ("ES", "Navarre"): {"es", "eu"},
    ("IT", "Aosta Valley"): {"it", "fr"},
}


def spoken_languages(attrs):
    """The organisation's declared languages, else those usually spoken where it is.

    Examples
    --------
    >>> sorted(spoken_languages({"country": "CH", "admin1": "Geneva", "languages": ()}))
    ['fr']
    >>> sorted(spoken_languages({"country": "DE", "languages": ("de", "en")}))
    ['de', 'en']
    """
    declared = attrs.get("languages")
    if declared:
        return frozenset(declared)
    country = attrs.get("country")
    return frozenset(_BY_ADMIN1.get((country, attrs.get("admin1")), _BY_COUNTRY.get(country, ())))
