"""Checks the browser tests run on a page: axe-core (vendored, test-only), horizontal
overflow, and English UI text left in a Chinese page.

axe is evaluated through the DevTools protocol (`page.evaluate`), which the page's
Content-Security-Policy does not apply to: CWIS allows no inline script, and a
`<script>` tag added to the page would be refused.
"""

import functools
import re
from pathlib import Path

import polib

import cwis

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

# Words that read the same in a Chinese page: names of programs and formats.
SAME_IN_CHINESE = {"CWIS", "Excel", "Word", "PDF", "API", "English", "TOTP", "OpenAPI"}


@functools.cache
def english_ui_strings() -> frozenset[str]:
    """Every English source string of the project's catalogues that a page could show as is
    (no placeholders), so one found verbatim in a Chinese page was not translated."""
    found = set()
    for path in Path(cwis.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            text = entry.msgid.strip()
            if (entry.obsolete or entry.msgstr == entry.msgid or "%" in text or "{" in text
                    or len(text) < 3 or not re.search(r"[A-Za-z]{2}", text)
                    or text in SAME_IN_CHINESE):
                continue
            found.add(text)
    return frozenset(found)


_TEXTS_JS = """() => {
  const skip = "script, style, noscript, code, [lang]:not([lang^=zh])";
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (text && !(node.parentElement && node.parentElement.closest(skip))) out.push(text);
  }
  for (const el of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    if (el.closest(skip)) continue;
    for (const a of ["placeholder", "title", "aria-label"]) {
      const v = el.getAttribute(a);
      if (v) out.push(v.trim());
    }
  }
  out.push(document.title.replace(/ · CWIS$/, ""));
  return out;
}"""


def untranslated(page) -> list[str]:
    """English UI strings shown verbatim on the page (text, placeholders, titles, labels)."""
    english = english_ui_strings()
    return sorted({text for text in page.evaluate(_TEXTS_JS) if text in english})


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def axe_violations(page, impacts=BLOCKING) -> list[str]:
    """axe-core's violations of these impacts, one line each: rule, impact, where."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
            for v in results if v["impact"] in impacts]
