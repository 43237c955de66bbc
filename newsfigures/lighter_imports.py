"""Keep an optional, slow import out of the kit's processes.

jsonschema (used by frictionless and nbformat) checks the "iri" string format
with `rfc3987_syntax` when that package is installed, and JupyterLab's
dependencies install it. Importing it compiles a grammar, which costs about a
second: more than the whole data-prep run. Neither the kit's data package nor
the notebook format uses the "iri" format, so the kit leaves it out.
"""

import sys


def without_iri_grammar():
    """Make `import rfc3987_syntax` fail quietly (jsonschema then skips that one format)."""
    sys.modules.setdefault("rfc3987_syntax", None)
