#!/usr/bin/python3
"""Render a tmux pane capture (text with SGR escape sequences) to a PNG picture.

Usage: render_screenshot.py IN.ansi OUT.png [--cols N] [--rows M] [--font-size PX]

IN.ansi is the output of `tmux capture-pane -p -e -N`: one line per screen row, attributes as
SGR sequences that carry over from one line to the next (tmux only writes changes). The
capture is replayed into a cell grid, which is drawn with Pillow in DejaVu Sans Mono on a dark
terminal background. Box-drawing characters (U+2500-U+257F) and block elements (U+2580-U+259F)
are drawn as shapes, so borders join and blocks fill their cells exactly; everything else is
a font glyph.

Needs only Python's standard library and Pillow (Debian: apt-get install python3-pil).
"""

import argparse
import functools
import os
import re
import sys
import unicodedata

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("render_screenshot.py: Pillow is missing (Debian: apt-get install -y python3-pil, "
             "then run this script with /usr/bin/python3)")

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONTS = {  # (bold, italic) -> file
    (False, False): "DejaVuSansMono.ttf",
    (True, False): "DejaVuSansMono-Bold.ttf",
    (False, True): "DejaVuSansMono-Oblique.ttf",
    (True, True): "DejaVuSansMono-BoldOblique.ttf",
}
FALLBACK_FONTS = {  # for the few characters the monospaced face lacks
    False: "DejaVuSans.ttf",
    True: "DejaVuSans-Bold.ttf",
}

BACKGROUND = (0x1E, 0x1E, 0x1E)
FOREGROUND = (0xD4, 0xD4, 0xD4)
FRAME = (0x4A, 0x4A, 0x4A)
# The 16 ANSI colours: an xterm-like palette tuned for a #1e1e1e background.
PALETTE16 = [
    (0x00, 0x00, 0x00), (0xCD, 0x31, 0x31), (0x0D, 0xBC, 0x79), (0xE5, 0xE5, 0x10),
    (0x24, 0x72, 0xC8), (0xBC, 0x3F, 0xBC), (0x11, 0xA8, 0xCD), (0xE5, 0xE5, 0xE5),
    (0x66, 0x66, 0x66), (0xF1, 0x4C, 0x4C), (0x23, 0xD1, 0x8B), (0xF5, 0xF5, 0x43),
    (0x3B, 0x8E, 0xEA), (0xD6, 0x70, 0xD6), (0x29, 0xB8, 0xDB), (0xFF, 0xFF, 0xFF),
]
DIM_FACTOR = 0.6  # dim text: this much of the colour, the rest background


def palette256(n):
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return (levels[n // 36], levels[(n // 6) % 6], levels[n % 6])
    v = 8 + 10 * (n - 232)
    return (v, v, v)


# ---------------------------------------------------------------------------------------------
# Parsing: capture text -> grid of cells


class Attr:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse", "strike", "hidden")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None  # None (default), 0-255 (palette) or (r, g, b)
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = False
        self.reverse = self.strike = self.hidden = False

    def copy(self):
        a = Attr.__new__(Attr)
        for k in Attr.__slots__:
            setattr(a, k, getattr(self, k))
        return a


class Cell:
    __slots__ = ("text", "attr", "width")

    def __init__(self, text, attr, width=1):
        self.text = text    # "" for the right half of a wide character
        self.attr = attr
        self.width = width


def char_width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def _extended_colour(params, i):
    """Parse 38/48 ;5;N or ;2;R;G;B starting at params[i] (the 38/48). Returns (colour, next)."""
    if i + 1 < len(params):
        kind = params[i + 1]
        if kind == 5 and i + 2 < len(params):
            return params[i + 2] % 256, i + 3
        if kind == 2 and i + 4 < len(params):
            r, g, b = (max(0, min(255, v)) for v in params[i + 2:i + 5])
            return (r, g, b), i + 5
    return None, len(params)


def apply_sgr(attr, raw):
    """Apply one SGR parameter string (the part between CSI and 'm') to attr."""
    if raw == "":
        attr.reset()
        return
    # Colon sub-parameters (38:2::r:g:b, 4:3) are folded into the semicolon form.
    params = []
    for part in raw.split(";"):
        if ":" in part:
            sub = [s for s in part.split(":")]
            head = int(sub[0] or 0)
            if head in (38, 48, 58):
                vals = [int(s) if s else 0 for s in sub[1:]]
                if vals and vals[0] == 2 and len(vals) == 5:  # 38:2:colourspace:r:g:b
                    vals = [2] + vals[2:]
                params.extend([head] + vals)
            elif head == 4:
                params.append(24 if sub[1:] == ["0"] else 4)
            else:
                params.append(head)
        else:
            params.append(int(part) if part.isdigit() else 0)
    i = 0
    while i < len(params):
        p = params[i]
        i += 1
        if p == 0:
            attr.reset()
        elif p == 1:
            attr.bold = True
        elif p == 2:
            attr.dim = True
        elif p == 3:
            attr.italic = True
        elif p == 4:
            attr.underline = True
        elif p in (5, 6):
            pass  # blink: a still picture cannot blink
        elif p == 7:
            attr.reverse = True
        elif p == 8:
            attr.hidden = True
        elif p == 9:
            attr.strike = True
        elif p == 21:
            attr.underline = True  # double underline, drawn single
        elif p == 22:
            attr.bold = attr.dim = False
        elif p == 23:
            attr.italic = False
        elif p == 24:
            attr.underline = False
        elif p == 25:
            pass
        elif p == 27:
            attr.reverse = False
        elif p == 28:
            attr.hidden = False
        elif p == 29:
            attr.strike = False
        elif 30 <= p <= 37:
            attr.fg = p - 30
        elif p == 38:
            c, i = _extended_colour(params, i - 1)
            if c is not None:
                attr.fg = c
        elif p == 39:
            attr.fg = None
        elif 40 <= p <= 47:
            attr.bg = p - 40
        elif p == 48:
            c, i = _extended_colour(params, i - 1)
            if c is not None:
                attr.bg = c
        elif p == 49:
            attr.bg = None
        elif p == 58:
            _, i = _extended_colour(params, i - 1)  # underline colour: ignored
        elif 90 <= p <= 97:
            attr.fg = p - 90 + 8
        elif 100 <= p <= 107:
            attr.bg = p - 100 + 8
        # anything else (overline, fonts, ...) is ignored


CSI_RE = re.compile(r"\x1b\[([0-9;:?<=>]*)([ -/]*)([@-~])")
OSC_RE = re.compile(r"\x1b\].*?(?:\x07|\x1b\\)", re.S)
OTHER_ESC_RE = re.compile(r"\x1b(?:[()*+][0-9A-Za-z]|[ -/]*[0-~])")


def parse_capture(text, cols=None, rows=None):
    """Return (grid, cols, rows); grid is a list of rows, each a list of Cells."""
    text = text.replace("\r\n", "\n").replace("\r", "")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline after the last row
    attr = Attr()
    blank = Attr()
    grid = []
    for line in lines:
        row = []
        pos = 0
        n = len(line)
        while pos < n:
            ch = line[pos]
            if ch == "\x1b":
                m = CSI_RE.match(line, pos)
                if m:
                    if m.group(3) == "m" and not m.group(2) and not m.group(1).startswith(("?", "<", "=", ">")):
                        apply_sgr(attr, m.group(1))
                    pos = m.end()
                    continue
                m = OSC_RE.match(line, pos) or OTHER_ESC_RE.match(line, pos)
                pos = m.end() if m else pos + 1
                continue
            pos += 1
            if ch == "\t":
                for _ in range(8 - len(row) % 8):
                    row.append(Cell(" ", attr.copy()))
                continue
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                continue
            w = char_width(ch)
            if w == 0:
                if row:  # combining mark, variation selector: joins the previous character
                    last = row[-1] if row[-1].text else row[-2]
                    last.text += ch
                continue
            row.append(Cell(ch, attr.copy(), w))
            if w == 2:
                row.append(Cell("", row[-1].attr, 0))
        grid.append(row)
    if cols is None:
        cols = max((len(r) for r in grid), default=0) or 80
    if rows is None:
        rows = len(grid) or 24
    grid = grid[:rows]
    while len(grid) < rows:
        grid.append([])
    for r, row in enumerate(grid):
        if len(row) > cols:
            row = row[:cols]
            if row and row[-1].width == 2:  # a wide character cut in half
                row[-1] = Cell(" ", row[-1].attr)
        while len(row) < cols:
            row.append(Cell(" ", blank))
        grid[r] = row
    return grid, cols, rows


# ---------------------------------------------------------------------------------------------
# Colours


def resolve(colour, default):
    if colour is None:
        return default
    if isinstance(colour, tuple):
        return colour
    return palette256(colour)


def mix(a, b, t):
    """t of a, 1 - t of b."""
    return tuple(int(round(a[i] * t + b[i] * (1 - t))) for i in range(3))


def cell_colours(attr):
    fg = resolve(attr.fg, FOREGROUND)
    bg = resolve(attr.bg, BACKGROUND)
    if attr.reverse:
        fg, bg = bg, fg
    if attr.dim:
        fg = mix(fg, bg, DIM_FACTOR)
    if attr.hidden:
        fg = bg
    return fg, bg


# ---------------------------------------------------------------------------------------------
# Box drawing (U+2500-U+257F): line weights per arm, derived from the Unicode character names

NONE, LIGHT, HEAVY, DOUBLE = 0, 1, 2, 3
WEIGHT_WORDS = {"LIGHT": LIGHT, "SINGLE": LIGHT, "HEAVY": HEAVY, "DOUBLE": DOUBLE}
DIRECTION_WORDS = {
    "UP": ("up",), "DOWN": ("down",), "LEFT": ("left",), "RIGHT": ("right",),
    "HORIZONTAL": ("left", "right"), "VERTICAL": ("up", "down"),
}


@functools.lru_cache(maxsize=None)
def box_spec(ch):
    """Describe a box-drawing character: ('lines', {arm: weight}), ('dash', n, weight,
    horizontal), ('arc', (vertical arm, horizontal arm)), ('diagonal', kinds) or None."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if not name.startswith("BOX DRAWINGS "):
        return None
    words = name[len("BOX DRAWINGS "):].split()
    if "DASH" in words:
        n = {"DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}[words[words.index("DASH") - 1]]
        weight = WEIGHT_WORDS[words[0]]
        return ("dash", n, weight, words[-1] == "HORIZONTAL")
    if "ARC" in words:
        arms = [DIRECTION_WORDS[w][0] for w in words if w in ("UP", "DOWN", "LEFT", "RIGHT")]
        return ("arc", tuple(arms))
    if "DIAGONAL" in words:
        rest = " ".join(words)
        kinds = []
        if "UPPER RIGHT TO LOWER LEFT" in rest or "CROSS" in rest:
            kinds.append("/")
        if "UPPER LEFT TO LOWER RIGHT" in rest or "CROSS" in rest:
            kinds.append("\\")
        return ("diagonal", tuple(kinds))
    # Groups separated by AND, each with directions and maybe a weight; a group without a
    # weight takes the one given last (or the first one given at all).
    groups = []
    current = {"dirs": [], "weight": None}
    for w in words:
        if w == "AND":
            groups.append(current)
            current = {"dirs": [], "weight": None}
        elif w in WEIGHT_WORDS:
            current["weight"] = WEIGHT_WORDS[w]
        elif w in DIRECTION_WORDS:
            current["dirs"].extend(DIRECTION_WORDS[w])
    groups.append(current)
    first = next((g["weight"] for g in groups if g["weight"] is not None), LIGHT)
    arms = {}
    last = first
    for g in groups:
        weight = g["weight"] if g["weight"] is not None else last
        last = weight
        for d in g["dirs"]:
            arms[d] = weight
    return ("lines", arms)


class Painter:
    """Draws cells of a given size; coordinates are absolute pixels on the canvas."""

    def __init__(self, image, cw, ch, font_size):
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.cw, self.ch = cw, ch
        self.light = max(1, int(round(font_size * 0.08)))
        self.heavy = self.light * 2 if self.light > 1 else 3
        self.dgap = self.light * 2  # offset of each double line from the single line position
        self._shade_masks = {}
        self._box_cache = {}

    # -- helpers
    def rect(self, x0, y0, x1, y1, colour):
        """Fill [x0, x1) x [y0, y1)."""
        if x1 > x0 and y1 > y0:
            self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=colour)

    def thickness(self, weight):
        return {LIGHT: self.light, HEAVY: self.heavy, DOUBLE: self.light}.get(weight, 0)

    # -- box drawing
    def box(self, x, y, spec, colour):
        kind = spec[0]
        cw, ch = self.cw, self.ch
        if kind == "lines":
            self._lines(x, y, spec[1], colour)
        elif kind == "dash":
            _, n, weight, horizontal = spec
            t = self.thickness(weight)
            length = cw if horizontal else ch
            seg = length / n
            gap = max(1, int(round(seg * 0.3)))
            for i in range(n):
                a = int(round(i * seg + gap / 2))
                b = int(round((i + 1) * seg - gap / 2))
                if horizontal:
                    p = y + ch // 2 - t // 2
                    self.rect(x + a, p, x + b, p + t, colour)
                else:
                    p = x + cw // 2 - t // 2
                    self.rect(p, y + a, p + t, y + b, colour)
        else:
            mask = self._box_mask(spec)
            self.image.paste(colour, (x, y), mask)

    def _box_mask(self, spec):
        """Arcs and diagonals: antialiased, drawn four times larger and scaled down."""
        if spec in self._box_cache:
            return self._box_cache[spec]
        s = 4
        L = self.light
        W, H = self.cw * s, self.ch * s
        t = L * s
        big = Image.new("L", (W, H), 0)
        d = ImageDraw.Draw(big)
        lx = (self.cw // 2 - L // 2) * s  # first big pixel of the vertical light line
        ly = (self.ch // 2 - L // 2) * s  # first big pixel of the horizontal light line
        if spec[0] == "arc":
            vert, horiz = spec[1]
            r = (min(self.cw, self.ch) // 2) * s  # radius to the middle of the line
            cx, cy = lx + t / 2, ly + t / 2
            sx = 1 if horiz == "right" else -1
            sy = 1 if vert == "down" else -1
            ox, oy = cx + sx * r, cy + sy * r  # centre of the circle
            if sx > 0:
                d.rectangle((ox, ly, W, ly + t - 1), fill=255)
            else:
                d.rectangle((0, ly, ox, ly + t - 1), fill=255)
            if sy > 0:
                d.rectangle((lx, oy, lx + t - 1, H), fill=255)
            else:
                d.rectangle((lx, 0, lx + t - 1, oy), fill=255)
            start = {(1, 1): 180, (-1, 1): 270, (-1, -1): 0, (1, -1): 90}[(sx, sy)]
            h = r + t / 2
            d.arc((ox - h, oy - h, ox + h, oy + h), start, start + 90, fill=255, width=t)
        else:
            for k in spec[1]:
                if k == "/":
                    d.line((W, 0, 0, H), fill=255, width=t)
                else:
                    d.line((0, 0, W, H), fill=255, width=t)
        mask = big.resize((self.cw, self.ch), Image.LANCZOS)
        self._box_cache[spec] = mask
        return mask

    def _spans(self, weight, c):
        """Pixel spans [lo, hi) across a line of this weight centred on c (two for a double)."""
        L, g = self.light, self.dgap
        if weight == DOUBLE:
            return [(c - g - L // 2, c - g - L // 2 + L), (c + g - L // 2, c + g - L // 2 + L)]
        t = self.thickness(weight)
        return [(c - t // 2, c - t // 2 + t)]

    def _arm(self, weight, positive, neg_perp, pos_perp, opposite, c_along, c_across, length):
        """Rectangles of one arm as ((along_lo, along_hi), (across_lo, across_hi)).

        neg_perp/pos_perp: weights of the perpendicular arms on the negative and positive side
        of the arm (up/down for a horizontal arm, left/right for a vertical one); opposite: the
        weight of the arm pointing the other way. A line either covers the perpendicular lines
        (runs through to their far edge) or, for the inner lines of double joins, stops at the
        near one."""
        def bounds(perp_weight, mode):
            spans = self._spans(perp_weight, c_along)
            if positive:
                lo = spans[-1][0] if mode == "near" else spans[0][0]
                return (lo, length)
            hi = spans[0][1] if mode == "near" else spans[-1][1]
            return (0, hi)

        def own(spans_weight):
            spans = self._spans(spans_weight, c_along)
            return (spans[0][0], length) if positive else (0, spans[-1][1])

        def thickest(*ws):
            present = [w for w in ws if w]
            if DOUBLE in present:
                return DOUBLE
            return max(present, key=self.thickness) if present else NONE

        rects = []
        across = self._spans(weight, c_across)
        if weight in (LIGHT, HEAVY):
            wp = thickest(neg_perp, pos_perp)
            if not wp:
                along = own(weight)
            elif wp == DOUBLE and neg_perp and pos_perp and not opposite:
                along = bounds(DOUBLE, "near")  # a T onto a double line stops at the near line
            else:
                along = bounds(wp, "cover")
            rects.append((along, across[0]))
        elif weight == DOUBLE:
            for span, near, far in ((across[0], neg_perp, pos_perp), (across[1], pos_perp, neg_perp)):
                if near == DOUBLE:
                    along = bounds(DOUBLE, "near")  # inner line of a double corner
                elif near:
                    along = bounds(near, "cover")
                elif far:
                    along = bounds(far, "cover")  # outer line of a corner
                else:
                    along = own(DOUBLE)
                rects.append((along, span))
        return rects

    def _lines(self, x, y, arms, colour):
        cw, ch = self.cw, self.ch
        cx, cy = cw // 2, ch // 2
        up, down, left, right = (arms.get(k, NONE) for k in ("up", "down", "left", "right"))
        for weight, positive, opposite in ((right, True, left), (left, False, right)):
            if weight:
                for (a0, a1), (b0, b1) in self._arm(weight, positive, up, down, opposite, cx, cy, cw):
                    self.rect(x + a0, y + b0, x + a1, y + b1, colour)
        for weight, positive, opposite in ((down, True, up), (up, False, down)):
            if weight:
                for (a0, a1), (b0, b1) in self._arm(weight, positive, left, right, opposite, cy, cx, ch):
                    self.rect(x + b0, y + a0, x + b1, y + a1, colour)

    # -- block elements (U+2580-U+259F)
    def block(self, x, y, code, fg, bg):
        cw, ch = self.cw, self.ch
        r = self.rect

        def yh(k):  # k eighths down from the top
            return y + int(round(ch * k / 8))

        def xw(k):
            return x + int(round(cw * k / 8))

        mx, my = x + cw // 2, y + ch // 2
        if code == 0x2580:
            r(x, y, x + cw, my, fg)
        elif 0x2581 <= code <= 0x2588:  # lower one eighth .. full block
            r(x, yh(8 - (code - 0x2580)), x + cw, y + ch, fg)
        elif 0x2589 <= code <= 0x258F:  # left seven eighths .. left one eighth
            r(x, y, xw(8 - (code - 0x2588)), y + ch, fg)
        elif code == 0x2590:
            r(mx, y, x + cw, y + ch, fg)
        elif code in (0x2591, 0x2592, 0x2593):
            mask = self._shade_mask(code)
            box = (x, y, x + cw, y + ch)
            self.image.paste(fg, box, mask.crop(box))
        elif code == 0x2594:
            r(x, y, x + cw, yh(1), fg)
        elif code == 0x2595:
            r(xw(7), y, x + cw, y + ch, fg)
        else:  # quadrants
            quads = {
                0x2596: "LL", 0x2597: "LR", 0x2598: "UL", 0x2599: "UL LL LR", 0x259A: "UL LR",
                0x259B: "UL UR LL", 0x259C: "UL UR LR", 0x259D: "UR", 0x259E: "UR LL",
                0x259F: "UR LL LR",
            }[code].split()
            for q in quads:
                x0, x1 = (x, mx) if q[1] == "L" else (mx, x + cw)
                y0, y1 = (y, my) if q[0] == "U" else (my, y + ch)
                r(x0, y0, x1, y1, fg)

    def _shade_mask(self, code):
        """Canvas-sized stipple masks, so the patterns line up from cell to cell."""
        if code not in self._shade_masks:
            w, h = self.image.size
            rows = {  # a 2x2 tile: light shade 1 pixel in 4, medium a checkerboard, dark 3 in 4
                0x2591: (b"\xff\x00", b"\x00\x00"),
                0x2592: (b"\xff\x00", b"\x00\xff"),
                0x2593: (b"\xff\xff", b"\x00\xff"),
            }[code]
            lines = [(r * (w // 2 + 1))[:w] for r in rows]
            data = b"".join(lines[i % 2] for i in range(h))
            self._shade_masks[code] = Image.frombytes("L", (w, h), data)
        return self._shade_masks[code]


# ---------------------------------------------------------------------------------------------
# Glyphs


class Fonts:
    def __init__(self, size):
        self.size = size
        self.faces = {k: ImageFont.truetype(os.path.join(FONT_DIR, f), size) for k, f in FONTS.items()}
        self.fallback = {k: ImageFont.truetype(os.path.join(FONT_DIR, f), size)
                         for k, f in FALLBACK_FONTS.items()}
        regular = self.faces[(False, False)]
        ascent, descent = regular.getmetrics()
        self.ascent = ascent
        self.cell_w = int(round(regular.getlength("M")))
        self.cell_h = ascent + descent
        self._notdef = {}
        self._has = {}

    def _missing_mask(self, font):
        key = id(font)
        if key not in self._notdef:
            m = font.getmask("\U0010FFFD")
            self._notdef[key] = (m.size, bytes(m))
        return self._notdef[key]

    def has_glyph(self, font, text):
        key = (id(font), text)
        if key not in self._has:
            m = font.getmask(text)
            self._has[key] = (m.size, bytes(m)) != self._missing_mask(font)
        return self._has[key]

    def pick(self, text, bold, italic):
        """The font to draw text with: the monospaced face, else DejaVu Sans."""
        face = self.faces[(bold, italic)]
        if text.isascii() or self.has_glyph(face, text[0]):
            return face, False
        fb = self.fallback[bold]
        if self.has_glyph(fb, text[0]):
            return fb, True
        return face, False


def render(grid, cols, rows, font_size=20, padding=12):
    fonts = Fonts(font_size)
    cw, ch = fonts.cell_w, fonts.cell_h
    frame = 1
    ox = oy = frame + padding
    width = cols * cw + 2 * ox
    height = rows * ch + 2 * oy
    image = Image.new("RGB", (width, height), BACKGROUND)
    painter = Painter(image, cw, ch, font_size)
    draw = painter.draw
    # the window frame: a thin line around the picture, the corners rounded off a little
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=6, outline=FRAME, width=frame)

    # backgrounds first, so glyphs that overhang their cell are not painted over
    resolved = []
    for r in range(rows):
        line = []
        for c in range(cols):
            cell = grid[r][c]
            fg, bg = cell_colours(cell.attr)
            line.append((fg, bg))
            if cell.width == 0:
                continue
            if bg != BACKGROUND:
                x, y = ox + c * cw, oy + r * ch
                painter.rect(x, y, x + cw * max(1, cell.width), y + ch, bg)
        resolved.append(line)

    for r in range(rows):
        for c in range(cols):
            cell = grid[r][c]
            if cell.width == 0:
                continue
            fg, bg = resolved[r][c]
            a = cell.attr
            x, y = ox + c * cw, oy + r * ch
            text = cell.text
            code = ord(text[0]) if text else 32
            if a.hidden or fg == bg:
                pass
            elif 0x2500 <= code <= 0x257F and len(text) == 1 and box_spec(text) is not None:
                painter.box(x, y, box_spec(text), fg)
            elif 0x2580 <= code <= 0x259F and len(text) == 1:
                painter.block(x, y, code, fg, bg)
            elif text.strip():
                font, fallback = fonts.pick(text, a.bold, a.italic)
                span = cw * cell.width
                if fallback:
                    # a proportional glyph: centred in its cells, shrunk if it is too wide
                    w = font.getlength(text)
                    if w > span:
                        font = ImageFont.truetype(font.path, max(6, int(font_size * span / w)))
                        w = font.getlength(text)
                    draw.text((x + (span - w) / 2, y + fonts.ascent), text, font=font, fill=fg, anchor="ls")
                elif cell.width == 2:
                    w = font.getlength(text)
                    draw.text((x + (span - w) / 2, y + fonts.ascent), text, font=font, fill=fg, anchor="ls")
                else:
                    draw.text((x, y + fonts.ascent), text, font=font, fill=fg, anchor="ls")
            if a.underline and not a.hidden:
                uy = y + fonts.ascent + max(1, int(round(font_size * 0.1)))
                uy = min(uy, y + ch - painter.light)
                painter.rect(x, uy, x + cw * cell.width, uy + painter.light, fg)
            if a.strike and not a.hidden:
                sy = y + int(round(fonts.ascent * 0.62))
                painter.rect(x, sy, x + cw * cell.width, sy + painter.light, fg)
    return image


def main(argv=None):
    ap = argparse.ArgumentParser(description="Render a `tmux capture-pane -p -e -N` capture to PNG.")
    ap.add_argument("input", help="the capture (text with SGR escape sequences); - for stdin")
    ap.add_argument("output", help="the PNG file to write")
    ap.add_argument("--cols", type=int, help="screen width in cells (default: the widest line)")
    ap.add_argument("--rows", type=int, help="screen height in cells (default: the number of lines)")
    ap.add_argument("--font-size", type=int, default=20, help="font size in pixels (default: 20)")
    ap.add_argument("--padding", type=int, default=12, help="pixels around the cells (default: 12)")
    args = ap.parse_args(argv)
    if args.input == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(args.input, "rb") as f:
            data = f.read()
    text = data.decode("utf-8", errors="replace")
    grid, cols, rows = parse_capture(text, args.cols, args.rows)
    image = render(grid, cols, rows, font_size=args.font_size, padding=args.padding)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    tmp = args.output + ".tmp"
    image.save(tmp, format="PNG", optimize=True)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
