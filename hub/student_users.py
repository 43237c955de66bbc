"""Each student's server as that student's own system user, as The Littlest JupyterHub does.

A student signed in as `ana` gets the system user `jupyter-ana`, created at the
first start with a home folder only that user can read; the prefix keeps a
student's name from ever matching an account of the machine itself (root, the
teacher's own login, a service).
"""

import pwd
import subprocess

from jupyterhub.spawner import LocalProcessSpawner

PREFIX = "jupyter-"


def system_name(hub_name):
    return PREFIX + hub_name


def add_user_command(name):
    """The command that creates a student's system user: own group, private home, no password to log in with."""
    return ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", "--key", "HOME_MODE=0700", name]


def ensure_user(name, run=subprocess.run):
    """Create the system user `name` unless it exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        run(add_user_command(name), check=True, capture_output=True)


class StudentSpawner(LocalProcessSpawner):
    """LocalProcessSpawner running each server as jupyter-NAME, created when first needed."""

    @property
    def system_user(self):
        return system_name(self.user.name)

    async def start(self):
        ensure_user(self.system_user)
        return await super().start()

    def make_preexec_fn(self, name):
        return super().make_preexec_fn(self.system_user)

    def user_env(self, env):
        account = pwd.getpwnam(self.system_user)
        env.update(USER=self.system_user, HOME=account.pw_dir, SHELL=account.pw_shell)
        return env
