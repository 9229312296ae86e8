"""`invoke new-session` / `new-response`: skeletons with what can be known
filled in, and a blank, reported by validation, for what only the editor knows."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.tools import skeletons
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.validation import validate

DAY = dt.date(2018, 6, 30)


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    return tmp_path / "content"


def problems(content):
    return [f"{p.path}:{p.line}: {p.field}" for p in validate(read_tree(content), dt.date(2018, 7, 5))]


def test_a_new_session_leaves_only_the_editors_blanks(content):
    path, text = skeletons.new_session(content, DAY, "tan-ha", skeletons.communes_of(read_tree(content)),
                                       "nhan-dan")
    assert path == content / "sessions" / "2018-06-30-tan-ha.yaml"
    assert text.startswith("# yaml-language-server: $schema=../../schemas/session.schema.json\n")
    assert "date: 2018-06-30  # Ngày đối thoại" in text
    assert "title: Đối thoại với nhân dân xã Tân Hà  #" in text
    path.write_text(text, encoding="utf-8")
    s = "content/sessions/2018-06-30-tan-ha.yaml"
    assert problems(content) == [
        f"{s}:10: attendance", f"{s}:14: opinions[1].speaker", f"{s}:17: opinions[1].items[1].topic",
        f"{s}:18: opinions[1].items[1].text", f"{s}:20: opinions[1].items[1].agency",
        f"{s}:21: opinions[1].items[1].due"]


def test_a_filled_in_session_is_valid(content):
    path, text = skeletons.new_session(content, DAY, "tan-ha", {"tan-ha": "Xã Tân Hà"}, "nhan-dan")
    for blank, value in [("attendance: \"\"", "attendance: 75"), ("speaker: \"\"", "speaker: Cử tri thôn 2"),
                         ("topic: \"\"", "topic: dat-dai"), ("text: \"\"", "text: Đề nghị làm đường."),
                         ("agency: \"\"", "agency: phong-tnmt"), ("due: \"\"", "due: 2018-07-30")]:
        text = text.replace(blank, value)
    path.write_text(text, encoding="utf-8")
    assert problems(content) == []


def test_a_second_session_the_same_day_gets_its_own_name(content):
    (content / "sessions" / "2018-06-30-tan-ha.yaml").write_text("x", encoding="utf-8")
    path, _ = skeletons.new_session(content, DAY, "tan-ha", {"tan-ha": "Xã Tân Hà"}, "nhan-dan")
    assert path.name == "2018-06-30-tan-ha-2.yaml"


def test_unknown_commune_or_audience_is_refused(content):
    with pytest.raises(skeletons.SkeletonError, match="unknown commune 'tan-hai'"):
        skeletons.new_session(content, DAY, "tan-hai", {"tan-ha": "Xã Tân Hà"}, "nhan-dan")
    with pytest.raises(skeletons.SkeletonError, match="unknown audience 'cu-tri'"):
        skeletons.new_session(content, DAY, "", {}, "cu-tri")


def test_a_new_response_takes_the_next_number_and_the_items_agency(content):
    documents = read_tree(content)
    path, text = skeletons.new_response(content, documents, "2018-06-12-tan-ha/1.1", DAY)
    assert path == content / "responses" / "2018-06-12-tan-ha" / "1.1-2.md"
    assert 'item: "2018-06-12-tan-ha/1.1"' in text and "date: 2018-06-30" in text
    assert "agency: phong-tnmt" in text and "outcome: in-progress" in text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert problems(content) == ["content/responses/2018-06-12-tan-ha/1.1-2.md:9: (answer)"]
    path.write_text(text + "Phòng đã cấp giấy chứng nhận cho 12 hộ.\n", encoding="utf-8")
    assert problems(content) == []
    path, _ = skeletons.new_response(content, read_tree(content), "2018-06-12-tan-ha/1.1", DAY)
    assert path.name == "1.1-3.md"


@pytest.mark.parametrize("item, message", [
    ("2018-06-12-tan-ha/3", "not an item id"),
    ("2018-06-12-tan-ha/1.9", "session 2018-06-12-tan-ha has no item 1.9"),
    ("2018-06-13-tan-ha/1.1", "no session '2018-06-13-tan-ha'"),
])
def test_a_response_to_no_item_is_refused(content, item, message):
    with pytest.raises(skeletons.SkeletonError, match=message):
        skeletons.new_response(content, read_tree(content), item, DAY)


def test_the_skeletons_refusals_are_vietnamese_first(content):
    with pytest.raises(skeletons.SkeletonError) as refused:
        skeletons.new_response(content, read_tree(content), "2018-06-12-tan-ha/3", DAY)
    assert str(refused.value) == ("'2018-06-12-tan-ha/3' không phải mã nội dung; ghi <mã buổi>/<số ý kiến>.<số nội "
                                  "dung>, ví dụ 2018-06-12-tan-ha/3.2 / not an item id (got '2018-06-12-tan-ha/3'; "
                                  "expected <session id>/<opinion no>.<item no>, for example 2018-06-12-tan-ha/3.2)")
    with pytest.raises(skeletons.SkeletonError) as refused:
        skeletons.new_session(content, DAY, "tan-hai", {"tan-ha": "Xã Tân Hà"}, "nhan-dan")
    assert str(refused.value) == ("không có xã, phường 'tan-hai' trong content/data/communes.yaml; ghi một mã có sẵn / "
                                  "unknown commune 'tan-hai' (expected one of: tan-ha)")


def test_the_invoke_tasks_write_the_files_and_name_a_missing_session(content, monkeypatch, capsys):
    import tasks
    from invoke import Config, Context
    from invoke.exceptions import Exit

    monkeypatch.setattr(tasks, "SITE", content.parent)
    c = Context(Config(overrides={"run": {"in_stream": False}}))
    tasks.new_session(c, commune="tan-ha", date="2018-06-30")
    tasks.new_response(c, "2018-06-12-tan-ha/1.2", date="2018-06-30")
    assert (content / "sessions" / "2018-06-30-tan-ha.yaml").exists()
    assert (content / "responses" / "2018-06-12-tan-ha" / "1.2-1.md").exists()
    assert capsys.readouterr().out.splitlines()[0] == (
        "content/sessions/2018-06-30-tan-ha.yaml: đã ghi; điền các chỗ trống rồi chạy `invoke validate` / written; "
        "fill in the empty values, then run `invoke validate`.")
    with pytest.raises(Exit, match="no session '2018-07-01-tan-ha'"):
        tasks.new_response(c, "2018-07-01-tan-ha/1.1")


def test_a_session_of_a_body_goes_into_its_folder_with_its_chairs_and_basis(content):
    shutil.copytree(FIXTURES / "defects" / "bodies-valid" / "content" / "data", content / "data", dirs_exist_ok=True)
    from pelican.plugins.congkhai.content.model import build_content

    bodies = build_content(read_tree(content)).bodies
    day = dt.date(2026, 12, 20)
    path, text = skeletons.new_session(content, day, "tan-ha", {"tan-ha": "Xã Tân Hà"}, "nhan-dan",
                                       bodies["xa-ham-tan"])
    assert path == content / "sessions" / "xa-ham-tan" / "2026-12-20-tan-ha.yaml"
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/session.schema.json\n")
    assert "body: xa-ham-tan  #" in text and "  - Bí thư Đảng ủy xã\n  - Chủ tịch UBND xã\n" in text
    assert "basis:  #" in text and "  - Kết luận số 215-KL/TW\n" in text
    for blank, value in [("attendance: \"\"", "attendance: 75"), ("speaker: \"\"", "speaker: Cử tri thôn 2"),
                         ("topic: \"\"", "topic: dat-dai"), ("text: \"\"", "text: Đề nghị làm đường."),
                         ("agency: \"\"", "agency: phong-tnmt"), ("due: \"\"", "due: 2027-01-20")]:
        text = text.replace(blank, value)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    assert [p for p in validate(read_tree(content), day) if "2026-12-20" in p.path] == []


def test_a_session_of_a_body_that_has_ended_is_refused(content):
    shutil.copytree(FIXTURES / "defects" / "bodies-valid" / "content" / "data", content / "data", dirs_exist_ok=True)
    from pelican.plugins.congkhai.content.model import build_content

    district = build_content(read_tree(content)).bodies["huyen-ham-tan"]
    with pytest.raises(skeletons.SkeletonError, match="huyện Hàm Tân does not exist on 2026-12-20"):
        skeletons.new_session(content, dt.date(2026, 12, 20), "tan-ha", {"tan-ha": "Xã Tân Hà"}, "nhan-dan", district)


def _messages(content) -> dict[str, str]:
    """field -> message of every problem, for the files the skeletons wrote."""
    return {f"{p.path.rsplit('/', 1)[1]} {p.field}": p.message
            for p in validate(read_tree(content), dt.date(2018, 7, 5)) if "2018-06-30" in p.path or p.path.endswith("/1.2-1.md")}


def test_every_placeholder_a_skeleton_writes_is_refused_until_filled_in(content):
    """The blanks are rules.PLACEHOLDERS: the skeletons write them and the checks refuse them, each
    naming its field and saying to fill it in; the optional lines left as comments, once
    uncommented, are refused too."""
    path, text = skeletons.new_session(content, DAY, "", {}, "nhan-dan")  # no commune: the place is a blank too
    path.write_text(text.replace("# summary:", "summary:"), encoding="utf-8")
    answer, text = skeletons.new_response(content, read_tree(content), "2018-06-12-tan-ha/1.2", DAY)
    answer.write_text(text.replace("# document:", "document:") + "Đã trả lời.\n", encoding="utf-8")
    found = _messages(content)
    s, r = "2018-06-30-nhan-dan.yaml", "1.2-1.md"
    expected = {f"{s} place": "place", f"{s} attendance": "attendance", f"{s} summary": "summary",
                f"{s} opinions[1].speaker": "speaker", f"{s} opinions[1].items[1].topic": "topic",
                f"{s} opinions[1].items[1].text": "text", f"{s} opinions[1].items[1].agency": "agency",
                f"{s} opinions[1].items[1].due": "due", f"{r} agency": "agency", f"{r} document": "document"}
    assert set(found) == set(expected)
    for where, key in expected.items():
        assert found[where].startswith("not filled in yet (got ") and f"; expected {key}: " in found[where], where
        assert "Fill it in" in found[where] or "Fill in each «…»" in found[where], where
    assert {key for key in expected.values()} == set(rules.PLACEHOLDER_OF)  # each placeholder, written and refused
    assert found[f"{r} document"] == (
        "not filled in yet (got 'Công văn số …/UBND-… ngày 30/6/2018', with «…» still in it; expected document: "
        "Văn bản trả lời, ví dụ «Công văn số 512/UBND-TNMT ngày 05/7/2018». Fill in each «…», or delete the line)")
    assert found[f"{s} attendance"] == ("not filled in yet (got an empty value; expected attendance: Số lượt người "
                                        "tham dự. Fill it in)")


def test_the_skeletons_write_no_blank_that_is_not_a_placeholder(content):
    """Every value a skeleton leaves for the editor is one of rules.PLACEHOLDERS, written as it
    declares: what is written and what is refused cannot drift apart."""
    import re

    _, session = skeletons.new_session(content, DAY, "", {}, "nhan-dan")
    _, response = skeletons.new_response(content, read_tree(content), "2018-06-12-tan-ha/1.2", DAY)
    for text in (session, response.replace("item: \"2018-06-12-tan-ha/1.2\"", "")):
        for key, value in re.findall(r"^[# ]*([a-z_]+): (\"[^\"]*\"|…)", text, re.M):
            assert key in rules.PLACEHOLDER_OF and value == rules.PLACEHOLDER_OF[key].written(DAY), (key, value)
