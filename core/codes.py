"""Tracking codes such as ``PA-2026-000123``: prefix by kind, year of receipt, a number."""

import re

from core.labels import Kind

PREFIX_BY_KIND: dict[Kind, str] = {
    Kind.KIEN_NGHI_PHAN_ANH: "PA",
    Kind.KHIEU_NAI: "KN",
    Kind.TO_CAO: "TC",
    Kind.HOI_DAP: "HD",
}

_CODE = re.compile(r"^\s*(PA|KN|TC|HD)\W*(\d{4})\W*(\d{1,9})\s*$", re.IGNORECASE | re.ASCII)


def format_code(kind: Kind, year: int, number: int) -> str:
    """The tracking code of petition ``number`` of ``kind`` received in ``year``."""
    if number < 1:
        raise ValueError(f"petition numbers start at 1, got {number}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"the year must have four digits, got {year}")
    return f"{PREFIX_BY_KIND[kind]}-{year:04d}-{number:06d}"


def parse_code(text: str) -> str | None:
    """The canonical code a citizen meant ("pa 2026 123" -> "PA-2026-000123"), or None."""
    match = _CODE.match(text)
    if match is None:
        return None
    prefix, year, number = match.groups()
    if int(number) < 1:
        return None
    return f"{prefix.upper()}-{year}-{int(number):06d}"
