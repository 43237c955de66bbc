"""`python -m newsfigures lab`: open the kit in JupyterLab at its start page.

JupyterLab reads its settings from every folder on JUPYTER_CONFIG_PATH, so the
command puts the kit's own folder (newsfigures/serving/jupyter/) first there: no news
feed, no update check, no extension look-ups on PyPI, and the start page as
the landing page. Every other argument (--port, --no-browser, ...) goes to
JupyterLab unchanged.

The lab stays locked whatever the user's own Jupyter setup says. The user's
files (JUPYTER_CONFIG_DIR or ~/.jupyter, JUPYTER_CONFIG_PATH, sys.prefix/etc/
jupyter) load after the kit's folder and win over it, so rather than try to
out-vote them, JupyterLab runs inside the command: it settles its settings
exactly as `jupyter lab` does (files, environment, command line), and before it
opens a port the settings it ended with are checked. Each of these is refused, never silently overridden, with a message
naming the setting, where it was set (file, command line or environment
variable) and the fix:

- listening beyond this computer: `ServerApp.ip` other than a loopback
  address (127.0.0.1, ::1) or localhost;
- no token and no password: an empty `ServerApp.token` or
  `IdentityProvider.token`, `IdentityProvider.need_token` off, or an empty
  JUPYTER_TOKEN_FILE (a password with an empty token is fine);
- logins checked by other code than Jupyter's token and password check:
  `ServerApp.identity_provider_class`, `ServerApp.login_handler_class`;
- no XSRF checks: `ServerApp.disable_check_xsrf` on, or `tornado_settings`
  turning `xsrf_cookies` off;
- other host names taken as local (the guard against DNS rebinding):
  `ServerApp.allow_remote_access` on, extra `ServerApp.local_hostnames`;
- pages of other sites allowed to call the lab: `ServerApp.allow_origin`,
  `ServerApp.allow_origin_pat`;
- a token anyone could guess: shorter than 16 characters;
- pages of other sites allowed to frame the lab: a Content-Security-Policy whose
  `frame-ancestors` names more than 'self' or 'none';
- the server's metrics (/metrics) open without the token: `ServerApp.authenticate_prometheus` off;
- kernels anyone on the network could run code in: `KernelManager.ip` other than
  a loopback address (on TCP), or an empty `Session.key` (messages unsigned).

The same names under NotebookApp and LabApp count too (Jupyter forwards them).
"""

import ipaddress
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsfigures.kit import Kit

CONFIG_DIR = Path(__file__).resolve().parent / "jupyter"
# Arguments that make JupyterLab print something and stop without serving.
STOPPING_FLAGS = {"-h", "--help", "--help-all", "--version", "-V", "--generate-config"}
# Where Jupyter accepts each kind of setting (it forwards NotebookApp and LabApp ones to ServerApp).
SECTIONS = {
    "ServerApp": ("ServerApp", "NotebookApp", "LabApp"),
    "IdentityProvider": ("IdentityProvider", "PasswordIdentityProvider"),
    "KernelManager": ("KernelManager", "IOLoopKernelManager", "AsyncIOLoopKernelManager", "ServerKernelManager"),
    "Session": ("Session",),
}
# Jupyter makes a 48-character token; one much shorter could be guessed.
SHORTEST_TOKEN = 16


def run_lab(jupyter_args):
    """JupyterLab on the kit, in this process, with the kit's settings folder first on JUPYTER_CONFIG_PATH
    (Jupyter reads that variable when it loads its settings, and passes it on to the kernels).

    Checkpoints ("File > Revert") go to build/checkpoints/ rather than a hidden
    folder beside each notebook, so the kit's own folders stay as they came.
    Later arguments override earlier ones; Ctrl-C is Jupyter's own (it asks before stopping).
    """
    from newsfigures.files import WriteFailed
    from newsfigures.student.originals import keep_originals

    kit = Kit.here()
    try:
        keep_originals(kit)  # outside git, what `reset` puts back
    except WriteFailed as err:
        print(f"Note: the kit could not keep a copy of its notebooks to reset from. {err}", file=sys.stderr)
    checkpoints = kit.build / "checkpoints"
    checkpoints.parent.mkdir(exist_ok=True)  # Jupyter falls back to the system's temporary folder when it is missing
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(CONFIG_DIR), os.environ.get("JUPYTER_CONFIG_PATH")]))
    os.chdir(kit.root)
    return serve([f"--ServerApp.root_dir={kit.root}", f"--FileCheckpoints.checkpoint_dir={checkpoints}", *jupyter_args])


# --- what would weaken the lab ----------------------------------------------------------------


def is_loopback(ip):
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def extra_hostnames(names):
    return set(names or []) - {"localhost"}


def short_token(token):
    return 0 < len(token) < SHORTEST_TOKEN


def framing_allowed(policy):
    """True if a Content-Security-Policy lets pages of other sites frame the lab (clickjacking)."""
    for directive in (policy or "").split(";"):
        name, *sources = directive.split() or [""]
        if name.lower() == "frame-ancestors" and set(sources) - {"'self'", "'none'"}:
            return True
    return False


def policy_in(settings):
    return (settings.get("headers") or {}).get("Content-Security-Policy")


def kernel_probe(server):
    """A kernel manager as the lab would make one for a kernel (not started): its settings are the kernels'."""
    from traitlets.utils.importstring import import_item

    return import_item(server.kernel_manager.kernel_manager_class)(parent=server.kernel_manager)


def kernel_open(server):
    probe = kernel_probe(server)
    return probe.transport == "tcp" and not is_loopback(probe.ip)


def custom_login(server):
    from jupyter_server.auth.identity import PasswordIdentityProvider

    return type(server.identity_provider) is not PasswordIdentityProvider


@dataclass(frozen=True)
class Rule:
    weak_now: Callable  # server -> True if the started lab would be weakened this way
    settings: dict  # "Section.trait" -> test of a configured value that causes it
    why: str
    fix: str


RULES = [
    Rule(
        lambda server: not is_loopback(server.ip),
        {"ServerApp.ip": lambda ip: not is_loopback(ip)},
        "The lab would listen beyond this computer (only 127.0.0.1, ::1 or localhost are allowed).",
        ", or start with `python -m newsfigures lab --ServerApp.ip=127.0.0.1`.",
    ),
    Rule(
        lambda server: not server.identity_provider.auth_enabled,
        {
            "ServerApp.token": lambda token: token == "",
            "IdentityProvider.token": lambda token: token == "",
            "IdentityProvider.need_token": lambda need: not need,
        },
        "With no token and no password, anyone who can reach the lab can run any command as you.",
        ", or set a password with `jupyter server password`.",
    ),
    Rule(
        custom_login,
        {"ServerApp.identity_provider_class": lambda _: True, "ServerApp.login_handler_class": lambda _: True},
        "Logins would be checked by other code than Jupyter's token and password check.",
        " (the kit's lab accepts only Jupyter's own token and password).",
    ),
    Rule(
        lambda server: server.web_app.settings.get("disable_check_xsrf") or not server.web_app.settings.get("xsrf_cookies"),
        {
            "ServerApp.disable_check_xsrf": bool,
            "ServerApp.tornado_settings": lambda s: s.get("disable_check_xsrf") or not s.get("xsrf_cookies", True),
        },
        "Without XSRF checks, any web page open in the browser could send commands to the lab.",
        " (the kit's lab always checks XSRF tokens).",
    ),
    # A non-loopback ip turns allow_remote_access on by default; the rule for the ip reports that.
    Rule(
        lambda server: (
            is_loopback(server.ip)
            and server.web_app.settings.get("allow_remote_access")
            or extra_hostnames(server.web_app.settings.get("local_hostnames"))
        ),
        {
            "ServerApp.allow_remote_access": bool,
            "ServerApp.local_hostnames": extra_hostnames,
            "ServerApp.tornado_settings": lambda s: s.get("allow_remote_access") or extra_hostnames(s.get("local_hostnames")),
        },
        "The lab would answer requests addressed to other host names, which lets a web page reach it by DNS rebinding.",
        " (the kit's lab answers only to localhost and loopback addresses).",
    ),
    Rule(
        lambda server: server.web_app.settings.get("allow_origin") or server.web_app.settings.get("allow_origin_pat"),
        {
            "ServerApp.allow_origin": bool,
            "ServerApp.allow_origin_pat": bool,
            "ServerApp.tornado_settings": lambda s: s.get("allow_origin") or s.get("allow_origin_pat"),
        },
        "Pages of other web sites would be allowed to call the lab.",
        " (the kit's lab answers only its own pages).",
    ),
    Rule(
        lambda server: short_token(server.identity_provider.token),
        {"ServerApp.token": short_token, "IdentityProvider.token": short_token},
        f"A token shorter than {SHORTEST_TOKEN} characters can be guessed by anyone who can reach the lab.",
        " (Jupyter then makes a long random token), or give one of 16 characters or more.",
    ),
    Rule(
        lambda server: framing_allowed(policy_in(server.web_app.settings)),
        {"ServerApp.tornado_settings": lambda s: framing_allowed(policy_in(s))},
        "Pages of other web sites could show the lab inside their own and trick clicks into it.",
        " (the kit's lab may be framed only by its own pages).",
    ),
    Rule(
        lambda server: not server.web_app.settings.get("authenticate_prometheus", True),
        {"ServerApp.authenticate_prometheus": lambda on: not on},
        "The server's metrics (/metrics: its kernels, their activity) would be open to anyone without the token.",
        " (the kit's lab asks for the token there too).",
    ),
    Rule(
        kernel_open,
        {"KernelManager.ip": lambda ip: not is_loopback(ip)},
        "The kernels would listen beyond this computer: anyone on the network could run code in them.",
        ", or start with `python -m newsfigures lab --KernelManager.ip=127.0.0.1`.",
    ),
    Rule(
        lambda server: not kernel_probe(server).session.key,
        {"Session.key": lambda key: not key},
        "Without a key, messages to the kernels are not signed: any program on this computer could run code in them.",
        " (Jupyter then makes a random key for each kernel).",
    ),
]


def config_sources(server):
    """(where, Config) for every config file Jupyter loaded, then the command line, in load order."""
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    files = list(server.loaded_config_files)
    for apps in server.extension_manager.extension_apps.values():
        files += [name for app in apps for name in app.loaded_config_files if name not in files]
    sources = []
    for name in files:
        loader = (JSONFileConfigLoader if name.endswith(".json") else PyFileConfigLoader)(name)
        try:
            sources.append((name, loader.load_config()))
        except Exception:  # Jupyter itself logged this file's error; it set nothing
            continue
    return [*sources, ("the command line", server.cli_config)]


def configured(config, setting):
    """(name as written, value) for each way `config` sets `setting` ("Section.trait")."""
    section, trait = setting.split(".")
    owner = owner_class(section)
    for name in SECTIONS[section]:
        if name in config and trait in config[name]:
            value = config[name][trait]
            # Command-line values stay text until Jupyter reads them; read them the same way.
            if hasattr(value, "get_value"):
                value = value.get_value(owner.class_traits()[trait])
            yield f"{name}.{trait}", value


def owner_class(section):
    """The class whose trait reads a command-line value of `section`."""
    from jupyter_client.manager import KernelManager
    from jupyter_client.session import Session
    from jupyter_server.auth.identity import PasswordIdentityProvider
    from jupyter_server.serverapp import ServerApp

    owners = {"ServerApp": ServerApp, "IdentityProvider": PasswordIdentityProvider, "KernelManager": KernelManager}
    return owners.get(section, Session)


def token_file_source():
    """The environment variable that left the token empty, if it was one."""
    path = os.environ.get("JUPYTER_TOKEN_FILE")
    if os.environ.get("JUPYTER_TOKEN") or not path or Path(path).read_text():
        return []
    return [
        (
            f"JUPYTER_TOKEN_FILE = {path!r} (in the environment; that file is empty)",
            "unset JUPYTER_TOKEN_FILE or put a token in that file",
        )
    ]


def where_set(rule, sources):
    """(what was set where, the remedy) for each source that sets this rule's weakness."""
    found = []
    for where, config in sources:
        on_command_line = where == "the command line"
        for setting, weak in rule.settings.items():
            for name, value in configured(config, setting):
                if weak(value):
                    shown = repr(value) if len(repr(value)) < 80 else repr(value)[:76] + "..."
                    found.append(
                        (
                            f"{name} = {shown} ({'on the command line' if on_command_line else 'in ' + where})",
                            "leave it out of the command" if on_command_line else "remove it from that file",
                        )
                    )
    if "IdentityProvider.token" in rule.settings:
        found += token_file_source()
    return found or [
        (
            f"{' or '.join(rule.settings)} (set where the kit could not trace it: look in the command "
            "and in the config folders `jupyter --paths` lists)",
            "remove it",
        )
    ]


def weaknesses(server):
    """One paragraph per setting that would weaken the started lab: setting, where it was set, why, fix."""
    sources, paragraphs = None, []
    for rule in RULES:
        if rule.weak_now(server):
            sources = sources if sources is not None else config_sources(server)
            paragraphs += [f"{found}\n  {rule.why}\n  Fix: {remedy}{rule.fix}" for found, remedy in where_set(rule, sources)]
    return paragraphs


def initialized(lab_app, argv):
    """The server `lab_app.initialize_server` gives, but without trying its port yet (that binds it).

    Same steps as jupyter_server's ExtensionApp.initialize_server; LabApp sets no serverapp_config.
    """
    server = lab_app.make_serverapp(jpserver_extensions={lab_app.get_extension_package(): True})
    server.aliases.update(lab_app.aliases)
    server.initialize(
        argv=argv, starter_extension=lab_app.name, find_extensions=lab_app.load_other_extensions, new_httpserver=False
    )
    return server


def serve(argv):
    """JupyterLab as `jupyter lab` runs it, refused before it opens a port if a setting would weaken it."""
    from jupyter_core.application import NoStart
    from jupyterlab.labapp import LabApp

    if STOPPING_FLAGS & set(argv):
        return LabApp.launch_instance(argv)  # help, version or a config file: nothing is served
    server = initialized(LabApp, argv)
    found = weaknesses(server)
    if found:
        print(
            "\npython -m newsfigures lab: JupyterLab was not started, because these settings would "
            "weaken its protection:\n\n" + "\n\n".join(found) + "\n",
            file=sys.stderr,
        )
        return 1
    server.init_httpserver()
    try:
        server.start()
    except NoStart:
        pass
    return 0
