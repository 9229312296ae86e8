"""Deterministic synthetic content in Công khai's real format, at any scale.

A province of ten districts over ten years: N items spread over sessions of
about 20 items, each session in one commune, each assigned or forwarded item
with one or two responses (Markdown answers of 3 paragraphs, as in the
sample). The same (items, seed) always gives the same bytes, so builds of two
runs can be compared.

    python benchmarks/generate.py OUT_DIR --items 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

ITEMS_PER_SESSION = 20
FIRST_DAY = dt.date(2009, 1, 6)
LAST_DAY = dt.date(2018, 6, 26)  # sessions up to just before the as-of day 2018-07-05

TOPICS = [
    ("dat-dai", "Đất đai"), ("giao-thong", "Giao thông"), ("thuy-loi", "Thủy lợi"),
    ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("an-sinh-xa-hoi", "An sinh xã hội"),
    ("moi-truong", "Môi trường"), ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("xay-dung-co-ban", "Xây dựng cơ bản"), ("dien", "Điện"), ("nong-nghiep", "Nông nghiệp"),
    ("quan-ly-dieu-hanh", "Quản lý, điều hành của chính quyền"),
]
AGENCY_KINDS = [
    ("phong-tnmt", "Phòng Tài nguyên và Môi trường"), ("phong-kt-ht", "Phòng Kinh tế - Hạ tầng"),
    ("phong-gd-dt", "Phòng Giáo dục và Đào tạo"), ("phong-y-te", "Phòng Y tế"),
    ("phong-ld-tbxh", "Phòng Lao động - Thương binh và Xã hội"),
    ("phong-nn-ptnt", "Phòng Nông nghiệp và Phát triển nông thôn"), ("cong-an", "Công an"),
]
PROVINCE_AGENCIES = [
    ("so-tnmt", "Sở Tài nguyên và Môi trường"), ("so-gtvt", "Sở Giao thông vận tải"),
    ("dien-luc", "Công ty Điện lực tỉnh"),
]
DISTRICTS = ["Hàm Tân", "Đức Linh", "Tánh Linh", "Hàm Thuận Nam", "Hàm Thuận Bắc", "Bắc Bình",
             "Tuy Phong", "Phú Quý", "La Gi", "Phan Thiết"]
COMMUNE_WORDS = ["Tân", "Sơn", "Thắng", "Phúc", "Đức", "Hà", "Xuân", "Minh", "Nghĩa", "Thuận",
                 "Hòa", "Lộc", "Phong", "Bình", "Đông"]
AUDIENCES = ["nhan-dan"] * 6 + ["can-bo-y-te-giao-duc", "mat-tran-doan-the", "doanh-nghiep",
                                 "chuc-sac-ton-giao-dan-toc"]
PLACES = ["thôn {n}", "khu phố {n}", "ấp {n}"]
SUBJECTS = [
    "Tuyến đường liên thôn từ {p} đi trung tâm xã dài khoảng {km} km đã xuống cấp nghiêm trọng, mùa mưa lầy lội",
    "Việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân ở {p} còn chậm, nhiều hồ sơ nộp đã lâu chưa có kết quả",
    "Kênh mương nội đồng ở {p} bị bồi lắng, không đủ nước tưới cho khoảng {ha} ha lúa vụ hè thu",
    "Tình trạng trộm cắp tài sản ở {p} thời gian gần đây gia tăng, người dân lo lắng",
    "Trạm y tế xã thiếu thuốc và trang thiết bị, người dân ở {p} phải lên tuyến huyện khám bệnh",
    "Các khoản thu đầu năm học ở trường tiểu học trên địa bàn {p} còn nhiều, phụ huynh khó khăn",
    "Bãi rác tạm ở {p} gây ô nhiễm, mùi hôi ảnh hưởng đến sinh hoạt của các hộ dân xung quanh",
    "Điện sinh hoạt ở {p} thường xuyên mất, điện áp yếu vào giờ cao điểm",
    "Chế độ cho người có công và hộ nghèo ở {p} chi trả chưa kịp thời",
]
ASKS = ["Đề nghị huyện kiểm tra, có hướng giải quyết sớm.", "Đề nghị cơ quan chức năng xem xét, xử lý dứt điểm.",
        "Đề nghị huyện đầu tư trong kế hoạch năm tới.", "Đề nghị trả lời cụ thể cho người dân được biết."]
PARAGRAPHS = [
    "Về nội dung kiến nghị {t}, {a} đã phối hợp với UBND {c} kiểm tra thực tế, rà soát hồ sơ và làm việc "
    "với các hộ dân liên quan để nắm rõ tình hình.",
    "Qua kiểm tra, các trường hợp đủ điều kiện đã được giải quyết theo quy định; các trường hợp còn vướng "
    "mắc đã được hướng dẫn cụ thể bằng văn bản, đồng thời giao UBND {c} theo dõi, báo cáo kết quả.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách huyện năm {y} và nguồn vốn của chương trình mục tiêu "
    "quốc gia xây dựng nông thôn mới; dự kiến hoàn thành trong quý {q} năm {y}.",
    "{a} sẽ tiếp tục theo dõi, đôn đốc và báo cáo UBND huyện kết quả thực hiện trước ngày 30/{m}/{y}.",
]


def communes() -> list[tuple[str, str, str]]:
    """(id, name, district) for 10 districts of 12 communes."""
    result = []
    for d, district in enumerate(DISTRICTS):
        for c in range(12):
            word = COMMUNE_WORDS[(c + d) % len(COMMUNE_WORDS)]
            result.append((f"h{d + 1}-x{c + 1}", f"Xã {word} {DISTRICTS[(d + c) % 10].split()[-1]} {c + 1}",
                           district))
    return result


def agencies() -> list[tuple[str, str, str]]:
    """(id, name, level): the district offices of every district, then the province's."""
    result = [(f"h{d + 1}-{key}", f"{name} huyện {district}", "district")
              for d, district in enumerate(DISTRICTS) for key, name in AGENCY_KINDS]
    return result + [(key, name, "province") for key, name in PROVINCE_AGENCIES]


def q(text: str) -> str:
    """A YAML double-quoted scalar (all our text is safe there once quotes and backslashes are escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_data(out: Path) -> None:
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "topics.yaml").write_text("topics:\n" + "".join(
        f"  - id: {i}\n    name: {q(n)}\n" for i, n in TOPICS), encoding="utf-8")
    (data / "agencies.yaml").write_text("agencies:\n" + "".join(
        f"  - id: {i}\n    name: {q(n)}\n    level: {lvl}\n" for i, n, lvl in agencies()), encoding="utf-8")
    (data / "communes.yaml").write_text("communes:\n" + "".join(
        f"  - id: {i}\n    name: {q(n)}\n" for i, n, _ in communes()), encoding="utf-8")


def session_dates(count: int) -> list[dt.date]:
    span = (LAST_DAY - FIRST_DAY).days
    return [FIRST_DAY + dt.timedelta(days=span * k // max(1, count - 1)) for k in range(count)]


def item_text(rng: random.Random, place: str) -> str:
    subject = rng.choice(SUBJECTS).format(p=place, km=rng.randint(2, 9), ha=rng.randint(20, 300))
    return f"{subject}. {rng.choice(ASKS)}"


def answer_body(rng: random.Random, topic: str, agency: str, commune: str, day: dt.date) -> str:
    values = dict(t=topic.lower(), a=agency, c=commune, y=day.year, q=(day.month - 1) // 3 + 1, m=day.month)
    chosen = rng.sample(PARAGRAPHS, 3)
    return "\n\n".join(p.format(**values) for p in chosen) + "\n"


def write_session(out: Path, rng: random.Random, index: int, day: dt.date, items: int,
                  commune: tuple, district_agencies: list, topic_names: dict) -> int:
    """One session file and its responses; returns the number of items written."""
    commune_id, commune_name, district = commune
    session_id = f"{day.isoformat()}-{commune_id}-{index}"
    lines = [f"title: {q(f'Đối thoại giữa người đứng đầu cấp ủy, chính quyền huyện {district} với nhân dân {commune_name}')}",
             f"date: {day.isoformat()}", f"place: {q(f'Hội trường UBND {commune_name}')}",
             f"commune: {commune_id}", f"audience: {rng.choice(AUDIENCES)}",
             "chairs:", "  - Bí thư Huyện ủy", "  - Chủ tịch UBND huyện",
             f"attendance: {rng.randint(60, 240)}",
             f"summary: {q(f'Hội nghị có {items} nội dung; các nội dung được trả lời tại chỗ hoặc giao cơ quan chuyên môn giải quyết.')}",
             "opinions:"]
    written, opinion = 0, 0
    while written < items:
        opinion += 1
        place = rng.choice(PLACES).format(n=rng.randint(1, 12))
        lines += [f"  - stt: {opinion}", f"    speaker: {q(f'Cử tri {place}')}", "    items:"]
        for no in range(1, min(rng.randint(1, 3), items - written) + 1):
            written += 1
            topic_id = rng.choice(TOPICS)[0]
            lines += [f"      - stt: {no}", f"        topic: {topic_id}", f"        text: {q(item_text(rng, place))}"]
            roll = rng.random()
            if roll < 0.3:
                lines += ["        handling: answered",
                          f"        answer: {q('Chủ tịch UBND huyện trả lời: ' + answer_body(rng, topic_names[topic_id], 'huyện', commune_name, day).split(chr(10))[0])}"]
                continue
            handling = "forwarded" if roll > 0.93 else "assigned"
            agency = rng.choice(district_agencies) if handling == "assigned" else rng.choice(PROVINCE_AGENCIES)
            due = day + dt.timedelta(days=rng.randint(20, 90))
            lines += [f"        handling: {handling}", f"        agency: {agency[0]}", f"        due: {due.isoformat()}"]
            write_responses(out, rng, session_id, opinion, no, day, agency, topic_names[topic_id], commune_name)
    path = out / "sessions" / f"{session_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def write_responses(out, rng, session_id, opinion, no, day, agency, topic, commune_name) -> None:
    """Zero to two responses: most items resolved, some in progress, a few untouched."""
    outcomes = rng.choice([["resolved"], ["resolved"], ["in-progress", "resolved"], ["in-progress"], []])
    when = day
    for n, outcome in enumerate(outcomes, start=1):
        when = when + dt.timedelta(days=rng.randint(10, 60))
        if when > dt.date(2018, 7, 5):
            return
        folder = out / "responses" / session_id
        folder.mkdir(parents=True, exist_ok=True)
        front = (f"---\nitem: \"{session_id}/{opinion}.{no}\"\ndate: {when.isoformat()}\n"
                 f"agency: {agency[0]}\noutcome: {outcome}\n"
                 f"document: {q(f'Công văn số {rng.randint(10, 999)}/UBND ngày {when.day:02d}/{when.month}/{when.year}')}\n---\n\n")
        (folder / f"{opinion}.{no}-{n}.md").write_text(
            front + answer_body(rng, topic, agency[1], commune_name, when), encoding="utf-8")


def generate(out: Path, items: int, seed: int = 218) -> dict:
    """Write a content tree of `items` items into out (replaced); return counts."""
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed)
    write_data(out)
    (out / "sessions").mkdir(parents=True)
    (out / "responses").mkdir(parents=True)
    places, agency_list = communes(), agencies()
    topic_names = dict(TOPICS)
    count = max(1, -(-items // ITEMS_PER_SESSION))
    written = 0
    for index, day in enumerate(session_dates(count)):
        size = min(ITEMS_PER_SESSION, items - written)
        commune = places[index % len(places)]
        district_no = commune[0].split("-")[0]
        mine = [a for a in agency_list if a[0].startswith(district_no + "-")]
        written += write_session(out, rng, index + 1, day, size, commune, mine, topic_names)
    responses = sum(1 for _ in (out / "responses").rglob("*.md"))
    return {"sessions": count, "items": written, "responses": responses}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="content folder to (re)create")
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=218)
    args = parser.parse_args(argv)
    print(generate(args.out, args.items, args.seed))


if __name__ == "__main__":
    main()
