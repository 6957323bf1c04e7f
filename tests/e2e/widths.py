"""Pages that fit: every page the browser tests visit is as wide as the screen, at 360 px and 1280 px.

`WidthWatch` checks each document the test's page shows: `document.documentElement.scrollWidth` must
equal the viewport width at both widths (no sideways scrolling). It is a Playwright *locator handler*
(`page.add_locator_handler`): before the test's next action or assertion on a document that has not been
checked yet (its `<html>` has no `data-width-checked`), Playwright pauses the action, the handler waits
for the document to load, measures it at 360 px and at 1280 px, puts the viewport back and marks the
document; then the action goes on. `page.goto` (and `reload`, `go_back`, `go_forward`) checks the
document it leaves first, so a test that only visits pages one after another is covered too. The check
runs between the test's steps, never during one, so a test that clicks or types is not disturbed.
`conftest.page` fails the test on what it found, and `conftest.shoot` (and the end of the test) checks
the page it is on.

Documents that are not HTML pages (a PDF shown inline, a JSON answer) are not measured.
"""

WIDTHS = (360, 1280)

#: The document not checked yet (a new document has no mark).
UNCHECKED = "html:not([data-width-checked])"

#: The page's width and, when it is wider than the viewport, the elements that stick out first (an
#: element past the right edge whose parent is not), outside the scrolling boxes that hold them.
MEASURE_JS = """
() => {
  var root = document.documentElement;
  if (document.contentType !== "text/html" || !document.body) { return null; }
  var width = root.scrollWidth, viewport = window.innerWidth;
  var culprits = [];
  if (width > viewport) {
    // Inside a box that scrolls or clips sideways, unless positioned out of it (an absolutely
    // positioned element is held only by a positioned box).
    var scrolls = function (el) {
      var absolute = getComputedStyle(el).position === "absolute";
      var held = !absolute;
      for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        var style = getComputedStyle(p);
        if (style.overflowX !== "visible" && held) { return true; }
        if (absolute && style.position !== "static") { held = true; }
      }
      return false;
    };
    var all = document.body.querySelectorAll("*");
    for (var i = 0; i < all.length && culprits.length < 5; i++) {
      var el = all[i];
      var right = el.getBoundingClientRect().right + window.scrollX;
      if (right <= viewport + 0.5) { continue; }
      if (scrolls(el)) { continue; }
      var parent = el.parentElement;
      if (parent && parent !== document.body && !scrolls(parent) && getComputedStyle(el).position !== "absolute"
          && parent.getBoundingClientRect().right + window.scrollX > viewport + 0.5) { continue; }
      var name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      culprits.push(name + " “" + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50) + "” to " + Math.round(right) + " px");
    }
  }
  return { width: width, viewport: viewport, culprits: culprits };
}
"""

#: Page methods that leave the document: it is checked first.
LEAVING = ("goto", "reload", "go_back", "go_forward")

MARK_JS = "() => document.documentElement.setAttribute('data-width-checked', '')"


class WidthWatch:
    """Checks every document a Playwright page shows, at each of `WIDTHS`."""

    def __init__(self, page):
        self.page = page
        self.found = []
        self.reported = set()
        page.add_locator_handler(page.locator(UNCHECKED), self._handle, no_wait_after=True)
        for name in LEAVING:
            setattr(page, name, self._checked_first(getattr(page, name)))

    def _handle(self, locator=None):
        self.check_now()

    def _checked_first(self, navigate):
        """`page.goto` and the like: the document being left is checked before it goes (a test that
        visits pages one after another without acting on them)."""

        def wrapper(*args, **kwargs):
            if self.page.url.startswith(("http://", "https://")):
                self.check_now()
            return navigate(*args, **kwargs)

        return wrapper

    def check_now(self):
        """Measure the page's current document at both widths, once per document."""
        page = self.page
        try:
            page.wait_for_load_state("load")
            if page.evaluate("() => document.documentElement.hasAttribute('data-width-checked')"):
                return
            original = page.viewport_size
            sizes = sorted(WIDTHS, key=lambda width: width != original["width"])
            try:
                for width in sizes:
                    if width != page.viewport_size["width"]:
                        page.set_viewport_size({"width": width, "height": original["height"]})
                    self._report(page.url, width, page.evaluate(MEASURE_JS))
            finally:
                if page.viewport_size != original:
                    page.set_viewport_size(original)
            page.evaluate(MARK_JS)
        except Exception as error:  # a closed page, or one navigating away: its successor gets checked
            if "closed" in str(error) or "navigat" in str(error) or "destroyed" in str(error):
                return
            raise

    def _report(self, url, width, measured):
        if measured is None:
            return
        if measured["width"] != width:
            culprits = "; ".join(measured["culprits"]) or "no single element found"
            entry = f"{url} at {width} px is {measured['width']} px wide: {culprits}"
            if entry not in self.found and entry not in self.reported:
                self.found.append(entry)
                self.reported.add(entry)

    def take(self):
        """What was found since the last call (each problem is reported once)."""
        found, self.found = self.found, []
        return found
