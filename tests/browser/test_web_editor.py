"""The web editor at /admin/, driven as a clerk drives it, in real headless Chromium, against
Decap's local backend (npm decap-server, started by tools/editserver.py as `invoke edit` starts
it) on a temporary copy of the sample committed to a fresh git repository.

A clerk finds an outstanding item by words of its question, writes the answer, the date, the
document and the outcome, previews it and saves it: the file saved is, byte for byte, the one
a careful person writes by hand, the only change in `git status`, and the next build shows
the item resolved. A required key left out, or a date before the session, is refused before
saving with the build's own message. What only the build can check (a phone number in the
answer) is saved, then comes back in /admin/ from the build's checks, Vietnamese first,
naming the field.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import ROOT, build_site, page_text
from pelican.plugins.congkhai.outputs import admin
from pelican.plugins.congkhai.tools.editserver import EditServer, LocalBackend

AS_OF = "2018-07-05"
ITEM = "2018-06-12-tan-ha/3.1"  # assigned to Phòng Giáo dục và Đào tạo, due 12/7/2018, no answer yet
# What a careful person writes by hand for this answer (the sample's form: docs/content-format.md).
EXPECTED = (
    "---\n"
    'item: "2018-06-12-tan-ha/3.1"\n'
    "date: 2018-07-02\n"
    "agency: phong-gd-dt\n"
    "outcome: resolved\n"
    "document: Công văn số 845/UBND-GDĐT ngày 02/7/2018\n"
    "---\n"
    "\n"
    "Phòng Giáo dục và Đào tạo đã bố trí xe đưa đón học sinh thôn 1 từ năm học 2018-2019.\n"
)


# An answer the form lets through and the privacy guard refuses.
PHONE_IN_ANSWER = "Phụ huynh liên hệ thầy Ba, số 0912 345 678, để đăng ký xe đưa đón."


def git(folder, *args) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def checkout(tmp_path):
    """The sample's content committed to a new repository, with the project's node_modules."""
    clone = tmp_path / "checkout"
    shutil.copytree(ROOT / "content", clone / "content")
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    # As the project's own .gitignore: the check cache the editing server fills after a save is never committed.
    (clone / ".gitignore").write_text("node_modules\noutput\nrebuilt\ncache\n", encoding="utf-8")
    git(clone, "init", "--quiet")
    git(clone, "add", ".")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "sample")
    return clone


@pytest.fixture
def editor(checkout, browser):
    """(checkout, built output, editing server URL, a page logged in to /admin/)."""
    output = checkout / "output"
    build_site(checkout, output, as_of=AS_OF)
    with LocalBackend(checkout) as backend, EditServer(output, backend) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.foreign_requests = []
        page.on("request", lambda r: r.url.startswith((server.url, "data:", "blob:", "about:"))
                or page.foreign_requests.append(r.url))
        page.goto(server.url + "/admin/")
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(server.url + "/admin/#/collections/tra-loi-huyen-ham-tan/new")
        page.wait_for_selector("#item-field-1")
        yield checkout, output, server.url, page
        context.close()


def choose(page, field: str, words: str, option: str = "", first: bool = False) -> None:
    """Type words into a list, then pick the option that shows `option` (the only one, if not
    given; the first one offered, if `first`)."""
    page.click(f"[id^='{field}-field-']")
    page.keyboard.type(words)
    options = page.locator("[class*='-option'], [role=option]")
    if first:
        assert option in options.first.inner_text()
    if option:
        options = options.filter(has_text=option)
    assert options.count() == 1, [options.nth(i).inner_text() for i in range(options.count())]
    options.first.click()


def fill_answer(page, day: str, outcome: str, words: str) -> None:
    """The answer to ITEM of Phòng Giáo dục, on a day, with an outcome and its words."""
    choose(page, "item", "tan-ha/3.1", ITEM)
    page.fill("[id^='date-field-']", day)
    choose(page, "agency", "Phòng Giáo dục")
    choose(page, "outcome", outcome)
    page.click("[role=textbox]")
    page.keyboard.type(words)


def publish(page) -> None:
    page.get_by_text("Công bố", exact=True).click()
    page.get_by_text("Công bố ngay").click()


def test_a_clerk_answers_an_outstanding_item_and_the_file_is_the_hand_written_one(editor):
    checkout, output, _, page = editor
    # Words of the question as the clerk remembers them, typed without accents: đ as d too.
    choose(page, "item", "thon 1 phai di hoc xa", ITEM, first=True)
    assert ITEM in page.inner_text("body")
    page.fill("[id^='date-field-']", "2018-07-02")
    choose(page, "agency", "Phòng Giáo dục")
    choose(page, "outcome", "Đã giải quyết xong")
    # Typed decomposed (NFD), as text pasted from old Windows tools arrives: saved as NFC.
    page.fill("[id^='document-field-']", "Công văn số 845/UBND-GDĐT ngày 02/7/2018".replace("ô", "o\u0302"))
    page.click("[role=textbox]")
    page.keyboard.type("Phòng Giáo dục và Đào tạo đã bố trí xe đưa đón học sinh thôn 1 từ năm học 2018-2019.")
    preview = page.frame_locator("iframe").locator("article.response")
    assert "Đã giải quyết xong" in preview.inner_text()
    assert "đã bố trí xe đưa đón" in preview.inner_text()
    publish(page)
    saved = checkout / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha" / "3.1-1.md"
    page.wait_for_function("() => document.body.innerText.includes('ĐÃ ĐƯỢC LƯU') || "
                           "document.body.innerText.includes('đã được lưu')")
    assert saved.read_bytes() == EXPECTED.encode("utf-8")
    assert git(checkout, "status", "--porcelain", "--untracked-files=all") == \
        "?? content/responses/huyen-ham-tan/2018-06-12-tan-ha/3.1-1.md\n"
    assert page.foreign_requests == []

    rebuilt = checkout / "rebuilt"
    build_site(checkout, rebuilt, as_of=AS_OF)
    text = page_text(rebuilt, "noi-dung/2018-06-12-tan-ha/3-1")
    assert "Giải quyết xong ngày 2 tháng 7 năm 2018." in text
    assert "đã bố trí xe đưa đón học sinh thôn 1" in text


def test_a_required_key_left_out_or_a_date_before_the_session_is_refused_before_saving(editor):
    checkout, _, _, page = editor
    choose(page, "item", "tan-ha/3.1", ITEM)
    page.fill("[id^='date-field-']", "2018-07-02")
    choose(page, "agency", "Phòng Giáo dục")
    page.click("[role=textbox]")
    page.keyboard.type("Đang xem xét.")
    publish(page)  # outcome left out
    expected = ("Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau «expected». — required key is missing "
                "(got nothing; expected outcome: Kết quả.)")
    assert expected == admin.messages()["required.outcome"]
    page.get_by_text(expected).wait_for()

    choose(page, "outcome", "Đang giải quyết")
    page.fill("[id^='date-field-']", "2018-06-01")  # before the session of 12/6/2018
    publish(page)
    before = ("Ngày trả lời 2018-06-01 trước ngày đối thoại: sửa ngày trả lời, từ ngày đối thoại trở đi. — "
              "the response is dated before its session (got 2018-06-01; expected 2018-06-12 or later)")
    page.get_by_text(before).wait_for()
    assert not (checkout / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha" / "3.1-1.md").exists()
    assert git(checkout, "status", "--porcelain") == ""


def test_a_second_answer_before_the_next_build_takes_the_next_number_and_overwrites_nothing(editor):
    """The form numbers files as the build counted them; one saved since is skipped."""
    checkout, _, url, page = editor
    folder = checkout / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha"
    for day, words in (("2018-06-20", "Đang khảo sát điểm trường."), ("2018-07-02", "Đã bố trí xe đưa đón.")):
        page.goto("about:blank")  # the editor opened afresh, as the clerk does the next time
        page.goto(url + "/admin/#/collections/tra-loi-huyen-ham-tan/new")
        fill_answer(page, day, "Đang giải quyết", words)
        publish(page)
        page.get_by_text("Thay đổi đã được lưu").wait_for()
    assert sorted(p.name for p in folder.glob("3.1-*.md")) == ["3.1-1.md", "3.1-2.md"]
    assert (folder / "3.1-1.md").read_text(encoding="utf-8").endswith("\nĐang khảo sát điểm trường.\n")
    assert (folder / "3.1-2.md").read_text(encoding="utf-8").endswith("\nĐã bố trí xe đưa đón.\n")


def test_what_only_the_build_can_check_comes_back_to_the_editor_in_vietnamese_naming_the_field(editor):
    """A phone number in the answer passes the form (it cannot see it) and is saved; the build's
    checks run on the checkout after the save, and the privacy guard's problem shows in /admin/,
    Vietnamese first, naming the field."""
    checkout, _, _, page = editor
    fill_answer(page, "2018-07-02", "Đang giải quyết", PHONE_IN_ANSWER)
    publish(page)
    page.get_by_text("Thay đổi đã được lưu").wait_for()
    saved = checkout / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha" / "3.1-1.md"
    assert "0912 345 678" in saved.read_text(encoding="utf-8")  # saved: only the build knows better
    shown = page.locator("#congkhai-problems li")
    shown.first.wait_for()
    assert shown.count() == 1
    vietnamese, english = shown.first.inner_text().splitlines()
    assert vietnamese == ("Nội dung câu trả lời, dòng 8: Có vẻ là số điện thoại (0912•••678), dữ liệu "
                          "cá nhân không được công bố: xóa số đó (ghi «một hộ dân thôn 3»); số công khai của cơ "
                          "quan thì thêm vào `PRIVACY_ALLOWED_NUMBERS`; xem mục 5 của hướng dẫn.")
    assert english.startswith("looks like a phone number, personal data that must not be published (got 0912•••678;")
    assert "0912 345 678" not in page.locator("#congkhai-problems").inner_text()  # the number itself is never shown
    assert page.foreign_requests == []


# The English editor's message for the outcome left out: the build's English first, its
# Vietnamese below, the field named by its English label.
ENGLISH_REQUIRED = ("required key is missing (got nothing; expected outcome: The outcome.) — "
                    "Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau «expected».")


def test_the_english_editor_speaks_english_and_saves_the_very_bytes_of_the_vietnamese_one(editor):
    """The switch «English» opens the same form in English (Decap's `en` locale, the contract's
    English help, the site's English names of the allowed values), kept for the next visit; the
    checks before saving speak English first; the file saved is the one the Vietnamese form saves."""
    checkout, _, url, page = editor
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/admin/?lang=en#/collections/tra-loi-huyen-ham-tan/new")  # the place kept
    page.wait_for_selector("#item-field-1")
    assert page.evaluate("document.documentElement.lang") == "en"
    labels = page.locator("label").evaluate_all("labels => labels.map(l => l.textContent)")  # as written, not as styled
    assert "date: The day of the answer." in labels and "outcome: The outcome." in labels
    assert "date: Ngày trả lời." not in labels
    # Opened again without ?lang=, the editor stays in English.
    page.goto("about:blank")
    page.goto(url + "/admin/#/collections/tra-loi-huyen-ham-tan/new")
    page.get_by_text("item: The id of the item answered", exact=False).first.wait_for()

    choose(page, "item", "tan-ha/3.1", ITEM)
    page.fill("[id^='date-field-']", "2018-07-02")
    choose(page, "agency", "Phòng Giáo dục")  # a proper name stays as it is
    page.fill("[id^='document-field-']", "Công văn số 845/UBND-GDĐT ngày 02/7/2018")
    page.click("[role=textbox]")
    page.keyboard.type("Phòng Giáo dục và Đào tạo đã bố trí xe đưa đón học sinh thôn 1 từ năm học 2018-2019.")
    page.get_by_text("Publish", exact=True).click()
    page.get_by_text("Publish now").click()  # the outcome left out
    page.get_by_text(ENGLISH_REQUIRED).wait_for()

    choose(page, "outcome", "Resolved")
    page.get_by_text("Publish", exact=True).click()
    page.get_by_text("Publish now").click()
    saved = checkout / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha" / "3.1-1.md"
    page.get_by_text("Entry saved").wait_for()
    assert saved.read_bytes() == EXPECTED.encode("utf-8")  # what the Vietnamese form saves (the first test)
    assert page.foreign_requests == []

    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url("**/admin/?lang=vi#/**")
    page.get_by_text("item: Mã nội dung được trả lời", exact=False).first.wait_for()
