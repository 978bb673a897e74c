"""A dialogue with residents on the real scheduler: announced 7 days before to subscribed
chats, questions collected until the cut-off and sent to the host grouped (near-duplicates
merged), answers to every asker, a commitment tracked as a petition, and the host reminded
daily until the results are published."""

from __future__ import annotations

from datetime import date, timedelta

from tests.reception.conftest import citizen, leader
from tests.scheduler.conftest import Ward, local

LE_LOI = "Khi nào phường sửa vỉa hè đường Lê Lợi bị hư hỏng?"
LE_LOI_AGAIN = "Bao giờ phường sửa vỉa hè đường Lê Lợi bị hư hỏng vậy?"
MARKET = "Chợ tạm ở hẻm 5 có bị dẹp không, rác thải nhiều quá?"


async def test_dialogue_announcement_questions_answers_and_results(ward: Ward) -> None:
    ward.clock.current = local(date(2026, 12, 1), 9)
    await ward.open()
    chief = await leader(ward)
    an, binh, cuong = [await citizen(ward, name) for name in ("an", "binh", "cuong")]
    await an.say("/theodoi")
    added = await chief.say(
        "/taodoithoai 20/12/2026 08:00; Chỉnh trang vỉa hè; Hội trường UBND phường; "
        "Ủy ban MTTQ Việt Nam phường"
    )
    assert "Đã lên lịch đối thoại #1" in added and "13/12/2026" in added
    assert "Gõ: /taodoithoai" in await chief.say("/taodoithoai hôm nay")  # usage, nothing stored

    await ward.start()
    announced_on = None
    for day in (date(2026, 12, 1) + timedelta(days=n) for n in range(15)):
        await ward.at(local(day, 7, 59))
        await ward.at(local(day, 8))
        if announced_on is None and "Đối thoại với Nhân dân" in await an.inbox_text():
            announced_on = day
    assert announced_on == date(2026, 12, 13)

    for person, question in ((an, LE_LOI), (binh, LE_LOI_AGAIN), (cuong, MARKET)):
        assert "Gửi câu hỏi: Chỉnh trang vỉa hè" in await person.say("/doithoai")
        assert "nhập câu hỏi" in await person.say("1")
        assert "Câu hỏi đã được gửi" in await person.say(question)

    await ward.at(local(date(2026, 12, 19), 7, 59))
    assert "Câu hỏi cho đối thoại" not in await chief.inbox_text()
    await ward.at(local(date(2026, 12, 19), 8))
    grouped = await chief.inbox_text()
    assert "Câu hỏi cho đối thoại #1" in grouped and "3 câu" in grouped
    assert f"{LE_LOI} (×2 người hỏi)" in grouped and MARKET in grouped
    assert LE_LOI_AGAIN not in grouped
    assert "không" in (await an.say("/doithoai")).lower()  # questions are closed

    # after the dialogue: reminded daily until the results are published
    await ward.at(local(date(2026, 12, 21), 8))
    await ward.stop()
    await ward.start()
    await ward.at(local(date(2026, 12, 21), 9))
    await ward.at(local(date(2026, 12, 22), 8))
    reminders = [r for r in await chief.inbox() if "chưa được công bố" in r.text]
    assert len(reminders) == 2 and "30/12/2026" in reminders[0].text

    groups = await chief.say("/traloidoithoai 1")
    assert LE_LOI in groups and MARKET in groups
    await chief.say("1")
    assert "Nhập nội dung" in await chief.say("1")  # a plain answer
    answered = await chief.say("Phường sẽ lát lại vỉa hè Lê Lợi trong tháng 1/2027.")
    assert "Đã gửi trả lời cho 2 người hỏi" in answered
    for person in (an, binh):
        assert "lát lại vỉa hè Lê Lợi" in await person.inbox_text()
    await chief.say("1")  # the market question
    await chief.say("2")  # a commitment: tracked as a petition
    committed = await chief.say("Phường dẹp chợ tạm hẻm 5 trước Tết.")
    assert "Theo dõi thực hiện: đơn PA-" in committed
    assert "dẹp chợ tạm" in await cuong.inbox_text()

    results = await chief.say("/ketquadoithoai 1 Phường tiếp thu 2 nhóm ý kiến, cam kết 1 việc.")
    assert "Đã công bố kết quả đến 3 người" in results
    for person in (an, binh, cuong):
        assert "Kết quả đối thoại" in await person.inbox_text()
    await ward.at(local(date(2026, 12, 23), 8))
    assert "chưa được công bố" not in await chief.inbox_text()
    assert "đã được công bố rồi" in await chief.say("/ketquadoithoai 1 lại")
