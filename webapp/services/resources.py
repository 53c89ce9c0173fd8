"""The resource centre's publications: the MOT's synthesis publications and a curated list of guides."""

from functools import cache

from .reference.curated import read_data_file


@cache
def _guides():
    return tuple(read_data_file("guides.yaml") or ())


def guides(own_borders=()):
    """The curated guides (``data/guides.yaml``), those about one of ``own_borders`` first, then in file order."""
    own = set(own_borders)
    return sorted(_guides(), key=lambda guide: not own & set(guide.get("borders") or ()))


def publications():
    """The synthesis publications the MOT published (``services.publications``), the newest first."""
    from .publications import published_publications

    return list(published_publications())
