"""Precedents: published project sheets ranked by how much they share with a town or a pair."""

import math

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

import domain as d

from ..extensions import db
from ..models import Instrument, Sheet, SheetBorder


def _size_class(population):
    return None if not population else int(math.log10(max(population, 1)))


def precedents(organisations, *, border=None, limit=d.DEFAULT_PRECEDENTS):
    """Published project sheets ranked by similarity to a town or a pair: list of ``(sheet, reasons)``.

    ``reasons`` are codes of ``domain.PRECEDENT_REASONS`` (same border, shared themes, partners of the same
    size, an instrument open at this border), phrased by the templates; sheets that share nothing are left out.
    """
    organisations = [o for o in organisations if o is not None]
    borders = {border} if border else {b for o in organisations for b in o.border_codes}
    themes = {t for o in organisations for t in o.theme_codes}
    sizes = {_size_class(o.population) for o in organisations} - {None}
    own_ids = {o.id for o in organisations}
    open_instruments = {i.code for i in db.session.scalars(select(Instrument)) if any(i.applies_to(b) for b in borders)}
    query = select(Sheet).where(Sheet.kind == "project", Sheet.status == "published")
    if borders:
        query = query.where(exists().where(SheetBorder.sheet_id == Sheet.id, SheetBorder.border.in_(borders)))
    ranked = []
    for sheet in db.session.scalars(query.options(selectinload(Sheet.partners)).order_by(Sheet.id.desc()).limit(500)):
        if own_ids <= set(sheet.partner_ids):
            continue  # the town's (or the pair's) own projects are its history, not a precedent
        reasons, score = [], 0.0
        if borders & set(sheet.border_codes):
            reasons.append("border")
            score += 2
        shared = themes & set(sheet.theme_codes)
        if shared:
            reasons.append("themes")
            score += len(shared)
        if sizes & {_size_class(o.population) for o in sheet.partners if o.country == "FR"}:
            reasons.append("size")
            score += 1
        if sheet.instrument_code and sheet.instrument_code in open_instruments:
            reasons.append("instrument")
            score += 1
        if reasons:
            ranked.append((score, sheet.id, sheet, reasons))
    ranked.sort(key=lambda row: (-row[0], -row[1]))
    return [(sheet, reasons) for _, _, sheet, reasons in ranked[:limit]]
