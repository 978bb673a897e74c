"""Tests for core.routing with the shipped config (DOMAIN.md section 7) and a custom table."""

from __future__ import annotations

import itertools

import pytest

from core.config import Config, Routing, RoutingRule
from core.labels import Category, Kind
from core.routing import route

C, K = Category, Kind

# DOMAIN.md section 7, kien_nghi_phan_anh: category -> unit code in config.yaml.
PHAN_ANH_UNIT = {
    C.DAT_DAI: "kt",
    C.XAY_DUNG: "kt",
    C.TRAT_TU_DO_THI: "kt",
    C.HA_TANG_GIAO_THONG: "kt",
    C.MOI_TRUONG: "kt",
    C.KINH_TE_THUONG_MAI: "kt",
    C.Y_TE: "vhxh",
    C.GIAO_DUC: "vhxh",
    C.LAO_DONG_VIEC_LAM: "vhxh",
    C.CHINH_SACH_XA_HOI: "vhxh",
    C.THU_TUC_HANH_CHINH: "hcc",
    C.AN_NINH_TRAT_TU: "ca",
    C.CAN_BO_CONG_CHUC: "vp",
    C.KHAC: "vp",
}


def test_phan_anh_table_covers_every_category() -> None:
    assert set(PHAN_ANH_UNIT) == set(Category)


@pytest.mark.parametrize(("category", "unit"), list(PHAN_ANH_UNIT.items()))
def test_phan_anh_by_category(config: Config, category: Category, unit: str) -> None:
    assert route(config.routing, K.KIEN_NGHI_PHAN_ANH, category) == unit


@pytest.mark.parametrize("category", list(Category))
def test_every_to_cao_goes_to_the_confidential_unit(config: Config, category: Category) -> None:
    unit = route(config.routing, K.TO_CAO, category)
    assert unit == "tocao"
    assert config.unit(unit).confidential


@pytest.mark.parametrize("category", list(Category))
def test_every_khieu_nai_goes_to_van_phong(config: Config, category: Category) -> None:
    assert route(config.routing, K.KHIEU_NAI, category) == "vp"


@pytest.mark.parametrize("category", list(Category))
def test_every_hoi_dap_goes_to_van_phong(config: Config, category: Category) -> None:
    assert route(config.routing, K.HOI_DAP, category) == "vp"


def test_only_to_cao_reaches_the_confidential_unit(config: Config) -> None:
    for kind, category in itertools.product(Kind, Category):
        unit = route(config.routing, kind, category)
        config.unit(unit)  # every answer is a known unit (KeyError otherwise)
        assert (unit == "tocao") == (kind is K.TO_CAO), (kind, category)


# An older district-level layout (DOMAIN.md section 6): Phòng Nội vụ, Thanh tra, Phòng
# LĐ-TB-XH, Phòng Tư pháp; the rules overlap on purpose to show that order matters.
DISTRICT = Routing(
    confidential_unit="thanh_tra",
    default_unit="noi_vu",
    rules=(
        # khiếu nại about land goes to Tài nguyên - Môi trường, before the generic rules
        RoutingRule(unit="tnmt", kinds=(K.KHIEU_NAI,), categories=(C.DAT_DAI,)),
        # any other khiếu nại: Thanh tra (no category list: any category)
        RoutingRule(unit="thanh_tra", kinds=(K.KHIEU_NAI,)),
        # labour and social policy, any kind (no kind list)
        RoutingRule(unit="ldtbxh", categories=(C.LAO_DONG_VIEC_LAM, C.CHINH_SACH_XA_HOI)),
        # would also match chinh_sach_xa_hoi but comes too late to win
        RoutingRule(unit="shadowed", categories=(C.CHINH_SACH_XA_HOI, C.THU_TUC_HANH_CHINH)),
        # questions go to Tư pháp whatever the category
        RoutingRule(unit="tu_phap", kinds=(K.HOI_DAP,)),
    ),
)


@pytest.mark.parametrize(
    ("kind", "category", "unit"),
    [
        # tố cáo ignores every rule, even one naming its category
        (K.TO_CAO, C.DAT_DAI, "thanh_tra"),
        (K.TO_CAO, C.LAO_DONG_VIEC_LAM, "thanh_tra"),
        # first match wins: the specific rule 0 before the kind-only rule 1
        (K.KHIEU_NAI, C.DAT_DAI, "tnmt"),
        (K.KHIEU_NAI, C.XAY_DUNG, "thanh_tra"),
        # rule 1 (khiếu nại, any category) beats the category rule 2
        (K.KHIEU_NAI, C.LAO_DONG_VIEC_LAM, "thanh_tra"),
        # empty kinds list: rule 2 takes any kind of the category
        (K.KIEN_NGHI_PHAN_ANH, C.LAO_DONG_VIEC_LAM, "ldtbxh"),
        (K.HOI_DAP, C.CHINH_SACH_XA_HOI, "ldtbxh"),
        # rule 3 only wins for the category rule 2 does not list
        (K.KIEN_NGHI_PHAN_ANH, C.CHINH_SACH_XA_HOI, "ldtbxh"),
        (K.KIEN_NGHI_PHAN_ANH, C.THU_TUC_HANH_CHINH, "shadowed"),
        # empty categories list: any question
        (K.HOI_DAP, C.DAT_DAI, "tu_phap"),
        # nothing matches: default unit
        (K.KIEN_NGHI_PHAN_ANH, C.MOI_TRUONG, "noi_vu"),
        (K.KIEN_NGHI_PHAN_ANH, C.KHAC, "noi_vu"),
    ],
)
def test_custom_district_routing(kind: Kind, category: Category, unit: str) -> None:
    assert route(DISTRICT, kind, category) == unit


@pytest.mark.parametrize(("kind", "category"), list(itertools.product(Kind, Category)))
def test_no_rules_means_default_unit_except_to_cao(kind: Kind, category: Category) -> None:
    routing = Routing(confidential_unit="ct", default_unit="vp", rules=())
    assert route(routing, kind, category) == ("ct" if kind is K.TO_CAO else "vp")


def test_catch_all_rule_shadows_the_default() -> None:
    routing = Routing(
        confidential_unit="ct",
        default_unit="vp",
        rules=(RoutingRule(unit="mot_cua"), RoutingRule(unit="never", kinds=(K.HOI_DAP,))),
    )
    for kind, category in itertools.product(Kind, Category):
        expected = "ct" if kind is K.TO_CAO else "mot_cua"
        assert route(routing, kind, category) == expected
