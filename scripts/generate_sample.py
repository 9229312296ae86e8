#!/usr/bin/env python3
"""Generate the illustrative (minh họa) sample content for "Công khai".

The data describe dialogue sessions (đối thoại) between the heads of the Party
committee and government of huyện Hàm Tân, tỉnh Bình Thuận and the people, the
citizens' questions (ý kiến, nội dung) and the answers. It is ILLUSTRATIVE data,
not real records: the texts are built from templates with a seeded random
generator so that the totals match the figures the district reported in July
2018 (28 sessions, 359 opinions, 577 items; as of 05/7/2018: 454 resolved,
123 outstanding of which 41 not yet due).

Only content/sessions/, content/responses/ and content/data/ are wiped and
rewritten. Output is deterministic: two runs give byte-identical files.

    python scripts/generate_sample.py [--out content]   # write, then self-check
    python scripts/generate_sample.py --check           # only re-read and check
"""
import argparse
import datetime as dt
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import yaml

AS_OF = dt.date(2018, 7, 5)          # date of the district's report
LAST_DAY = dt.date(2026, 11, 27)     # no response is dated after this
N_OPINIONS, N_ITEMS, N_ANSWERED, N_NOT_DUE, N_OVERDUE = 359, 577, 176, 41, 82
N_RESOLVED = N_ITEMS - N_NOT_DUE - N_OVERDUE                       # 454
STILL_OPEN = {"forwarded": 4, "in-progress": 6, "none": 4}          # as of LAST_DAY
SCHEMA_HEADER = ("yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
                 "Dữ liệu minh họa (illustrative sample), không phải số liệu thật.")

# id, name, level, document number suffix, register (shared numbering), documents/day
AGENCIES = [
    ("phong-tnmt", "Phòng Tài nguyên và Môi trường", "district", "/UBND-TNMT", "ubnd-huyen", 9),
    ("phong-kt-ht", "Phòng Kinh tế - Hạ tầng", "district", "/UBND-KTHT", "ubnd-huyen", 9),
    ("phong-nn-ptnt", "Phòng Nông nghiệp và Phát triển nông thôn", "district", "/UBND-NNPTNT", "ubnd-huyen", 9),
    ("phong-ld-tbxh", "Phòng Lao động - Thương binh và Xã hội", "district", "/UBND-LĐTBXH", "ubnd-huyen", 9),
    ("phong-gd-dt", "Phòng Giáo dục và Đào tạo", "district", "/UBND-GDĐT", "ubnd-huyen", 9),
    ("phong-y-te", "Phòng Y tế", "district", "/UBND-YT", "ubnd-huyen", 9),
    ("phong-tc-kh", "Phòng Tài chính - Kế hoạch", "district", "/UBND-TCKH", "ubnd-huyen", 9),
    ("phong-noi-vu", "Phòng Nội vụ", "district", "/UBND-NV", "ubnd-huyen", 9),
    ("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND huyện", "district", "/UBND-VP", "ubnd-huyen", 9),
    ("ban-qlda", "Ban Quản lý dự án đầu tư xây dựng huyện", "district", "/BQLDA", "ban-qlda", 1),
    ("cong-an-huyen", "Công an huyện", "district", "/CAH-TM", "cong-an-huyen", 2),
    ("cn-vpdk-dat-dai", "Chi nhánh Văn phòng Đăng ký đất đai huyện Hàm Tân", "district", "/CNVPĐKĐĐ", "cn-vpdk-dat-dai", 2),
    ("ban-to-chuc-huyen-uy", "Ban Tổ chức Huyện ủy", "district", "-CV/BTCHU", "ban-to-chuc-huyen-uy", 0.5),
    ("ubnd-tan-nghia", "UBND thị trấn Tân Nghĩa", "commune", "/UBND", "ubnd-tan-nghia", 2),
    ("so-tnmt", "Sở Tài nguyên và Môi trường tỉnh Bình Thuận", "province", "/STNMT-QLĐĐ", "so-tnmt", 12),
    ("so-gtvt", "Sở Giao thông vận tải tỉnh Bình Thuận", "province", "/SGTVT-QLGT", "so-gtvt", 10),
    ("ubnd-tinh", "UBND tỉnh Bình Thuận", "province", "/UBND-KT", "ubnd-tinh", 14),
    ("dien-luc-ham-tan", "Điện lực Hàm Tân", "other", "/ĐLHT-KT", "dien-luc-ham-tan", 1),
]
AGENCY = {a[0]: a for a in AGENCIES}
TOPICS = [
    ("xay-dung-dang", "Công tác xây dựng Đảng"), ("quan-ly-dieu-hanh", "Quản lý, điều hành của chính quyền"),
    ("dat-dai", "Đất đai"), ("xay-dung-co-ban", "Xây dựng cơ bản"), ("giao-thong", "Giao thông"),
    ("thuy-loi", "Thủy lợi"), ("an-sinh-xa-hoi", "An sinh xã hội"), ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"), ("moi-truong", "Môi trường"), ("dien", "Điện"), ("an-ninh-trat-tu", "An ninh, trật tự"),
]
# id, name, number of thôn / khu phố (used only to vary the texts)
COMMUNES = [
    ("tan-nghia", "Thị trấn Tân Nghĩa", 6), ("tan-minh", "Thị trấn Tân Minh", 5), ("tan-duc", "Xã Tân Đức", 4),
    ("tan-phuc", "Xã Tân Phúc", 5), ("tan-ha", "Xã Tân Hà", 5), ("tan-xuan", "Xã Tân Xuân", 7),
    ("song-phan", "Xã Sông Phan", 6), ("tan-thang", "Xã Tân Thắng", 7), ("thang-hai", "Xã Thắng Hải", 6),
    ("son-my", "Xã Sơn Mỹ", 6),
]
COMMUNE = {c[0]: c for c in COMMUNES}
AGENCY_FOR_TOPIC = {
    "xay-dung-dang": ["ban-to-chuc-huyen-uy"], "quan-ly-dieu-hanh": ["van-phong-hdnd-ubnd", "phong-noi-vu", "phong-tc-kh"],
    "dat-dai": ["phong-tnmt", "phong-tnmt", "cn-vpdk-dat-dai"], "xay-dung-co-ban": ["ban-qlda", "phong-kt-ht", "phong-tc-kh"],
    "giao-thong": ["phong-kt-ht", "ban-qlda"], "thuy-loi": ["phong-nn-ptnt"], "an-sinh-xa-hoi": ["phong-ld-tbxh"],
    "giao-duc": ["phong-gd-dt"], "y-te": ["phong-y-te"], "moi-truong": ["phong-tnmt"],
    "dien": ["dien-luc-ham-tan", "dien-luc-ham-tan", "phong-kt-ht"], "an-ninh-trat-tu": ["cong-an-huyen"],
}
PROVINCE_FOR_TOPIC = {"dat-dai": "so-tnmt", "moi-truong": "so-tnmt", "giao-thong": "so-gtvt", "thuy-loi": "ubnd-tinh"}
TOPIC_WEIGHTS = {
    "nhan-dan": {"dat-dai": 26, "giao-thong": 18, "thuy-loi": 8, "an-sinh-xa-hoi": 10, "giao-duc": 6, "y-te": 5,
                 "moi-truong": 7, "dien": 7, "an-ninh-trat-tu": 5, "quan-ly-dieu-hanh": 5, "xay-dung-co-ban": 4,
                 "xay-dung-dang": 2},
    "can-bo-y-te-giao-duc": {"giao-duc": 40, "y-te": 30, "an-sinh-xa-hoi": 8, "quan-ly-dieu-hanh": 8,
                             "xay-dung-dang": 6, "xay-dung-co-ban": 8},
    "doanh-nghiep": {"dat-dai": 30, "giao-thong": 20, "dien": 18, "quan-ly-dieu-hanh": 15, "moi-truong": 10,
                     "an-sinh-xa-hoi": 7},
    "mat-tran-doan-the": {"xay-dung-dang": 25, "quan-ly-dieu-hanh": 20, "dat-dai": 15, "an-sinh-xa-hoi": 15,
                          "giao-thong": 10, "an-ninh-trat-tu": 10, "moi-truong": 5},
    "chuc-sac-ton-giao-dan-toc": {"dat-dai": 30, "an-sinh-xa-hoi": 25, "giao-duc": 15, "quan-ly-dieu-hanh": 15,
                                  "an-ninh-trat-tu": 10, "giao-thong": 5},
}
# 28 held sessions: "<date> <commune id>" (with the people) or "<date> <audience>" (district-wide)
SESSIONS = [(d, k if k in COMMUNE else None, "nhan-dan" if k in COMMUNE else k) for d, k in (x.split() for x in """
2015-12-22 tan-nghia, 2016-01-19 son-my, 2016-03-15 tan-thang, 2016-04-19 can-bo-y-te-giao-duc, 2016-05-17 thang-hai,
2016-06-21 tan-phuc, 2016-07-19 song-phan, 2016-08-16 tan-xuan, 2016-09-20 doanh-nghiep, 2016-10-18 tan-duc,
2016-11-15 tan-minh, 2016-12-20 tan-ha, 2017-02-21 mat-tran-doan-the, 2017-03-21 son-my, 2017-04-18 tan-thang,
2017-05-16 chuc-sac-ton-giao-dan-toc, 2017-06-20 thang-hai, 2017-07-18 tan-phuc, 2017-08-15 song-phan,
2017-09-19 can-bo-y-te-giao-duc, 2017-10-17 tan-duc, 2017-11-21 tan-minh, 2018-01-16 doanh-nghiep, 2018-03-20 tan-nghia,
2018-05-15 tan-xuan, 2018-05-29 mat-tran-doan-the, 2018-06-12 tan-ha, 2018-06-26 tan-duc""".split(","))]
ANNOUNCED = ("2026-12-18", "son-my", "nhan-dan")
TITLE_FOR = {
    "can-bo-y-te-giao-duc": "cán bộ, giáo viên, nhân viên y tế trên địa bàn huyện",
    "doanh-nghiep": "đại diện các doanh nghiệp, hợp tác xã trên địa bàn huyện",
    "mat-tran-doan-the": "cán bộ Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
    "chuc-sac-ton-giao-dan-toc": "chức sắc tôn giáo và người có uy tín trong đồng bào dân tộc thiểu số",
}
SPEAKERS = {  # {thon}/{xa} filled per opinion
    "nhan-dan": ["Đại diện Hội Nông dân {cap}", "Đại diện Hội Cựu chiến binh {cap}", "Đại diện Hội Liên hiệp Phụ nữ {cap}",
                 "Đại diện Đoàn Thanh niên {cap}", "Trưởng {thon}", "Bí thư Chi bộ {thon}", "Người cao tuổi {thon}"],
    "can-bo-y-te-giao-duc": ["Giáo viên một trường tiểu học tại {xa}", "Giáo viên một trường THCS tại {xa}",
                             "Đại diện Trạm Y tế {xa}", "Nhân viên y tế thôn tại {xa}",
                             "Cán bộ quản lý một trường mầm non tại {xa}", "Đại diện Trung tâm Y tế huyện"],
    "doanh-nghiep": ["Đại diện một doanh nghiệp chế biến nông sản tại {xa}", "Đại diện một hợp tác xã nông nghiệp tại {xa}",
                     "Đại diện một doanh nghiệp khai thác, chế biến khoáng sản tại {xa}",
                     "Đại diện một doanh nghiệp xây dựng tại {xa}", "Chủ một hộ kinh doanh tại {xa}"],
    "mat-tran-doan-the": ["Đại diện Ủy ban MTTQ Việt Nam {xa}", "Đại diện Hội Nông dân {xa}",
                          "Đại diện Hội Liên hiệp Phụ nữ {xa}", "Đại diện Hội Cựu chiến binh {xa}",
                          "Đại diện Đoàn Thanh niên {xa}", "Trưởng Ban công tác Mặt trận {thon}, {xa}"],
    "chuc-sac-ton-giao-dan-toc": ["Chức sắc Phật giáo tại {xa}", "Chức sắc Công giáo tại {xa}",
                                  "Người có uy tín trong đồng bào dân tộc thiểu số tại {xa}",
                                  "Đại diện Ban Trị sự Giáo hội Phật giáo Việt Nam huyện"],
}
# Text templates, one per line: "<kind> <key> | text [| subject]". Kinds: q = citizen's question
# (key = topic, or audience/topic for audience-specific ones; subject is reused in replies),
# Q = a question that may be forwarded to the province (PROVINCE_FOR_TOPIC),
# a = chair's on-the-spot answer, r = action reported in a 'resolved' response, p = 'in-progress'
# action; key * = fallback. Placeholders: {thon} {thon2} {xa} {y} {y2} {y3} {n} {km} {ha} {ct} {subject}.
TEMPLATES = r"""
q dat-dai | Nhiều hộ dân ở {thon} đã nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất từ năm {y} nhưng đến nay vẫn chưa nhận được giấy. Đề nghị huyện cho biết nguyên nhân và thời gian giải quyết. | việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân ở {thon}
q dat-dai | Khoảng {n} hộ ở {thon} canh tác ổn định trên đất rẫy từ trước năm 2004 nhưng chưa được công nhận quyền sử dụng đất. Đề nghị huyện tổ chức đo đạc, cấp giấy chứng nhận cho bà con. | việc công nhận quyền sử dụng đất rẫy cho các hộ ở {thon}
Q dat-dai | Giá bồi thường giải phóng mặt bằng dự án mở rộng đường qua {thon} còn thấp so với giá thị trường, người dân chưa đồng thuận. Đề nghị huyện xem xét lại đơn giá bồi thường, hỗ trợ. | đơn giá bồi thường, hỗ trợ giải phóng mặt bằng dự án mở rộng đường qua {thon}
Q dat-dai | Đất của một số hộ ở {thon} nằm trong quy hoạch đất rừng phòng hộ nhưng thực tế đã trồng cây lâu năm nhiều năm. Đề nghị huyện kiến nghị điều chỉnh quy hoạch để người dân được cấp giấy. | việc điều chỉnh quy hoạch đất rừng phòng hộ tại {thon}
q dat-dai | Thủ tục tách thửa, chuyển mục đích sử dụng đất ở còn rườm rà, thời gian giải quyết kéo dài. Đề nghị huyện rút ngắn thời gian và công khai thủ tục tại bộ phận một cửa. | thủ tục tách thửa, chuyển mục đích sử dụng đất
q dat-dai | Tranh chấp ranh giới đất đai giữa một số hộ ở {thon} đã được hòa giải ở xã nhưng chưa dứt điểm. Đề nghị các ngành của huyện vào cuộc giải quyết. | tranh chấp ranh giới đất đai giữa một số hộ ở {thon}
q dat-dai | Đề nghị huyện công khai quy hoạch, kế hoạch sử dụng đất năm {y2} của {xa} để người dân biết và thực hiện. | việc công khai quy hoạch, kế hoạch sử dụng đất của {xa}
q dat-dai | Dự án khu dân cư tại {thon} đã thu hồi đất từ năm {y} nhưng chậm triển khai, đất bỏ hoang. Đề nghị huyện kiểm tra, xử lý hoặc cho người dân tạm canh tác. | dự án khu dân cư chậm triển khai tại {thon}
q giao-thong | Tuyến đường từ {thon} đi {thon2} dài khoảng {km} km đã xuống cấp nghiêm trọng, mùa mưa lầy lội, học sinh đi lại khó khăn. Đề nghị huyện đầu tư bê tông hóa tuyến đường này. | việc bê tông hóa tuyến đường từ {thon} đi {thon2}
q giao-thong | Người dân {thon} sẵn sàng đóng góp ngày công, hiến đất để làm đường giao thông nông thôn. Đề nghị huyện hỗ trợ xi măng, vật tư theo phương châm Nhà nước và nhân dân cùng làm. | việc hỗ trợ xi măng làm đường giao thông nông thôn tại {thon}
Q giao-thong | Đoạn quốc lộ qua {xa} có nhiều ổ gà, thiếu biển báo, đã xảy ra nhiều vụ tai nạn. Đề nghị huyện kiến nghị cấp trên sửa chữa, lắp đặt biển báo và gờ giảm tốc. | việc sửa chữa, lắp biển báo trên đoạn quốc lộ qua {xa}
q giao-thong | Đường nội đồng ở {thon} chưa được đầu tư, xe chở nông sản không vào được. Đề nghị huyện đưa tuyến đường vào kế hoạch đầu tư năm tới. | việc đầu tư đường nội đồng tại {thon}
q giao-thong | Cầu tạm bắc qua suối ở {thon} đã hư hỏng, mùa mưa nước lên không đi qua được. Đề nghị huyện sớm xây dựng cầu kiên cố. | việc xây dựng cầu qua suối tại {thon}
q giao-thong | Tuyến đường liên xã mới thi công xong qua {thon} đã bị nứt, bong tróc. Đề nghị huyện kiểm tra chất lượng công trình và yêu cầu nhà thầu sửa chữa. | chất lượng tuyến đường liên xã mới thi công qua {thon}
Q giao-thong | Xe tải chở cát, đá chạy qua đường ở {thon} làm hư đường và gây bụi. Đề nghị huyện kiểm tra, xử lý xe quá tải. | tình trạng xe quá tải làm hư đường ở {thon}
q thuy-loi | Kênh mương thủy lợi ở {thon} bị bồi lấp, sạt lở, vụ Đông Xuân vừa qua nhiều diện tích bị thiếu nước. Đề nghị huyện đầu tư kiên cố hóa kênh mương. | việc kiên cố hóa kênh mương thủy lợi tại {thon}
Q thuy-loi | Đề nghị huyện nạo vét hồ chứa nước và sửa chữa cống điều tiết phục vụ tưới tiêu cho khoảng {ha} ha lúa của {thon}. | việc nạo vét hồ chứa và sửa chữa cống điều tiết phục vụ tưới cho {thon}
q thuy-loi | Mùa mưa năm {y2} nước tràn từ suối gây ngập úng hoa màu của bà con {thon}. Đề nghị huyện khảo sát, xây dựng bờ bao chống ngập. | việc xây dựng bờ bao chống ngập úng tại {thon}
q thuy-loi | Việc phân phối nước tưới từ hồ chứa chưa hợp lý, các hộ cuối kênh ở {thon} thường xuyên thiếu nước. Đề nghị huyện chỉ đạo điều tiết nước công bằng. | việc điều tiết nước tưới cho các hộ cuối kênh ở {thon}
q an-sinh-xa-hoi | Việc bình xét hộ nghèo, hộ cận nghèo ở {thon} năm {y2} chưa công khai, một số hộ khó khăn thực sự chưa được đưa vào danh sách. Đề nghị huyện kiểm tra lại. | việc bình xét hộ nghèo, hộ cận nghèo năm {y2} tại {thon}
q an-sinh-xa-hoi | Một số người có công và thân nhân liệt sĩ ở {xa} chưa được hưởng chế độ do thất lạc hồ sơ. Đề nghị huyện hướng dẫn và giải quyết. | việc giải quyết chế độ cho người có công còn vướng hồ sơ tại {xa}
q an-sinh-xa-hoi | Đề nghị huyện quan tâm hỗ trợ nhà ở cho {n} hộ nghèo ở {thon} đang ở nhà tạm, dột nát. | việc hỗ trợ nhà ở cho hộ nghèo tại {thon}
q an-sinh-xa-hoi | Người cao tuổi từ 80 tuổi trở lên và người khuyết tật ở {thon} nhận trợ cấp xã hội chậm. Đề nghị huyện chỉ đạo chi trả đúng thời gian. | việc chi trả trợ cấp xã hội cho người cao tuổi, người khuyết tật tại {thon}
q an-sinh-xa-hoi | Thẻ bảo hiểm y tế cấp cho hộ cận nghèo ở {xa} năm {y2} còn sai thông tin, cấp chậm. Đề nghị huyện kiểm tra, cấp lại kịp thời. | việc cấp thẻ bảo hiểm y tế cho hộ cận nghèo tại {xa}
q an-sinh-xa-hoi | Lao động nông thôn ở {xa} muốn học nghề nhưng các lớp đào tạo chưa phù hợp. Đề nghị huyện mở các lớp nghề gắn với nhu cầu việc làm. | việc đào tạo nghề cho lao động nông thôn tại {xa}
q giao-duc | Trường tiểu học ở {thon} có nhiều phòng học xuống cấp, thiếu nhà vệ sinh cho học sinh. Đề nghị huyện đầu tư sửa chữa trước năm học mới. | việc sửa chữa phòng học, nhà vệ sinh tại trường tiểu học ở {thon}
q giao-duc | Điểm trường mẫu giáo ở {thon} chưa có tường rào, sân chơi. Đề nghị huyện quan tâm đầu tư để các cháu học tập an toàn. | việc đầu tư tường rào, sân chơi cho điểm trường mẫu giáo ở {thon}
q giao-duc | Các khoản thu đầu năm học và tình trạng dạy thêm, học thêm ở một số trường trên địa bàn {xa} còn nhiều. Đề nghị ngành giáo dục chấn chỉnh. | các khoản thu đầu năm học và việc dạy thêm, học thêm tại {xa}
q giao-duc | Học sinh {thon} phải đi học xa, đường sá khó khăn. Đề nghị huyện xem xét mở thêm điểm trường hoặc hỗ trợ phương tiện đi lại. | việc bố trí điểm trường cho học sinh {thon}
q y-te | Trạm Y tế {xa} thiếu bác sĩ và trang thiết bị, người dân phải lên tuyến huyện khám bệnh. Đề nghị huyện bổ sung bác sĩ cho trạm. | việc bổ sung bác sĩ, trang thiết bị cho Trạm Y tế {xa}
q y-te | Thủ tục khám chữa bệnh bảo hiểm y tế tại Trung tâm Y tế huyện còn phải chờ đợi lâu. Đề nghị cải tiến quy trình để giảm thời gian chờ. | thời gian chờ khám chữa bệnh bảo hiểm y tế tại Trung tâm Y tế huyện
q y-te | Mùa mưa năm {y2} số ca sốt xuất huyết ở {thon} tăng. Đề nghị ngành y tế tổ chức phun thuốc diệt muỗi và tuyên truyền phòng bệnh. | việc phòng, chống sốt xuất huyết tại {thon}
q y-te | Một số cơ sở kinh doanh thực phẩm ở {xa} chưa bảo đảm vệ sinh an toàn thực phẩm. Đề nghị tăng cường kiểm tra. | công tác kiểm tra vệ sinh an toàn thực phẩm tại {xa}
q moi-truong | Rác thải sinh hoạt ở {thon} chưa được thu gom, người dân đổ ra ven đường gây ô nhiễm. Đề nghị huyện mở rộng tuyến thu gom rác. | việc thu gom rác thải sinh hoạt tại {thon}
Q moi-truong | Cơ sở chế biến gần {thon} xả nước thải gây mùi hôi, ô nhiễm nguồn nước giếng của người dân. Đề nghị huyện kiểm tra, xử lý. | tình trạng ô nhiễm do cơ sở chế biến gần {thon}
Q moi-truong | Hoạt động khai thác cát trái phép ở {thon} gây sạt lở đất, hư hỏng đường. Đề nghị huyện kiên quyết xử lý. | tình trạng khai thác cát trái phép tại {thon}
q moi-truong | Trại chăn nuôi heo gần khu dân cư {thon} gây mùi hôi, ảnh hưởng sức khỏe người dân. Đề nghị huyện kiểm tra việc xử lý chất thải. | việc xử lý chất thải của trại chăn nuôi heo gần {thon}
q moi-truong | Bãi rác tạm ở {xa} quá tải, bốc mùi hôi nhiều năm nay. Đề nghị huyện sớm có phương án xử lý. | bãi rác tạm tại {xa}
q dien | Khoảng {n} hộ ở {thon} chưa có điện lưới quốc gia, phải câu nhờ điện với giá cao. Đề nghị ngành điện đầu tư kéo điện vào. | việc kéo điện lưới cho các hộ chưa có điện ở {thon}
q dien | Điện ở {thon} thường xuyên chập chờn, điện áp yếu vào giờ cao điểm, ảnh hưởng đến tưới tiêu. Đề nghị nâng cấp trạm biến áp. | tình trạng điện áp yếu tại {thon}
q dien | Đề nghị huyện đầu tư điện chiếu sáng công cộng trên tuyến đường chính qua {thon} để bảo đảm an toàn giao thông và an ninh trật tự. | việc lắp đặt điện chiếu sáng công cộng trên tuyến đường qua {thon}
q dien | Cột điện hạ thế ở {thon} bị nghiêng, dây điện võng thấp nguy hiểm cho người và phương tiện. Đề nghị ngành điện khắc phục. | cột điện nghiêng, dây điện võng thấp tại {thon}
q an-ninh-trat-tu | Tình trạng trộm cắp tài sản, trộm bò ở {thon} thời gian gần đây gia tăng. Đề nghị Công an huyện tăng cường tuần tra, truy xét. | tình trạng trộm cắp tài sản tại {thon}
q an-ninh-trat-tu | Thanh thiếu niên tụ tập, đua xe vào ban đêm trên các tuyến đường ở {xa}. Đề nghị lực lượng chức năng có biện pháp xử lý. | tình trạng thanh thiếu niên tụ tập, đua xe tại {xa}
q an-ninh-trat-tu | Tình trạng cho vay nặng lãi có dấu hiệu xuất hiện ở {xa}. Đề nghị công an điều tra, xử lý nghiêm. | tình trạng cho vay nặng lãi tại {xa}
q an-ninh-trat-tu | Một số điểm kinh doanh karaoke ở {xa} hoạt động quá giờ gây mất trật tự. Đề nghị kiểm tra, xử lý. | hoạt động karaoke quá giờ tại {xa}
q quan-ly-dieu-hanh | Việc giải quyết thủ tục hành chính tại bộ phận một cửa của {xa} có lúc còn chậm, hẹn nhiều lần. Đề nghị huyện chấn chỉnh. | việc giải quyết thủ tục hành chính tại bộ phận một cửa của {xa}
q quan-ly-dieu-hanh | Đề nghị huyện cho biết tiến độ xây dựng nông thôn mới của {xa} và các khoản người dân phải đóng góp. | tiến độ xây dựng nông thôn mới và các khoản đóng góp của người dân tại {xa}
q quan-ly-dieu-hanh | Đơn thư của người dân gửi đến xã có trường hợp chậm được trả lời. Đề nghị huyện chỉ đạo giải quyết đơn đúng thời hạn. | việc giải quyết đơn thư của người dân tại {xa}
q quan-ly-dieu-hanh | Nhà văn hóa {thon} xuống cấp, thiếu trang thiết bị sinh hoạt. Đề nghị huyện hỗ trợ kinh phí sửa chữa. | việc sửa chữa nhà văn hóa {thon}
q xay-dung-co-ban | Công trình {ct} ở {thon} thi công kéo dài, đến nay chưa hoàn thành. Đề nghị huyện đôn đốc nhà thầu đẩy nhanh tiến độ. | tiến độ công trình {ct} tại {thon}
q xay-dung-co-ban | Người dân đã góp tiền xây dựng {ct} ở {thon} nhưng công trình chưa được quyết toán, công khai. Đề nghị huyện kiểm tra. | việc quyết toán, công khai kinh phí công trình {ct} tại {thon}
q xay-dung-co-ban | Đề nghị huyện công khai danh mục các công trình đầu tư công trên địa bàn {xa} giai đoạn 2016–2020 để người dân giám sát. | danh mục công trình đầu tư công trên địa bàn {xa} giai đoạn 2016–2020
q xay-dung-dang | Nhiều chi bộ thôn ở {xa} nhiều năm không kết nạp được đảng viên mới. Đề nghị cấp ủy quan tâm công tác phát triển đảng viên trong thanh niên. | công tác phát triển đảng viên tại {xa}
q xay-dung-dang | Một số cán bộ, đảng viên ở cơ sở còn thiếu gương mẫu, chưa gần dân. Đề nghị cấp ủy tăng cường kiểm tra, giám sát. | việc kiểm tra, giám sát tính gương mẫu của cán bộ, đảng viên ở cơ sở
q xay-dung-dang | Đề nghị Huyện ủy có chế độ hỗ trợ phù hợp cho bí thư chi bộ kiêm trưởng thôn ở {xa}. | chế độ hỗ trợ cho bí thư chi bộ kiêm trưởng thôn
q xay-dung-dang | Đề nghị cho biết việc thực hiện Quy định 218-QĐ/TW về Mặt trận và các đoàn thể tham gia góp ý xây dựng Đảng, xây dựng chính quyền ở {xa}. | việc thực hiện Quy định 218-QĐ/TW tại {xa}
q can-bo-y-te-giao-duc/giao-duc | Giáo viên hợp đồng ở các trường trên địa bàn {xa} đã công tác nhiều năm nhưng chưa được tuyển dụng. Đề nghị huyện xem xét ưu tiên khi tuyển dụng. | việc tuyển dụng giáo viên hợp đồng tại {xa}
q can-bo-y-te-giao-duc/giao-duc | Nhiều trường ở {xa} thiếu giáo viên tiếng Anh, tin học. Đề nghị huyện bổ sung biên chế cho năm học {y3}. | việc bổ sung giáo viên tiếng Anh, tin học cho các trường tại {xa}
q can-bo-y-te-giao-duc/y-te | Phụ cấp của nhân viên y tế thôn ở {xa} còn thấp so với khối lượng công việc. Đề nghị huyện xem xét hỗ trợ thêm. | phụ cấp của nhân viên y tế thôn tại {xa}
q can-bo-y-te-giao-duc/y-te | Trạm Y tế {xa} xuống cấp, thiếu phòng lưu bệnh nhân. Đề nghị huyện bố trí vốn sửa chữa. | việc sửa chữa Trạm Y tế {xa}
Q doanh-nghiep/dat-dai | Doanh nghiệp đã được chấp thuận chủ trương đầu tư dự án tại {xa} từ năm {y} nhưng chưa được giao đất, cho thuê đất do vướng bồi thường. Đề nghị huyện hỗ trợ. | việc giao đất, cho thuê đất cho dự án của doanh nghiệp tại {xa}
q doanh-nghiep/giao-thong | Đường vào khu sản xuất của doanh nghiệp tại {xa} hẹp và xuống cấp, xe container không vào được. Đề nghị huyện nâng cấp tuyến đường. | việc nâng cấp đường vào khu sản xuất tại {xa}
q doanh-nghiep/dien | Doanh nghiệp tại {xa} cần điện ba pha phục vụ sản xuất nhưng chưa có đường dây trung thế. Đề nghị ngành điện đầu tư. | việc cấp điện ba pha cho cơ sở sản xuất tại {xa}
q doanh-nghiep/quan-ly-dieu-hanh | Thủ tục cấp giấy phép xây dựng nhà xưởng còn kéo dài, phải đi lại nhiều lần. Đề nghị huyện cải cách thủ tục hành chính. | thủ tục cấp giấy phép xây dựng nhà xưởng
q doanh-nghiep/moi-truong | Doanh nghiệp mong được hướng dẫn thủ tục lập hồ sơ môi trường cho cơ sở sản xuất tại {xa}. | việc hướng dẫn thủ tục hồ sơ môi trường cho doanh nghiệp tại {xa}
q doanh-nghiep/an-sinh-xa-hoi | Doanh nghiệp khó tuyển lao động có tay nghề tại địa phương. Đề nghị huyện phối hợp đào tạo nghề theo đơn đặt hàng. | việc đào tạo nghề theo nhu cầu của doanh nghiệp
q mat-tran-doan-the/xay-dung-dang | Đề nghị cấp ủy, chính quyền tạo điều kiện để Mặt trận và các đoàn thể {xa} giám sát các công trình có vốn đóng góp của nhân dân. | việc Mặt trận, đoàn thể giám sát công trình có vốn đóng góp của nhân dân tại {xa}
q mat-tran-doan-the/xay-dung-dang | Việc tiếp thu, phản hồi các ý kiến góp ý của Mặt trận và đoàn thể đối với chính quyền {xa} còn chậm. Đề nghị cấp ủy chỉ đạo khắc phục. | việc tiếp thu, phản hồi góp ý của Mặt trận và đoàn thể tại {xa}
q mat-tran-doan-the/quan-ly-dieu-hanh | Kinh phí hoạt động của các chi hội đoàn thể ở thôn còn hạn hẹp. Đề nghị huyện xem xét hỗ trợ. | kinh phí hoạt động của các chi hội đoàn thể ở thôn
q chuc-sac-ton-giao-dan-toc/dat-dai | Cơ sở tôn giáo ở {xa} đã sử dụng đất ổn định nhiều năm nhưng chưa được cấp giấy chứng nhận quyền sử dụng đất. Đề nghị huyện hướng dẫn thủ tục. | việc cấp giấy chứng nhận quyền sử dụng đất cho cơ sở tôn giáo tại {xa}
q chuc-sac-ton-giao-dan-toc/an-sinh-xa-hoi | Một số hộ đồng bào dân tộc thiểu số ở {thon} còn thiếu đất sản xuất. Đề nghị huyện hỗ trợ theo chính sách của Nhà nước. | việc hỗ trợ đất sản xuất cho hộ đồng bào dân tộc thiểu số ở {thon}
q chuc-sac-ton-giao-dan-toc/quan-ly-dieu-hanh | Thủ tục đăng ký sửa chữa cơ sở thờ tự ở {xa} còn chậm. Đề nghị huyện hướng dẫn, giải quyết kịp thời. | thủ tục sửa chữa cơ sở thờ tự tại {xa}
a dat-dai | Về {subject}, các hồ sơ đủ điều kiện sẽ được giải quyết trong thời hạn theo quy định; trường hợp chưa đủ điều kiện, UBND {xa} sẽ hướng dẫn người dân bổ sung giấy tờ.
a dat-dai | Về {subject}, việc thu hồi, bồi thường và cấp giấy chứng nhận thực hiện theo Luật Đất đai năm 2013 và quy định của UBND tỉnh; kết quả rà soát đã được niêm yết tại UBND {xa}.
a giao-thong | Về {subject}, huyện đã đưa vào danh mục rà soát, đầu tư năm {y3}; trước mắt giao cơ quan chuyên môn kiểm tra, khắc phục tạm thời để bảo đảm đi lại an toàn.
a giao-thong | Về {subject}, huyện đã giao cơ quan chuyên môn kiểm tra, khắc phục các điểm hư hỏng; đề nghị người dân chấp hành quy định về tải trọng xe.
a thuy-loi | Về {subject}, huyện đã bố trí kinh phí sự nghiệp thủy lợi năm {y2} để nạo vét, sửa chữa trước vụ Đông Xuân; UBND {xa} chủ trì tổ chức thực hiện.
a an-sinh-xa-hoi | Về {subject}, việc bình xét, chi trả chính sách thực hiện theo quy định và công khai tại thôn; trường hợp chưa đúng, người dân kiến nghị để xã rà soát lại ngay trong đợt tới.
a giao-duc | Về {subject}, huyện đã đưa vào kế hoạch của ngành giáo dục năm học {y3}; Phòng Giáo dục và Đào tạo sẽ kiểm tra, chấn chỉnh những nội dung chưa đúng quy định.
a y-te | Về {subject}, ngành y tế đã có kế hoạch tăng cường bác sĩ luân phiên về tuyến xã và đẩy mạnh tuyên truyền; người dân nên tham gia bảo hiểm y tế đầy đủ để được hưởng quyền lợi.
a moi-truong | Về {subject}, huyện đã chỉ đạo kiểm tra, lập biên bản và yêu cầu khắc phục; trường hợp tái phạm sẽ xử phạt theo quy định về bảo vệ môi trường.
a dien | Về {subject}, Điện lực Hàm Tân đã đưa vào kế hoạch cải tạo lưới điện năm {y3}; trước mắt sẽ kiểm tra, khắc phục các điểm mất an toàn.
a an-ninh-trat-tu | Về {subject}, Công an huyện đã chỉ đạo công an cơ sở tăng cường tuần tra, kiểm soát vào ban đêm; đề nghị người dân tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc.
a quan-ly-dieu-hanh | Về {subject}, UBND huyện ghi nhận và sẽ chấn chỉnh; yêu cầu UBND {xa} công khai quy trình, thời hạn giải quyết và trả lời người dân đúng hẹn.
a xay-dung-co-ban | Về {subject}, huyện đã yêu cầu chủ đầu tư đôn đốc nhà thầu và công khai kinh phí công trình tại UBND {xa} để nhân dân giám sát.
a xay-dung-dang | Về {subject}, Ban Thường vụ Huyện ủy ghi nhận; thời gian tới sẽ chỉ đạo các chi bộ, đảng bộ cơ sở khắc phục và tăng cường kiểm tra, giám sát.
a * | Về {subject}, huyện ghi nhận ý kiến của cử tri; nội dung này đã có chủ trương giải quyết, UBND {xa} có trách nhiệm thông báo cụ thể đến người dân.
r dat-dai | Đối với các trường hợp đủ điều kiện, UBND huyện đã giải quyết theo quy định; các trường hợp còn vướng mắc về nguồn gốc đất đã được hướng dẫn cụ thể bằng văn bản.
r dat-dai | Kết quả cụ thể:\n\n- Đã đo đạc, xác định hiện trạng sử dụng đất;\n- Đã đối chiếu với quy hoạch, kế hoạch sử dụng đất được duyệt;\n- Đã giải quyết các trường hợp đủ điều kiện và hướng dẫn các trường hợp còn lại.
r giao-thong | Công trình đã được bố trí vốn trong kế hoạch đầu tư công, thi công hoàn thành và đưa vào sử dụng.
r giao-thong | Kết quả:\n\n- Đã khảo sát, lập hồ sơ sửa chữa;\n- Đã thi công khắc phục các đoạn hư hỏng;\n- Đã bàn giao cho UBND cấp xã quản lý, duy tu.
r thuy-loi | Huyện đã bố trí kinh phí sự nghiệp thủy lợi để nạo vét, sửa chữa; công trình hoàn thành trước vụ sản xuất, bảo đảm nước tưới.
r an-sinh-xa-hoi | Các trường hợp đủ điều kiện đã được giải quyết chế độ theo quy định; danh sách đã được niêm yết công khai tại UBND cấp xã và nhà văn hóa thôn, khu phố.
r an-sinh-xa-hoi | Kết quả:\n\n- Đã rà soát lại danh sách đối tượng;\n- Đã bổ sung các trường hợp đủ điều kiện;\n- Đã chi trả, hỗ trợ đầy đủ cho các đối tượng.
r giao-duc | Ngành giáo dục đã bố trí kinh phí, chỉ đạo các trường khắc phục và báo cáo kết quả; nội dung phản ánh đã được xử lý xong.
r y-te | Ngành y tế đã triển khai các biện pháp khắc phục, tăng cường kiểm tra và tuyên truyền đến người dân.
r moi-truong | Đoàn kiểm tra liên ngành đã lập biên bản, xử phạt vi phạm hành chính và yêu cầu khắc phục; qua kiểm tra lại, tình trạng ô nhiễm đã được chấm dứt.
r dien | Đơn vị đã khảo sát và thi công xong, hệ thống điện đã vận hành ổn định.
r an-ninh-trat-tu | Công an huyện đã phối hợp với công an cơ sở mở đợt cao điểm tuần tra, kiểm soát; tình hình an ninh, trật tự tại địa bàn đã ổn định.
r quan-ly-dieu-hanh | UBND huyện đã chỉ đạo chấn chỉnh và kiểm tra việc thực hiện; nội dung kiến nghị đã được giải quyết.
r xay-dung-co-ban | Chủ đầu tư đã đôn đốc nhà thầu hoàn thành công trình, quyết toán và công khai kinh phí theo quy định.
r xay-dung-dang | Ban Thường vụ Huyện ủy đã chỉ đạo các tổ chức cơ sở đảng rà soát, khắc phục và đưa nội dung này vào chương trình kiểm tra, giám sát hằng năm.
p dat-dai | Hiện đang đo đạc, xác minh nguồn gốc đất và lấy ý kiến khu dân cư.
p giao-thong | Công trình đã được đưa vào danh mục dự kiến đầu tư; hiện đang khảo sát, lập hồ sơ thiết kế.
p thuy-loi | Hiện đang khảo sát hiện trạng và lập dự toán sửa chữa.
p xay-dung-dang | Hiện đang tổng hợp, báo cáo Ban Thường vụ Huyện ủy xem xét, chỉ đạo.
p an-ninh-trat-tu | Hiện đang tăng cường tuần tra, xác minh và truy xét các vụ việc liên quan.
p * | Hiện đang tổng hợp, báo cáo UBND huyện xem xét, bố trí kinh phí và giải pháp thực hiện.
"""


def load_templates(text):
    table = {}
    for line in text.strip().splitlines():
        head, *parts = [p.strip() for p in line.split("|")]
        kind, key = head.split()
        value = (*parts, kind == "Q") if kind in "qQ" else parts[0].replace("\\n", "\n")
        table.setdefault((kind.lower(), key), []).append(value)
    return table


TPL = load_templates(TEMPLATES)


def nfc(obj):
    """NFC-normalise every string inside obj (keeps the Quoted marker)."""
    if isinstance(obj, str):
        text = unicodedata.normalize("NFC", obj)
        return Quoted(text) if isinstance(obj, Quoted) else text
    if isinstance(obj, dict):
        return {nfc(k): nfc(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [nfc(v) for v in obj]
    return obj


class Quoted(str):
    """A string always written double-quoted (e.g. item ids)."""


class Dumper(yaml.SafeDumper):
    """Block-style dumper that also indents list items under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _repr_str(dumper, s):
    style = "|" if "\n" in s else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


Dumper.add_representer(str, _repr_str)
Dumper.add_representer(Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


def dump_yaml(data):
    text = yaml.dump(nfc(data), Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096)
    # PyYAML quotes the key 'no' (YAML 1.1 would read it as false); Công khai's
    # reader follows YAML 1.2 booleans, and editors write it plain, so do we.
    return re.sub(r"^(\s*(?:- )?)'no':", r"\1no:", text, flags=re.M)


class Yaml12Loader(yaml.SafeLoader):
    """safe_load with YAML 1.2 booleans: `no:` stays the key "no"."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


def write_yaml(path, data, header_comment=""):
    """Write data as YAML, preceded by header_comment lines (prefixed with '# ')."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [l if l.startswith("#") else "# " + l for l in header_comment.splitlines() if l.strip()]
    text = "".join(l + "\n" for l in lines) + dump_yaml(data)
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8", newline="\n")


def write_response(path, front_matter, body):
    """Write a Markdown file with YAML front matter; 'item' is always quoted."""
    fm = dict(front_matter)
    if "item" in fm:
        fm["item"] = Quoted(fm["item"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "---\n" + dump_yaml(fm) + "---\n\n" + body.strip() + "\n"
    path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8", newline="\n")


# ---------------------------------------------------------------- generation
def rand_date(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def days(n):
    return dt.timedelta(days=n)


def partition(rng, n, total, lo, hi):
    """n integers in [lo, hi] summing to total."""
    counts = [lo] * n
    extra = total - lo * n
    while extra:
        i = rng.randrange(n)
        if counts[i] < hi:
            counts[i] += 1
            extra -= 1
    return counts


def weighted_sample(rng, pool, k, weight):
    """k elements of pool without replacement, P ~ weight (Efraimidis-Spirakis)."""
    keyed = sorted(pool, key=lambda x: rng.random() ** (1.0 / weight(x)), reverse=True)
    return keyed[:k]


def lower_first(s):
    return s[0].lower() + s[1:]


def session_meta(rng, date, commune, audience):
    slug = commune or audience
    where = lower_first(COMMUNE[commune][1]) if commune else None
    title = "Đối thoại giữa người đứng đầu cấp ủy, chính quyền huyện với " + (
        f"nhân dân {where}" if audience == "nhan-dan" else TITLE_FOR[audience])
    place = f"Hội trường UBND {where}" if commune else rng.choice(["Hội trường Huyện ủy Hàm Tân", "Hội trường UBND huyện Hàm Tân"])
    if audience == "mat-tran-doan-the":
        chairs = ["Bí thư Huyện ủy", "Chủ tịch Ủy ban MTTQ Việt Nam huyện"]
    else:
        chairs = rng.choice([["Bí thư Huyện ủy", "Chủ tịch UBND huyện"], ["Phó Bí thư Thường trực Huyện ủy", "Chủ tịch UBND huyện"],
                             ["Bí thư Huyện ủy", "Phó Chủ tịch UBND huyện"]])
    d = dt.date.fromisoformat(date)
    meta = {"id": f"{date}-{slug}", "title": title, "date": d, "place": place, "commune": commune,
            "audience": audience, "chairs": chairs}
    meta["attendance"] = rng.randint(90, 180) if audience == "nhan-dan" else rng.randint(60, 120)
    return meta


def opinion_context(rng, session):
    """Pick the commune, village and speaker of one opinion."""
    cid = session["commune"] or rng.choice(COMMUNES)[0]
    _, name, n_thon = COMMUNE[cid]
    unit = "khu phố" if name.startswith("Thị trấn") else "thôn"
    a, b = rng.sample(range(1, n_thon + 1), 2)
    xa = lower_first(name)
    if session["commune"]:
        thon, thon2 = f"{unit} {a}", f"{unit} {b}"
        cap = rng.choice([xa, " ".join(xa.split()[:-2])])   # "xã Tân Hà" or just "xã"
        if session["audience"] == "nhan-dan" and rng.random() < 0.6:
            speaker = f"Cử tri {thon}"
        else:
            speaker = rng.choice(SPEAKERS[session["audience"]]).format(thon=thon, xa=xa, cap=cap)
    else:
        thon, thon2 = f"{unit} {a}, {xa}", f"{unit} {b}"
        speaker = rng.choice(SPEAKERS[session["audience"]]).format(thon=f"{unit} {a}", xa=xa, cap=xa)
    return {"xa": xa, "thon": thon, "thon2": thon2, "speaker": speaker[0].upper() + speaker[1:]}


CLOSERS = ["Ý kiến này cử tri đã phản ánh tại buổi tiếp xúc trước nhưng chưa được giải quyết.",
           "Đề nghị trả lời cụ thể để cử tri được biết.", "Bà con rất mong sớm được quan tâm.",
           "Cử tri mong huyện cho biết thời gian giải quyết cụ thể."]


def make_question(rng, session, ctx, seen):
    """One citizen's question; retries so that texts are (almost always) unique."""
    weights = TOPIC_WEIGHTS[session["audience"]]
    for _ in range(20):
        topic = rng.choices(list(weights), list(weights.values()))[0]
        special = TPL.get(("q", f"{session['audience']}/{topic}"))
        q, subject, fwd_ok = rng.choice(special if special and rng.random() < 0.75 else TPL[("q", topic)])
        year = session["date"].year
        f = dict(ctx, y=year - rng.randint(1, 4), y2=year, y3=year + 1, n=rng.randint(5, 40),
                 km=f"{rng.randint(5, 35) / 10:.1f}".replace(".", ","), ha=rng.randint(3, 25) * 10,
                 ct=rng.choice(["nhà văn hóa", "chợ", "sân thể thao", "nhà mẫu giáo"]))
        text = q.format(**f) + (" " + rng.choice(CLOSERS) if session["audience"] == "nhan-dan" and rng.random() < 0.3 and q.count(".") < 3 else "")
        if text not in seen:
            break
    seen.add(text)
    return {"topic": topic, "text": text, "subject": subject.format(**f), "fields": f, "fwd_ok": fwd_ok}


def categorize(rng, items):
    """Assign each item its status as of AS_OF: A(nswered), R(esolved later), O(verdue), N(ot yet due)."""
    by_session = {}
    for it in items:
        by_session.setdefault(it["sidx"], []).append(it)
    quota = {si: len(its) * N_ANSWERED // N_ITEMS for si, its in by_session.items()}   # ~30 % per session
    for si in rng.sample(sorted(quota), N_ANSWERED - sum(quota.values())):
        quota[si] += 1
    for si, its in sorted(by_session.items()):
        for it in rng.sample(its, quota[si]):
            it["cat"] = "A"
    recent = [it for it in items if "cat" not in it and it["sdate"] + days(60) > AS_OF]
    for it in weighted_sample(rng, recent, N_NOT_DUE, lambda it: 1 + (it["sdate"] - dt.date(2018, 5, 1)).days / 10):
        it["cat"] = "N"
    pool = [it for it in items if "cat" not in it and it["sdate"] + days(15) < AS_OF]
    for it in weighted_sample(rng, pool, N_OVERDUE, lambda it: (it["sidx"] + 1) ** 1.5):
        it["cat"] = "O"
    for it in items:
        it.setdefault("cat", "R")
    open_pool = [it for it in items if it["cat"] in "ON"]
    fwd_ok = [it for it in open_pool if it["fwd_ok"]]
    for it in rng.sample(fwd_ok, STILL_OPEN["forwarded"]):
        it["open"] = "forwarded"
    for kind in ("in-progress", "none"):
        for it in rng.sample([it for it in open_pool if "open" not in it], STILL_OPEN[kind]):
            it["open"] = kind


def assign_handling(rng, it, chairs):
    s = it["sdate"]
    if it["cat"] == "A":
        it["handling"] = "answered"
        it["agency"] = rng.choice(AGENCY_FOR_TOPIC[it["topic"]]) if rng.random() < 0.4 else None
        ans = rng.choice(TPL.get(("a", it["topic"]), []) + TPL[("a", "*")])
        it["answer"] = f"{rng.choice(chairs)} trả lời: " + ans.format(subject=it["subject"], **it["fields"])
        if rng.random() < 0.2:
            it["answer"] += f"\n\nĐề nghị UBND {it['xa']} phối hợp với cơ quan chuyên môn của huyện theo dõi, thực hiện."
        return
    prov = PROVINCE_FOR_TOPIC[it["topic"]] if it["fwd_ok"] else None
    fwd = it.get("open") == "forwarded" or (prov and rng.random() < 0.3)
    it["handling"] = "forwarded" if fwd else "assigned"
    agency = rng.choice(AGENCY_FOR_TOPIC[it["topic"]])
    if it["xa"] == "thị trấn Tân Nghĩa" and it["topic"] in ("moi-truong", "dien", "giao-thong") and rng.random() < 0.4:
        agency = "ubnd-tan-nghia"
    it["agency"] = prov if fwd else agency
    lo, hi = s + days(30 if fwd else 15), s + days(60)
    if it["cat"] == "O":
        lo, hi = s + days(15), min(hi, AS_OF - days(1))   # never due on AS_OF itself: no boundary ambiguity
    elif it["cat"] == "N":
        lo = max(lo, AS_OF + days(1))
    it["due"] = rand_date(rng, lo, hi)


def plan_timeline(rng, it):
    """List of (date, agency, outcome, stage) responses for one non-answered item."""
    s, due, ag, fwd = it["sdate"], it["due"], it["agency"], it["handling"] == "forwarded"
    ev = []
    if it["cat"] == "R":
        r = rand_date(rng, min(s + days(5), AS_OF), min(AS_OF, due + days(20)))
        if (r - s).days >= 10 and (fwd or rng.random() < 0.3):
            ev.append((rand_date(rng, s + days(3), r - days(5)), "van-phong-hdnd-ubnd" if fwd else ag,
                       "forwarded" if fwd else "in-progress", 0))
        return ev + [(r, ag, "resolved", 0)]
    kind = it.get("open")
    if kind == "none":
        return []
    if fwd:
        ev.append((rand_date(rng, s + days(5), min(s + days(25), AS_OF)), "van-phong-hdnd-ubnd", "forwarded", 0))
    elif s + days(5) <= AS_OF and rng.random() < (0.55 if it["cat"] == "O" else 0.4):
        ev.append((rand_date(rng, s + days(5), min(AS_OF, due + days(90))), ag, "in-progress", 0))
    if kind == "forwarded":
        return ev + [(rand_date(rng, dt.date(2019, 6, 1), dt.date(2023, 12, 31)), "van-phong-hdnd-ubnd", "forwarded", 1)]
    if kind == "in-progress":
        d = rand_date(rng, dt.date(2018, 9, 1), dt.date(2019, 12, 31))
        ev.append((d, ag, "in-progress", 1))
        return ev + [(rand_date(rng, dt.date(2021, 1, 1), dt.date(2024, 12, 31)), ag, "in-progress", 1)]
    if it["cat"] == "N" and rng.random() < 0.85:
        return ev + [(rand_date(rng, max(AS_OF + days(1), due - days(20)), due + days(25)), ag, "resolved", 0)]
    if rng.random() < 0.25:
        ev.append((rand_date(rng, AS_OF + days(1), dt.date(2019, 12, 31)), ag, "in-progress", 1))
        return ev + [(rand_date(rng, dt.date(2020, 1, 1), dt.date(2025, 12, 31)), ag, "resolved", 0)]
    return ev + [(rand_date(rng, AS_OF + days(1), dt.date(2019, 12, 31)), ag, "resolved", 0)]


def response_body(rng, it, when, agency, outcome, stage):
    sub, xa, ag = it["subject"], it["xa"], AGENCY[agency][1]
    if outcome == "forwarded":
        prov = AGENCY[it["agency"]][1]
        if stage == 0:
            return (f"Nội dung cử tri kiến nghị về {sub} thuộc thẩm quyền giải quyết của {prov}. UBND huyện đã có văn bản "
                    f"chuyển kiến nghị đến {prov} đề nghị xem xét, giải quyết. Khi có kết quả, UBND huyện sẽ thông báo đến cử tri thông qua UBND {xa}.")
        return (f"UBND huyện đã có văn bản đôn đốc {prov} trả lời kiến nghị về {sub}. "
                "Đến nay nội dung này vẫn đang chờ ý kiến giải quyết của cấp tỉnh; UBND huyện tiếp tục theo dõi và thông báo khi có kết quả.")
    if outcome == "in-progress":
        if stage == 1:
            return (f"Về {sub}, {ag} tiếp tục phối hợp với UBND {xa} theo dõi, xử lý. Nội dung này cần thêm thời gian "
                    f"để xử lý dứt điểm; {ag} tiếp tục đôn đốc và sẽ báo cáo kết quả khi giải quyết xong.")
        nxt = when + days(100)
        return (f"Về {sub}, {ag} đã tiếp nhận và phối hợp với UBND {xa} kiểm tra thực tế. "
                + TPL.get(("p", it["topic"]), TPL[("p", "*")])[0] + f" Dự kiến hoàn thành trong quý {(nxt.month - 1) // 3 + 1}/{nxt.year}.")
    intro = rng.choice([f"Về {sub}, {ag} đã phối hợp với UBND {xa} kiểm tra thực tế và rà soát hồ sơ.",
                        f"Thực hiện ý kiến chỉ đạo của lãnh đạo huyện tại buổi đối thoại, {ag} đã kiểm tra, xử lý {sub}.",
                        f"{ag} báo cáo kết quả giải quyết kiến nghị của cử tri về {sub} như sau."])
    close = rng.choice([f"Đề nghị UBND {xa} thông báo kết quả đến cử tri.", "Nội dung kiến nghị đã được giải quyết xong.", ""])
    return "\n\n".join(p for p in (intro, rng.choice(TPL[("r", it["topic"])]), close) if p)


def number_documents(rng, responses):
    """Give most responses a document reference, numbered per register in date order."""
    last = {}
    for r in sorted(responses, key=lambda r: (r["date"], r["order"])):
        if r["outcome"] != "forwarded" and rng.random() < 0.2:
            continue
        _, _, _, suffix, register, rate = AGENCY[r["agency"]]
        key, doy = (register, r["date"].year), r["date"].timetuple().tm_yday
        n = max(last.get(key, 0) + 1, int(doy * rate) + rng.randint(1, 4))
        last[key] = n
        d = r["date"]
        r["document"] = f"Công văn số {n}{suffix} ngày {d.day:02d}/{d.month}/{d.year}"


def build(rng):
    """Return (sessions, responses) with the exact target figures."""
    sessions = [session_meta(rng, *spec) for spec in SESSIONS]
    for sess, n_op in zip(sessions, partition(rng, len(sessions), N_OPINIONS, 9, 18)):
        sess["opinions"] = [dict(no=i + 1, **opinion_context(rng, sess)) for i in range(n_op)]
    opinions = [(si, s, op) for si, s in enumerate(sessions) for op in s["opinions"]]
    items, seen = [], set()
    for (si, sess, op), n_it in zip(opinions, partition(rng, len(opinions), N_ITEMS, 1, 4)):
        op["items"] = []
        for j in range(n_it):
            q = make_question(rng, sess, {k: op[k] for k in ("xa", "thon", "thon2")}, seen)
            it = dict(q, no=j + 1, sid=sess["id"], sidx=si, sdate=sess["date"], op=op["no"], xa=op["xa"])
            op["items"].append(it)
            items.append(it)
    categorize(rng, items)
    responses = []
    for it in items:
        assign_handling(rng, it, sessions[it["sidx"]]["chairs"])
        if it["handling"] == "answered":
            continue
        for k, (when, agency, outcome, stage) in enumerate(sorted(plan_timeline(rng, it), key=lambda e: e[0]), 1):
            responses.append({"item": f"{it['sid']}/{it['op']}.{it['no']}", "k": k, "date": when, "agency": agency,
                              "outcome": outcome, "order": len(responses),
                              "body": response_body(rng, it, when, agency, outcome, stage)})
    number_documents(rng, responses)
    sessions.append(session_meta(rng, *ANNOUNCED))
    sessions[-1].update(attendance=0, opinions=[], summary=(
        "Buổi đối thoại dự kiến tổ chức vào ngày 18/12/2026. Nhân dân có thể gửi ý kiến trước qua "
        "UBND xã Sơn Mỹ hoặc hộp thư góp ý đặt tại nhà văn hóa các thôn."))
    return sessions, responses


def summary_for(rng, sess):
    items = [it for op in sess["opinions"] for it in op["items"]]
    answered = sum(it["handling"] == "answered" for it in items)
    text = (f"Hội nghị có {len(sess['opinions'])} lượt ý kiến với {len(items)} nội dung; lãnh đạo huyện trả lời trực tiếp "
            f"{answered} nội dung, các nội dung còn lại giao cơ quan chuyên môn giải quyết.")
    if rng.random() < 0.4:
        names = dict(TOPICS)
        top = sorted({it["topic"] for it in items}, key=lambda t: (-sum(i["topic"] == t for i in items), t))[:2]
        text += "\n\nCác ý kiến tập trung vào lĩnh vực " + " và ".join(lower_first(names[t]) for t in top) + "."
    return text if rng.random() < 0.8 else None


def session_doc(rng, sess):
    doc = {k: sess[k] for k in ("title", "date", "place")}
    if sess["commune"]:
        doc["commune"] = sess["commune"]
    doc.update(audience=sess["audience"], chairs=sess["chairs"], attendance=sess["attendance"])
    summary = sess.get("summary") if not sess["opinions"] else summary_for(rng, sess)
    if summary:
        doc["summary"] = summary
    doc["opinions"] = []
    for op in sess["opinions"]:
        items = []
        for it in op["items"]:
            d = {"no": it["no"], "topic": it["topic"], "text": it["text"], "handling": it["handling"]}
            for key in ("agency", "due", "answer"):
                if it.get(key):
                    d[key] = it[key]
            items.append(d)
        doc["opinions"].append({"no": op["no"], "speaker": op["speaker"], "items": items})
    return doc


def write_all(out):
    rng = random.Random(2018)
    out = Path(out)
    for sub in ("sessions", "responses", "data"):
        shutil.rmtree(out / sub, ignore_errors=True)
    write_yaml(out / "data/agencies.yaml", {"agencies": [{"id": a[0], "name": a[1], "level": a[2]} for a in AGENCIES]},
               SCHEMA_HEADER.format(kind="agencies"))
    write_yaml(out / "data/topics.yaml", {"topics": [{"id": i, "name": n} for i, n in TOPICS]}, SCHEMA_HEADER.format(kind="topics"))
    write_yaml(out / "data/communes.yaml", {"communes": [{"id": i, "name": n} for i, n, _ in COMMUNES]},
               SCHEMA_HEADER.format(kind="communes"))
    sessions, responses = build(rng)
    for sess in sessions:
        write_yaml(out / "sessions" / f"{sess['id']}.yaml", session_doc(rng, sess), SCHEMA_HEADER.format(kind="session"))
    for r in responses:
        sid, num = r["item"].split("/")
        fm = {k: r[k] for k in ("item", "date", "agency", "outcome", "document") if k in r}
        write_response(out / "responses" / sid / f"{num}-{r['k']}.md", fm, r["body"])


# ---------------------------------------------------------------- self-check (reads the files back)
PRIVATE = [re.compile(r"\d{9,}"), re.compile("@"), re.compile(r"(?:\+84|\b0)\d{2,3}[ .-]?\d{3}[ .-]?\d{3,4}\b")]


def read_front_matter(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    fm, body = text[4:].split("\n---\n", 1)
    return load_yaml(fm), body


def status_counts(items, responses, as_of):
    """Counts of resolved / outstanding / not yet due / overdue items as of a date."""
    c = dict(resolved=0, outstanding=0, not_yet_due=0, overdue=0, with_province=0)
    for iid, it in items.items():
        if it["session_date"] > as_of:
            continue
        rs = sorted((r for r in responses.get(iid, []) if r["date"] <= as_of), key=lambda r: (r["date"], r["k"]))
        if it["handling"] == "answered" or (rs and rs[-1]["outcome"] == "resolved"):
            c["resolved"] += 1
            continue
        c["outstanding"] += 1
        assert it["due"] != as_of, f"{iid}: due on the as-of date is ambiguous"
        c["not_yet_due" if it["due"] > as_of else "overdue"] += 1
        c["with_province"] += bool(rs and rs[-1]["outcome"] == "forwarded")
    return c


def check(out):
    out = Path(out)
    ids = {kind: {e["id"]: e for e in load_yaml((out / f"data/{kind}.yaml").read_text(encoding="utf-8"))[kind]}
           for kind in ("agencies", "topics", "communes")}
    files = sorted(out.glob("data/*.yaml")) + sorted(out.glob("sessions/*.yaml")) + sorted(out.glob("responses/*/*.md"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), f"not NFC: {f}"
        for pat in PRIVATE:
            assert not pat.search(text), f"private-looking data {pat.pattern!r} in {f}"
        if f.suffix == ".yaml":
            assert text.startswith("# yaml-language-server: $schema=../../schemas/"), f
    items, held, announced, n_ops = {}, [], [], 0
    for f in sorted(out.glob("sessions/*.yaml")):
        s = load_yaml(f.read_text(encoding="utf-8"))
        assert f.stem.startswith(s["date"].isoformat() + "-") and s["audience"] and s["chairs"], f
        assert s.get("commune") is None or s["commune"] in ids["communes"], f
        (held if s["opinions"] else announced).append(s)
        assert s["attendance"] == 0 if not s["opinions"] else 60 <= s["attendance"] <= 250, f
        for i, op in enumerate(s["opinions"], 1):
            assert op["no"] == i and op["speaker"], f
            n_ops += 1
            for j, it in enumerate(op["items"], 1):
                assert it["no"] == j and it["topic"] in ids["topics"], f
                if it["handling"] == "answered":
                    assert it["answer"] and "due" not in it, f
                else:
                    assert it["handling"] in ("assigned", "forwarded") and "answer" not in it, f
                    assert it["agency"] in ids["agencies"] and it["due"] > s["date"], f
                    if it["handling"] == "forwarded":
                        assert ids["agencies"][it["agency"]]["level"] == "province", f
                items[f"{f.stem}/{op['no']}.{j}"] = dict(it, session_date=s["date"])
    responses = {}
    for f in sorted(out.glob("responses/*/*.md")):
        fm, body = read_front_matter(f)
        assert fm["item"] in items and f.name == fm["item"].split("/")[1] + f"-{f.stem.rsplit('-', 1)[1]}.md", f
        assert f.parent.name == fm["item"].split("/")[0] and fm["agency"] in ids["agencies"], f
        assert fm["outcome"] in ("resolved", "in-progress", "forwarded") and body.strip(), f
        assert items[fm["item"]]["session_date"] <= fm["date"] <= LAST_DAY, f
        assert items[fm["item"]]["handling"] != "answered", f
        responses.setdefault(fm["item"], []).append(dict(fm, k=int(f.stem.rsplit("-", 1)[1])))
    for rs in responses.values():
        rs.sort(key=lambda r: r["k"])
        assert [r["k"] for r in rs] == list(range(1, len(rs) + 1))
        assert [r["date"] for r in rs] == sorted(r["date"] for r in rs)
    dates = sorted(s["date"] for s in held)
    n_answered = sum(it["handling"] == "answered" for it in items.values())
    print(f"sessions: {len(held)} held ({dates[0]} .. {dates[-1]}) + {len(announced)} announced "
          f"({', '.join(str(s['date']) for s in announced)})")
    print(f"opinions: {n_ops}; items: {len(items)} (answered on the spot {n_answered}, "
          f"forwarded {sum(it['handling'] == 'forwarded' for it in items.values())}); "
          f"attendance: {sum(s['attendance'] for s in held)}; response files: {sum(map(len, responses.values()))}")
    result = {}
    for d in (AS_OF, LAST_DAY):
        result[d] = c = status_counts(items, responses, d)
        print(f"as of {d}: resolved {c['resolved']}, outstanding {c['outstanding']} "
              f"(not yet due {c['not_yet_due']}, overdue {c['overdue']}; latest response 'forwarded': {c['with_province']})")
    assert (len(held), n_ops, len(items)) == (28, N_OPINIONS, N_ITEMS)
    assert (dates[0].year, dates[0].month, dates[-1].year, dates[-1].month) == (2015, 12, 2018, 6)
    assert 150 <= n_answered <= 200
    c = result[AS_OF]
    assert (c["resolved"], c["outstanding"], c["not_yet_due"], c["overdue"]) == (N_RESOLVED, 123, N_NOT_DUE, N_OVERDUE)
    assert 10 <= result[LAST_DAY]["outstanding"] <= 20 and result[LAST_DAY]["with_province"] >= 2
    assert len(announced) == 1 and str(announced[0]["date"]) == "2026-12-18"
    assert not any(k.startswith(announced[0]["date"].isoformat()) for k in responses)
    print("self-check OK")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="content", help="content directory (default: content)")
    ap.add_argument("--check", action="store_true", help="only re-read the files and check the figures")
    args = ap.parse_args(argv)
    if not args.check:
        write_all(args.out)
    check(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
