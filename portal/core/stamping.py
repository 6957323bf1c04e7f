"""Fast PDFs from a fixed design: WeasyPrint renders the design ONCE (everything that is the same on every
document), and each document's own text and QR code are stamped onto it with ReportLab, then sealed.

How it works (portal/credentials/pdf.py uses it for the certificates):

1. The template is rendered with `background=True` and *tokens* (short unique strings such as ``ZQXNUM``)
   where the per-document values go. Every per-document element carries ``data-stamp="name"`` and the class
   ``stamp``, which the template hides in background mode (``visibility: hidden``: the element keeps its place
   in the layout but is not painted).
2. From WeasyPrint's own layout of that page we read, for each stamped element, its box (left, width, text
   alignment) and its text runs (text, font, size, colour, letter spacing, baseline). That is a `Design`:
   the background PDF bytes plus the `Layout`. It is cached per process and in Django's cache, keyed by a hash
   of the template source, the fonts and logo, and the design's fixed values (labels, issuer, signatory ...).
3. A document is the background page with one ReportLab page laid over it (as a form XObject, merged by
   qpdf through pikepdf), the runs drawn with the tokens replaced by the document's
   values, each line aligned in its box as the browser engine would, with the same Noto fonts (the WOFF files
   in static/fonts converted to TrueType once per process, embedded as subsets, so the text stays selectable
   and searchable). The QR code is drawn as vector rectangles from segno's module matrix. Then it is sealed.

A value that would not fit on its line (the design would have wrapped it, or widened a table column), or a
character that the shipped fonts do not have, raises `NotStampable`: the caller renders that document the
slow way (full WeasyPrint), so it still looks the same.
"""

import functools
import hashlib
import itertools
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.core.cache import cache

PX = 0.75  # one CSS px in PDF points
CACHE_PREFIX = "stamping:design:"

#: How many times this process rendered a background with WeasyPrint (the tests count them).
renders = 0


class NotStampable(Exception):
    """This document cannot be stamped onto the design without changing how it looks."""


@dataclass
class Run:
    text: str
    font: tuple  # (family, weight, style) as in portal.core.pdf.FONTS
    size: float  # pt
    color: tuple  # (r, g, b), 0..1
    spacing: float = 0.0  # letter spacing, pt


@dataclass
class Line:
    left: float  # pt, the box's content edge
    width: float  # pt, the box's content width
    align: str  # "center", "left" or "right"
    baseline: float  # pt from the bottom of the page
    runs: list = field(default_factory=list)


@dataclass
class Cell:
    padding_left: float
    padding_right: float
    border_left: float
    border_right: float
    border_color: tuple
    lines: list = field(default_factory=list)  # Line, each centred in the cell as wide as its widest line


@dataclass
class Table:
    center: float  # pt, the table is centred on it
    bottom: float  # pt from the bottom of the page
    height: float
    cells: list = field(default_factory=list)


@dataclass
class Layout:
    width: float  # page, pt
    height: float
    lines: dict = field(default_factory=dict)  # name -> Line
    tables: dict = field(default_factory=dict)  # name -> Table
    boxes: dict = field(default_factory=dict)  # name -> (x, y, width, height) in pt, origin bottom left


@dataclass
class Design:
    pdf: bytes
    layout: Layout


# ---- the design: WeasyPrint once ------------------------------------------------------------------
def _color(value):
    try:
        red, green, blue = value.to("srgb").coordinates[:3]
    except AttributeError:  # an older tinycss2 colour: RGBA tuple
        red, green, blue = value[:3]
    return (round(red, 4), round(green, 4), round(blue, 4))


def _font_of(style):
    from .pdf import FONTS

    families = {family for family, *_ in FONTS}
    family = next((name for name in style["font_family"] if name in families), None)
    if family is None:
        raise NotStampable(f"font {style['font_family']} is not one of the shipped fonts")
    weight = 700 if style["font_weight"] >= 600 else 400
    return (family, weight, "italic" if style["font_style"] in ("italic", "oblique") else "normal")


def _align(style, direction="ltr"):
    value = style["text_align_all"]
    return {"start": "left", "end": "right", "justify": "left"}.get(value, value)


def _line_of(box, name, height_px):
    """The one line of text of the block `box`: its box and its runs."""
    from weasyprint.formatting_structure import boxes

    texts = [child for child in box.descendants(placeholders=True) if isinstance(child, boxes.TextBox)]
    baselines = {round(text.position_y + text.baseline, 2) for text in texts}
    if len(baselines) != 1:
        raise NotStampable(f"the design's {name} is not one line")
    line = Line(
        left=box.content_box_x() * PX, width=box.width * PX, align=_align(box.style),
        baseline=(height_px - baselines.pop()) * PX,
    )
    for text in texts:
        spacing = text.style["letter_spacing"]
        line.runs.append(Run(
            text=text.text, font=_font_of(text.style), size=text.style["font_size"] * PX,
            color=_color(text.style["color"]), spacing=0.0 if spacing == "normal" else spacing * PX,
        ))
    return line


def _table_of(box, name, height_px):
    """A one-row table whose columns are as wide as their widest line (the dates): its centre, its cells'
    padding and borders (collapsed: each cell has half of the rule between them) and their lines."""
    from weasyprint.formatting_structure import boxes

    cells = [cell for cell in box.descendants(placeholders=True) if isinstance(cell, boxes.TableCellBox)]
    top = max(cell.border_box_y() + cell.border_height() for cell in cells)
    table = Table(
        center=(box.border_box_x() + box.border_width() / 2) * PX,
        bottom=(height_px - top) * PX, height=max(cell.border_height() for cell in cells) * PX,
    )
    for cell in cells:
        table.cells.append(Cell(
            padding_left=cell.padding_left * PX, padding_right=cell.padding_right * PX,
            border_left=cell.border_left_width * PX, border_right=cell.border_right_width * PX,
            border_color=_color(cell.style["border_left_color"]),
            lines=[_line_of(child, name, height_px) for child in cell.children if isinstance(child, boxes.BlockContainerBox)],
        ))
    return table


def layout_of(page):
    """The stamped elements of a rendered WeasyPrint page (`document.pages[0]`)."""
    from weasyprint.formatting_structure import boxes

    height_px = page.height
    layout = Layout(width=page.width * PX, height=height_px * PX)
    seen = set()
    for box in page._page_box.descendants(placeholders=True):
        element = getattr(box, "element", None)
        name = element.get("data-stamp") if element is not None else None
        if not name or name in seen or box.is_table_wrapper:  # a table's wrapper: the table comes next
            continue
        if isinstance(box, boxes.ReplacedBox):
            seen.add(name)
            x, y = box.content_box_x(), box.content_box_y()
            layout.boxes[name] = (x * PX, (height_px - y - box.height) * PX, box.width * PX, box.height * PX)
        elif isinstance(box, boxes.TableBox):
            seen.add(name)
            layout.tables[name] = _table_of(box, name, height_px)
        elif isinstance(box, boxes.BlockContainerBox):
            seen.add(name)
            layout.lines[name] = _line_of(box, name, height_px)
    return layout


def build_design(html, base_url):
    """Render `html` (the template in background mode) once: its PDF and the layout of its stamped elements."""
    global renders
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    if len(document.pages) != 1:
        raise NotStampable("the design is not one page")
    layout = layout_of(document.pages[0])
    renders += 1
    return Design(pdf=document.write_pdf(), layout=layout)


@lru_cache(maxsize=1)
def assets_digest():
    """A hash of the shipped fonts and the logo: a changed file makes a new design."""
    from .pdf import FONTS, static_path

    digest = hashlib.sha256()
    for *_, pattern in FONTS:
        for ext in ("", "-ext"):
            digest.update(static_path("fonts/" + pattern.format(ext=ext)).read_bytes())
    digest.update(static_path("img/logo.svg").read_bytes())
    return digest.hexdigest()


_designs = {}


def design(key, make_html, base_url=None):
    """The `Design` for `key` (a string that changes whenever the fixed design changes): from this process,
    else from Django's cache, else rendered by WeasyPrint (`make_html()` gives the background HTML)."""
    key = hashlib.sha256(f"{key}|{assets_digest()}".encode()).hexdigest()
    found = _designs.get(key)
    if found is not None:
        return found
    cached = cache.get(CACHE_PREFIX + key)
    if cached is not None:
        found = pickle.loads(cached)
    else:
        found = build_design(make_html(), base_url or str(settings.BASE_DIR))
        cache.set(CACHE_PREFIX + key, pickle.dumps(found), timeout=7 * 24 * 3600)
    if len(_designs) >= 32:
        _designs.clear()
    _designs[key] = found
    return found


def forget_designs():
    """Drop this process's designs (the cache's entries stay; they are keyed by content)."""
    _designs.clear()


# ---- fonts: the shipped WOFF files as ReportLab TrueType fonts ------------------------------------
@functools.cache
def _font_files(font):
    """[(ReportLab font name, set of code points)] for the Latin and Latin Extended files of `font`."""
    from fontTools.ttLib import TTFont as FontToolsFont
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .pdf import FONTS, static_path

    family, weight, style = font
    [pattern] = [p for f, w, s, p in FONTS if (f, w, s) == font]
    out = []
    for ext in ("", "-ext"):
        parsed = FontToolsFont(str(static_path("fonts/" + pattern.format(ext=ext))))
        parsed.flavor = None  # WOFF -> plain TrueType
        if ext:  # a PostScript name of its own, or ReportLab takes it for the Latin file's font
            for record in parsed["name"].names:
                if record.nameID in (1, 3, 4, 6):
                    record.string = f"{record.toUnicode()}{'-Ext' if record.nameID == 6 else ' Ext'}"
        data = BytesIO()
        parsed.save(data)
        data.seek(0)
        name = f"{family.replace(' ', '')}-{weight}-{style}{ext}"
        pdfmetrics.registerFont(TTFont(name, data))
        _kerning[name] = Kerning(parsed)
        out.append((name, frozenset(parsed.getBestCmap())))
    return out


class Kerning:
    """The font's pair kerning (the GPOS 'kern' feature's pair adjustments, as HarfBuzz applies them in
    WeasyPrint), so that stamped text is as wide, and its letters as far apart, as in the whole rendering."""

    def __init__(self, parsed):
        self.cmap = parsed.getBestCmap()
        self.units = parsed["head"].unitsPerEm
        self.subtables = []
        if "GPOS" not in parsed:
            return
        gpos = parsed["GPOS"].table
        indices = sorted({
            index for record in gpos.FeatureList.FeatureRecord if record.FeatureTag == "kern"
            for index in record.Feature.LookupListIndex
        })
        for index in indices:
            lookup = gpos.LookupList.Lookup[index]
            for subtable in lookup.SubTable:
                if lookup.LookupType == 9 and subtable.ExtensionLookupType == 2:
                    subtable = subtable.ExtSubTable
                elif lookup.LookupType != 2:
                    continue
                self.subtables.append((frozenset(subtable.Coverage.glyphs), subtable))
        self._pairs = {}

    def __call__(self, left, right):
        """The adjustment between the characters `left` and `right`, in units of the font size."""
        key = (left, right)
        if key not in self._pairs:
            self._pairs[key] = self._lookup(self.cmap.get(ord(left)), self.cmap.get(ord(right))) / self.units
        return self._pairs[key]

    def _lookup(self, first, second):
        if first is None or second is None:
            return 0
        for coverage, subtable in self.subtables:
            if first not in coverage:
                continue
            if subtable.Format == 1:
                pairs = subtable.PairSet[subtable.Coverage.glyphs.index(first)].PairValueRecord
                for record in pairs:
                    if record.SecondGlyph == second:
                        return getattr(record.Value1, "XAdvance", 0) or 0
                continue  # not in this subtable's pairs: the next one may have it
            first_class = subtable.ClassDef1.classDefs.get(first, 0)
            second_class = subtable.ClassDef2.classDefs.get(second, 0)
            value = subtable.Class1Record[first_class].Class2Record[second_class].Value1
            return (getattr(value, "XAdvance", 0) or 0) if value else 0
        return 0


_kerning = {}


def _segments(run):
    """The run split where it changes font file: [(font name, text)]."""
    files = _font_files(run.font)
    segments = []
    for char in run.text:
        for name, points in files:
            if ord(char) in points:
                break
        else:
            raise NotStampable(f"no shipped font has {char!r}")
        if segments and segments[-1][0] == name:
            segments[-1][1] += char
        else:
            segments.append([name, char])
    return segments


# ---- a document: the runs and QR code drawn over the design ---------------------------------------
def _substitute(text, values):
    """`text` with each token replaced by its value, in one pass (a value that contains a token stays as it is)."""
    tokens = [token for token in values if token in text]
    if not tokens:
        return text
    pattern = re.compile("|".join(re.escape(token) for token in sorted(tokens, key=len, reverse=True)))
    return pattern.sub(lambda match: values[match.group(0)], text)


def _pieces(line, values):
    """[(font name, text, run, kerns, width)] of `line` with the tokens replaced; kerns[i] is the space (pt)
    added after the i-th character: letter spacing and pair kerning."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = []
    for run in line.runs:
        text = _substitute(run.text, values)
        for font_name, segment in _segments(Run(text, run.font, run.size, run.color)):
            kern = _kerning[font_name]
            kerns = [run.spacing + run.size * kern(a, b) for a, b in itertools.pairwise(segment)] + [run.spacing]
            width = stringWidth(segment, font_name, run.size) + sum(kerns)
            pieces.append((font_name, segment, run, kerns, width))
    return pieces


def _width(pieces):
    return sum(piece[-1] for piece in pieces)


def _draw(page, line, pieces, left, width):
    total = _width(pieces)
    x = left + {"center": (width - total) / 2, "right": width - total}.get(line.align, 0)
    text_object = page.beginText(x, line.baseline)
    for font_name, segment, run, kerns, _ in pieces:
        text_object.setFont(font_name, run.size)
        text_object.setFillColorRGB(*run.color)
        # Character spacing (Tc) is the letter spacing, changed for one character where a pair is kerned.
        start = 0
        for index, space in enumerate(kerns):
            if space != run.spacing or index == len(kerns) - 1:
                if index > start:
                    text_object.setCharSpace(run.spacing)
                    text_object.textOut(segment[start:index])
                text_object.setCharSpace(space)
                text_object.textOut(segment[index])
                start = index + 1
    page.drawText(text_object)


def overlay(layout, values, qr=None):
    """A one-page PDF (bytes) with the stamped lines of `layout`, the tokens replaced by `values`
    ({token: text}), and `qr` ({box name: segno QR code, dark colour}) drawn in its box."""
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    first = next(iter(layout.lines.values())).runs[0]
    page = canvas.Canvas(  # the initial font one of ours, or ReportLab declares Helvetica (not embedded)
        buffer, pagesize=(layout.width, layout.height), pageCompression=1, invariant=1,
        initialFontName=_font_files(first.font)[0][0], initialFontSize=first.size,
    )
    page.setCreator("")
    for name, line in layout.lines.items():
        pieces = _pieces(line, values)
        if _width(pieces) > line.width + 0.5:
            raise NotStampable(f"{name} does not fit on its line")
        _draw(page, line, pieces, line.left, line.width)
    for table in layout.tables.values():
        cells = [[_pieces(line, values) for line in cell.lines] for cell in table.cells]
        widths = [max(_width(pieces) for pieces in lines) for lines in cells]
        total = sum(cell.border_left + cell.padding_left + width + cell.padding_right + cell.border_right
                    for cell, width in zip(table.cells, widths))
        x = table.center - total / 2
        for index, (cell, lines, width) in enumerate(zip(table.cells, cells, widths)):
            if cell.border_left:  # the collapsed rule between two cells: half in each
                before = table.cells[index - 1].border_right if index else 0
                page.setFillColorRGB(*cell.border_color)
                page.rect(x - before, table.bottom, before + cell.border_left, table.height, stroke=0, fill=1)
            left = x + cell.border_left + cell.padding_left
            for line, pieces in zip(cell.lines, lines):
                _draw(page, line, pieces, left, width)
            x = left + width + cell.padding_right + cell.border_right
    for name, (code, dark) in (qr or {}).items():
        x, y, width, height = layout.boxes[name]
        matrix = code.matrix
        size = len(matrix)
        # One filled path of the dark modules, in module units (a row's run of dark modules is one
        # rectangle): short integer operators, scaled to the box by the transformation matrix.
        rects = []
        for row, cells in enumerate(matrix):
            col = 0
            while col < size:
                if cells[col]:
                    start = col
                    while col < size and cells[col]:
                        col += 1
                    rects.append(f"{start} {size - row - 1} {col - start} 1 re")
                else:
                    col += 1
        page.saveState()
        page.setFillColorRGB(*dark)
        page.transform(width / size, 0, 0, height / size, x, y)
        page.addLiteral("\n".join(rects) + "\nf")
        page.restoreState()
    page.showPage()
    page.save()
    return buffer.getvalue()


def stamp(design, values, qr=None, title=None, subject=None):
    """The design's PDF with the overlay laid over its first page (qpdf through pikepdf: the overlay page
    becomes a form XObject drawn after the design's content, each in its own graphics state), with the
    document's title and subject. PDF bytes, ready to be sealed (`portal.core.sealing.seal`)."""
    import pikepdf

    with pikepdf.open(BytesIO(design.pdf)) as document, pikepdf.open(BytesIO(overlay(design.layout, values, qr))) as over:
        pikepdf.Page(document.pages[0]).add_overlay(over.pages[0])
        if title is not None:
            document.docinfo["/Title"] = title
        if subject is not None:
            document.docinfo["/Subject"] = subject
        out = BytesIO()
        document.save(out)
    return out.getvalue()
