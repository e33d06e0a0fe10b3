"""Small inline-SVG charts for the corpus summary: no script, no external asset, every label escaped.

Each function takes plain numbers and labels and returns one ``<svg>`` element as a string.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#3b6ea5", "#c8553d", "#6a994e", "#8e6c8a", "#d4a017", "#2a9d8f", "#7f7f7f", "#b5838d")


def esc(value) -> str:
    return escape(str(value), quote=True)


def _fit(label: str, chars: int) -> str:
    """`label` cut to `chars` characters (with an ellipsis): SVG text does not wrap, and a longer
    label runs off the chart's edge."""
    label = str(label)
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}"


def hbars(items: list[tuple[str, float]], *, width: int = 640, bar_height: int = 20, title: str = "",
          colour: str = PALETTE[0], label_width: int = 230) -> str:
    """Horizontal bars, one per (label, value), longest scaled to the full width."""
    if not items:
        return ""
    top = max((v for _, v in items), default=0) or 1
    plot = width - label_width - 70
    height = len(items) * (bar_height + 6) + 8
    out = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(items):
        y = 4 + i * (bar_height + 6)
        w = max(plot * value / top, 0 if value == 0 else 1)
        out.append(f'<text x="{label_width - 6}" y="{y + bar_height * 0.72:.1f}" text-anchor="end"><title>{esc(label)}</title>'
                   f'{esc(_fit(label, (label_width - 10) // 7))}</text>')
        out.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}"/>')
        out.append(f'<text x="{label_width + w + 5:.1f}" y="{y + bar_height * 0.72:.1f}">{esc(_fmt(value))}</text>')
    out.append("</svg>")
    return "".join(out)


def columns(items: list[tuple[str, float]], *, width: int = 640, height: int = 220, title: str = "",
            colour: str = PALETTE[0]) -> str:
    """Vertical bars (a histogram): labels under each bar, values above."""
    if not items:
        return ""
    top = max((v for _, v in items), default=0) or 1
    base, head = height - 34, 18
    slot = (width - 20) / len(items)
    every = max(1, -(-max(len(str(label)) for label, _ in items) * 6 // int(max(slot, 1))))  # ~6 px a character
    out = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
           f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>']
    for i, (label, value) in enumerate(items):
        h = (base - head) * value / top
        x = 10 + i * slot
        out.append(f'<rect x="{x + 2:.1f}" y="{base - h:.1f}" width="{slot - 4:.1f}" height="{h:.1f}" fill="{colour}">'
                   f'<title>{esc(label)}: {esc(_fmt(value))}</title></rect>')
        out.append(f'<text x="{x + slot / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{esc(_fmt(value))}</text>')
        if i % every == 0:  # narrow slots: every k-th label, so that labels never overprint each other
            out.append(f'<text x="{x + slot / 2:.1f}" y="{base + 16}" text-anchor="middle" class="small">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def lines(xs: list[str], series: dict[str, list[float]], *, width: int = 720, height: int = 260, title: str = "") -> str:
    """Line chart of several series over the same x labels (e.g. months), with a legend."""
    if not xs or not series:
        return ""
    top = max((v for vals in series.values() for v in vals if v is not None), default=0) or 1
    left, right, head, base = 44, width - 170, 12, height - 34
    step = (right - left) / max(len(xs) - 1, 1)
    out = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
           f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#999"/>',
           f'<line x1="{left}" y1="{head}" x2="{left}" y2="{base}" stroke="#999"/>',
           f'<text x="{left - 4}" y="{head + 8}" text-anchor="end" class="small">{esc(_fmt(round(top, 2)))}</text>',
           f'<text x="{left - 4}" y="{base}" text-anchor="end" class="small">0</text>']
    every = max(len(xs) // 8, 1)
    for i, x in enumerate(xs):
        # every k-th label, and the last one unless it would sit on the one before it
        if i % every == 0 or (i == len(xs) - 1 and i % every >= every / 2):
            out.append(f'<text x="{left + i * step:.1f}" y="{base + 16}" text-anchor="middle" class="small">{esc(x)}</text>')
    for k, (name, vals) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        runs: list[list[tuple[int, float]]] = [[]]  # None (a month without articles) breaks the line
        for i, v in enumerate(vals):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((i, v))
        for run in runs:
            if len(run) == 1:
                i, v = run[0]
                out.append(f'<circle cx="{left + i * step:.1f}" cy="{base - (base - head) * v / top:.1f}" r="3" fill="{colour}"/>')
            elif run:
                pts = " ".join(f"{left + i * step:.1f},{base - (base - head) * v / top:.1f}" for i, v in run)
                out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        y = head + 6 + k * 18
        out.append(f'<rect x="{right + 12}" y="{y - 9}" width="12" height="10" fill="{colour}"/>')
        out.append(f'<text x="{right + 30}" y="{y}" class="small"><title>{esc(name)}</title>{esc(_fit(name, 22))}</text>')
    out.append("</svg>")
    return "".join(out)
