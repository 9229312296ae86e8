"""Deterministic synthetic content in Công khai's real format, at any scale.

A province as the two tiers of local government since the 2025 reform have it: the
province (tỉnh Lâm Đồng, the id pelicanconf.py's SITE_BODY names) and up to 100
communes and wards, each a body of content/data/bodies.yaml with its own editors,
agencies and folder of sessions (content/sessions/<body>/), over ten years of
sessions. The days run from 2009 to mid-2018, so that every benchmark reads the
province as of 2018-07-05 (AS_OF) and ten years of each body's report cycles are
published, as a province that has used the site for ten years publishes them.

N items are spread over sessions of about 20 items: most held by a commune at one of
its two former communes (content/data/communes.yaml), one in twenty by the province.
A commune's items are answered on the spot, assigned to its own offices, some to the
province's departments, a few forwarded up to them; each assigned or forwarded item
has zero to two responses (Markdown answers of 3 paragraphs, as in the sample). A few
communes were merged into a neighbour at the start of 2018: each hands its
outstanding items over (content/handovers/), its offices' items to the successor's
offices, the departments' items to the province, the rest to the successor's
People's Committee. How many communes there are, and how many merged, follows from
N alone, and the same (N, seed) always gives the same bytes, so builds of two runs
can be compared.

    python benchmarks/generate.py OUT_DIR --items 20000
"""

import argparse
import datetime as dt
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ITEMS_PER_SESSION = 20
FIRST_DAY = dt.date(2009, 1, 6)
LAST_DAY = dt.date(2018, 6, 26)  # sessions up to just before the as-of day
AS_OF = dt.date(2018, 7, 5)  # the day every benchmark reads the province as of
MAX_COMMUNES = 100  # a province after the reform: Lâm Đồng has 124 communes and wards
SESSIONS_PER_COMMUNE = 10  # below MAX_COMMUNES communes: one commune per ten sessions
PROVINCE_EVERY = 20  # one session in twenty is the province's
MERGED_UNTIL = dt.date(2017, 12, 31)  # the last day of the communes merged into a neighbour
MAX_MERGED = 3
PROVINCE = "tinh-lam-dong"

TOPICS = [
    ("dat-dai", "Đất đai"), ("giao-thong", "Giao thông"), ("thuy-loi", "Thủy lợi"),
    ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("an-sinh-xa-hoi", "An sinh xã hội"),
    ("moi-truong", "Môi trường"), ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("xay-dung-co-ban", "Xây dựng cơ bản"), ("dien", "Điện"), ("nong-nghiep", "Nông nghiệp"),
    ("quan-ly-dieu-hanh", "Quản lý, điều hành của chính quyền"),
]
# A commune's offices since the reform, and the topics each answers (the rest: its People's Committee).
COMMUNE_OFFICES = [
    ("kt", "Phòng Kinh tế", {"dat-dai", "giao-thong", "thuy-loi", "moi-truong", "xay-dung-co-ban", "dien",
                             "nong-nghiep"}),
    ("vhxh", "Phòng Văn hóa - Xã hội", {"giao-duc", "y-te", "an-sinh-xa-hoi"}),
    ("ubnd", "UBND", set()),
]
# The province's departments, and the topics each answers.
PROVINCE_AGENCIES = [
    ("so-nn-mt", "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng", {"dat-dai", "thuy-loi", "moi-truong", "nong-nghiep"}),
    ("so-xd", "Sở Xây dựng tỉnh Lâm Đồng", {"giao-thong", "xay-dung-co-ban"}),
    ("so-gd-dt", "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng", {"giao-duc"}),
    ("so-y-te", "Sở Y tế tỉnh Lâm Đồng", {"y-te", "an-sinh-xa-hoi"}),
    ("cong-an-tinh", "Công an tỉnh Lâm Đồng", {"an-ninh-trat-tu"}),
    ("so-noi-vu", "Sở Nội vụ tỉnh Lâm Đồng", {"quan-ly-dieu-hanh"}),
    ("pc-lam-dong", "Công ty Điện lực Lâm Đồng", {"dien"}),
]
PROVINCE_KEYS = {key for key, _, _ in PROVINCE_AGENCIES}
WORDS = ["Tân", "Sơn", "Thắng", "Phúc", "Đức", "Hà", "Xuân", "Minh", "Nghĩa", "Thuận", "Hòa", "Lộc",
         "Phong", "Bình", "Đông", "An", "Long", "Mỹ", "Hải", "Lạc"]
AUDIENCES = ["nhan-dan"] * 6 + ["can-bo-y-te-giao-duc", "mat-tran-doan-the", "doanh-nghiep",
                                 "chuc-sac-ton-giao-dan-toc"]
PLACES = ["thôn {n}", "khu phố {n}", "ấp {n}"]
SUBJECTS = [
    "Tuyến đường liên thôn từ {p} đi trung tâm xã dài khoảng {km} km đã xuống cấp nghiêm trọng, mùa mưa lầy lội",
    "Việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân ở {p} còn chậm, nhiều hồ sơ nộp đã lâu chưa có kết quả",
    "Kênh mương nội đồng ở {p} bị bồi lắng, không đủ nước tưới cho khoảng {ha} ha lúa vụ hè thu",
    "Tình trạng trộm cắp tài sản ở {p} thời gian gần đây gia tăng, người dân lo lắng",
    "Trạm y tế xã thiếu thuốc và trang thiết bị, người dân ở {p} phải đi xa khám bệnh",
    "Các khoản thu đầu năm học ở trường tiểu học trên địa bàn {p} còn nhiều, phụ huynh khó khăn",
    "Bãi rác tạm ở {p} gây ô nhiễm, mùi hôi ảnh hưởng đến sinh hoạt của các hộ dân xung quanh",
    "Điện sinh hoạt ở {p} thường xuyên mất, điện áp yếu vào giờ cao điểm",
    "Chế độ cho người có công và hộ nghèo ở {p} chi trả chưa kịp thời",
]
ASKS = ["Đề nghị {lvl} kiểm tra, có hướng giải quyết sớm.", "Đề nghị cơ quan chức năng xem xét, xử lý dứt điểm.",
        "Đề nghị {lvl} đầu tư trong kế hoạch năm tới.", "Đề nghị trả lời cụ thể cho người dân được biết."]
PARAGRAPHS = [
    "Về nội dung kiến nghị {t}, {a} đã phối hợp với địa phương kiểm tra thực tế tại {c}, rà soát hồ sơ và "
    "làm việc với các hộ dân liên quan để nắm rõ tình hình.",
    "Qua kiểm tra, các trường hợp đủ điều kiện đã được giải quyết theo quy định; các trường hợp còn vướng "
    "mắc đã được hướng dẫn cụ thể bằng văn bản, đồng thời giao các thôn, khu phố theo dõi, báo cáo kết quả.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách {lvl} năm {y} và nguồn vốn của chương trình mục tiêu "
    "quốc gia xây dựng nông thôn mới; dự kiến hoàn thành trong quý {q} năm {y}.",
    "{a} sẽ tiếp tục theo dõi, đôn đốc và báo cáo UBND {lvl} kết quả thực hiện trước ngày 28/{m}/{y}.",
]


@dataclass
class Body:
    """A body of the synthetic province: the province, or a commune or ward with two former communes."""
    id: str
    name: str  # as inside a sentence: «xã Tân Sơn»
    kind: str  # tinh | xa | phuong
    level: str  # the word a sentence uses for it: tỉnh, xã, phường
    code: str
    places: list[tuple[str, str]] = field(default_factory=list)  # (commune id, name) of communes.yaml
    # Merged into it after MERGED_UNTIL. (The generator is loaded by path, outside sys.modules, where a
    # dataclass cannot resolve an annotation written as a string: hence no `from __future__ import annotations`.)
    successor: Optional["Body"] = None

    @property
    def until(self) -> dt.date | None:
        return MERGED_UNTIL if self.successor else None

    def agency(self, key: str) -> str:
        return f"{key}-{self.id}"

    def agencies(self) -> list[tuple[str, str, str]]:
        """(id, name, level) of its agencies: the province's departments, or a commune's offices."""
        if self.kind == "tinh":
            return [(key, name, "province") for key, name, _ in PROVINCE_AGENCIES]
        return [(self.agency(key), f"{name} {self.name}", "commune") for key, name, _ in COMMUNE_OFFICES]

    def agency_for(self, topic: str) -> str:
        table = PROVINCE_AGENCIES if self.kind == "tinh" else COMMUNE_OFFICES
        key = next((key for key, _, topics in table if topic in topics), table[-1][0])
        return key if self.kind == "tinh" else self.agency(key)


def ascii_id(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (đ as d), as content ids are written."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "-".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())


def commune_count(items: int) -> int:
    sessions = max(1, -(-items // ITEMS_PER_SESSION))
    return min(MAX_COMMUNES, max(2, sessions // SESSIONS_PER_COMMUNE))


def bodies(items: int) -> list[Body]:
    """The province, then its communes and wards (two former communes each, every sixth a ward);
    the last few communes merged into the one before them."""
    province = Body(PROVINCE, "tỉnh Lâm Đồng", "tinh", "tỉnh", "68")
    count = commune_count(items)
    pairs = [(a, b) for a in WORDS for b in WORDS if a != b]
    pairs = pairs[::7] + [p for i, p in enumerate(pairs) if i % 7]  # spread the first words
    communes = []
    for k in range(count):
        (a, b), (c, d) = pairs[2 * k], pairs[2 * k + 1]
        ward = k % 6 == 5
        kind, level = ("phuong", "phường") if ward else ("xa", "xã")
        body = Body(f"{kind}-{ascii_id(a + ' ' + b)}", f"{level} {a} {b}", kind, level, f"{22800 + 3 * k}")
        body.places = [(ascii_id(f"{a} {b}"), f"{'Phường' if ward else 'Xã'} {a} {b}"),
                       (ascii_id(f"{c} {d}"), f"Xã {c} {d}")]
        communes.append(body)
    merged = max(1, min(MAX_MERGED, count // 25))
    for k in range(merged):
        gone = communes[count - 1 - 2 * k]
        gone.successor = communes[count - 2 - 2 * k]
    return [province] + communes


def q(text: str) -> str:
    """A YAML double-quoted scalar (all our text is safe there once quotes and backslashes are escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_data(out: Path, all_bodies: list[Body]) -> None:
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    note = "# Dữ liệu tổng hợp cho đo hiệu năng (synthetic benchmark data), không phải số liệu thật.\n"
    (data / "topics.yaml").write_text(note + "topics:\n" + "".join(
        f"  - id: {i}\n    name: {q(n)}\n" for i, n in TOPICS), encoding="utf-8")
    agencies = []
    for body in all_bodies:
        for agency_id, name, level in body.agencies():
            agencies.append(f"  - id: {agency_id}\n    name: {q(name)}\n    level: {level}\n    body: {body.id}\n"
                            + (f"    until: {body.until.isoformat()}\n" if body.until else ""))
    (data / "agencies.yaml").write_text(note + "agencies:\n" + "".join(agencies), encoding="utf-8")
    (data / "communes.yaml").write_text(note + "communes:\n" + "".join(
        f"  - id: {i}\n    name: {q(n)}\n    successors: [{(body.successor or body).id}]\n"
        for body in all_bodies for i, n in body.places), encoding="utf-8")
    entries = []
    for body in all_bodies:
        lines = [f"  - id: {body.id}", f"    name: {q(body.name)}", f"    kind: {body.kind}",
                 f'    editors: ["@cong-khai-lam-dong/bien-tap-{body.id}"]', f'    code: "{body.code}"']
        if body.kind != "tinh":
            lines.append(f"    parent: {PROVINCE}")
        if body.successor:
            lines += [f"    until: {body.until.isoformat()}", "    successors:",
                      f"      - body: {body.successor.id}",
                      f"        act: {q('Nghị quyết sắp xếp đơn vị hành chính cấp xã (minh họa)')}"]
        entries.append("\n".join(lines) + "\n")
    (data / "bodies.yaml").write_text(note + "bodies:\n" + "".join(entries), encoding="utf-8")


def write_handover(out: Path, gone: Body) -> None:
    """The merged commune's outstanding items, passed on the day after its last."""
    day = gone.until + dt.timedelta(days=1)
    to = gone.successor
    rules = [f"  - to: {PROVINCE}\n    agency: {key}\n    agencies: [{key}]\n" for key, _, _ in PROVINCE_AGENCIES]
    rules += [f"  - to: {to.id}\n    agency: {to.agency(key)}\n    agencies: [{gone.agency(key)}]\n"
              for key, _, _ in COMMUNE_OFFICES[:-1]]
    rules.append(f"  - to: {to.id}\n    agency: {to.agency('ubnd')}\n"
                 f"    communes: [{', '.join(i for i, _ in gone.places)}]\n")
    text = (f"title: {q(f'Bàn giao các nội dung đối thoại còn tồn của {gone.name}')}\nfrom: {gone.id}\n"
            f"date: {day.isoformat()}\n"
            f"document: {q(f'Biên bản bàn giao ngày {gone.until.day:02d}/{gone.until.month:02d}/{gone.until.year} (minh họa)')}\n"
            "rules:\n" + "".join(rules))
    folder = out / "handovers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{day.isoformat()}-{gone.id}.yaml").write_text(text, encoding="utf-8")


def session_dates(count: int) -> list[dt.date]:
    span = (LAST_DAY - FIRST_DAY).days
    return [FIRST_DAY + dt.timedelta(days=span * k // max(1, count - 1)) for k in range(count)]


def item_text(rng: random.Random, place: str, level: str) -> str:
    subject = rng.choice(SUBJECTS).format(p=place, km=rng.randint(2, 9), ha=rng.randint(20, 300))
    return f"{subject}. {rng.choice(ASKS).format(lvl=level)}"


def answer_body(rng: random.Random, topic: str, agency: str, commune: str, level: str, day: dt.date) -> str:
    values = dict(t=topic.lower(), a=agency, c=commune, lvl=level, y=day.year, q=(day.month - 1) // 3 + 1,
                  m=day.month)
    chosen = rng.sample(PARAGRAPHS, 3)
    return "\n\n".join(p.format(**values) for p in chosen) + "\n"


@dataclass
class Province:
    """What a session needs to know of the province: its bodies and agencies' names."""
    province: Body
    agency_names: dict[str, str]
    topic_names: dict[str, str]


def write_session(out: Path, rng: random.Random, index: int, day: dt.date, items: int, body: Body,
                  place: tuple[str, str], where: Province) -> int:
    """One session file of a body, in its folder, and its responses; returns the number of items written."""
    place_id, place_name = place
    session_id = f"{day.isoformat()}-{place_id}-{index}"
    if body.kind == "tinh":
        title, chairs = f"Đối thoại giữa người đứng đầu cấp ủy, chính quyền {body.name} với nhân dân {place_name}", \
            ["Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]
    else:
        title, chairs = f"Đối thoại giữa người đứng đầu cấp ủy, chính quyền {body.name} với nhân dân", \
            [f"Bí thư Đảng ủy {body.level}", f"Chủ tịch UBND {body.level}"]
    lines = [f"title: {q(title)}", f"date: {day.isoformat()}", f"place: {q(f'Hội trường UBND {place_name}')}",
             f"commune: {place_id}", f"body: {body.id}", "basis:", "  - Quy định số 11-QĐi/TW",
             f"audience: {rng.choice(AUDIENCES)}", "chairs:", *(f"  - {chair}" for chair in chairs),
             f"attendance: {rng.randint(60, 240)}",
             f"summary: {q(f'Hội nghị có {items} nội dung; các nội dung được trả lời tại chỗ hoặc giao cơ quan chuyên môn giải quyết.')}",
             "opinions:"]
    written, opinion = 0, 0
    while written < items:
        opinion += 1
        spot = rng.choice(PLACES).format(n=rng.randint(1, 12))
        lines += [f"  - stt: {opinion}", f"    speaker: {q(f'Cử tri {spot}')}", "    items:"]
        for no in range(1, min(rng.randint(1, 3), items - written) + 1):
            written += 1
            topic_id = rng.choice(TOPICS)[0]
            lines += [f"      - stt: {no}", f"        topic: {topic_id}",
                      f"        text: {q(item_text(rng, spot, body.level))}"]
            roll = rng.random()
            if roll < 0.3:
                first = answer_body(rng, where.topic_names[topic_id], body.level, place_name, body.level, day)
                lines += ["        handling: answered",
                          f"        answer: {q(f'Chủ tịch UBND {body.level} trả lời: ' + first.split(chr(10))[0])}"]
                continue
            # A commune's own offices answer most; the province's departments some, and a few go up to them.
            handling = "forwarded" if roll > 0.95 and body.kind != "tinh" else "assigned"
            upward = body.kind == "tinh" or roll > 0.82
            agency = where.province.agency_for(topic_id) if upward else body.agency_for(topic_id)
            due = day + dt.timedelta(days=rng.randint(20, 90))
            lines += [f"        handling: {handling}", f"        agency: {agency}", f"        due: {due.isoformat()}"]
            write_responses(out, rng, session_id, opinion, no, day, agency, body, place_name, topic_id, where)
    folder = out / "sessions" / body.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{session_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def write_responses(out, rng, session_id, opinion, no, day, agency, body, place_name, topic_id, where) -> None:
    """Zero to two responses: most items resolved, some in progress, a few untouched. A merged
    commune's office answers until its last day, the successor's same office after it."""
    outcomes = rng.choice([["resolved"], ["resolved"], ["in-progress", "resolved"], ["in-progress"], []])
    when = day
    for n, outcome in enumerate(outcomes, start=1):
        when = when + dt.timedelta(days=rng.randint(10, 60))
        if when > AS_OF:
            return
        answering = agency
        if body.successor and when > MERGED_UNTIL and agency.endswith("-" + body.id):
            answering = body.successor.agency(agency[: -len(body.id) - 1])
        level = "tỉnh" if answering in PROVINCE_KEYS else body.level
        folder = out / "responses" / body.id / session_id  # in its session's body folder, as the session
        folder.mkdir(parents=True, exist_ok=True)
        front = (f"---\nitem: \"{session_id}/{opinion}.{no}\"\ndate: {when.isoformat()}\n"
                 f"agency: {answering}\noutcome: {outcome}\n"
                 f"document: {q(f'Công văn số {rng.randint(10, 999)}/UBND ngày {when.day:02d}/{when.month}/{when.year}')}\n---\n\n")
        (folder / f"{opinion}.{no}-{n}.md").write_text(
            front + answer_body(rng, where.topic_names[topic_id], where.agency_names[answering], place_name,
                                level, when), encoding="utf-8")


def generate(out: Path, items: int, seed: int = 218) -> dict:
    """Write a content tree of `items` items into out (replaced); return counts."""
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed)
    all_bodies = bodies(items)
    province, communes = all_bodies[0], all_bodies[1:]
    write_data(out, all_bodies)
    (out / "sessions").mkdir(parents=True)
    (out / "responses").mkdir(parents=True)
    where = Province(province, {a: n for b in all_bodies for a, n, _ in b.agencies()}, dict(TOPICS))
    count = max(1, -(-items // ITEMS_PER_SESSION))
    written = 0
    for index, day in enumerate(session_dates(count)):
        size = min(ITEMS_PER_SESSION, items - written)
        commune = communes[index % len(communes)]
        if commune.successor and day > MERGED_UNTIL:
            commune = commune.successor
        place = commune.places[(index // len(communes)) % len(commune.places)]
        body = province if index % PROVINCE_EVERY == 3 else commune
        written += write_session(out, rng, index + 1, day, size, body, place, where)
    for body in communes:
        if body.successor:
            write_handover(out, body)
    responses = sum(1 for _ in (out / "responses").rglob("*.md"))
    return {"sessions": count, "items": written, "responses": responses, "bodies": len(all_bodies),
            "handovers": sum(1 for body in communes if body.successor)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="content folder to (re)create")
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=218)
    args = parser.parse_args(argv)
    print(generate(args.out, args.items, args.seed))


if __name__ == "__main__":
    main()
