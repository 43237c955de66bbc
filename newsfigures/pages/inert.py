"""HTML that cannot run anything or load anything from outside when a browser opens it.

`clean(html)` sanitises a fragment (a cell's output, a Markdown cell as HTML)
with nh3, keeping only what the kit's pages use: text markup, tables,
<details>, links to https addresses or to files and anchors beside the page,
and images embedded as data:image/... (the charts, with their alt text).

`executable_pieces(html)` lists what in a page would still run or load:
<script> and other embedding elements, on...= attributes, javascript:,
vbscript: and non-image data: addresses, and anything loaded (src, srcset,
CSS url(), <link href>, ...) from anywhere but a data:image/... address or a
relative file. `build` refuses a handout for which it finds anything.
"""

import re
from html.parser import HTMLParser

import nh3

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "details": {"open"},
    "th": {"colspan", "rowspan", "valign", "style"},
    "td": {"colspan", "rowspan", "valign", "style"},
    "tr": {"style"},
}
IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)

EMBEDDING = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
LOADING = {"src", "srcset", "imagesrcset", "poster", "background", "data", "lowsrc", "dynsrc"}
# Attributes holding an address; SVG animation values can set one (<set attributeName=href to=...>).
ADDRESSES = LOADING | {"href", "xlink:href", "action", "formaction", "cite", "ping", "to", "from", "values"}
CLICKED = {"a", "area"}  # their href waits for a reader's click
CSS_LOAD = re.compile(r"""@import|url\(\s*(?!['"]?\s*data:image/)""", re.I)


def _keep(tag, attribute, value):
    """nh3's last word on an attribute: images only as embedded data, links never to data:, and no id
    that would pass for a cell's anchor (scan tells the cells apart by those)."""
    address = plain_address(value)
    if attribute == "id" and value.startswith("cell-id="):
        return None
    if tag == "img" and attribute == "src":
        return value if IMAGE.match(address) else None
    if attribute == "href" and address.startswith("data:"):
        return None
    return value


def clean(html):
    """The fragment with everything but the kit's plain markup taken out (see the module's doc)."""
    return nh3.clean(
        str(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes={"https", "data"},
        filter_style_properties={"text-align", "vertical-align"},
    )


def plain_address(value):
    """An address as a browser reads it: tabs and newlines dropped anywhere, blanks at the start, lower case."""
    return re.sub(r"^[\x00-\x20]+", "", re.sub(r"[\t\n\r]", "", value or "")).lower()


def outside(address):
    """Does loading this address reach beyond the page and the files beside it?"""
    if IMAGE.match(address) or address.startswith("attachment:"):  # a notebook's own attachment
        return False
    return bool(SCHEME.match(address)) or address.startswith(("/", "\\"))


class _Scanner(HTMLParser):
    """Collects (cell id or None, what) for every executable or loading piece of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities in attributes are decoded, as a browser does
        self.cell, self.found, self.style = None, [], False

    def report(self, what):
        self.found.append((self.cell, what))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        cell = attributes.get("id") or ""
        if tag == "div" and cell.startswith("cell-id="):
            self.cell = cell.removeprefix("cell-id=")
        if tag in EMBEDDING:
            self.report(f"a <{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.report("a <meta http-equiv=refresh> that opens another address")
        self.style = tag == "style"
        for name, value in attrs:
            self.attribute(tag, name.lower(), value or "")

    def attribute(self, tag, name, value):
        values = value.split(";") if name == "values" else [value]
        addresses = [plain_address(v) for v in values]
        if name.startswith("on"):
            self.report(f"an event attribute {name}= on <{tag}>")
        elif name == "srcdoc":
            self.report(f"a srcdoc= page inside <{tag}>")
        elif name == "style" and CSS_LOAD.search(value):
            self.report(f"a style= on <{tag}> that loads {value[:60]}")
        elif name in ADDRESSES and any(a.startswith(("javascript:", "vbscript:")) for a in addresses):
            self.report(f"a javascript: or vbscript: address in {name}= on <{tag}>")
        elif name in ADDRESSES and any(a.startswith("data:") and not IMAGE.match(a) for a in addresses):
            self.report(f"a data: address that is not an image in {name}= on <{tag}>")
        elif name in LOADING or (name in ("href", "xlink:href") and tag not in CLICKED):
            urls = [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in name else [value]
            for url in urls:
                if outside(plain_address(url)):
                    self.report(f"<{tag} {name}={url[:60]}> loads from outside the page")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.style = False

    def handle_endtag(self, tag):
        self.style = False

    def handle_data(self, data):
        if self.style and CSS_LOAD.search(data):
            self.report("a <style> block that loads from outside (@import or url())")


def scan(html):
    """(cell id or None, what) for every executable or loading piece of an HTML page."""
    scanner = _Scanner()
    scanner.feed(str(html))
    scanner.close()
    if re.search(r"<\s*script\b", str(html), re.I) and not any("<script>" in what for _, what in scanner.found):
        scanner.found.append((None, "a <script> element"))  # malformed HTML the parser would not call a tag
    return scanner.found


def executable_pieces(html):
    """What in an HTML string would run code or load something from outside when a browser opens it."""
    return [what for _, what in scan(html)]
