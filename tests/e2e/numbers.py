"""Numbers in Indonesian pages: no English decimal point ("11.8", "66.67") in the visible text.

Indonesian writes a decimal comma (11,8) and a thousands point (2.000). The browser tests check every
Indonesian page they load, and the page again whenever its text changes (figures computed in
JavaScript, such as the scoring pages' running totals): an init script reports the visible text to
`DecimalWatch`, which keeps what looks like an English decimal. `conftest.page` fails the test on it.

What may have a point between digits is allowed explicitly (`ALLOWED`): times (9.00, 14.30 in
Indonesian, with a date or "pukul" before or WIB after, or as a range), dates written with points,
thousands groups (1.500, 2.000.000), version numbers, NPWP numbers and indicator codes (1.1, 2.3)
named as such. Whatever sits in <code>, <kbd>, <samp>, `.acc-code` or an element with `data-code`
(NIK, credential numbers, indicator codes) is not read at all, nor is visually hidden text; a test
lets through the codes of its own data that look like decimals with `conftest.allow_codes`.
"""

import re

from playwright.sync_api import Error as PlaywrightError

#: Not read: codes and numbers that are identifiers, not quantities.
EXEMPT_SELECTOR = "script, style, noscript, template, code, kbd, samp, .acc-code, [data-code], .visually-hidden"

_TIME = r"(?:[01]?\d|2[0-3])\.[0-5]\d(?:\.[0-5]\d)?"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Agt|Sep|Okt|Nov|Des)[a-z]*\.?"

#: Text that may hold a point between digits, removed before the check (each a compiled pattern).
ALLOWED = [
    # Identifiers first. NPWP: 01.234.567.8-901.000.
    re.compile(r"\b\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}\b"),
    # Reference numbers with letters and several points: a Kemenkumham decree "AHU-0012345.AH.01.04.Tahun".
    re.compile(r"(?<!\S)(?=\S*[A-Za-z])(?=(?:\S*\.){2})\S+"),
    # Indicator and standard codes, named: "indikator 1.1", "butir 2.3".
    re.compile(r"\b(?:indikator|indicator|butir|standar|standard)\s+\d+(?:\.\d+)+\b", re.IGNORECASE),
    # Version numbers, named: "versi 1.2", "v2.0.1".
    re.compile(r"\b(?:versi|version|ver\.|v)\s*\d+(?:\.\d+)+\b", re.IGNORECASE),
    # Dates written with points (31.12.2026) and a date with its time ("12 Mei 2026 9.00").
    re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
    re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}},?\s+{_TIME}\b"),
    # A time after a year ("12 Mei 2026, 9.00", "12-05-2026 09.00"), after "pukul"/"jam", before a
    # time zone, or in a range ("09.00–12.00").
    re.compile(rf"(?<=\d{{4}})(?:,\s*|\s+|\s*·\s*){_TIME}\b"),
    re.compile(rf"\b(?:pukul|jam|mulai|sampai|hingga)\s+{_TIME}\b", re.IGNORECASE),
    re.compile(rf"\b{_TIME}(?=\s*(?:WIB|WITA|WIT)\b)"),
    re.compile(rf"\b{_TIME}\s*[–-]\s*{_TIME}\b"),
    # Thousands groups last: 1.500, 2.000.000 (a decimal comma may follow: 1.234,5).
    re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.])"),
]


DECIMAL = re.compile(r"\d\.\d")

#: Collects the visible text of an Indonesian page (None on any other page), skipping hidden elements
#: and EXEMPT_SELECTOR; one string per text node that has a point between digits.
COLLECT_JS = """
() => {
  if (!document.body || (document.documentElement.lang || "").split("-")[0] !== "id") { return null; }
  var skip = "EXEMPT";
  var texts = [];
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var text = node.nodeValue;
    if (!/\\d\\.\\d/.test(text)) { continue; }
    var el = node.parentElement;
    if (!el || el.closest(skip)) { continue; }
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) { continue; }
    texts.push(text);
  }
  return texts;
}
""".replace("EXEMPT", EXEMPT_SELECTOR)

#: Runs in every page before its own scripts: reports the text once loaded and after each change.
WATCH_JS = """
(function () {
  var collect = COLLECT;
  var timer = null;
  function report() {
    timer = null;
    var texts = collect();
    if (texts && texts.length && window.__portalNumbers) { window.__portalNumbers(texts); }
  }
  function later() { if (!timer) { timer = setTimeout(report, 50); } }
  window.addEventListener("load", function () {
    report();
    new MutationObserver(later).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
})();
""".replace("COLLECT", COLLECT_JS.strip())


def english_decimals(text, codes=()):
    """The English-looking decimals in `text` once the allowed patterns, and the `codes` a test
    declared (`DecimalWatch.allow`), are taken out."""
    for pattern in ALLOWED:
        text = pattern.sub(" ", text)
    for code in codes:
        text = re.sub(rf"(?<![\d.,]){re.escape(code)}(?!\d|[.,]\d)", " ", text)
    return [text[max(0, m.start() - 30): m.end() + 30].strip() for m in DECIMAL.finditer(text)]


class DecimalWatch:
    """Watches a Playwright page: every Indonesian page it loads, and every change of its text."""

    def __init__(self, page):
        self.page = page
        self.found = []
        self.codes = set()
        page.expose_binding("__portalNumbers", self._report)
        page.add_init_script(WATCH_JS)

    def _report(self, source, texts):
        url = source["frame"].url
        for text in texts:
            for snippet in english_decimals(text, self.codes):
                entry = (url, snippet)
                if entry not in self.found:
                    self.found.append(entry)

    def allow(self, codes):
        """Let these codes through: identifiers of the test's data that look like decimals (the
        accreditation instrument's indicator codes "1.1", "2.3" in a list of what is missing)."""
        self.codes |= set(codes)

    def check_now(self):
        """Read the page as it is now (the text reported later is collected too)."""
        try:
            texts = self.page.evaluate(COLLECT_JS)
        except PlaywrightError:  # a closed page or one navigating away: its loads were reported already
            return
        if texts:
            self._report({"frame": self.page.main_frame}, texts)

    def problems(self):
        return [f"{url}: “{snippet}”" for url, snippet in self.found]

