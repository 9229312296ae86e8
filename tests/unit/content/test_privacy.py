"""The privacy guard: each usual spelling of personal data is caught and
masked; numbers that are not personal data pass."""

from __future__ import annotations

import pytest

from pelican.plugins.congkhai.content import privacy
from pelican.plugins.congkhai.content.reading import parse_yaml, split_front_matter

CAUGHT = [
    ("Liên hệ 0912345678 để biết thêm", "phone", "0912•••678"),
    ("số 0912 345 678.", "phone", "0912•••678"),
    ("số 0912.345.678", "phone", "0912•••678"),
    ("số 0912-345-678", "phone", "0912•••678"),
    ("gọi +84 912 345 678", "phone", "0912•••678"),
    ("gọi +84912345678", "phone", "0912•••678"),
    ("máy bàn 0252.3870.123", "phone", "0252•••123"),
    ("máy bàn 0252 3870 123", "phone", "0252•••123"),
    ("CMND 271234567 cấp năm 2005", "id-card", "27•••67"),
    ("CMND số 271 234 567", "id-card", "27•••67"),
    ("CCCD 079123456789", "id-card", "07•••89"),
    ("căn cước công dân số 079 123 456 789", "id-card", "07•••89"),
    ("gửi thư tới nguyen.van.a@gmail.com nhé", "email", "n•••@gmail.com"),
    ("hộ ở số nhà 45 đường Nguyễn Huệ", "address", "số •••"),
    ("ông Nguyễn Văn An, 12 Trần Hưng Đạo", "address", "ông •••"),
    ("bà Lê Thị Hoa ở 45/2 đường Nguyễn Huệ", "address", "bà •••"),
    ("anh Trần Văn Bình trú tại số 7 Lê Lợi", "address", "anh •••"),
]

PASSING = [
    "ngày 05/7/2018", "ngày 5 tháng 7 năm 2018", "2018-06-12", "05.7.2018",
    "Công văn số 512/UBND-TNMT ngày 05/7/2018", "Quyết định 1234/QĐ-UBND", "Kế hoạch 08/KH-UBND",
    "hỗ trợ 1.250.000 đồng", "kinh phí 1.250.000.000 đồng", "250.000.000 đồng", "3,5 tỷ đồng",
    "thửa đất số 123, tờ bản đồ số 45", "năm 2018", "đạt 95,5%", "tăng 12%",
    "Quốc lộ 55", "km 12+300", "đường dây nóng 1900 1234", "số 12 Trần Hưng Đạo (trụ sở UBND)",
    "ông Nguyễn Văn An, 12 tuổi", "Cử tri thôn 3", "xã Tân Hà có 1.234 hộ",
]


@pytest.mark.parametrize("text, kind, masked", CAUGHT)
def test_each_spelling_is_caught_and_masked(text, kind, masked):
    hits = privacy.find(text)
    assert [(h.kind, h.masked) for h in hits] == [(kind, masked)]


@pytest.mark.parametrize("text", PASSING)
def test_numbers_that_are_not_personal_data_pass(text):
    assert privacy.find(text) == []


def test_the_whole_number_is_never_echoed():
    for text, _, _ in CAUGHT:
        for problem in privacy.problems_in(text, "f.yaml", 3, "text", set()):
            digits = "".join(c for c in text if c.isdigit())
            shown = "".join(c for c in problem.message if c.isdigit())
            assert digits not in shown or len(digits) < 4, problem
            assert "@gmail" not in text or "nguyen.van.a" not in problem.message


@pytest.mark.parametrize("allowed", ["0252 3870 123", "0252.3870.123", "02523870123", "+84 252 3870 123"])
def test_an_allowed_public_number_passes_in_any_spelling(allowed):
    allowed_set = privacy.normalise_allowed([allowed])
    assert privacy.find("đường dây nóng 0252.3870.123", allowed_set) == []
    assert privacy.find("đường dây nóng 0252 3870 124", allowed_set) != []


def test_an_allowed_public_address_passes():
    allowed = privacy.normalise_allowed(["VanPhong@hamtan.gov.vn"])
    assert privacy.find("thư gửi vanphong@hamtan.gov.vn", allowed) == []


def _session(text: str):
    data, problems = parse_yaml(text, "s.yaml")
    assert problems == []
    return data


def test_a_session_problem_names_file_line_field_and_kind():
    data = _session("title: T\nopinions:\n  - stt: 1\n    speaker: Cử tri thôn 1, ĐT 0912345678\n"
                    "    items:\n      - stt: 1\n        text: |\n          Dòng một.\n"
                    "          Email a.b@example.com\n")
    problems = [str(p) for p in privacy.check_session(data, "content/sessions/s.yaml", set())]
    assert [p.split(" (got ")[0] for p in problems] == [
        "content/sessions/s.yaml:4: opinions[1].speaker: looks like a phone number, personal data "
        "that must not be published",
        "content/sessions/s.yaml:9: opinions[1].items[1].text: looks like an e-mail address, personal "
        "data that must not be published",
    ]


def test_the_reviewed_marker_acknowledges_a_file():
    text = 'privacy_reviewed: "Số trụ sở UBND xã, đã công bố"\nsummary: Gọi 0912345678\n'
    assert privacy.check_session(_session(text), "s.yaml", set()) == []
    assert privacy.check_session(_session('privacy_reviewed: ""\nsummary: Gọi 0912345678\n'), "s.yaml", set())


def test_a_response_body_hit_points_at_its_line():
    front, body, body_line = split_front_matter("---\nitem: x\n---\nDòng một.\n\nGọi 0912 345 678.\n")
    data, _ = parse_yaml(front, "r.md", 1)
    [problem] = privacy.check_response(data, body, body_line, "r.md", set())
    assert (problem.line, problem.field) == (6, "(answer)")
