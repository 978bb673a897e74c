"""The hand-written domain lexicon: coverage of the labels, consistency, whole-word matching."""

from __future__ import annotations

from collections import Counter

import pytest

from core.labels import Category, Kind
from nlp.lexicon import (
    CATEGORY_TERMS,
    KIND_TERMS,
    LexiconError,
    _check,
    _key,
    lexicon_hits,
)
from nlp.normalize import normalize, strip_diacritics


def plain(text: str) -> str:
    """The text form :func:`lexicon_hits` expects."""
    return strip_diacritics(normalize(text))


def hits(text: str) -> list[str]:
    return lexicon_hits(plain(text))


# --- tables ------------------------------------------------------------------------------


def test_every_category_present_with_50_to_90_terms() -> None:
    assert set(CATEGORY_TERMS) == {c.value for c in Category}
    for label, terms in CATEGORY_TERMS.items():
        assert 50 <= len(terms) <= 90, (label, len(terms))


def test_kind_cues_for_every_kind_but_the_default() -> None:
    assert set(KIND_TERMS) == {k.value for k in Kind} - {Kind.KIEN_NGHI_PHAN_ANH.value}
    for label, terms in KIND_TERMS.items():
        assert 30 <= len(terms) <= 60, (label, len(terms))


@pytest.mark.parametrize("table", [CATEGORY_TERMS, KIND_TERMS], ids=["category", "kind"])
def test_no_term_shared_by_two_labels_without_diacritics(table: dict[str, tuple[str, ...]]) -> None:
    counts = Counter(_key(term) for terms in table.values() for term in terms)
    assert [key for key, n in counts.items() if n > 1] == []


def test_collisions_and_unmatchable_terms_are_rejected() -> None:
    with pytest.raises(LexiconError, match="collides"):
        _check({"dat_dai": ("đất nền",), "xay_dung": ("đặt nền",)}, "T")
    with pytest.raises(LexiconError, match="collides"):
        _check({"dat_dai": ("sổ đỏ", "số đỏ")}, "T")
    with pytest.raises(LexiconError, match="teencode"):
        _check({"lao_dong_viec_lam": ("đóng bhxh",)}, "T")
    with pytest.raises(LexiconError, match="lower case"):
        _check({"y_te": ("Bệnh viện",)}, "T")


def test_every_term_survives_normalisation_and_matches_its_label() -> None:
    for prefix, table in (("cat", CATEGORY_TERMS), ("kind", KIND_TERMS)):
        for label, terms in table.items():
            for term in terms:
                assert plain(term) == _key(term), term
                assert f"{prefix}:{label}" in lexicon_hits(_key(term)), (label, term)


# --- matching ----------------------------------------------------------------------------


def test_whole_words_only() -> None:
    assert "cat:dat_dai" in lexicon_hits("thu hoi dat cua dan")
    assert "cat:dat_dai" not in lexicon_hits("thu hoi datxanh")
    assert "cat:dat_dai" not in lexicon_hits("xtach thua")
    assert "cat:dat_dai" not in lexicon_hits("tach thuax")
    assert lexicon_hits("trom") == ["cat:an_ninh_trat_tu"]
    assert lexicon_hits("tromcho") == []
    assert lexicon_hits("ct06") == ["cat:thu_tuc_hanh_chinh"]
    assert lexicon_hits("ct066") == []


def test_phrase_matches_only_its_words_in_order() -> None:
    assert lexicon_hits("ma tuy") == ["cat:an_ninh_trat_tu"]
    assert lexicon_hits("tuy ma") == []
    assert lexicon_hits("tach thua") == ["cat:dat_dai"]
    assert lexicon_hits("thua tach") == []
    assert lexicon_hits("tach mot thua") == []
    assert lexicon_hits("vao lop 1") == ["cat:giao_duc"]
    assert "cat:giao_duc" in lexicon_hits("thi vao lop 10")
    assert lexicon_hits("vao lop 12") == []


def test_one_token_per_match_and_nested_terms_counted_once() -> None:
    assert lexicon_hits("trom trom") == ["cat:an_ninh_trat_tu"] * 2
    # "xem xét lại" inside "đề nghị xem xét lại": one khieu_nai hit.
    assert lexicon_hits("de nghi xem xet lai") == ["kind:khieu_nai"]
    # A term of another label inside a longer one is still found.
    assert lexicon_hits("can bo dia chinh") == ["cat:can_bo_cong_chuc", "cat:dat_dai"]


def test_empty_and_unrelated_text() -> None:
    assert lexicon_hits("") == []
    assert hits("   ") == []
    assert hits("hôm nay trời đẹp") == []


@pytest.mark.parametrize(
    ("accented", "unaccented"),
    [
        (
            "Cho em hỏi thủ tục làm sổ đỏ như thế nào, được không ạ?",
            "cho e hoi thu tuc lam so do ntn, dc ko a?",
        ),
        (
            "Hẻm nhà tôi bị ngập nước, cống thoát nước bị nghẹt",
            "Hem nha toi bi ngap nuoc, cong thoat nuoc bi nghet",
        ),
        (
            "Cán bộ địa chính đòi tiền mới ký, đề nghị xử lý",
            "CAN BO DIA CHINH DOI TIEN MOI KY, DE NGHI XU LY",
        ),
        (
            "Tôi bị loại khỏi danh sách hộ cận nghèo, đề nghị xem xét lại",
            "toi bi loai khoi danh sach ho can ngheo de nghi xem xet lai",
        ),
        (
            "Quán karaoke hát xuyên đêm, thanh niên tụ tập đua xe",
            "quan karaoke hat xuyen dem, thanh nien tu tap dua xe",
        ),
    ],
)
def test_accented_and_unaccented_input_give_the_same_hits(accented: str, unaccented: str) -> None:
    assert hits(accented)
    assert hits(accented) == hits(unaccented)


@pytest.mark.parametrize(
    ("label", "texts"),
    [
        (
            Category.DAT_DAI,
            [
                "Xin cấp sổ hồng cho mảnh đất ông bà để lại",
                "Nhà bên cạnh lấn ranh 2 mét, tranh chấp ranh giới chưa được hòa giải",
                "Giá đền bù giải phóng mặt bằng quá thấp",
            ],
        ),
        (
            Category.XAY_DUNG,
            [
                "Nhà số 12 xây không phép thêm 2 tầng",
                "Công trình bên cạnh ép cọc làm nứt tường nhà tôi",
                "Hỏi thủ tục xin giấy phép xây dựng nhà ở riêng lẻ",
            ],
        ),
        (
            Category.TRAT_TU_DO_THI,
            [
                "Quán nhậu kê bàn ghế lấn chiếm vỉa hè",
                "Ô tô đỗ xe trước cửa nhà tôi cả ngày",
                "Có người dán tờ rơi quảng cáo khoan cắt bê tông khắp cột",
            ],
        ),
        (
            Category.HA_TANG_GIAO_THONG,
            [
                "Đường hẻm nhiều ổ gà, mưa là ngập nước",
                "Đèn đường hư cả tháng nay, tối om",
                "Cúp điện từ sáng tới giờ chưa có lại",
            ],
        ),
        (
            Category.MOI_TRUONG,
            [
                "Bãi rác tự phát bốc mùi hôi thối",
                "Xưởng gỗ gây khói bụi suốt ngày",
                "Trại heo xả nước thải ra mương",
            ],
        ),
        (
            Category.AN_NINH_TRAT_TU,
            [
                "Nhà tôi bị mất trộm xe máy tối qua",
                "Nhóm thanh niên tụ tập hút chích ma túy ở công viên",
                "Cửa hàng chứa nhiều bình gas, nguy cơ cháy nổ",
            ],
        ),
        (
            Category.Y_TE,
            [
                "Trạm y tế không nhận thẻ bảo hiểm y tế",
                "Khu phố có nhiều ca sốt xuất huyết, xin phun thuốc muỗi",
                "Cả lớp bị ngộ độc thực phẩm sau bữa trưa",
            ],
        ),
        (
            Category.GIAO_DUC,
            [
                "Nhà trường thu quỹ phụ huynh quá nhiều",
                "Cô chủ nhiệm ép học sinh đi học thêm",
                "Tuyển sinh vào lớp 1 năm nay thế nào",
            ],
        ),
        (
            Category.LAO_DONG_VIEC_LAM,
            [
                "Công ty nợ lương 3 tháng và không đóng bảo hiểm xã hội",
                "Tôi bị mất việc, muốn nhận trợ cấp thất nghiệp",
                "Bị sa thải mà không có hợp đồng lao động",
            ],
        ),
        (
            Category.CHINH_SACH_XA_HOI,
            [
                "Mẹ tôi là người khuyết tật nặng chưa được trợ cấp",
                "Gia đình hoàn cảnh khó khăn xin xét hộ nghèo",
                "Có cụ già vô gia cư nằm ngoài trời lạnh",
            ],
        ),
        (
            Category.THU_TUC_HANH_CHINH,
            [
                "Làm giấy khai sinh cho con cần gì",
                "Tôi muốn đăng ký tạm trú cho người thuê trọ",
                "Tài khoản định danh điện tử trên vneid bị lỗi",
            ],
        ),
        (
            Category.CAN_BO_CONG_CHUC,
            [
                "Cán bộ một cửa thái độ hách dịch, quát nạt người dân",
                "Gọi đường dây nóng mà không nghe máy",
                "Cán bộ phường gây khó dễ, đòi tiền cà phê",
            ],
        ),
        (
            Category.KINH_TE_THUONG_MAI,
            [
                "Tiệm tạp hóa bán hàng giả hàng nhái",
                "Tiểu thương bị cân điêu ở chợ",
                "Hộ kinh doanh phải nộp thuế khoán bao nhiêu",
            ],
        ),
        (
            Category.KHAC,
            [
                "Cảm ơn phường đã giải quyết rất nhanh",
                "Xin chào, gửi thử tin nhắn test",
                "Đơn của tôi gửi rồi, tra cứu đơn ở đâu",
            ],
        ),
    ],
)
def test_clear_examples_per_category(label: Category, texts: list[str]) -> None:
    for text in texts:
        cats = Counter(h for h in hits(text) if h.startswith("cat:"))
        assert cats, text
        top = max(cats.values())
        assert cats[f"cat:{label.value}"] == top, (text, cats)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        (Kind.KHIEU_NAI, "Tôi không đồng ý với quyết định xử phạt của phường"),
        (Kind.KHIEU_NAI, "Gia đình tôi bị loại khỏi danh sách hộ nghèo"),
        (Kind.KHIEU_NAI, "Hồ sơ của tôi bị từ chối mà không nêu lý do"),
        (Kind.TO_CAO, "Ông Tư ăn chặn tiền hỗ trợ của dân"),
        (Kind.TO_CAO, "Cán bộ tên Hùng đòi tiền mới ký"),
        (Kind.TO_CAO, "Chủ quán làm giả giấy tờ và được bảo kê"),
        (Kind.HOI_DAP, "cho e hoi lam cccd o dau vay"),
        (Kind.HOI_DAP, "Làm sao để đăng ký kết hôn, cần giấy tờ gì"),
        (Kind.HOI_DAP, "lam so do mat bn tien, co dc ko"),
    ],
)
def test_kind_cues(label: Kind, text: str) -> None:
    assert f"kind:{label.value}" in hits(text)
