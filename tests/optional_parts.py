"""A test that needs a part a machine may lack (Chromium, axe, the hub's packages, the build command) is
skipped with the reason, or fails instead where the variable that requires the part is 1, as .ci/run sets it."""

import os

import pytest


def skip_or_fail(missing, variable, what):
    """Nothing if nothing is `missing`; else skip `what` saying why, or fail when the `variable` is 1."""
    if not missing:
        return
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1, but {what} cannot run: {missing}")
    pytest.skip(f"{what} skipped: {missing}")
