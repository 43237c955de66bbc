"""Network guard for the offline tests: refuse and record every attempt to
reach anything but this machine.

Put this folder on PYTHONPATH and Python imports the guard at start-up, in the
test's subprocesses and in every kernel they start (kernels inherit the
environment). Each refused attempt is appended to the file named by
KIT_NETGUARD_LOG, one line per attempt. It covers Python's socket module; a
network namespace (`unshare -n`) also covers programs that are not Python.
"""

import errno
import ipaddress
import os
import socket

LOG = os.environ.get("KIT_NETGUARD_LOG")
LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_local(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what, target):
    if LOG:
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {target!r}\n")
    raise OSError(errno.ENETUNREACH, f"network access refused by the offline test's guard: {what} {target!r}")


def _guard_address(sock, address, what):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse(what, address)


def _guarded(method, what):
    def guarded(self, *args):
        _guard_address(self, args[-1] if what == "sendto" else args[0], what)
        return method(self, *args)

    return guarded


def _guarded_lookup(function, what):
    def guarded(host, *args, **kwargs):
        if not _is_local(host):
            _refuse(what, host)
        return function(host, *args, **kwargs)

    return guarded


socket.socket.connect = _guarded(socket.socket.connect, "connect")
socket.socket.connect_ex = _guarded(socket.socket.connect_ex, "connect")
socket.socket.sendto = _guarded(socket.socket.sendto, "sendto")
socket.getaddrinfo = _guarded_lookup(socket.getaddrinfo, "getaddrinfo")
socket.gethostbyname = _guarded_lookup(socket.gethostbyname, "gethostbyname")
socket.gethostbyname_ex = _guarded_lookup(socket.gethostbyname_ex, "gethostbyname_ex")
