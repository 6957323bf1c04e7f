"""Server-drawn SVG charts of the item analysis: difficulty against discrimination with the flag zones, and
each item's option bars. Markup only: no script, no `style=` (the strict CSP); the colours are classes in
static/css/cbt.css. Every chart is `role="img"` with a <title> and a <desc> (the tables beside them hold
the same figures)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.core import numbers

from . import analysis

# The scatter's frame (viewBox units) and its plot area.
WIDTH, HEIGHT = 400, 300
LEFT, RIGHT, TOP, BOTTOM = 46, 388, 12, 256


def _n(value):
    """A coordinate: one decimal, a dot (SVG, whatever the language)."""
    return f"{value:.1f}"


def _x(p):
    return LEFT + float(p) * (RIGHT - LEFT)


def _y(r):
    return TOP + (1 - float(r)) / 2 * (BOTTOM - TOP)


def _label(value, places=1):
    """A figure people read (a tick, a tooltip): in the page's language ("0,2" in Indonesian)."""
    return numbers.decimal(float(value), places)


def _percent(share):
    return f"{round(float(share) * 100)} %"


def scatter(rows, chart_id="cbt-scatter"):
    """`rows`: (label text, ItemStats) pairs. Items without a point-biserial are left out (the desc says how many)."""
    points = [(label, s) for label, s in rows if s.p is not None and s.r_pb is not None]
    left_out = len(rows) - len(points)
    hard, easy = float(analysis.TOO_HARD_BELOW), float(analysis.TOO_EASY_ABOVE)
    # The texts first: xgettext does not read inside f-strings.
    title = escape(_("Difficulty and discrimination of each item"))
    hard_text, easy_text, negative_text = escape(_("hard")), escape(_("easy")), escape(_("negative discrimination"))
    x_title, y_title = escape(_("Difficulty p (proportion correct)")), escape(_("Discrimination r_pb"))
    parts = [
        f'<svg class="cbt-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'data-testid="cbt-scatter">',
        f'<title id="{chart_id}-t">{title}</title>',
        f'<desc id="{chart_id}-d">{escape(scatter_description(len(points), left_out))}</desc>',
        f'<rect class="cbt-zone" x="{_n(_x(0))}" y="{TOP}" width="{_n(_x(hard) - _x(0))}" height="{BOTTOM - TOP}"/>',
        f'<rect class="cbt-zone" x="{_n(_x(easy))}" y="{TOP}" width="{_n(_x(1) - _x(easy))}" height="{BOTTOM - TOP}"/>',
        f'<rect class="cbt-zone" x="{LEFT}" y="{_n(_y(0))}" width="{RIGHT - LEFT}" height="{_n(_y(-1) - _y(0))}"/>',
    ]
    for tick in (0, 0.2, 0.4, 0.6, 0.8, 1):
        parts.append(f'<line class="cbt-grid" x1="{_n(_x(tick))}" y1="{TOP}" x2="{_n(_x(tick))}" y2="{BOTTOM}"/>')
        parts.append(f'<text class="cbt-tick" x="{_n(_x(tick))}" y="{BOTTOM + 14}" text-anchor="middle">{_label(tick)}</text>')
    for tick in (1, 0.5, 0, -0.5, -1):
        parts.append(f'<line class="cbt-grid" x1="{LEFT}" y1="{_n(_y(tick))}" x2="{RIGHT}" y2="{_n(_y(tick))}"/>')
        parts.append(f'<text class="cbt-tick" x="{LEFT - 6}" y="{_n(_y(tick) + 4)}" text-anchor="end">{_label(tick)}</text>')
    parts.append(f'<line class="cbt-axis" x1="{LEFT}" y1="{_n(_y(0))}" x2="{RIGHT}" y2="{_n(_y(0))}"/>')
    parts.append(f'<text class="cbt-zone-label" x="{_n(_x(0) + 3)}" y="{TOP + 12}">{hard_text}</text>')
    parts.append(f'<text class="cbt-zone-label" x="{_n(_x(1) - 3)}" y="{TOP + 12}" text-anchor="end">{easy_text}</text>')
    parts.append(f'<text class="cbt-zone-label" x="{_n((LEFT + RIGHT) / 2)}" y="{_n(_y(-1) - 6)}" text-anchor="middle">'
                 f'{negative_text}</text>')
    parts.append(f'<text class="cbt-axis-title" x="{_n((LEFT + RIGHT) / 2)}" y="{HEIGHT - 8}" text-anchor="middle">'
                 f'{x_title}</text>')
    parts.append(f'<text class="cbt-axis-title" x="12" y="{_n((TOP + BOTTOM) / 2)}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {_n((TOP + BOTTOM) / 2)})">{y_title}</text>')
    for label, s in points:
        cls = "cbt-point is-flagged" if s.flags else "cbt-point"
        tip = _("%(item)s: p %(p)s, r_pb %(r)s") % {"item": label, "p": number_format(analysis.rounded(s.p, 2), 2),
                                                      "r": number_format(analysis.rounded(s.r_pb, 2), 2)}
        parts.append(f'<circle class="{cls}" cx="{_n(_x(s.p))}" cy="{_n(_y(s.r_pb))}" r="4"><title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def scatter_description(shown, left_out):
    text = _("Each point is an item: to the right easier, higher up more discriminating. The shaded bands are the "
             "flag zones: too hard (p below %(hard)s), too easy (p above %(easy)s), negative discrimination (below 0). "
             "%(shown)s items shown.") % {
        "hard": _label(analysis.TOO_HARD_BELOW), "easy": _label(analysis.TOO_EASY_ABOVE), "shown": shown}
    if left_out:
        text += " " + _("%(n)s items without a point-biserial (too few candidates, or no variation) are not drawn.") % {"n": left_out}
    return text


BAR_X, BAR_W, ROW_H = 18, 110, 14


def option_bars(label, stats, chart_id):
    """One item's choices: a bar per option (the key in its own colour and marked with ✓) and one for the omitted."""
    if not stats.n:
        return ""
    entries = [(letter + (" ✓" if i == stats.key else ""), share, i == stats.key)
               for i, (letter, share) in enumerate(zip("ABCDE", stats.option_shares))]
    entries.append(("–", stats.omitted_share, False))
    height = ROW_H * len(entries) + 2
    described = "; ".join(
        f"{name} {_percent(share)}" for name, share, _key in entries[:-1]
    ) + "; " + _("omitted %(share)s") % {"share": _percent(entries[-1][1])}
    title = escape(_("Choices of %(item)s: %(shares)s") % {"item": label, "shares": described})
    parts = [
        f'<svg class="cbt-bars" viewBox="0 0 {BAR_X + BAR_W + 44} {height}" role="img" aria-labelledby="{chart_id}-t">',
        f'<title id="{chart_id}-t">{title}</title>',
    ]
    for row, (name, share, is_key) in enumerate(entries):
        y = row * ROW_H + 1
        cls = "cbt-obar is-key" if is_key else ("cbt-obar is-omitted" if name == "–" else "cbt-obar")
        parts.append(f'<text class="cbt-tick" x="0" y="{y + 10}">{escape(name[:1])}</text>')
        parts.append(f'<rect class="cbt-obar-track" x="{BAR_X}" y="{y + 2}" width="{BAR_W}" height="{ROW_H - 4}"/>')
        parts.append(f'<rect class="{cls}" x="{BAR_X}" y="{y + 2}" width="{_n(float(share) * BAR_W)}" height="{ROW_H - 4}"/>')
        parts.append(f'<text class="cbt-tick" x="{BAR_X + BAR_W + 4}" y="{y + 10}">{escape(_percent(share))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
