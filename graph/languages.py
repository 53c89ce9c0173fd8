"""Working languages: declared ones, else the languages people actually speak where the place is.

Regional languages count, because local cooperation runs on them: Alsatian and the Platt of
Moselle are German dialects (German is the working language with Baden, the Palatinate, Saarland
and Basel), French Flanders (Westhoek) speaks West Flemish, the Basque Country and Catalonia span
the Pyrenees, Aosta is officially bilingual, and Menton and the Roya valley live with Italian.
Each rule names the area by department (France), by the leading digits of the official municipal
code (elsewhere: Belgian NIS province, Swiss FSO number of the canton, Italian ISTAT province,
Spanish INE province) or by a box, with its source.
"""

__all__ = ["REGIONAL_LANGUAGES", "regional_languages", "spoken_languages"]

_BY_COUNTRY = {
    "FR": {"fr"},
    "LU": {"lb", "fr", "de"},
    "DE": {"de"},
    "IT": {"it"},
    "MC": {"fr"},
    "ES": {"es"},
    "AD": {"ca"},
    "BR": {"pt"},
    "SR": {"nl"},
    "SX": {"en", "nl"},
    "BE": {"fr", "nl"},
    "CH": {"de"},
}
# GeoNames first-level divisions whose usual languages differ from the country's default.
_BY_ADMIN1 = {
    ("BE", "Wallonia"): {"fr"},
    ("BE", "Flanders"): {"nl"},
    ("BE", "Brussels Capital"): {"fr", "nl"},
    ("CH", "Geneva"): {"fr"},
    ("CH", "Vaud"): {"fr"},
    ("CH", "Neuchâtel"): {"fr"},
    ("CH", "Jura"): {"fr"},
    ("CH", "Fribourg"): {"fr", "de"},
    ("CH", "Valais"): {"fr", "de"},
    ("CH", "Bern"): {"de", "fr"},
    ("CH", "Ticino"): {"it"},
    ("ES", "Catalonia"): {"ca", "es"},
    ("ES", "Basque Country"): {"eu", "es"},
    ("ES", "Navarre"): {"es", "eu"},
    ("IT", "Aosta Valley"): {"it", "fr"},
}


# (country, test, languages, source). A test is {"departments"}, {"code_prefixes"}, {"code_ranges"}
# (Swiss FSO numbers) and/or {"box": (south, west, north, east)}; every given test must hold; the first
# matching rule wins, so a smaller area comes before the larger one around it.
REGIONAL_LANGUAGES = (
    (
        "FR",
        {"departments": ("67", "68")},
        {"fr", "de"},
        (
            "Alsatian (Alemannic and South Franconian German), regional language of Alsace: Office pour la langue et les "
            "cultures d'Alsace et de Moselle (OLCA); DGLFLF, Langues de France"
        ),
    ),
    (
        "FR",
        {"departments": ("57",), "box": (48.85, 6.35, 49.6, 7.7)},
        {"fr", "de"},
        (
            "Platt (Moselle Franconian and Rhine Franconian) of German-speaking Moselle, east of the Thionville-Boulay-"
            "Sarrebourg language line: DGLFLF, Langues de France; OLCA"
        ),
    ),
    (
        "FR",
        {"departments": ("57", "54"), "box": (49.3, 5.9, 49.6, 6.55)},
        {"fr", "lb"},
        "Luxembourgish (Moselle Franconian) of the Pays de Sierck and north of Thionville: DGLFLF, Langues de France",
    ),
    (
        "FR",
        {"departments": ("59",), "box": (50.6, 2.0, 51.1, 2.95)},
        {"fr", "nl"},
        (
            "West Flemish of French Flanders (Westhoek, arrondissement of Dunkirk): DGLFLF, Langues de France; "
            "Institut de la langue régionale flamande"
        ),
    ),
    (
        "FR",
        {"departments": ("64",), "box": (42.9, -1.8, 43.6, -0.75)},
        {"fr", "eu"},
        "Basque of Labourd, Lower Navarre and Soule: Office public de la langue basque (Euskararen Erakunde Publikoa)",
    ),
    (
        "FR",
        {"departments": ("66",)},
        {"fr", "ca"},
        (
            "Catalan of Northern Catalonia (Pyrénées-Orientales, except the Fenouillèdes): Conseil départemental des "
            "Pyrénées-Orientales, Charte en faveur du catalan (2007)"
        ),
    ),
    (
        "FR",
        {"departments": ("06",), "box": (43.7, 7.3, 44.2, 7.75)},
        {"fr", "it"},
        (
            "Menton, Roquebrune and the Roya valley (Italian until 1860/1947; Mentonasc and Roya Ligurian): "
            "Encyclopaedia Britannica, Menton; Treaty of Paris 1947 (Tende, La Brigue)"
        ),
    ),
    ("MC", {}, {"fr", "it"}, "Monaco: French official, Italian and Monegasque widely spoken (Government of Monaco)"),
    ("IT", {"code_prefixes": ("007",)}, {"it", "fr"}, "Aosta Valley: French co-official (Statute of 1948, art. 38)"),
    (
        "ES",
        {"code_prefixes": ("25",), "box": (42.6, 0.6, 42.9, 1.0)},
        {"oc", "ca", "es"},
        "Val d'Aran: Aranese (Occitan) co-official (Law 35/2010 of Catalonia)",
    ),
    ("ES", {"code_prefixes": ("08", "17", "25", "43")}, {"ca", "es"}, "Catalonia: Catalan co-official (Statute of 2006, art. 6)"),
    (
        "ES",
        {"code_prefixes": ("20", "48", "01")},
        {"eu", "es"},
        "Basque Autonomous Community: Basque co-official (Statute of 1979, art. 6)",
    ),
    (
        "ES",
        {"code_prefixes": ("31",)},
        {"es", "eu"},
        "Navarre: Basque co-official in the Basque-speaking zone (Foral Law 18/1986)",
    ),
    (
        "BE",
        {"code_prefixes": ("3", "4", "1", "7", "23", "24")},
        {"nl"},
        "Flemish provinces (NIS codes 1, 3, 4, 7, 23, 24): Dutch",
    ),
    ("BE", {"code_prefixes": ("5", "6", "8", "9", "25")}, {"fr"}, "Walloon provinces (NIS codes 5, 6, 8, 9, 25): French"),
    ("BE", {"code_prefixes": ("21",)}, {"fr", "nl"}, "Brussels-Capital: French and Dutch"),
    (
        "CH",
        {"code_ranges": ((5401, 5939), (6601, 6645), (6404, 6512), (6701, 6810))},
        {"fr"},
        "French-speaking cantons Vaud, Geneva, Neuchâtel, Jura (FSO municipality numbers)",
    ),
    ("CH", {"code_ranges": ((681, 700),)}, {"fr", "de"}, "Bernese Jura, French-speaking (FSO numbers 681-700)"),
    ("CH", {"code_ranges": ((2004, 2338), (6002, 6300))}, {"fr", "de"}, "Bilingual cantons Fribourg and Valais"),
    ("CH", {"code_ranges": ((5001, 5399),)}, {"it"}, "Ticino: Italian"),
)
_RULES_BY_COUNTRY = {}
for _country, _test, _languages, _source in REGIONAL_LANGUAGES:
    _RULES_BY_COUNTRY.setdefault(_country, []).append((_test, frozenset(_languages)))


def _code_number(code):
    digits = "".join(c for c in (code or "") if c.isdigit())
    return int(digits) if digits else None


def _matches(attrs, test):
    code = attrs.get("code") or ""
    if "departments" in test and attrs.get("department") not in test["departments"]:
        return False
    if "code_prefixes" in test and not code.startswith(test["code_prefixes"]):
        return False
    if "code_ranges" in test:
        number = _code_number(code)
        if number is None or not any(low <= number <= high for low, high in test["code_ranges"]):
            return False
    if "box" in test:
        south, west, north, east = test["box"]
        lat, lon = attrs.get("lat"), attrs.get("lon")
        if lat is None or lon is None or not (south <= lat <= north and west <= lon <= east):
            return False
    return True


def regional_languages(attrs):
    """Languages of the first regional rule that matches the place, else None.

    Examples
    --------
    >>> sorted(regional_languages({"country": "FR", "department": "64", "lat": 43.36, "lon": -1.77}))
    ['eu', 'fr']
    >>> regional_languages({"country": "FR", "department": "64", "lat": 43.3, "lon": -0.37}) is None  # Pau, in Béarn
    True
    >>> sorted(regional_languages({"country": "CH", "code": "CH6621"}))  # Geneva
    ['fr']
    """
    for test, languages in _RULES_BY_COUNTRY.get(attrs.get("country"), ()):
        if _matches(attrs, test):
            return languages
    return None


def spoken_languages(attrs):
    """The organisation's declared languages, else those usually spoken where it is.

    Examples
    --------
    >>> sorted(spoken_languages({"country": "CH", "admin1": "Geneva", "languages": ()}))
    ['fr']
    >>> sorted(spoken_languages({"country": "DE", "languages": ("de", "en")}))
    ['de', 'en']
    >>> sorted(spoken_languages({"country": "FR", "department": "68", "lat": 47.59, "lon": 7.56}))  # Saint-Louis
    ['de', 'fr']
    """
    declared = attrs.get("languages")
    if declared:
        return frozenset(declared)
    regional = regional_languages(attrs)
    if regional is not None:
        return regional
    country = attrs.get("country")
    return frozenset(_BY_ADMIN1.get((country, attrs.get("admin1")), _BY_COUNTRY.get(country, ())))
