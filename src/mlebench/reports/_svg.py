"""Small inline SVG charts (no JavaScript, no external files): bars with error bars, lines, strips."""

from __future__ import annotations

import math
from html import escape

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]
FONT = 'font-family="sans-serif" font-size="11"'
LEGEND_W = 170  # right margin that holds the legend


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * mag:
            return step * mag
    return 10 * mag


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    return [lo + (hi - lo) * i / n for i in range(n + 1)]


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


class _Frame:
    """Plot area with linear axes; ``x``/``y`` map data to pixels."""

    def __init__(
        self, width: int, height: int, x0: float, x1: float, y0: float, y1: float, *, left: int = 56, right: int = 16
    ) -> None:
        self.w, self.h = width, height
        self.left, self.right, self.top, self.bottom = left, right, 30, 44
        self.x0, self.x1 = x0, (x1 if x1 != x0 else x0 + 1)
        self.y0, self.y1 = y0, (y1 if y1 != y0 else y0 + 1)

    def x(self, v: float) -> float:
        return self.left + (v - self.x0) / (self.x1 - self.x0) * (self.w - self.left - self.right)

    def y(self, v: float) -> float:
        return self.h - self.bottom - (v - self.y0) / (self.y1 - self.y0) * (self.h - self.top - self.bottom)

    def axes(self, title: str, x_label: str, y_label: str, *, y_ticks: bool = True) -> list[str]:
        out = [
            f'<text x="{self.w / 2:.1f}" y="16" text-anchor="middle" {FONT} font-weight="bold">{escape(title)}</text>',
            f'<line class="axis" x1="{self.left}" y1="{self.y(self.y0):.1f}" x2="{self.w - self.right}" '
            f'y2="{self.y(self.y0):.1f}" stroke="#333"/>',
            f'<line class="axis" x1="{self.left}" y1="{self.top}" x2="{self.left}" y2="{self.h - self.bottom}" stroke="#333"/>',
            f'<text x="{(self.left + self.w - self.right) / 2:.1f}" y="{self.h - 6}" text-anchor="middle" {FONT}>'
            f"{escape(x_label)}</text>",
            f'<text transform="translate(12,{(self.top + self.h - self.bottom) / 2:.1f}) rotate(-90)" '
            f'text-anchor="middle" {FONT}>{escape(y_label)}</text>',
        ]
        if y_ticks:
            for t in _ticks(self.y0, self.y1):
                y = self.y(t)
                out.append(f'<line x1="{self.left - 4}" y1="{y:.1f}" x2="{self.w - self.right}" y2="{y:.1f}" stroke="#eee"/>')
                out.append(f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{_fmt(t)}</text>')
        return out


def _svg(plot_id: str, width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plot" id="{escape(plot_id)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _legend(labels: list[str], x: float, y: float) -> list[str]:
    out = []
    for i, label in enumerate(labels):
        out.append(f'<rect x="{x:.1f}" y="{y + 14 * i:.1f}" width="10" height="10" fill="{color(i)}"/>')
        short = label if len(label) <= 24 else label[:23] + "…"
        out.append(f'<text x="{x + 14:.1f}" y="{y + 9 + 14 * i:.1f}" {FONT}>{escape(short)}<title>{escape(label)}</title></text>')
    return out


def bar_chart(
    plot_id: str,
    title: str,
    groups: list[str],
    series: list[tuple[str, list[float | None], list[float | None]]],
    *,
    y_label: str,
    width: int = 720,
    height: int = 320,
) -> str:
    """Grouped bars (one group per x label, one bar per series) with ±error bars."""
    tops = [m + (e or 0) for _, ms, es in series for m, e in zip(ms, es) if m is not None]
    f = _Frame(width, height, 0, len(groups), 0, _nice_max(max(tops, default=1.0)), right=LEGEND_W)
    body = f.axes(title, "", y_label)
    group_w = (f.x(1) - f.x(0)) * 0.8
    bar_w = group_w / max(1, len(series))
    for g, name in enumerate(groups):
        gx = f.x(g) + (f.x(1) - f.x(0)) * 0.1
        body.append(f'<text x="{gx + group_w / 2:.1f}" y="{height - 26}" text-anchor="middle" {FONT}>{escape(name)}</text>')
        for s, (label, means, errs) in enumerate(series):
            m, e = means[g], errs[g]
            if m is None:
                continue
            x = gx + s * bar_w
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{f.y(m):.1f}" width="{bar_w * 0.9:.1f}" height="{f.y(0) - f.y(m):.1f}" '
                f'fill="{color(s)}"><title>{escape(label)} · {escape(name)}: {m:.1f} ± {(e or 0):.1f}</title></rect>'
            )
            if e:
                cx = x + bar_w * 0.45
                y_hi, y_lo = f.y(m + e), f.y(max(0.0, m - e))
                body.append(
                    f'<path class="errorbar" d="M{cx:.1f},{y_lo:.1f}V{y_hi:.1f}M{cx - 4:.1f},{y_hi:.1f}H{cx + 4:.1f}'
                    f'M{cx - 4:.1f},{y_lo:.1f}H{cx + 4:.1f}" stroke="#000" fill="none"/>'
                )
    body += _legend([s[0] for s in series], width - LEGEND_W + 20, 30)
    return _svg(plot_id, width, height, body, title)


def line_chart(
    plot_id: str,
    title: str,
    series: list[tuple[str, list[tuple[float, float]]]],
    *,
    x_label: str,
    y_label: str,
    y_range: tuple[float, float] | None = None,
    integer_x: bool = False,
    width: int = 600,
    height: int = 300,
    errors: list[list[float | None]] | None = None,
) -> str:
    """Lines of points; ``errors`` (per series, per point: a half-width or None) draws error bars."""
    xs = [p[0] for _, pts in series for p in pts] or [0.0, 1.0]
    ys = [p[1] for _, pts in series for p in pts] or [0.0, 1.0]
    y0, y1 = y_range or (min(ys), max(ys))
    if y1 == y0:
        y0, y1 = y0 - 0.5, y1 + 0.5
    f = _Frame(width, height, min(xs), max(xs), y0, y1, right=LEGEND_W)
    body = f.axes(title, x_label, y_label)
    x_ticks = sorted(set(int(x) for x in xs)) if integer_x else _ticks(f.x0, f.x1, 4)
    for t in x_ticks:
        body.append(f'<text x="{f.x(t):.1f}" y="{height - 28}" text-anchor="middle" {FONT}>{_fmt(t)}</text>')
    for i, (label, pts) in enumerate(series):
        if not pts:
            continue
        d = "M" + "L".join(f"{f.x(x):.1f},{f.y(y):.1f}" for x, y in pts)
        body.append(f'<path class="line" d="{d}" stroke="{color(i)}" stroke-width="2" fill="none"><title>{escape(label)}</title></path>')
        for j, (x, y) in enumerate(pts):
            err = errors[i][j] if errors and i < len(errors) and j < len(errors[i]) else None
            if err:
                lo, hi = f.y(max(y0, y - err)), f.y(min(y1, y + err))
                body.append(f'<path class="errorbar" d="M{f.x(x):.1f},{lo:.1f}V{hi:.1f}" stroke="{color(i)}" fill="none"/>')
            body.append(
                f'<circle class="point" cx="{f.x(x):.1f}" cy="{f.y(y):.1f}" r="3" fill="{color(i)}">'
                f"<title>{escape(label)}: ({_fmt(x)}, {_fmt(y)})</title></circle>"
            )
    body += _legend([s[0] for s in series], width - LEGEND_W + 20, 30)
    return _svg(plot_id, width, height, body, title)


def strip_chart(
    plot_id: str,
    title: str,
    rows: list[str],
    series: list[tuple[str, list[tuple[int, float]]]],
    *,
    x_label: str,
    width: int = 720,
) -> str:
    """One row per category (competition), a dot per value (run) on a 0–100 axis, colour per series."""
    left = min(320, 12 + 6 * max((len(r) for r in rows), default=10))
    row_h = 22
    height = 30 + 44 + row_h * max(1, len(rows))
    f = _Frame(width, height, 0, 100, 0, max(1, len(rows)), left=left, right=LEGEND_W)
    body = f.axes(title, x_label, "", y_ticks=False)
    for t in _ticks(0, 100):
        x = f.x(t)
        body.append(f'<line x1="{x:.1f}" y1="{f.top}" x2="{x:.1f}" y2="{f.y(0):.1f}" stroke="#eee"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 28}" text-anchor="middle" {FONT}>{_fmt(t)}</text>')
    for i, name in enumerate(rows):
        y = f.y(len(rows) - i - 0.5)
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{escape(name)}</text>')
    n = max(1, len(series))
    for s, (label, pts) in enumerate(series):
        for row, value in pts:
            y = f.y(len(rows) - row - 0.5) + (s - (n - 1) / 2) * min(6, 16 / n)
            body.append(
                f'<circle class="strip-dot" cx="{f.x(value):.1f}" cy="{y:.1f}" r="4" fill="{color(s)}" fill-opacity="0.8">'
                f"<title>{escape(label)} · {escape(rows[row])}: {value:.1f}</title></circle>"
            )
    body += _legend([s[0] for s in series], width - LEGEND_W + 20, 30)
    return _svg(plot_id, width, height, body, title)


CUTOFF_COLORS = {"gold": "#d4a017", "silver": "#8c8c8c", "bronze": "#a0522d", "median": "#333"}


def board_chart(
    plot_id: str,
    title: str,
    board: dict,
    cutoffs: dict[str, float | None],
    marks: list[tuple[str, float, int]],
    *,
    lower_is_better: bool,
    width: int = 420,
    height: int = 150,
) -> str:
    """A leaderboard's score histogram (grey bars; ``board`` as grading.leaderboard.distribution gives
    it, the weak tail gathered in the end bin), its medal cut-offs and median (vertical lines, lettered
    G S B M), and runs as triangles under the axis, coloured by series (``marks``: label, score, series
    index). Values beyond the binned range sit at its edge, and their tooltip says so."""
    edges, counts = board["edges"], board["counts"]
    lo, hi = edges[0], edges[-1]
    f = _Frame(width, height, lo, hi, 0, max(max(counts), 1), left=28, right=28)
    direction = "lower" if lower_is_better else "higher"
    body = f.axes(title, f"score ({direction} is better), {board['teams']} teams", "", y_ticks=False)

    def at(v: float) -> tuple[float, str]:
        inside = min(max(v, lo), hi)
        return f.x(inside), "" if inside == v else " (off the chart's range)"

    last = len(counts) - 1
    for i, (c, a, b) in enumerate(zip(counts, edges, edges[1:])):
        if c:
            is_tail = bool(board.get("beyond")) and i == (last if lower_is_better else 0)
            tail = f", {board['beyond']} of them past the chart's range" if is_tail else ""
            body.append(
                f'<rect class="board-bar" x="{f.x(a):.1f}" y="{f.y(c):.1f}" width="{max(0.5, f.x(b) - f.x(a) - 0.5):.1f}" '
                f'height="{f.y(0) - f.y(c):.1f}" fill="{"#ddd" if is_tail else "#bbb"}"><title>{_fmt(a)} to {_fmt(b)}: {c} teams{tail}</title></rect>'
            )
    for i, (name, value) in enumerate(cutoffs.items()):
        if value is None:
            continue
        x, off = at(value)
        dash = ' stroke-dasharray="3,2"' if name == "median" else ""
        body.append(
            f'<line class="cutoff-line" x1="{x:.1f}" y1="{f.top:.1f}" x2="{x:.1f}" y2="{f.y(0):.1f}" '
            f'stroke="{CUTOFF_COLORS.get(name, "#333")}" stroke-width="1.5"{dash}><title>{escape(name)}: {value:.6g}{off}</title></line>'
            f'<text x="{x + 2:.1f}" y="{f.top + 9 + 9 * i:.1f}" {FONT} fill="{CUTOFF_COLORS.get(name, "#333")}">'
            f"{escape(name[0].upper())}</text>"
        )
    base = f.y(0)
    for label, score, series in marks:
        x, off = at(score)
        body.append(
            f'<path class="seed-mark" d="M{x:.1f},{base + 2:.1f}l-5,9h10z" fill="{color(series)}" stroke="#000" stroke-width="0.5">'
            f"<title>{escape(label)}: {score:.6g}{off}</title></path>"
        )
    for t in (lo, (lo + hi) / 2, hi):
        body.append(f'<text x="{f.x(t):.1f}" y="{height - 20}" text-anchor="middle" {FONT}>{_fmt(t)}</text>')
    return _svg(plot_id, width, height, body, title)
