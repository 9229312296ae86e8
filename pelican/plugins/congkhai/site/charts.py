"""Static SVG charts, drawn at build time: no JavaScript, no web fonts, no network.

Pure: imports content/, domain/, site/ and build/ only; never Pelican. Each chart is 360 units wide (a phone's width at 1:1; it
scales with the page in print), carries <title> and <desc> for screen readers,
writes every value as text next to its bar or line end, and tells the series
apart by pattern or dash as well as by colour. The page shows the same figures
as a table beside each chart. Presentation attributes only (no style=), so
the site's Content-Security-Policy (style-src 'self') holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 360
FONT = 'font-family="system-ui, sans-serif" font-size="12"'

# One look per series: colour, plus a pattern (bars) or a dash (lines).
STYLES = {
    "resolved": ("#1b6e3a", "solid"),
    "not-yet-due": ("#8a5a00", "hatch"),
    "overdue": ("#b3261e", "dots"),
    "raised": ("#1f4e8c", ""),
}


@dataclass(frozen=True)
class Segment:
    series: str  # a key of STYLES
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _defs(prefix: str) -> str:
    """Patterns: hatched for «chưa tới hạn», dotted for «quá hạn», plain for resolved."""
    hatch, dots = STYLES["not-yet-due"][0], STYLES["overdue"][0]
    return (f'<defs><pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            f'<rect width="3" height="6" fill="{hatch}"/></pattern>'
            f'<pattern id="{prefix}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
            f'<rect width="5" height="5" fill="{dots}"/><circle cx="2.5" cy="2.5" r="1.2" fill="#fff"/>'
            f'</pattern></defs>')


def _fill(series: str, prefix: str) -> str:
    colour, pattern = STYLES[series]
    return f"url(#{prefix}-{pattern})" if pattern in ("hatch", "dots") else colour


def _open(prefix: str, height: int, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="{prefix}-t {prefix}-d" class="chart" {FONT}>',
            f'<title id="{prefix}-t">{escape(title)}</title>', f'<desc id="{prefix}-d">{escape(desc)}</desc>']


def legend(entries: list[tuple[str, str]], prefix: str, y: int) -> str:
    """Swatches with their words, on one line: (series, label)."""
    parts, x = [], 0
    for series, label in entries:
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{_fill(series, prefix)}" '
                     f'stroke="#333" stroke-width="0.5"/><text x="{x + 18}" y="{y + 11}">{escape(label)}</text>')
        x += 24 + 6.5 * len(label)
    return "".join(parts)


def bar_chart(prefix: str, bars: list[Bar], title: str, desc: str,
              series_labels: dict[str, str]) -> str:
    """Horizontal stacked bars, one per row, the row's name above its bar and the total after it.

    Names sit on their own line so long Vietnamese names never squeeze the bars
    on a phone; each segment wide enough carries its own number.
    """
    row, top, bar_height = 38, 24, 16
    height = top + row * len(bars) + 4
    scale_max = max((b.total for b in bars), default=0) or 1
    usable = WIDTH - 44  # room for the total after the longest bar
    out = _open(prefix, height, title, desc) + [_defs(prefix)]
    if len(series_labels) > 1:
        out.append(legend([(s, series_labels[s]) for s in series_labels], prefix, 0))
    for index, bar in enumerate(bars):
        y = top + index * row
        out.append(f'<text x="0" y="{y + 11}">{escape(bar.label)}</text>')
        x = 0.0
        for segment in bar.segments:
            if not segment.value:
                continue
            width = usable * segment.value / scale_max
            out.append(f'<rect x="{x:.1f}" y="{y + 15}" width="{width:.1f}" height="{bar_height}" '
                       f'fill="{_fill(segment.series, prefix)}" stroke="#333" stroke-width="0.5">'
                       f'<title>{escape(series_labels.get(segment.series, segment.series))}: '
                       f'{segment.value}</title></rect>')
            if width >= 22 and STYLES[segment.series][1] == "solid":
                out.append(f'<text x="{x + 3:.1f}" y="{y + 27}" fill="#fff">{segment.value}</text>')
            x += width
        out.append(f'<text x="{x + 4:.1f}" y="{y + 27}" font-weight="bold">{bar.total}</text>')
    out.append("</svg>")
    return "".join(out)


def line_chart(prefix: str, labels: list[str], series: dict[str, list[int]], title: str, desc: str,
               series_labels: dict[str, str]) -> str:
    """Cumulative lines over time: solid for one series, dashed for the next, each
    labelled with its last value at its end; the first and last period named on the axis."""
    height, left, right, top, bottom = 220, 34, 56, 24, 30
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max((max(values) for values in series.values() if values), default=0) or 1
    count = max(len(labels) - 1, 1)

    def point(i, value):
        return left + plot_w * i / count, top + plot_h * (1 - value / peak)

    out = _open(prefix, height, title, desc)
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>')
    for value in (0, peak):
        _, y = point(0, value)
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    if labels:
        out.append(f'<text x="{left}" y="{height - 10}">{escape(labels[0])}</text>')
        out.append(f'<text x="{left + plot_w}" y="{height - 10}" text-anchor="end">{escape(labels[-1])}</text>')
    legend_x = 0
    for index, (name, values) in enumerate(series.items()):
        colour = STYLES.get(name, ("#333", ""))[0]
        dash = ' stroke-dasharray="6 4"' if index % 2 else ""
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        if values:
            x, y = point(len(values) - 1, values[-1])
            out.append(f'<text x="{x + 4:.1f}" y="{y + (12 if index % 2 else -2):.1f}" fill="{colour}" '
                       f'font-weight="bold">{values[-1]}</text>')
        label = series_labels.get(name, name)
        out.append(f'<line x1="{legend_x}" y1="7" x2="{legend_x + 20}" y2="7" stroke="{colour}" '
                   f'stroke-width="2.5"{dash}/><text x="{legend_x + 24}" y="11">{escape(label)}</text>')
        legend_x += 34 + 6.5 * len(label)
    out.append("</svg>")
    return "".join(out)
