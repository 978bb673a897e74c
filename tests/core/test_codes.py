"""Tests for core.codes: tracking codes such as PA-2026-000123."""

from __future__ import annotations

import pytest

from core.codes import PREFIX_BY_KIND, format_code, parse_code
from core.labels import Kind


@pytest.mark.parametrize(
    ("kind", "year", "number", "code"),
    [
        (Kind.KIEN_NGHI_PHAN_ANH, 2026, 123, "PA-2026-000123"),
        (Kind.KHIEU_NAI, 2026, 1, "KN-2026-000001"),
        (Kind.TO_CAO, 2027, 45, "TC-2027-000045"),
        (Kind.HOI_DAP, 2026, 999_999, "HD-2026-999999"),
        # more than six digits: no padding, no truncation
        (Kind.KIEN_NGHI_PHAN_ANH, 2026, 1_234_567, "PA-2026-1234567"),
        # the year is padded to four digits as well
    ],
)
def test_format_code(kind: Kind, year: int, number: int, code: str) -> None:
    assert format_code(kind, year, number) == code


def test_every_kind_has_a_distinct_prefix() -> None:
    assert set(PREFIX_BY_KIND) == set(Kind)
    assert sorted(PREFIX_BY_KIND.values()) == ["HD", "KN", "PA", "TC"]


@pytest.mark.parametrize("number", [0, -1, -123])
def test_format_code_rejects_numbers_below_one(number: int) -> None:
    with pytest.raises(ValueError, match=f"start at 1, got {number}"):
        format_code(Kind.KIEN_NGHI_PHAN_ANH, 2026, number)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PA-2026-000123", "PA-2026-000123"),
        ("pa-2026-123", "PA-2026-000123"),  # lower case, unpadded number
        ("PA 2026 000123", "PA-2026-000123"),  # spaces as separators
        (" PA-2026-000123 ", "PA-2026-000123"),  # surrounding blanks
        ("\tkn 2027 42\n", "KN-2027-000042"),
        ("PA2026000123", "PA-2026-000123"),  # no separators: year = the 4 digits after PA
        ("PA20261", "PA-2026-000001"),
        ("pa/2026/1", "PA-2026-000001"),  # any non-word separator
        ("PA.2026.7", "PA-2026-000007"),
        ("PA--2026--5", "PA-2026-000005"),  # several separators
        ("PA–2026–12", "PA-2026-000012"),  # en dash (a phone keyboard's autocorrect)
        ("Tc-2026-000009", "TC-2026-000009"),
        ("hd 2026 1", "HD-2026-000001"),
        ("PA-2026-123456789", "PA-2026-123456789"),  # up to nine digits
    ],
)
def test_parse_code_accepts(text: str, code: str) -> None:
    assert parse_code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "XX-2026-1",  # unknown prefix
        "PA-26-1",  # two-digit year
        "",
        "   ",
        "PA-2026-0",  # numbers start at 1
        "PA-2026-000000",
        "PA-2026-",  # no number
        "PA-2026",
        "PA_2026_1",  # underscore is a word character, not a separator
        "PA-2026-1234567890",  # ten digits
        "PA-2026-12a",
        "mã PA-2026-1",  # the code must be the whole text
        "PA-2026-1 cảm ơn",
        "hello",
        "2026-000123",
        "P A-2026-1",
    ],
)
def test_parse_code_rejects(text: str) -> None:
    assert parse_code(text) is None


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("number", [1, 42, 999_999, 1_000_000, 123_456_789])
def test_format_then_parse_round_trips(kind: Kind, number: int) -> None:
    code = format_code(kind, 2026, number)
    assert parse_code(code) == code
    assert parse_code(code.lower()) == code


@pytest.mark.parametrize("text", ["PA-٢٠٢٦-1", "PA-２０２６-１"])
def test_parse_code_never_returns_non_ascii_digits(text: str) -> None:
    assert parse_code(text) is None


@pytest.mark.parametrize("year", [999, 10_000, -2026])
def test_format_code_rejects_years_parse_code_could_not_read(year: int) -> None:
    with pytest.raises(ValueError, match="four digits"):
        format_code(Kind.KIEN_NGHI_PHAN_ANH, year, 1)
