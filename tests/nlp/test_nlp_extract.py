"""Extraction of phones, addresses, wards, dates and person names (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.extract import (
    extract,
    find_addresses,
    find_dates,
    find_persons,
    find_phones,
    to_current_unit,
)

TODAY = dt.date(2025, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sdt 0909123456", ["0909123456"]),
        ("gọi 0909 123 456 giúp em", ["0909123456"]),
        ("đt: 090.912.3456.", ["0909123456"]),
        ("liên hệ +84 912 345 678", ["0912345678"]),
        ("hoặc 84912345678", ["0912345678"]),
        ("máy bàn 028 3829 1234", ["02838291234"]),
        ("024-3826-1234 hoặc 0388-123-456", ["02438261234", "0388123456"]),
        ("CCCD 079123456789", []),  # 12-digit ID, not a phone
        ("nợ 15000000 đồng", []),
        ("hẻm 45/12 Lê Văn Sỹ", []),
        ("0123456789", []),  # no such prefix
    ],
)
def test_phones(text: str, expected: list[str]) -> None:
    assert [p.value for p in find_phones(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhà ở 56/3 hẻm 8 Nguyễn Văn Quá, phường 5", ["56/3 hẻm 8 Nguyễn Văn Quá"]),
        ("karaoke nhà số 17 hát tới 1h sáng", ["nhà số 17"]),
        ("số nhà 12 ngõ 34 phố Huế", ["số nhà 12 ngõ 34 phố Huế"]),
        ("ở tổ 4 khu phố 2 phường An Lạc", ["tổ 4 khu phố 2"]),
        ("kiệt 25 Hùng Vương có dây điện", ["kiệt 25 Hùng Vương"]),
        ("so nha 12 duong Le Loi", ["so nha 12 duong Le Loi"]),
        ("ấp Bình Hòa xã Tân Thạnh", ["ấp Bình Hòa"]),
        ("thôn Trung Phước bị ngập", ["thôn Trung Phước"]),
        ("ngày 12/3 tôi đi làm", []),  # a date, not a house number
        ("tôi to tiếng với họ", []),  # "to" without a number is not "tổ"
        ("đòi 15 triệu", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert [a.text for a in find_addresses(text)] == expected


@pytest.mark.parametrize(
    ("text", "ward", "district", "current"),
    [
        (
            "Phường 12, Quận Gò Vấp",
            "Phường 12",
            "Quận Gò Vấp",
            "Phường An Hội Tây, Thành phố Hồ Chí Minh",
        ),
        (
            "phuong Ben Nghe, quan 1, tp HCM",
            "Phường Ben Nghe",
            "Quận 1",
            "Phường Sài Gòn, Thành phố Hồ Chí Minh",
        ),
        (
            "phường Dịch Vọng, quận Cầu Giấy, Hà Nội",
            "Phường Dịch Vọng",
            "Quận Cầu Giấy",
            "Phường Cầu Giấy, Thành phố Hà Nội",
        ),
        # Phường 3 of Quận 5 no longer existed (merged in 2020): no guess.
        ("P.3, Q.5", "Phường 3", "Quận 5", None),
        ("Phường 3, Quận 5", "Phường 3", "Quận 5", None),
    ],
)
def test_wards_map_to_current_units(
    text: str, ward: str, district: str, current: str | None
) -> None:
    (found,) = extract(f"nhà tôi ở {text}.", today=TODAY).wards
    assert (found.ward, found.district, found.current) == (ward, district, current)


def test_ward_without_district_needs_a_province() -> None:
    assert extract("ở phường An Lạc", today=TODAY).wards[0].current is None
    found = extract("ở phường An Lạc", today=TODAY, default_province="Thành phố Hồ Chí Minh").wards[
        0
    ]
    assert found.current == "Phường An Lạc, Thành phố Hồ Chí Minh"
    assert to_current_unit("Phường Không Có", "Quận 1", "Thành phố Hồ Chí Minh") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 12/3/2025 cán bộ tới", [("ngày 12/3/2025", False, dt.date(2025, 3, 12))]),
        ("từ 05-10-24 tới nay", [("05-10-24", False, dt.date(2024, 10, 5))]),
        ("hôm 12/10 mất điện", [("12/10", False, dt.date(2025, 10, 12))]),
        ("từ 25/12 đến giờ", [("25/12", False, dt.date(2024, 12, 25))]),  # latest past one
        ("ngày 5 tháng 3 năm 2024", [("ngày 5 tháng 3 năm 2024", False, dt.date(2024, 3, 5))]),
        ("Hôm qua có đánh nhau", [("Hôm qua", True, dt.date(2025, 11, 19))]),
        ("sáng nay cúp nước", [("sáng nay", True, TODAY)]),
        ("toi qua nhom thanh nien", [("toi qua", True, dt.date(2025, 11, 19))]),
        ("từ tháng trước", [("tháng trước", True, None)]),
        ("ngày 35/13", []),
        ("56/3 hẻm 8", []),
    ],
)
def test_dates(text: str, expected: list[tuple[str, bool, dt.date | None]]) -> None:
    assert [(d.text, d.relative, d.date) for d in find_dates(text, TODAY)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cán bộ địa chính tên Hùng đòi 15 triệu", ["Hùng"]),
        ("tôi là Nguyễn Thị Lan, tố cáo ông Trần Văn Tâm", ["Nguyễn Thị Lan", "Trần Văn Tâm"]),
        ("ong Nguyen Van Tam chu quan karaoke", ["Nguyen Van Tam"]),
        ("Hôm qua cán bộ Lê Minh Đức quát tôi", ["Lê Minh Đức"]),
        ("chị Hoa ở tổ 4 báo", ["Hoa"]),
        ("anh ơi cho em hỏi", []),
        ("Ông Bà Con cô bác ơi", []),
    ],
)
def test_persons(text: str, expected: list[str]) -> None:
    assert [p.text for p in find_persons(text)] == expected


def test_extract_offsets_point_into_the_text() -> None:
    text = (
        "Tôi tên Nguyễn Thị Lan, sđt 0909 123 456, nhà ở 56/3 hẻm 8 Nguyễn Văn Quá, "
        "Phường 12, Quận Gò Vấp. Hôm qua cán bộ Trần Văn Hùng đòi 5 triệu."
    )
    found = extract(text, today=TODAY)
    for item in (*found.phones, *found.addresses, *found.wards, *found.dates, *found.persons):
        assert text[item.start : item.end] == item.text
    assert [p.text for p in found.persons] == ["Nguyễn Thị Lan", "Trần Văn Hùng"]
    assert [d.date for d in found.dates] == [dt.date(2025, 11, 19)]


@pytest.mark.parametrize("text", ["", "😀", "\x00\ud800", "0" * 10_000, "hẻm " * 2000])
def test_extract_never_raises(text: str) -> None:
    extract(text, today=TODAY)
