"""Every sentence the bot says, in one place, so it can be reviewed and translated.

Vietnamese first, with diacritics, polite and short. Placeholders use str.format names.
"""

from core.labels import Category, Kind
from core.lifecycle import Status

KIND_LABELS: dict[Kind, str] = {
    Kind.KIEN_NGHI_PHAN_ANH: "kiến nghị, phản ánh",
    Kind.KHIEU_NAI: "khiếu nại",
    Kind.TO_CAO: "tố cáo",
    Kind.HOI_DAP: "câu hỏi cần giải đáp",
}

CATEGORY_LABELS: dict[Category, str] = {
    Category.DAT_DAI: "Đất đai",
    Category.XAY_DUNG: "Xây dựng, nhà ở",
    Category.TRAT_TU_DO_THI: "Trật tự đô thị, lấn chiếm vỉa hè",
    Category.HA_TANG_GIAO_THONG: "Đường sá, giao thông, điện, nước",
    Category.MOI_TRUONG: "Môi trường, rác thải, ô nhiễm",
    Category.AN_NINH_TRAT_TU: "An ninh trật tự, phòng cháy",
    Category.Y_TE: "Y tế, an toàn thực phẩm",
    Category.GIAO_DUC: "Giáo dục, trường học",
    Category.LAO_DONG_VIEC_LAM: "Lao động, việc làm, bảo hiểm xã hội",
    Category.CHINH_SACH_XA_HOI: "Chính sách xã hội, trợ cấp",
    Category.THU_TUC_HANH_CHINH: "Thủ tục hành chính, hộ tịch, cư trú",
    Category.CAN_BO_CONG_CHUC: "Thái độ, trách nhiệm của cán bộ",
    Category.KINH_TE_THUONG_MAI: "Kinh doanh, thị trường, thuế",
    Category.KHAC: "Lĩnh vực khác",
}

STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Đã tiếp nhận",
    Status.ROUTED: "Đã chuyển đến đơn vị xử lý",
    Status.ACCEPTED: "Đang giải quyết (đã thụ lý)",
    Status.WAITING_CITIZEN: "Chờ bạn bổ sung thông tin",
    Status.ANSWERED: "Đã có câu trả lời",
    Status.CLOSED: "Đã kết thúc",
    Status.TRANSFERRED: "Đã chuyển sang đơn vị khác",
    Status.REOPENED: "Đang xem xét lại",
    Status.FILED: "Đã lưu đơn",
}

EVENT_LABELS: dict[str, str] = {
    "receive": "Tiếp nhận đơn",
    "route": "Chuyển đến đơn vị xử lý",
    "accept": "Thụ lý giải quyết",
    "request_info": "Đề nghị bổ sung thông tin",
    "provide_info": "Đã bổ sung thông tin",
    "transfer": "Chuyển đơn vị khác",
    "answer": "Trả lời",
    "close": "Kết thúc",
    "reopen": "Xem xét lại",
    "file": "Lưu đơn",
}

# --- greeting and consent ------------------------------------------------------------

PRIVACY_NOTICE = (
    "Xin chào! Đây là kênh tiếp nhận phản ánh, kiến nghị của {ward}.\n\n"
    "Thông báo về dữ liệu cá nhân: phường thu thập nội dung bạn gửi, tên tài khoản và "
    "thông tin liên hệ bạn cung cấp, chỉ để tiếp nhận, giải quyết và trả lời bạn. Chỉ cán "
    "bộ được giao xử lý mới xem được; danh tính người tố cáo được giữ bí mật. Bạn có quyền "
    "xem, sửa, xóa dữ liệu và rút lại đồng ý bất cứ lúc nào (Luật Bảo vệ dữ liệu cá nhân "
    "2025).\n\nBạn có đồng ý để phường xử lý dữ liệu này không?"
)
CONSENT_YES = "Tôi đồng ý"
CONSENT_NO = "Không đồng ý"
CONSENT_THANKS = "Cảm ơn bạn đã đồng ý."
CONSENT_REFUSED = (
    "Phường tôn trọng lựa chọn của bạn. Khi chưa có sự đồng ý, phường không thể tiếp nhận "
    "và lưu đơn qua kênh này, nên những tin bạn vừa gửi đã được xóa. Bạn vẫn có thể gửi "
    "đơn trực tiếp tại trụ sở phường hoặc gọi {hotline}. Khi muốn dùng lại, gõ /start."
)
CONSENT_WITHDRAWN = (
    "Phường đã ghi nhận việc bạn rút lại đồng ý và xóa các tin nhắn chưa thuộc đơn nào. Các "
    "đơn đã gửi vẫn được giải quyết và lưu theo quy định. Khi muốn dùng lại, gõ /start."
)
CONSENT_NEEDED = "Bạn vui lòng chọn «Tôi đồng ý» hoặc «Không đồng ý» để tiếp tục."
ASK_FOR_TEXT = (
    "Bạn hãy nhập nội dung cần phản ánh, kiến nghị hoặc câu hỏi (có thể gửi kèm ảnh, vị "
    "trí). Gõ /trogiup để xem hướng dẫn."
)

# --- understanding the text ------------------------------------------------------------

EMPTY_TEXT = "Tin nhắn trống. Bạn vui lòng nhập nội dung bằng chữ."
NOT_UNDERSTOOD = (
    "Mình chưa hiểu nội dung này. Bạn vui lòng mô tả bằng chữ: việc gì, ở đâu, từ khi nào."
)
TOO_LONG = (
    "Nội dung quá dài (tối đa {limit} ký tự). Tin của bạn đã được lưu; bạn vui lòng tóm "
    "tắt lại hoặc chia thành nhiều tin ngắn hơn."
)
CONFIRM = (
    "Nội dung này có vẻ là {kind} về lĩnh vực «{category}», sẽ chuyển đến {unit}.\n"
    "Bạn xác nhận giúp nhé?"
)
CONFIRM_YES = "Đúng, gửi đi"
CONFIRM_OTHER_CATEGORY = "Chọn lĩnh vực khác"
CONFIRM_OTHER_KIND = "Chọn loại đơn khác"
CANCEL = "Hủy"
UNSURE_CATEGORY = "Mình chưa chắc nội dung thuộc lĩnh vực nào. Bạn chọn giúp lĩnh vực gần nhất:"
ALL_CATEGORIES = "Xem tất cả lĩnh vực"
PICK_CATEGORY = "Bạn chọn lĩnh vực phù hợp nhất:"
PICK_KIND = (
    "Bạn chọn loại đơn:\n"
    "• Kiến nghị, phản ánh: báo một việc chung cần phường xử lý.\n"
    "• Khiếu nại: đề nghị xem lại quyết định, việc làm của cơ quan nhà nước ảnh hưởng "
    "quyền lợi của chính bạn.\n"
    "• Tố cáo: báo hành vi vi phạm pháp luật của một người, tổ chức cụ thể.\n"
    "• Câu hỏi: cần hướng dẫn, thông tin."
)
DRAFT_EXPIRED = (
    "Đơn bạn soạn dở đã quá {hours} giờ chưa gửi nên đã được hủy. Nội dung mới của bạn được "
    "xử lý như một đơn mới."
)
TEXT_ADDED = "Đã bổ sung vào nội dung."
CHOOSE_AN_OPTION = "Bạn vui lòng chọn một trong các lựa chọn bên dưới (hoặc gõ /huy để hủy)."
URGENT_NOTICE = (
    "⚠️ Nếu đang có nguy hiểm đến tính mạng, tài sản, hãy gọi ngay: 113 (Công an), "
    "114 (Cứu hỏa, cứu nạn), 115 (Cấp cứu)."
)

# --- what is missing ---------------------------------------------------------------------

ASK_PLACE = "Việc này xảy ra ở đâu? Bạn nhập địa chỉ (số nhà, đường, khu phố) hoặc gửi vị trí."
PLACE_UNKNOWN = "Không rõ địa chỉ cụ thể"
ASK_IDENTITY_PA = "Bạn muốn gửi kèm tên của mình hay gửi ẩn danh?"
WITH_MY_NAME = "Gửi kèm tên của tôi"
ANONYMOUS = "Gửi ẩn danh"
ASK_NAME = (
    "{kind_label} cần có họ tên người gửi để được xem xét theo quy định. Bạn vui lòng nhập "
    "họ và tên."
)
ASK_NAME_TO_CAO_NOTE = "\nDanh tính người tố cáo được giữ bí mật, chỉ người giải quyết được xem."
USE_NAME = "Dùng tên: {name}"
HIDE_MY_NAME = "Tôi muốn giấu tên"
CONFIRM_HIDE_NAME = (
    "Tố cáo giấu tên không được giải quyết theo thủ tục tố cáo (Luật Tố cáo 2018, Điều 25); "
    "phường chỉ ghi nhận như thông tin phản ánh. Danh tính người tố cáo luôn được giữ bí mật. "
    "Bạn có muốn cho biết họ tên không?"
)
GIVE_MY_NAME = "Cho biết họ tên"
BAD_NAME = "Họ tên chưa hợp lệ. Bạn vui lòng nhập họ và tên đầy đủ (chỉ gồm chữ)."
ASK_CONTACT = "Số điện thoại để phường liên hệ khi cần? Bạn nhập số điện thoại."
USE_PHONE = "Dùng số: {phone}"
CONTACT_VIA_CHAT = "Liên hệ qua tin nhắn này"
BAD_PHONE = "Số điện thoại chưa đúng (ví dụ 0912345678). Bạn vui lòng nhập lại."
PHOTO_RECEIVED = "Đã nhận {media}."
PHOTO_WITHOUT_TEXT = "Đã nhận {media}. Bạn mô tả giúp nội dung cần phản ánh nhé."
LOCATION_RECEIVED = "Đã nhận vị trí."
MEDIA_NAMES: dict[str, str] = {
    "photo": "ảnh",
    "document": "tệp",
    "video": "video",
    "voice": "tin nhắn thoại",
}

# --- filing ------------------------------------------------------------------------------

FILED = (
    "✅ Phường đã tiếp nhận {kind} của bạn.\n"
    "Mã tra cứu: {code}\n"
    "Đơn vị xử lý: {unit}\n"
    "Hạn xử lý: {due}\n"
    "Tra cứu tiến độ: /tracuu {code}"
)
ALREADY_HANDLED = (
    "Phường đang xử lý một phản ánh tương tự (mã {code}). Đơn của bạn đã được gộp vào đó; "
    "bạn sẽ nhận được thông báo khi có kết quả."
)
ANONYMOUS_TO_CAO = (
    "Lưu ý: tố cáo giấu tên không được giải quyết theo thủ tục tố cáo (Luật Tố cáo 2018, "
    "Điều 25). Phường tiếp nhận nội dung như thông tin phản ánh để xem xét."
)
FAQ_ANSWER = "{answer}\n\nThông tin này đã giải đáp được câu hỏi của bạn chưa?"
FAQ_DONE = "Đã rõ, cảm ơn"
FAQ_SEND = "Gửi câu hỏi cho phường"
FAQ_THANKS = "Cảm ơn bạn. Khi cần, bạn cứ nhắn cho phường."

CODE_HIDDEN = "[mã mời đã ẩn]"  # stored in place of an invite code typed after /dangky
IDENTITY_MOVED = "[thông tin người gửi: lưu riêng trong hồ sơ đơn]"  # replaces name/phone as typed

# --- commands ------------------------------------------------------------------------------

HELP = (
    "Hướng dẫn:\n"
    "• Nhắn nội dung cần phản ánh, kiến nghị, khiếu nại, tố cáo hoặc câu hỏi; có thể gửi "
    "kèm ảnh và vị trí.\n"
    "• /tracuu MÃ: xem tiến độ một đơn (ví dụ /tracuu PA-2026-000123)\n"
    "• /cuatoi: danh sách đơn của bạn\n"
    "• /huy: hủy bước đang làm\n"
    "• /rutdongy: rút lại đồng ý xử lý dữ liệu cá nhân\n"
    "• /start: bắt đầu lại\n"
    "Khẩn cấp: 113 (Công an), 114 (Cứu hỏa), 115 (Cấp cứu)."
)
CANCELLED = "Đã hủy. Khi cần, bạn cứ nhắn nội dung mới."
NOTHING_TO_CANCEL = "Không có việc gì đang làm dở."
UNKNOWN_COMMAND = "Lệnh /{name} không có. Gõ /trogiup để xem các lệnh."
LOOKUP_USAGE = "Bạn gõ /tracuu kèm mã tra cứu, ví dụ: /tracuu PA-2026-000123"
LOOKUP_NOT_FOUND = (
    "Không tìm thấy đơn mã {code} của bạn. Bạn kiểm tra lại mã (có trong tin xác nhận) "
    "hoặc gõ /cuatoi để xem các đơn của mình."
)
LOOKUP_HEADER = (
    "Đơn {code} ({kind}, {category})\n"
    "Tình trạng: {status}\n"
    "Đơn vị xử lý: {unit}\n"
    "Hạn xử lý: {due}\n"
    "Diễn biến:"
)
LOOKUP_EVENT = "• {at}: {action}"
NO_DUE = "chưa xác định"
MINE_EMPTY = "Bạn chưa gửi đơn nào qua kênh này."
MINE_HEADER = "Các đơn của bạn (mới nhất trước):"
MINE_LINE = "• {code}: {status} (nhận {received})"
MINE_MORE = "Gõ /tracuu MÃ để xem chi tiết."

# --- failures ------------------------------------------------------------------------------

NOT_SAVED = (
    "Xin lỗi, hệ thống đang gặp sự cố nên CHƯA lưu được tin nhắn vừa rồi. Bạn vui lòng gửi "
    "lại sau ít phút."
)
SAVED_BUT_FAILED = (
    "Xin lỗi, hệ thống đang gặp sự cố. Nội dung bạn gửi đã được lưu lại an toàn. Bạn vui "
    "lòng thử lại sau ít phút (hoặc gõ /huy để làm lại từ đầu)."
)

# --- the terminal channel (danvan chat) -------------------------------------------------------

CONSOLE_BANNER = (
    "danvan — trò chuyện với bot trong terminal (người dùng: {user}).\n"
    "Gõ nội dung rồi Enter; chọn bằng số. /trogiup: hướng dẫn; /anh ĐƯỜNG_DẪN: gửi ảnh; "
    "/vitri VĨ_ĐỘ,KINH_ĐỘ: gửi vị trí; Ctrl+D: thoát."
)
CONSOLE_BAD_LOCATION = "Vị trí chưa đúng. Ví dụ: /vitri 10.7725,106.6980"
CONSOLE_BAD_PHOTO = "Không mở được tệp ảnh: {path}"

# --- Telegram channel and officers (/dangky, /ganketnhom) ----------------------------------

OFFICER_ROLE_LABELS: dict[str, str] = {
    "officer": "cán bộ, chuyên viên",
    "unit_head": "trưởng đơn vị",
    "confidential_handler": "người xử lý tố cáo",
    "leader": "lãnh đạo",
}
OFFICER_USAGE = "Cán bộ đăng ký bằng lệnh /dangky kèm mã mời, ví dụ: /dangky VP-7KQ2-M4"
OFFICER_BAD_CODE = (
    "Mã mời {code} không đúng. Bạn kiểm tra lại mã (phân biệt chữ và số, có dấu gạch "
    "ngang) hoặc liên hệ Văn phòng phường để được cấp mã."
)
OFFICER_CODE_TAKEN = (
    "Mã mời này đã được một tài khoản khác dùng để đăng ký. Nếu bạn đổi tài khoản, vui lòng "
    "liên hệ Văn phòng phường để được cấp mã mới."
)
OFFICER_REGISTERED = (
    "Đăng ký thành công: bạn là {role} của {unit}. Từ nay bot sẽ gửi thông báo công việc "
    "của đơn vị cho bạn qua kênh này."
)
OFFICER_ALREADY = "Tài khoản này đã đăng ký là {role} của {unit}."
OFFICER_DANGKY_IN_PRIVATE = (
    "Vui lòng nhắn /dangky MÃ trong cuộc trò chuyện riêng với bot, không gửi mã mời trong nhóm."
)
GROUP_USAGE = "Gõ /ganketnhom kèm mã mời của đơn vị để gắn nhóm này, ví dụ: /ganketnhom KT-3HD8-P1"
GROUP_ONLY = "Lệnh /ganketnhom chỉ dùng trong nhóm chat của đơn vị (thêm bot vào nhóm rồi gõ lệnh)."
GROUP_BOUND = "Đã gắn nhóm này với {unit}. Thông báo công việc của đơn vị sẽ được gửi vào đây."
BUTTON_EXPIRED = "Nút này đã hết hạn. Bạn vui lòng nhắn lại hoặc chọn ở tin nhắn mới nhất."
TELEGRAM_UNSUPPORTED = (
    "Bot chưa đọc được loại tin nhắn này. Bạn vui lòng gửi chữ, ảnh, tệp hoặc vị trí."
)

# --- officers: cards, actions, the queue (handlers/officer_work.py) -------------------------

# --- deadline reminders and escalations (bot/scheduler.py) --------------------------------

# --- leaders: daily summary, /baocao, reports (handlers/leader.py) ------------------------
