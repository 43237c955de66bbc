"""JupyterLab settings for the kit, loaded by `python -m newsfigures lab`.

Nothing here leaves the machine on its own: no news feed, no update check, no
look-ups on PyPI. The token, the loopback address and the XSRF checks stay as
Jupyter sets them: newsfigures/serving/lab.py refuses to start if any setting weakens them.
"""

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

# The announcements feed and the "newer version" check both fetch from the internet.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# The default extension manager asks PyPI about every installed extension;
# the read-only one lists what is installed and fetches nothing.
c.LabApp.extension_manager = "readonly"

# Open at the kit's start page.
c.LabApp.default_url = "/lab/tree/notebooks/00-start-here.ipynb"
