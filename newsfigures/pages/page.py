"""Every HTML page the kit writes (handouts, worksheets, the answer key, a hand-in) comes from a
Jinja2 template in templates/, under one Content-Security-Policy that lets nothing run or load."""

from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
# Images only embedded as data:, styles only inline, no script, frame or outside load.
PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"


def page_template(name):
    """templates/<name>/index.html.j2, autoescaped: a string is shown as text unless it is marked safe."""
    loader = jinja2.FileSystemLoader(TEMPLATES / name)
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined).get_template("index.html.j2")
