import datetime as dt

from pelican.plugins.congkhai.domain.statistics import Figures, Report, breakdown, figures
from pelican.plugins.congkhai.domain.status import ItemStatus

D = dt.date


def status(state, forwarded=""):
    return ItemStatus(state, None, forwarded, None, 0)


def test_figures_count_each_state_and_forwarded_outstanding_only():
    result = figures([status("resolved", "so-tnmt"), status("overdue", "so-tnmt"),
                      status("not-yet-due"), status("overdue")])
    assert result == Figures(total=4, resolved=1, not_yet_due=1, overdue=2, forwarded=1)
    assert result.outstanding == 3
    assert result.resolved + result.outstanding == result.total


def test_breakdown_groups_in_one_pass():
    class Item:
        def __init__(self, id, topic):
            self.id, self.topic = id, topic

    items = [Item("a", "dat-dai"), Item("b", "dat-dai"), Item("c", "giao-thong"), Item("d", "")]
    statuses = {"a": status("resolved"), "b": status("overdue"), "c": status("resolved"),
                "d": status("resolved")}
    table = breakdown(items, lambda i: i.topic, statuses)
    assert table == {"dat-dai": Figures(2, 1, 0, 1, 0), "giao-thong": Figures(1, 1, 0, 0, 0)}


def test_report_sentence_uses_vietnamese_number_forms():
    report = Report(D(2015, 12, 1), D(2018, 6, 30), D(2018, 7, 5), sessions=28, attendance=3486,
                    opinions=359, figures=Figures(577, 454, 41, 82, 0))
    assert report.sentence("huyện Hàm Tân") == (
        "Từ tháng 12/2015 đến tháng 6/2018, huyện Hàm Tân đã tổ chức được 28 cuộc đối thoại, "
        "thu hút 3.486 lượt người tham dự. Tại các buổi đối thoại, đã có 359 ý kiến/577 nội dung. "
        "Đến nay, đã giải quyết xong 454/577 nội dung, tồn 123 nội dung, trong đó có 41 nội dung "
        "chưa tới thời hạn trả lời theo quy định.")


def test_a_report_as_of_the_sites_day_counts_the_sites_statuses_and_another_day_its_own():
    from pelican.plugins.congkhai.content.model import build_content
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.settings import ReportSpec
    from pelican.plugins.congkhai.domain.status import item_status
    from pelican.plugins.congkhai.site.views import SiteView
    from tests.helpers import ROOT

    content = build_content(read_tree(ROOT / "content"))
    today, earlier = dt.date(2018, 7, 5), dt.date(2017, 7, 5)
    view = SiteView(content, today, [ReportSpec(today, dt.date(2015, 1, 1), today),
                                     ReportSpec(earlier, dt.date(2015, 1, 1), earlier)])
    same_day, other_day = (entry.status for entry in view.reports)
    assert same_day and all(same_day[key] is view.status[key] for key in same_day)  # not made twice
    sessions = {s.id: s for s in content.sessions}
    items = {item.id: item for s in content.sessions for item in s.items}
    assert other_day and all(status == item_status(items[key], sessions[items[key].session_id].date, earlier)
                             for key, status in other_day.items())
    assert any(other_day[key] != view.status[key] for key in other_day)  # a year earlier, not the same
