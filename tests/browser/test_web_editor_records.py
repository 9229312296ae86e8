"""The web editor's collections after the main task, driven in real headless Chromium against
Decap's local backend on a temporary git copy of the sample (the fixtures of test_web_editor.py):
a clerk of huyện Hàm Tân enters a new session with one opinion of two items, and a
supervision record; each saved file is, byte for byte, the one a careful person writes by hand
(the contract's key order, its name as invoke new-session gives it), the only change in git,
and the next build shows it.
"""

from __future__ import annotations

from helpers import build_site, page_text
from test_web_editor import AS_OF, checkout, editor, git, publish  # noqa: F401  (fixtures)

SESSION = (
    "# yaml-language-server: $schema=../../../schemas/session.schema.json\n"
    "title: Đối thoại với nhân dân xã Tân Hà\n"
    "date: 2018-07-02\n"
    "place: Hội trường UBND xã Tân Hà\n"
    "commune: tan-ha\n"
    "body: huyen-ham-tan\n"
    "audience: nhan-dan\n"
    "chairs:\n"
    "  - Bí thư Huyện ủy\n"
    "  - Chủ tịch UBND huyện\n"
    "attendance: 86\n"
    "opinions:\n"
    "  - stt: 1\n"
    "    speaker: Cử tri thôn 2\n"
    "    items:\n"
    "      - stt: 1\n"
    "        topic: dat-dai\n"
    "        text: Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ thôn 2.\n"
    "        handling: assigned\n"
    "        agency: phong-tnmt\n"
    "        due: 2018-08-01\n"
    "      - stt: 2\n"
    "        topic: giao-thong\n"
    "        text: Đường liên xã qua thôn 2 xuống cấp, đề nghị tỉnh sửa chữa.\n"
    "        handling: forwarded\n"
    "        agency: so-gtvt\n"
    "        due: 2018-08-15\n"
)
RECORD = (
    "---\n"
    "title: Giám sát việc giải quyết kiến nghị về giáo dục\n"
    "date: 2018-07-03\n"
    "body: hdnd\n"
    "of: huyen-ham-tan\n"
    "items:\n"
    '  - "2018-06-12-tan-ha/3.1"\n'
    "agencies:\n"
    "  - phong-gd-dt\n"
    "document: Báo cáo số 30/BC-HĐND ngày 03/7/2018\n"
    "---\n"
    "\n"
    "Ban Văn hóa - Xã hội HĐND huyện đề nghị Phòng Giáo dục và Đào tạo trả lời cử tri thôn 1.\n"
)


def field_ids(page, key: str) -> list[str]:
    """The ids of the inputs of one key, in the order of the form (Decap numbers them)."""
    return page.locator(f"[id^='{key}-field-']").evaluate_all("els => els.map(e => e.id)")


def choose(page, field_id: str, words: str) -> None:
    """Type words into a select list, then pick its only option."""
    page.click(f"[id='{field_id}']")
    page.keyboard.type(words)
    options = page.locator("[class*='-option']")
    assert options.count() == 1, [options.nth(i).inner_text() for i in range(options.count())]
    options.first.click()


def add(page, key: str, value: str) -> None:
    """Add an entry to a list of texts and write it."""
    page.locator("button", has_text=f"Add {key}").click()
    page.fill(f"[id='{field_ids(page, key)[-1]}']", value)


def open_new(page, url: str, collection: str) -> None:
    """The editor opened afresh on a new entry of a collection (Decap keeps the open form on a
    change of address alone)."""
    page.goto("about:blank")
    page.goto(f"{url}/admin/#/collections/{collection}/new")
    page.wait_for_selector("[id^='title-field-']")


def saved(page) -> None:
    page.get_by_text("Thay đổi đã được lưu").wait_for()


def fill_session(page, title, date, audience, chairs, attendance, speaker) -> None:
    """A session in Tân Hà's hall, as a clerk fills it in: its heading, then its first
    opinion's number and speaker."""
    page.fill("[id^='title-field-']", title)
    page.fill("[id^='date-field-']", date)
    page.fill("[id^='place-field-']", "Hội trường UBND xã Tân Hà")
    choose(page, field_ids(page, "commune")[0], "Tân Hà")
    choose(page, field_ids(page, "audience")[0], audience)
    for chair in chairs:
        add(page, "chairs", chair)
    page.fill("[id^='attendance-field-']", attendance)
    page.fill(f"#{field_ids(page, 'stt')[0]}", "1")
    page.fill("[id^='speaker-field-']", speaker)


def test_a_new_session_with_one_opinion_of_two_items_is_the_hand_written_file(editor):
    checkout, _, url, page = editor
    open_new(page, url, "doi-thoai-huyen-ham-tan")
    fill_session(page, "Đối thoại với nhân dân xã Tân Hà", "2018-07-02", "Nhân dân",
                 ["Bí thư Huyện ủy", "Chủ tịch UBND huyện"], "86", "Cử tri thôn 2")
    page.locator("button", has_text="Add items").click()  # the opinion's second item
    items = [("Đất đai", "Giao cơ quan", "Phòng Tài nguyên", "2018-08-01",
              "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho 12 hộ thôn 2."),
             ("Giao thông", "Kiến nghị cấp trên", "Sở Giao thông", "2018-08-15",
              "Đường liên xã qua thôn 2 xuống cấp, đề nghị tỉnh sửa chữa.")]
    # The Markdown boxes in the form's order: the summary, then each item's text and answer.
    texts = page.locator("[role=textbox]")
    assert texts.count() == 5
    for n, (topic, handling, agency, due, text) in enumerate(items):
        page.fill(f"#{field_ids(page, 'stt')[n + 1]}", str(n + 1))
        choose(page, field_ids(page, "topic")[n], topic)
        choose(page, field_ids(page, "handling")[n], handling)
        choose(page, field_ids(page, "agency")[n], agency)
        page.fill(f"#{field_ids(page, 'due')[n]}", due)
        texts.nth(1 + 2 * n).click()
        page.keyboard.type(text)
    publish(page)
    saved(page)
    path = "content/sessions/huyen-ham-tan/2018-07-02-tan-ha.yaml"  # as invoke new-session names it
    assert (checkout / path).read_bytes() == SESSION.encode("utf-8")
    assert git(checkout, "status", "--porcelain", "--untracked-files=all", "content") == f"?? {path}\n"
    assert page.foreign_requests == []

    rebuilt = checkout / "rebuilt"
    build_site(checkout, rebuilt, as_of=AS_OF)
    text = page_text(rebuilt, "doi-thoai/2018-07-02-tan-ha")
    assert "Cử tri thôn 2" in text and "Đường liên xã qua thôn 2 xuống cấp" in text
    assert "Đề nghị cấp giấy chứng nhận quyền sử dụng đất" in page_text(rebuilt, "noi-dung/2018-07-02-tan-ha/1-1")


def test_a_second_session_of_the_same_day_and_commune_takes_the_next_name(editor):
    """Two sessions on one day in one commune: -2, as invoke new-session names the second."""
    checkout, _, url, page = editor
    existing = checkout / "content" / "sessions" / "huyen-ham-tan" / "2018-06-12-tan-ha.yaml"
    before = existing.read_bytes()
    open_new(page, url, "doi-thoai-huyen-ham-tan")
    fill_session(page, "Đối thoại với cán bộ xã Tân Hà", "2018-06-12", "Mặt trận", ["Chủ tịch UBND huyện"], "40",
                 "Đại biểu Hội Nông dân")
    page.fill(f"#{field_ids(page, 'stt')[1]}", "1")
    choose(page, field_ids(page, "topic")[0], "Đất đai")
    choose(page, field_ids(page, "handling")[0], "Giao cơ quan")
    choose(page, field_ids(page, "agency")[0], "Phòng Tài nguyên")
    page.fill(f"#{field_ids(page, 'due')[0]}", "2018-07-12")
    page.locator("[role=textbox]").nth(1).click()
    page.keyboard.type("Đề nghị đo đạc lại ranh giới đất nông nghiệp.")
    publish(page)
    saved(page)
    assert existing.read_bytes() == before
    assert git(checkout, "status", "--porcelain", "--untracked-files=all", "content") == \
        "?? content/sessions/huyen-ham-tan/2018-06-12-tan-ha-2.yaml\n"


def test_a_supervision_record_is_the_hand_written_file_and_shows_on_the_item(editor):
    checkout, _, url, page = editor
    open_new(page, url, "giam-sat")
    page.fill("[id^='title-field-']", "Giám sát việc giải quyết kiến nghị về giáo dục")
    page.fill("[id^='date-field-']", "2018-07-03")
    choose(page, field_ids(page, "body")[0], "Hội đồng nhân dân")
    choose(page, field_ids(page, "of")[0], "huyện Hàm Tân")
    add(page, "items", "2018-06-12-tan-ha/3.1")
    choose(page, field_ids(page, "agencies")[0], "Phòng Giáo dục")  # picked by name, written as its id
    page.fill("[id^='document-field-']", "Báo cáo số 30/BC-HĐND ngày 03/7/2018")
    page.locator("[role=textbox]").first.click()
    page.keyboard.type("Ban Văn hóa - Xã hội HĐND huyện đề nghị Phòng Giáo dục và Đào tạo trả lời cử tri thôn 1.")
    publish(page)
    saved(page)
    path = "content/supervision/2018-07-03-hdnd.md"
    assert (checkout / path).read_bytes() == RECORD.encode("utf-8")
    assert git(checkout, "status", "--porcelain", "--untracked-files=all", "content") == f"?? {path}\n"
    assert page.foreign_requests == []

    rebuilt = checkout / "rebuilt"
    build_site(checkout, rebuilt, as_of=AS_OF)
    assert "03/7/2018 – Giám sát: Hội đồng nhân dân huyện Hàm Tân" in page_text(rebuilt, "giam-sat")
    assert "Giám sát việc giải quyết kiến nghị về giáo dục" in page_text(rebuilt, "giam-sat")
    assert "Giám sát việc giải quyết kiến nghị về giáo dục" in page_text(rebuilt, "noi-dung/2018-06-12-tan-ha/3-1")


def test_admin_opens_on_a_new_answers_form_signed_in_or_not(editor):
    """The clerk's main task first: /admin/ opens on a new answer's form of the site's own body, which
    reads that body's folder of responses only, never on a list of responses, not even when signing
    in takes Decap there; an item page's link opens the form of the body whose folder holds the item's
    answers (huyện Hàm Tân's, whose session it is; after 2025 it passes to xã Hàm Tân), the item chosen."""
    _, _, url, page = editor
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    fresh = context.new_page()
    fresh.goto(url + "/admin/")
    fresh.get_by_role("button", name="Đăng nhập").click()
    fresh.wait_for_selector("#item-field-1")
    assert fresh.url == url + "/admin/#/collections/tra-loi-tinh-lam-dong/new"
    fresh.goto("about:blank")
    fresh.goto(url + "/admin/")  # signed in now: no sign-in page, straight to the form
    fresh.wait_for_selector("#item-field-1")
    fresh.goto(url + "/admin/#/collections/tra-loi-huyen-ham-tan")  # a body's list stays one click away
    fresh.locator("a[href*='/collections/tra-loi-huyen-ham-tan/entries/']").first.wait_for()
    assert fresh.url == url + "/admin/#/collections/tra-loi-huyen-ham-tan"
    fresh.goto(url + "/noi-dung/2018-06-12-tan-ha/3-1/")
    fresh.get_by_text("Trả lời nội dung này").click()
    fresh.wait_for_selector("#item-field-1")
    assert fresh.url.startswith(url + "/admin/index.html#/collections/tra-loi-huyen-ham-tan/new?item=")
    fresh.locator(".congkhai-chosen", has_text="2018-06-12-tan-ha/3.1 · ").wait_for()
    context.close()
