"""The tests' own HTML scanner: one parse of a page, read three ways.

- `own_scan`: what would run code or load from outside when the page opens (a second opinion
  beside newsfigures.pages.inert, which `build` uses, written apart so that one's blind spot is not
  the other's);
- `outside_addresses`: every address in the page's tags (not its text) that is neither the kit's
  files nor a data: image, links included (an article shown as data makes no link);
- `loaded_from_elsewhere`: what a self-contained page (a handout) would load rather than carry.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
EMBEDDING = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "link"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
LOADING = {"src", "srcset", "data", "background", "poster", "lowsrc", "dynsrc"}
ADDRESSES = {"src", "href", "srcset", "action", "poster", "background"}
REFERENCES = {"src", "srcset", "href", "poster", "data", "background", "action", "formaction", "xlink:href"}


class Tags(HTMLParser):
    """Every start tag with its attributes, and every piece of CSS (a <style> block or a style=)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities in attributes are decoded, as a browser does
        self.tags, self.css, self.in_style = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))
        self.css += [(f"<{tag} style>", value or "") for name, value in attrs if name == "style"]
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.css.append(("<style>", data))


def parsed(text):
    parser = Tags()
    parser.feed(text)
    parser.close()
    return parser


def own_scan(text):
    """What in a piece of HTML would run code, or load from outside, when rendered."""
    page, found = parsed(text), []
    for tag, attrs in page.tags:
        if tag in EMBEDDING:
            found.append(f"<{tag}>")
        if tag == "meta" and "refresh" in str(dict(attrs).get("http-equiv", "")).lower():
            found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            found += active_attribute(tag, name, re.sub(r"\s", "", value).lower())  # browsers ignore blanks in a scheme
    found += ["<style> that loads from outside" for where, css in page.css if where == "<style>" and loads_in_css(css)]
    if re.search(r"<\s*script\b", text, re.I) and "<script>" not in found:
        found.append("<script>")  # malformed HTML the parser would not call a tag
    return found


def active_attribute(tag, name, value):
    """What an attribute (its value without blanks, in lower case) would run or load."""
    if name.startswith("on"):
        return [f"<{tag} {name}=...>"]
    if name == "srcdoc":
        return [f"<{tag} srcdoc=...>"]
    if name in URL_ATTRIBUTES and value.startswith(("javascript:", "vbscript:", "data:text/html")):
        return [f"<{tag} {name}={value[:40]}>"]
    if name == "style":
        return [f"<{tag} style={value[:40]}>"] if loads_in_css(value) else []
    if name in LOADING or (name in ("href", "xlink:href") and tag not in ("a", "area")):
        urls = [u.split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
        return [f"<{tag} {name}={url[:40]}> loads from outside" for url in urls if loads_from_outside(url)]
    return []


def loads_from_outside(address):
    """Would a browser fetch this address from beyond the page and the kit's files when the page opens?"""
    address = re.sub(r"[\x00-\x20]", "", address).lower()
    if address.startswith(("data:image/", "attachment:")):  # embedded in the page or the notebook
        return False
    return address.startswith(("/", "\\")) or bool(SCHEME.match(address))


def loads_in_css(css):
    return bool(re.search(r"@import|url\(\s*['\"]?\s*(?!data:image/)", css, re.I))


def outside_addresses(page_html):
    """Addresses the page would load or link to that are neither the kit's files nor data: images."""
    found = [value.strip() for _, attrs in parsed(page_html).tags for name, value in attrs if name in ADDRESSES and value]
    return [
        a
        for a in found
        if urlsplit(a).scheme not in ("", "data")
        or a.startswith("//")
        or (a.startswith("data:") and not a.startswith("data:image/png;base64,"))
    ]


def loaded_from_elsewhere(html):
    """Every reference an HTML page would load rather than carry inside it."""
    page = parsed(html)
    found = [
        f"<{tag} {name}={value.strip()[:100]}>"
        for tag, attrs in page.tags
        for name, value in attrs
        if name in REFERENCES and not carried_inside(tag, name, value.strip())
    ]
    for where, css in page.css:
        found += [f"{where} @import" for _ in re.finditer(r"@import\b", css, re.I)]
        urls = re.findall(r"""url\(\s*['"]?([^'")\s]*)""", css, re.I)
        found += [f"{where} url({url[:100]})" for url in urls if not url.startswith(("data:", "#"))]
    return found


def carried_inside(tag, name, value):
    """True if the reference loads nothing: inline data, an anchor, or a plain link a reader may click."""
    if not value or value.startswith(("data:", "#")):
        return True
    if tag == "a" and name == "href":
        scheme = urlsplit(value).scheme.lower()
        return scheme == "https" or (not scheme and not value.startswith("//"))
    return False
