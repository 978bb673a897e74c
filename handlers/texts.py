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
    "relabel": "Sửa phân loại",
    "rated_satisfied": "Người gửi hài lòng với trả lời",
    "rated_unsatisfied": "Người gửi chưa hài lòng với trả lời",
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
    "• /lichtiepdan: lịch tiếp công dân, đăng ký gặp lãnh đạo; /huylich: hủy đăng ký\n"
    "• /doithoai: gửi câu hỏi cho buổi đối thoại sắp tới\n"
    "• /theodoi, /huytheodoi: nhận hoặc thôi nhận thông báo lịch tiếp dân, đối thoại\n"
    "• /lienket: dùng chung tài khoản trên Telegram và Zalo\n"
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
CONSOLE_NOTICE = "🔔 Tin nhắn mới:"
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

OFFICER_HELP = (
    "Lệnh cho cán bộ:\n"
    "• /hopthu: đơn đang mở của đơn vị (quá hạn trước, rồi đến hạn gần nhất)\n"
    "• /xem MÃ: xem một đơn, toàn bộ diễn biến và các thao tác\n"
    "• /truc: bật hoặc tắt trực (nhận báo động đơn khẩn ngay lập tức)\n"
    "• /baocao [ngay|tuan|thang|quy]: báo cáo (lãnh đạo, trưởng đơn vị)\n"
    "• /themtiepdan, /ketquatiep: thêm buổi tiếp công dân, ghi kết quả (lãnh đạo)\n"
    "• /taodoithoai, /traloidoithoai, /ketquadoithoai: đối thoại với nhân dân (lãnh đạo)\n"
    "• /huy: bỏ thao tác đang làm dở"
)
NOT_AN_OFFICER = "Chức năng này chỉ dành cho cán bộ đã đăng ký (/dangky MÃ_MỜI)."
DENIED = "Bạn không có quyền thực hiện thao tác này với đơn {code}; đơn không thay đổi."
CASE_NOT_FOUND = "Không tìm thấy đơn mã {code}."
CASE_USAGE = "Gõ /xem kèm mã đơn, ví dụ: /xem PA-2026-000123"
CARD_NEW = "📥 Đơn mới {code}{urgent}"
CARD_HEADER = "📄 Đơn {code}{urgent}"
CARD_URGENT = " — KHẨN"
CARD_BODY = (
    "Loại: {kind}\nLĩnh vực: {category}\nĐơn vị: {unit}\nTình trạng: {status}\nHạn xử lý: {due}"
)
CARD_OVERDUE = "⚠️ Quá hạn {days} ngày"
CARD_PLACE = "Địa điểm: {place}"
CARD_UNCERTAIN = "❓ Phân loại tự động chưa chắc chắn: đề nghị kiểm tra loại đơn và lĩnh vực."
CARD_CLUSTER = "🔗 Cụm phản ánh tương tự: {size} đơn"
CARD_ATTACHMENTS = "📎 Đính kèm: {count} tệp"
CARD_CONFIDENTIAL = "🔒 Danh tính người gửi được giữ bí mật; nội dung đã che thông tin nhận dạng."
CARD_TEXT = "Nội dung:\n{text}"
CARD_RATING = {"satisfied": "Người gửi: hài lòng", "unsatisfied": "Người gửi: chưa hài lòng"}
CARD_HISTORY = "Diễn biến:"
CARD_EVENT = "• {at} — {action}{note}"
ACTION_LABELS = {
    "accept": "✅ Thụ lý",
    "request_info": "❔ Yêu cầu bổ sung",
    "transfer": "↪️ Chuyển đơn vị",
    "answer": "✉️ Trả lời",
    "close": "🏁 Kết thúc",
    "file": "🗄 Lưu đơn",
    "who": "👤 Xem người gửi",
    "relabel": "🏷 Sửa phân loại",
}
ASK_RELABEL_CATEGORY = "Lĩnh vực đúng của đơn {code} là gì?"
ASK_RELABEL_KIND = "Loại đơn đúng của {code} là gì?"
DONE_RELABEL = (
    "Đã sửa phân loại đơn {code}: {kind}, {category}. Cảm ơn anh/chị: ví dụ này được lưu để "
    "bot phân loại đúng hơn ở lần huấn luyện sau."
)
RELABEL_OTHER_UNIT = "Theo phân công, đơn này thuộc {unit}: bấm «Chuyển đơn vị» nếu cần chuyển."
ASK_INFO_QUESTION = "Nhập nội dung cần công dân bổ sung cho đơn {code} (gõ /huy để bỏ):"
ASK_ANSWER = "Nhập nội dung trả lời công dân cho đơn {code} (gõ /huy để bỏ):"
ASK_TRANSFER_UNIT = "Chuyển đơn {code} đến đơn vị nào?"
ASK_TRANSFER_REASON = "Lý do chuyển đơn {code} đến {unit}? (gõ /huy để bỏ)"
ASK_FILE_REASON = "Lưu đơn {code} với lý do nào (Thông tư 05/2021/TT-TTCP)?"
FILE_REASON_LABELS = {
    "not_eligible": "Không đủ điều kiện xử lý",
    "not_competent": "Không thuộc thẩm quyền (hướng dẫn nơi giải quyết)",
    "duplicate": "Trùng đơn đã xử lý",
}
ASK_FILE_NOTE = {
    "not_eligible": "Nêu ngắn gọn vì sao đơn {code} không đủ điều kiện xử lý:",
    "not_competent": "Hướng dẫn công dân gửi đơn {code} đến cơ quan nào (tên, địa chỉ)?",
    "duplicate": "Đơn {code} trùng với đơn nào? Nhập mã đơn, ví dụ PA-2026-000123:",
}
TASK_IN_PRIVATE = "Mời anh/chị nhập nội dung trong tin nhắn riêng với bot (đã gửi hướng dẫn)."
TASK_CANCELLED = "Đã bỏ thao tác với đơn {code}."
TASK_EMPTY = "Nội dung trống. Anh/chị vui lòng nhập lại (gõ /huy để bỏ)."
DUPLICATE_NOT_FOUND = "Không có đơn mã {code}. Anh/chị nhập lại mã đơn trùng (gõ /huy để bỏ)."
ALREADY_DONE = (
    "Đơn {code} hiện {status}: thao tác «{action}» không còn áp dụng được "
    "(có thể cán bộ khác vừa xử lý). Gõ /xem {code} để xem diễn biến."
)
DONE_ACCEPT = "Đã thụ lý đơn {code}. Hạn giải quyết: {due}."
DONE_REQUEST_INFO = (
    "Đã gửi đề nghị bổ sung đơn {code} cho công dân. Hạn xử lý tạm dừng nếu quy định cho phép."
)
DONE_TRANSFER = "Đã chuyển đơn {code} đến {unit}."
DONE_ANSWER = "Đã gửi trả lời đơn {code} cho công dân."
DONE_CLOSE = "Đã kết thúc đơn {code}."
DONE_FILE = "Đã lưu đơn {code} ({reason})."
BY_OFFICER = " — {name}"
WHO_ONLY_PRIVATE = (
    "Danh tính người gửi chỉ hiện trong tin nhắn riêng với người xử lý; đã gửi riêng."
)
WHO_CARD = (
    "👤 Người gửi đơn {code} (thông tin mật, lượt xem này đã được ghi lại):\n"
    "Họ tên: {name}\nĐiện thoại: {phone}\nĐịa chỉ: {address}"
)
WHO_ANONYMOUS = "Người gửi đơn {code} không để lại danh tính (ẩn danh)."
UNKNOWN_VALUE = "(không có)"
QUEUE_EMPTY = "Hộp thư {unit} không có đơn nào đang mở. 👍"
QUEUE_HEADER = "Hộp thư {unit}: {total} đơn đang mở (trang {page}/{pages})"
QUEUE_LINE = "{mark} {code} · {category} · hạn {due}{overdue}"
QUEUE_OVERDUE = " · quá hạn {days} ngày"
QUEUE_NEXT = "Trang sau ▶"
QUEUE_VIEW = "Xem {code}"
QUEUE_ALL_UNITS = "toàn phường"
DUTY_ON = "Anh/chị đang TRỰC: đơn khẩn của {unit} sẽ báo ngay cho anh/chị. Gõ /truc để tắt."
DUTY_OFF = "Đã tắt trực. Gõ /truc để bật lại."
UNIT_INFO_PROVIDED = "📨 Công dân đã bổ sung thông tin cho đơn {code}:\n{text}"
UNIT_REOPENED = "🔁 Đơn {code} được mở lại: người gửi chưa hài lòng với trả lời.{comment}"
UNIT_REOPENED_COMMENT = "\nÝ kiến: {comment}"
UNIT_SATISFIED = "👍 Người gửi đơn {code} hài lòng với trả lời; đơn đã kết thúc."
UNIT_TRANSFERRED_IN = "↪️ Đơn {code} được {unit} chuyển đến. Lý do: {reason}"

# what the citizen is told about their petition
CITIZEN_ACCEPTED = "Đơn {code} của bạn đã được {unit} thụ lý giải quyết. Hạn giải quyết: {due}."
CITIZEN_INFO_REQUEST = (
    "Về đơn {code}, {unit} đề nghị bạn bổ sung:\n«{question}»\n"
    "Bạn nhắn nội dung bổ sung ngay tại đây (gõ /huy để bỏ qua)."
)
CITIZEN_INFO_BUTTON = "Gửi bổ sung cho {code}"
CITIZEN_INFO_ASK = "Bạn nhập nội dung bổ sung cho đơn {code}:"
CITIZEN_INFO_THANKS = "Cảm ơn bạn. Nội dung bổ sung đã được chuyển đến {unit}."
CITIZEN_FINISH_FIRST = (
    "Bạn đang soạn một phản ánh. Bạn hoàn tất (hoặc gõ /huy) rồi bấm lại nút bổ sung nhé."
)
GROUP_NOT_THIS_UNIT = (
    "Nhóm này chưa gắn với đơn vị của anh/chị. Anh/chị xem trong tin nhắn riêng với bot."
)
CASE_MOVED = "Đơn {code} vừa được chuyển sang đơn vị khác; thao tác không được thực hiện."
CITIZEN_INFO_NOT_NEEDED = (
    "Đơn {code} hiện không cần bổ sung thông tin. Gõ /tracuu {code} để xem tiến độ."
)
CITIZEN_TRANSFERRED = "Đơn {code} của bạn đã được chuyển đến {unit} để giải quyết."
CITIZEN_ANSWER = "✉️ {unit} trả lời đơn {code}:\n{answer}\n\nBạn có hài lòng với trả lời này không?"
CITIZEN_FOLLOWED_ANSWER = "✉️ Phản ánh {code} mà bạn theo dõi đã có trả lời của {unit}:\n{answer}"
RATE_SATISFIED = "Hài lòng"
RATE_UNSATISFIED = "Chưa hài lòng"
ASK_RATE_COMMENT = "Bạn chưa hài lòng ở điểm nào? Ý kiến của bạn sẽ được gửi lại cho đơn vị xử lý."
SKIP_COMMENT = "Bỏ qua"
RATE_THANKS = "Cảm ơn bạn đã đánh giá. Đơn {code} đã kết thúc."
RATE_REOPENED = (
    "Cảm ơn bạn. Đơn {code} đã được mở lại để {unit} xem xét tiếp. Hạn xử lý mới: {due}."
)
RATE_NOT_NOW = "Đơn {code} hiện không chờ đánh giá. Gõ /tracuu {code} để xem tiến độ."
CITIZEN_CLOSED = "Đơn {code} của bạn đã kết thúc. Cảm ơn bạn đã gửi ý kiến đến phường."
CITIZEN_FILED = {
    "not_eligible": "Đơn {code} không đủ điều kiện xử lý nên được lưu lại. Lý do: {note}",
    "not_competent": (
        "Nội dung đơn {code} không thuộc thẩm quyền của phường. Bạn vui lòng gửi đến: {note}"
    ),
    "duplicate": "Đơn {code} trùng nội dung với đơn {note} đang/đã được xử lý, nên được lưu lại.",
}

# --- deadline reminders and escalations (bot/scheduler.py) --------------------------------

# Never the petition's text nor anything about its sender: only what /xem shows anyone.
REMIND_DUE_SOON = (
    "⏰ Nhắc hạn: đơn {code} ({kind} · {category}) của {unit} đến hạn xử lý {due}, "
    "còn {days} ngày làm việc.\nXem và xử lý: /xem {code}"
)
REMIND_DUE_TODAY = (
    "⏰ Hôm nay, {due}, là hạn xử lý đơn {code} ({kind} · {category}) của {unit}.\n"
    "Xem và xử lý: /xem {code}"
)
REMIND_OVERDUE_HEAD = (
    "⚠️ Đơn {code} ({kind} · {category}) của {unit} đã quá hạn {days} ngày làm việc "
    "(hạn {due}). Đề nghị trưởng đơn vị đôn đốc xử lý.\nXem: /xem {code}"
)
REMIND_OVERDUE_LEADER = (
    "🔺 Báo cáo lãnh đạo: đơn {code} ({kind} · {category}) của {unit} đã quá hạn {days} "
    "ngày làm việc (hạn {due}).\nXem: /xem {code}"
)
REMIND_URGENT = (
    "🚨 Đơn KHẨN {code} ({category}) gửi {unit} đã {elapsed} chưa được thụ lý. Đề nghị "
    "cán bộ trực xử lý ngay: /xem {code}"
)
ELAPSED_MINUTES = "{minutes} phút"
ELAPSED_HOURS = "{hours} giờ"
ELAPSED_HOURS_MINUTES = "{hours} giờ {minutes} phút"
REMIND_URGENT_HEAD = (
    "🚨 Đơn KHẨN {code} ({category}) gửi {unit} đã {elapsed} chưa được thụ lý, dù cán bộ "
    "trực đã được nhắc {realerts} lần. Đề nghị trưởng đơn vị chỉ đạo xử lý ngay: /xem {code}"
)
SUMMARY_CHART_CAPTION = "📊 Biểu đồ kèm báo cáo ngày {day}"
# The daily summary on the first working day after rest days covers them too.
SUMMARY_TITLE_DAYS = "TỔNG HỢP CÁC NGÀY {first} – {last}"
SUMMARY_CHART_CAPTION_DAYS = "📊 Biểu đồ kèm báo cáo các ngày {first} – {last}"

# --- leaders: daily summary, /baocao, reports (handlers/leader.py) ------------------------
# The summary (chat): plain text, short lines, one header per block.
SUMMARY_TITLE = {
    "ngay": "TỔNG HỢP NGÀY {last}",
    "tuan": "TỔNG HỢP TUẦN {first} – {last}",
    "thang": "TỔNG HỢP THÁNG {month} ({first} – {last})",
    "quy": "TỔNG HỢP QUÝ {quarter} ({first} – {last})",
}
SUMMARY_EMPTY = (
    "{title} ({scope}): không có đơn mới, không có đơn được giải quyết, không có đơn quá hạn."
)
SUMMARY_RECEIVED = "ĐƠN MỚI: {count}"
SUMMARY_BY_CATEGORY = "Theo lĩnh vực:"
SUMMARY_ITEM = "• {label}: {count}"
SUMMARY_ANSWERED = "ĐÃ TRẢ LỜI: {count} (đúng hạn {on_time}, trễ hạn {late})"
SUMMARY_FILED = "Lưu đơn: {count}"
SUMMARY_OVERDUE = "QUÁ HẠN đến hết {last}: {count}"
SUMMARY_URGENT = "ĐƠN KHẨN"
SUMMARY_URGENT_RECEIVED = "Nhận mới: {count}"
SUMMARY_URGENT_OPEN = "Chưa xử lý xong: {count}"
SUMMARY_URGENT_ITEM = "• {code} · {category} · {unit} · {status}"
SUMMARY_URGENT_CODES = "• {codes}"
SUMMARY_MORE = "• … và {count} đơn khác"
SUMMARY_RATINGS = (
    "HÀI LÒNG: {satisfied}/{rated} lượt đánh giá ({share}); chưa hài lòng: {unsatisfied}"
)
SUMMARY_NO_RATINGS = "HÀI LÒNG: chưa có lượt đánh giá"
SUMMARY_ON_TIME = (
    "TỶ LỆ ĐÚNG HẠN: {share} ({on_time} đúng hạn / {done} đã trả lời + {overdue} quá hạn)"
)
SUMMARY_ON_TIME_NONE = "TỶ LỆ ĐÚNG HẠN: chưa có đơn đến hạn"
NO_UNIT = "Chưa giao đơn vị"
ALL_UNITS = "Toàn phường"
# Statuses as officers and leaders read them (STATUS_LABELS speak to the citizen).
SUMMARY_STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Mới tiếp nhận",
    Status.ROUTED: "Chờ thụ lý",
    Status.ACCEPTED: "Đang giải quyết",
    Status.WAITING_CITIZEN: "Chờ công dân bổ sung",
    Status.ANSWERED: "Đã trả lời",
    Status.CLOSED: "Đã kết thúc",
    Status.TRANSFERRED: "Đã chuyển đơn vị",
    Status.REOPENED: "Đang xem xét lại",
    Status.FILED: "Đã lưu đơn",
}
REPORT_USAGE = (
    "Gõ /baocao kèm kỳ báo cáo: ngay (hôm qua), tuan (tuần này), thang (tháng này), "
    "quy (quý này); số liệu tính đến hết hôm qua. Ví dụ: /baocao tuan"
)
REPORT_NOT_ALLOWED = (
    "Lệnh /baocao dành cho lãnh đạo phường và trưởng đơn vị. Anh/chị cần số liệu, vui lòng "
    "liên hệ trưởng đơn vị của mình."
)
# The chart sent with the daily summary.
CHART_UNITS_TITLE = "Đơn đang giải quyết và quá hạn theo đơn vị, đến hết {last}"
CHART_OPEN = "Đang giải quyết"
CHART_OVERDUE = "Quá hạn"
CHART_TREND_TITLE = "Đơn nhận mới và đã trả lời mỗi ngày, {first} – {last}"
CHART_RECEIVED = "Nhận mới"
CHART_ANSWERED = "Đã trả lời"
CHART_COUNT_AXIS = "Số đơn"
# The periodic report (danvan report: Excel or Markdown), laid out like a ward's report.
REPORT_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
REPORT_MOTTO = "Độc lập - Tự do - Hạnh phúc"
REPORT_BODY = "UBND {ward}"
REPORT_NUMBER = "Số:        /BC-UBND"  # the office writes the number in
REPORT_PLACE_DATE = "{province}, ngày {day:02d} tháng {month:02d} năm {year}"
REPORT_TITLE = "BÁO CÁO"
REPORT_SUBTITLE = "Kết quả tiếp nhận, giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo"
REPORT_PERIOD = "Từ ngày {first} đến ngày {last}"
REPORT_SCOPE = "Phạm vi: {scope}"
REPORT_SHEETS = {
    "summary": "Tổng hợp",
    "category": "Theo lĩnh vực",
    "unit": "Theo đơn vị",
    "overdue": "Đơn quá hạn",
}
REPORT_SECTIONS = {
    "kind": "I. Theo loại đơn",
    "ratings": "II. Mức độ hài lòng của công dân",
    "reception": "III. Tiếp công dân",
    "category": "IV. Theo lĩnh vực",
    "unit": "V. Theo đơn vị",
    "overdue": "VI. Danh sách đơn quá hạn (đến hết ngày {last})",
}
REPORT_COLUMNS = {
    "number": "STT",
    "kind": "Loại đơn",
    "category": "Lĩnh vực",
    "unit": "Đơn vị",
    "received": "Tiếp nhận",
    "settled": "Đã giải quyết",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "open": "Đang giải quyết cuối kỳ",
    "overdue": "Quá hạn cuối kỳ",
    "rate": "Tỷ lệ đúng hạn",
    "item": "Nội dung",
    "value": "Số liệu",
    "code": "Mã đơn",
    "received_on": "Ngày nhận",
    "due": "Hạn xử lý",
    "days_overdue": "Số ngày quá hạn",
    "status": "Tình trạng hiện nay",
}
REPORT_TOTAL = "Tổng cộng"
REPORT_RATED = "Số lượt đánh giá"
REPORT_SATISFIED = "Hài lòng"
REPORT_UNSATISFIED = "Chưa hài lòng"
REPORT_SATISFIED_RATE = "Tỷ lệ hài lòng"
REPORT_RECEPTION = "Số buổi tiếp công dân đã tổ chức"
REPORT_RECEPTION_NO_DATA = "Chưa có dữ liệu"
REPORT_RECEPTION_BOOKED = "Số lượt công dân đăng ký được tiếp"
REPORT_RECEPTION_RECORDED = "Số lượt đã ghi kết quả tiếp"
REPORT_DIALOGUES = "Số buổi đối thoại với nhân dân đã tổ chức"
REPORT_NO_OVERDUE = "Không có đơn quá hạn."
REPORT_HIDDEN = "—"  # a tố cáo's row shows only its code, category, unit and dates
REPORT_NOTES = (
    "Ghi chú: Đã giải quyết = đã trả lời, hoặc đã lưu đơn, trong kỳ. "
    "Tỷ lệ đúng hạn = số đúng hạn / (đã giải quyết + quá hạn cuối kỳ). "
    "Quá hạn cuối kỳ = chưa giải quyết xong và đã qua hạn xử lý khi hết ngày {last}; "
    "số ngày quá hạn tính theo ngày lịch. Đơn tố cáo trong danh sách chỉ ghi mã, lĩnh vực, "
    "đơn vị và các mốc ngày."
)


# --- Zalo channel ---

CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}  # how officers read a channel's name
ZALO_ANSWER_BY_NUMBER = "👉 Bạn trả lời bằng số thứ tự (ví dụ: 1) hoặc gõ nội dung lựa chọn."
ZALO_UNSUPPORTED = (
    "Xin lỗi, bot chưa đọc được loại tin nhắn này. Bạn vui lòng gửi chữ, ảnh, tệp hoặc vị trí."
)
HELD_RELEASED = (
    "📬 Trong thời gian bạn chưa nhắn tin, phường có {count} thông báo chưa gửi được cho bạn. "
    "Bot gửi lại ngay sau đây."
)
CARD_UNDELIVERED = "📭 Có thông báo cho người gửi chưa gửi được qua {channels}."
ZALO_TOKEN_DEAD = (
    "⚠️ Kênh Zalo của phường đã mất quyền gửi tin: Zalo từ chối mã làm mới (refresh token). "
    "Quản trị viên cần cấp quyền lại cho ứng dụng của OA, đặt ZALO_ACCESS_TOKEN và "
    "ZALO_REFRESH_TOKEN mới rồi khởi động lại danvan. Tin nhắn chờ gửi vẫn được giữ lại."
)

# --- tiếp công dân and đối thoại (handlers/reception*.py) ---

EVENT_LABELS["reception"] = "Trao đổi tại buổi tiếp công dân"
RECEPTION_CONSENT_FIRST = (
    "Để đăng ký tiếp công dân, theo dõi thông báo hoặc gửi câu hỏi, bạn cần đồng ý với "
    "thông báo xử lý dữ liệu cá nhân trước: gõ /start."
)
# Citizens: the schedule and booking.
SESSION_LINE = "{day}, {start}–{end}{moved}\n   Người tiếp: {host}\n   Địa điểm: {place}"
SESSION_MOVED = " (dời từ {day} do trùng ngày nghỉ)"
SCHEDULE_EMPTY = "Hiện chưa có lịch tiếp công dân mới. Gõ /theodoi để nhận thông báo khi có lịch."
SCHEDULE_HEADER = "📅 Lịch tiếp công dân sắp tới:"
SCHEDULE_FREE = "Còn {free} chỗ đăng ký"
SCHEDULE_FULL = "Đã đủ chỗ"
SCHEDULE_CLOSED = "Đã hết hạn đăng ký"
SCHEDULE_FOOTER = (
    "Chọn buổi để đăng ký. /huylich: hủy lịch đã đăng ký; /theodoi: nhận thông báo lịch mới."
)
BOOK_BUTTON = "Đăng ký buổi {day}"
ASK_MATTER = "Buổi tiếp: {session}\n\nBạn trình bày ngắn gọn nội dung cần gặp (một câu)."
ASK_MATTER_OR_LINK = " Hoặc chọn đơn đã gửi mà bạn muốn trao đổi:"
LINK_BUTTON = "Trao đổi về đơn {code}"
MATTER_OF_PETITION = "Trao đổi về đơn {code}"
MATTER_TOO_SHORT = "Nội dung quá ngắn. Bạn vui lòng viết rõ hơn một chút (gõ /huy để bỏ)."
BOOKED = (
    "✅ Đăng ký thành công. Số thứ tự của bạn: {number}.\n{session}\n"
    "Lĩnh vực: {category}\n"
    "Bạn mang theo giấy tờ tùy thân và tài liệu liên quan. Phường sẽ nhắc bạn trước buổi tiếp."
)
BOOKED_TWICE = "Bạn đã đăng ký buổi tiếp này rồi. Gõ /huylich để xem hoặc hủy."
SESSION_FULL = "Buổi tiếp này đã đủ chỗ."
SESSION_CLOSED = "Buổi tiếp này đã hết hạn đăng ký."
NEXT_SESSION = "Buổi gần nhất còn chỗ:\n{session}"
NO_NEXT_SESSION = "Hiện chưa có buổi nào khác còn chỗ. Gõ /theodoi để nhận thông báo lịch mới."
CANCEL_BOOKING_BUTTON = "Hủy đăng ký"
NO_BOOKINGS = "Bạn chưa đăng ký buổi tiếp công dân nào sắp tới. Gõ /lichtiepdan để xem lịch."
MY_BOOKINGS = "Các buổi tiếp bạn đã đăng ký:"
BOOKING_LINE = "• Số {number}: {session}"
CANCEL_ONE = "Hủy số {number}"
BOOKING_CANCELLED = "Đã hủy đăng ký (số thứ tự {number}). Cảm ơn bạn đã báo trước."
BOOKING_NOT_FOUND = "Không tìm thấy lịch đăng ký này (có thể đã hủy)."
# Subscriptions.
SUBSCRIBED = "Đã đăng ký nhận thông báo lịch tiếp công dân và đối thoại. Gõ /huytheodoi để dừng."
ALREADY_SUBSCRIBED = "Bạn đã đăng ký nhận thông báo rồi. Gõ /huytheodoi để dừng."
UNSUBSCRIBED = "Đã dừng gửi thông báo lịch tiếp công dân và đối thoại cho bạn."
NOT_SUBSCRIBED = "Bạn chưa đăng ký nhận thông báo. Gõ /theodoi để đăng ký."
# Citizens: dialogues.
NO_DIALOGUES = "Hiện không có buổi đối thoại nào đang nhận câu hỏi."
DIALOGUES_HEADER = "🗣 Đối thoại với Nhân dân đang nhận câu hỏi:"
DIALOGUE_LINE = "• {topic}\n   {when}, {place}"
ASK_BUTTON = "Gửi câu hỏi: {topic}"
ASK_QUESTION = "Bạn nhập câu hỏi cho buổi đối thoại «{topic}» (gõ /huy để bỏ):"
QUESTIONS_CLOSED = "Buổi đối thoại này đã hết hạn nhận câu hỏi."
QUESTION_THANKS = (
    "Cảm ơn bạn. Câu hỏi đã được gửi đến buổi đối thoại «{topic}» ({day}); phường sẽ gửi "
    "trả lời cho bạn qua kênh này."
)
# Scheduled messages (bot/reception_jobs.py).
SESSION_ANNOUNCED = (
    "📢 Lịch tiếp công dân:\n{session}\nSố chỗ: {capacity}. Gõ /lichtiepdan để đăng ký."
)
SESSION_LATE_WARNING = (
    "⚠️ Buổi tiếp công dân được công bố muộn: chỉ trước {days} ngày làm việc (quy định: ít "
    "nhất {required} ngày làm việc).\n{session}"
)
REMIND_BOOKING = {
    "reception-remind-day": (
        "⏰ Nhắc lịch: ngày mai bạn có lịch tiếp công dân, số thứ tự {number}.\n{session}"
    ),
    "reception-remind-hour": (
        "⏰ Sắp đến giờ tiếp công dân (số thứ tự {number}); bạn vui lòng đến đúng giờ.\n{session}"
    ),
}
BRIEFING_HEADER = "📋 Danh sách công dân đăng ký tiếp ngày mai ({count} người):\n{session}"
BRIEFING_EMPTY = "Chưa có công dân đăng ký trước."
BRIEFING_LINE = "\n{number}. {name} · {category}\n   Nội dung: {matter}"
BRIEFING_PETITION = "   Đơn {code}: {status}, hạn {due}"
BRIEFING_EVENT = "   • {at}: {action}"
BRIEFING_FOOTER = "\nSau buổi tiếp, gõ /ketquatiep để ghi kết quả từng người."
DIALOGUE_ANNOUNCED = (
    "📢 Đối thoại với Nhân dân: {topic}\nThời gian: {when}\nĐịa điểm: {place}{cohosts}\n"
    "Gửi câu hỏi trước {close}: gõ /doithoai."
)
DIALOGUE_COHOSTS = "\nĐồng chủ trì: {cohosts}"
QUESTIONS_HEADER = "🗂 Câu hỏi cho đối thoại #{id} «{topic}»: {count} câu, theo lĩnh vực:"
QUESTIONS_NONE = "Chưa có câu hỏi nào."
QUESTIONS_TOPIC = "\n{topic}:"
QUESTIONS_LINE = "• {text}{same}"
QUESTIONS_SAME = " (×{count} người hỏi)"
QUESTIONS_FOOTER = "\nSau buổi đối thoại, gõ /traloidoithoai {id} để gửi trả lời."
REMIND_RECEPTION_RESULT = {
    "soon": (
        "⏰ Hạn trả lời kết quả cho công dân số {number} {name} (buổi tiếp {session}) là {due}. "
        "Nội dung: {matter}"
    ),
    "due": (
        "⚠️ Đến hạn trả lời kết quả cho công dân số {number} {name} (buổi tiếp {session}): "
        "{due}. Nội dung: {matter}"
    ),
}
REMIND_DIALOGUE_RESULTS = (
    "⏰ Kết quả đối thoại #{id} «{topic}» chưa được công bố (hạn {due}). Gõ "
    "/ketquadoithoai {id} NỘI_DUNG để công bố."
)
# Leaders and hosts (handlers/reception_host.py).
HOST_LEADERS_ONLY = "Chức năng này dành cho lãnh đạo phường."
HOST_TASK_CANCELLED = "Đã bỏ thao tác."
DEFAULT_HOST = "Lãnh đạo UBND phường"
ADD_SESSION_USAGE = (
    "Gõ: /themtiepdan NGÀY GIỜ-GIỜ; nơi tiếp; người tiếp; số chỗ\n"
    "Ví dụ: /themtiepdan 17/12/2026 14:00-16:00; Phòng tiếp công dân; Phó Chủ tịch UBND phường; 8"
)
ADD_SESSION_BAD_TIME = "Thời gian chưa hợp lệ (phải ở tương lai, giờ kết thúc sau giờ bắt đầu)."
SESSION_ADDED = "Đã thêm buổi tiếp công dân:\n{session}\nLịch sẽ được công bố trong ít phút."
SESSION_ADDED_LATE = (
    "Đã thêm buổi tiếp công dân:\n{session}\n⚠️ Chỉ còn {days} ngày làm việc, chưa đủ "
    "{required} ngày làm việc công bố trước theo quy định; lịch sẽ được công bố ngay."
)
NOTHING_TO_RECORD = "Không có buổi tiếp nào gần đây còn chờ ghi kết quả."
ALL_RECORDED = "Đã ghi kết quả cho mọi công dân của buổi tiếp:\n{session}"
PICK_BOOKING = "Ghi kết quả buổi tiếp:\n{session}\nChọn công dân:"
BOOKING_OPTION = "Số {number} · {name}"
BOOKING_CARD = "Số {number} · {name}\nNội dung: {matter}{linked}\nKết quả tiếp?"
BOOKING_LINKED = "\nĐơn liên quan: {code}"
OUTCOME_LABELS = {
    "received": "Đã tiếp nhận, sẽ trả lời sau",
    "answered": "Đã trả lời trực tiếp",
    "petition": "Tạo đơn để giải quyết",
    "referred": "Hướng dẫn đến cơ quan có thẩm quyền",
}
ASK_OUTCOME_NOTE = "Nhập ghi chú kết quả (gõ - nếu không có; /huy để bỏ):"
OUTCOME_EVENT = "Tiếp công dân {day}: {outcome}. {note}"
OUTCOME_ALREADY = "Kết quả của công dân này đã được ghi rồi."
OUTCOME_RECORDED = "Đã ghi kết quả cho số {number} và báo cho công dân."
REDACTED_MATTER = "[nội dung tố cáo nhận tại buổi tiếp công dân: xem hồ sơ]"
CITIZEN_OUTCOME = {
    "received": (
        "Cảm ơn bạn đã đến buổi tiếp công dân {day}. Nội dung của bạn đã được tiếp nhận; "
        "phường sẽ thông báo kết quả trước {due}. Ghi chú: {note}"
    ),
    "answered": "Cảm ơn bạn đã đến buổi tiếp công dân {day}. Nội dung trả lời: {note}",
    "petition": (
        "Cảm ơn bạn đã đến buổi tiếp công dân {day}. Nội dung của bạn đã được lập thành đơn "
        "{code}; phường sẽ thông báo kết quả trước {due}. Tra cứu: /tracuu {code}"
    ),
    "referred": (
        "Cảm ơn bạn đã đến buổi tiếp công dân {day}. Nội dung thuộc thẩm quyền nơi khác; "
        "hướng dẫn: {note}"
    ),
}
ADD_DIALOGUE_USAGE = (
    "Gõ: /taodoithoai NGÀY GIỜ; chủ đề; địa điểm hoặc đường dẫn; đồng chủ trì\n"
    "Ví dụ: /taodoithoai 20/12/2026 08:00; Chỉnh trang vỉa hè; Hội trường UBND phường; "
    "Ủy ban MTTQ Việt Nam phường"
)
DIALOGUE_ADDED = (
    "Đã lên lịch đối thoại #{id} «{topic}». Sẽ thông báo cho người dân ngày {announce}."
)
DIALOGUE_USAGE = "Gõ /traloidoithoai kèm số buổi đối thoại, ví dụ: /traloidoithoai 1"
NO_QUESTIONS_LEFT = "Không còn nhóm câu hỏi nào chờ trả lời."
PICK_GROUP = "Đối thoại «{topic}»: chọn nhóm câu hỏi để trả lời:"
GROUP_OPTION = "{text}"
ASK_ANSWER_KIND = "Nội dung là trả lời, hay một cam kết cần theo dõi (tạo đơn có hạn xử lý)?"
ANSWER_PLAIN = "Trả lời"
ANSWER_COMMITMENT = "Cam kết (tạo đơn theo dõi)"
ASK_DIALOGUE_ANSWER = "Nhập nội dung (gõ /huy để bỏ):"
COMMITMENT_TEXT = "Cam kết tại buổi đối thoại «{topic}».\nCâu hỏi: {question}\nCam kết: {answer}"
COMMITMENT_CODE = "\nTheo dõi thực hiện: đơn {code}"
DIALOGUE_ANSWER = (
    "✉️ Trả lời câu hỏi của bạn tại buổi đối thoại «{topic}»:\n«{question}»\n{answer}{code}"
)
DIALOGUE_ANSWERED = "Đã gửi trả lời cho {count} người hỏi.{code}"
RESULTS_USAGE = "Gõ /ketquadoithoai SỐ NỘI_DUNG, ví dụ: /ketquadoithoai 1 Phường đã tiếp thu..."
RESULTS_ALREADY = "Kết quả buổi đối thoại này đã được công bố rồi."
RESULTS_PUBLISHED = "📢 Kết quả đối thoại với Nhân dân «{topic}»:\n{results}"
RESULTS_SENT = "Đã công bố kết quả đến {count} người."

# --- linking accounts on two channels (handlers/linking.py) -------------------------------

LINK_CODE = (
    "Mã liên kết của bạn: {code} (dùng trong {minutes} phút, một lần).\n"
    "Trên kênh kia (Telegram hoặc Zalo), bạn gõ: /lienket {code}\n"
    "Chỉ gõ mã này ở tài khoản của chính bạn; đừng đưa mã cho người khác."
)
LINK_RESULT = {
    "linked": (
        "Đã liên kết hai tài khoản của bạn. /cuatoi sẽ hiện đơn gửi từ cả hai kênh; thông báo "
        "về mỗi đơn vẫn gửi về kênh bạn đã dùng để gửi đơn đó."
    ),
    "unknown": (
        "Mã liên kết không đúng hoặc đã hết hạn. Bạn gõ /lienket trên kênh kia để lấy mã mới."
    ),
    "same_channel": (
        "Mã này được tạo trên cùng kênh. Bạn gõ mã ở kênh còn lại (Telegram hoặc Zalo)."
    ),
    "already": "Hai tài khoản này đã là một.",
}
LINK_TOO_MANY = "Bạn đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ."
