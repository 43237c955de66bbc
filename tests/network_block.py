"""Run a command with the network cut off, for the offline tests.

Two layers, the strongest the machine allows:
- a network namespace with only the loopback interface (`unshare -n`, as root,
  or `unshare -rn` where unprivileged user namespaces are allowed): nothing
  inside can reach another machine, whatever language it is written in;
- always, the guard in tests/netguard/ (a sitecustomize.py on PYTHONPATH),
  which refuses every non-loopback connection and name look-up from Python,
  in the command and in every kernel it starts, and writes each attempt to a
  log, so a test can say not only that a command worked offline but that it
  never tried to go online.
Kernels talk to the notebook runner over loopback, which both layers allow.
KIT_OFFLINE_METHOD=guard skips the namespace, to try the guard on its own.
"""

import os
import subprocess
from pathlib import Path

GUARD_DIR = Path(__file__).resolve().parent / "netguard"
LOOPBACK_UP = 'ip link set lo up && exec "$@"'


def _namespace_prefix():
    """The unshare command that works here, or None."""
    if os.environ.get("KIT_OFFLINE_METHOD") == "guard":
        return None
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            done = subprocess.run([*prefix, "sh", "-c", LOOPBACK_UP, "sh", "true"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return None


NAMESPACE = _namespace_prefix()
METHOD = "netns+guard" if NAMESPACE else "guard"
if NAMESPACE:
    DESCRIPTION = f"network namespace ({' '.join(NAMESPACE)}) with the Python guard"
elif os.environ.get("KIT_OFFLINE_METHOD") == "guard":
    DESCRIPTION = "Python guard only (KIT_OFFLINE_METHOD=guard)"
else:
    DESCRIPTION = "Python guard only (unshare is not permitted here)"


def in_namespace(command):
    """The command run inside a fresh network namespace with loopback up (namespace only)."""
    return [*NAMESPACE, "sh", "-c", LOOPBACK_UP, "sh", *map(str, command)]


def offline_command(command):
    return in_namespace(command) if NAMESPACE else [str(part) for part in command]


def guard_environment(log, environ=None):
    """The environment with the guard loaded first, recording attempts in `log`."""
    env = dict(os.environ if environ is None else environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD_DIR), env.get("PYTHONPATH")]))
    env["KIT_NETGUARD_LOG"] = str(log)
    return env


def run_offline(command, log, cwd=None, timeout=600, env=None):
    """Run the command with the network blocked; returns the CompletedProcess (text output)."""
    return subprocess.run(
        offline_command(command), cwd=cwd, env=guard_environment(log, env), capture_output=True, text=True, timeout=timeout
    )


def attempts(log):
    """Every outgoing attempt the guard refused, one line each."""
    log = Path(log)
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []
