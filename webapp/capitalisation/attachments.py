"""Attachments of a sheet: upload, download with the sheet's access rules, delete."""

from . import bp  # noqa: F401
