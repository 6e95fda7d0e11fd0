"""Who the agent is on the host: never uid 0, whoever runs the harness.

When the harness is root (CI, clusters), every sandbox runs as one dedicated unprivileged host
uid/gid: the system user ``mlebench-sandbox`` if the host has one, else ``MLEBENCH_SANDBOX_UID``, else
the first id from 64000 that no host user or group has. The agent's writable folders are handed to
it; everything else it reads must be world-readable. When the harness is not root, the agent runs as
the harness's own user (nothing else is possible without privileges).
"""

from __future__ import annotations

import functools
import grp
import os
import pwd
from pathlib import Path

from mlebench.errors import MLEBenchError

SANDBOX_USER = "mlebench-sandbox"
FIRST_ID = 64000
INSIDE_UID = 1000  # the agent's uid as it sees it inside bwrap's user namespace


@functools.lru_cache(maxsize=1)
def _root_ids() -> tuple[int, int]:
    try:
        pw = pwd.getpwnam(SANDBOX_USER)
        return pw.pw_uid, pw.pw_gid
    except KeyError:
        pass
    forced = os.environ.get("MLEBENCH_SANDBOX_UID", "").strip()
    if forced:
        if not forced.isdigit() or int(forced) == 0:
            raise MLEBenchError(f"MLEBENCH_SANDBOX_UID={forced!r}: give a non-zero numeric uid no host user has")
        return int(forced), int(forced)
    for uid in range(FIRST_ID, FIRST_ID + 1000):
        if not _id_taken(uid):
            return uid, uid
    raise MLEBenchError(f"no free uid in {FIRST_ID}..{FIRST_ID + 999} for the sandbox: create the user {SANDBOX_USER}")


def _id_taken(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        pass
    try:
        grp.getgrgid(uid)
        return True
    except KeyError:
        return False


def sandbox_ids() -> tuple[int, int] | None:
    """The agent's host (uid, gid) when the harness is root, else None (it runs as the harness's user)."""
    return _root_ids() if os.geteuid() == 0 else None


def agent_host_ids() -> tuple[int, int]:
    """The host uid/gid the agent's processes have."""
    return sandbox_ids() or (os.geteuid(), os.getegid())


def drop_privileges(ids: tuple[int, int]) -> None:
    """In a child about to exec the sandbox: become the sandbox user for good (no groups, no way back)."""
    uid, gid = ids
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def hand_over(paths: list[Path], ids: tuple[int, int] | None) -> None:
    """Make the agent's writable folders its own (as root only; otherwise they are already the harness's)."""
    if ids is None:
        return
    for p in paths:
        os.chown(p, *ids)
        p.chmod(0o700)


def passwd_and_group(uid: int, gid: int) -> tuple[bytes, bytes]:
    """A neutral ``/etc/passwd`` and ``/etc/group``: root, the agent, nobody (no host user is listed)."""
    passwd = (f"root:x:0:0:root:/root:/bin/sh\nagent:x:{uid}:{gid}:agent:/tmp/home:/bin/sh\n"
              "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    group = f"root:x:0:\nagent:x:{gid}:\nnogroup:x:65534:\n"
    return passwd.encode(), group.encode()
