"""The labels of ../shared/TAXONOMY.md: kinds of đơn and categories (lĩnh vực).

Spelled exactly as the taxonomy spells them; every other module takes them from here.
"""

from enum import StrEnum


class Kind(StrEnum):
    """Kind of đơn (loại đơn)."""

    KIEN_NGHI_PHAN_ANH = "kien_nghi_phan_anh"
    KHIEU_NAI = "khieu_nai"
    TO_CAO = "to_cao"
    HOI_DAP = "hoi_dap"


class Category(StrEnum):
    """Subject area (lĩnh vực)."""

    DAT_DAI = "dat_dai"
    XAY_DUNG = "xay_dung"
    TRAT_TU_DO_THI = "trat_tu_do_thi"
    HA_TANG_GIAO_THONG = "ha_tang_giao_thong"
    MOI_TRUONG = "moi_truong"
    AN_NINH_TRAT_TU = "an_ninh_trat_tu"
    Y_TE = "y_te"
    GIAO_DUC = "giao_duc"
    LAO_DONG_VIEC_LAM = "lao_dong_viec_lam"
    CHINH_SACH_XA_HOI = "chinh_sach_xa_hoi"
    THU_TUC_HANH_CHINH = "thu_tuc_hanh_chinh"
    CAN_BO_CONG_CHUC = "can_bo_cong_chuc"
    KINH_TE_THUONG_MAI = "kinh_te_thuong_mai"
    KHAC = "khac"
