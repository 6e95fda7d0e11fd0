"""The sandbox's seccomp filter: a small deny list, compiled to classic BPF with the standard library.

Refused (EPERM): the kernel keyring, every way to mount or change the mount tree, new namespaces
(``unshare`` and ``clone`` with any ``CLONE_NEW*`` flag; ``clone3`` answers ENOSYS so that libc
falls back to ``clone``), ``setns``, ``ptrace`` and cross-process memory access, ``perf_event_open``,
``bpf``, kexec, kernel modules, swap, ``userfaultfd``, ``reboot``, file handles, ``syslog``, ``acct``.
A system call made with another ABI than the host's (i386 ``int 0x80`` or x32 on x86_64) answers
ENOSYS. Everything else is allowed: the filter narrows the kernel surface, namespaces and cgroups do
the isolation.

bwrap loads the program itself (``--seccomp FD``); the docker backend keeps the engine's default
profile and stacks this one on the agent's process tree with ``python3 seccomp.py PROGRAM CMD...``
(this module has no import outside the standard library, since it runs with the agent's Python).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
_NR, _ARCH, _ARG0_LOW = 0, 4, 16  # the low 32 bits of args[0] on little-endian hosts
_LD_W_ABS, _JEQ, _JSET, _JGE, _RET = 0x20, 0x15, 0x45, 0x35, 0x06
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000

CLONE_NEW_ANY = (0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
                 | 0x00000080)  # NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME

DENIED = ("keyctl", "add_key", "request_key",
          "mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
          "mount_setattr", "setns", "ptrace", "process_vm_readv", "process_vm_writev", "perf_event_open", "bpf",
          "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "swapon", "swapoff",
          "userfaultfd", "reboot", "open_by_handle_at", "name_to_handle_at", "syslog", "acct")

# (audit arch, syscall numbers): x86_64 from asm/unistd_64.h, aarch64 from asm-generic/unistd.h
ARCHES: dict[str, tuple[int, dict[str, int]]] = {
    "x86_64": (0xC000003E, dict(
        clone=56, ptrace=101, syslog=103, pivot_root=155, acct=163, mount=165, umount2=166, swapon=167, swapoff=168,
        reboot=169, init_module=175, delete_module=176, kexec_load=246, add_key=248, request_key=249, keyctl=250,
        unshare=272, perf_event_open=298, name_to_handle_at=303, open_by_handle_at=304, setns=308,
        process_vm_readv=310, process_vm_writev=311, finit_module=313, kexec_file_load=320, bpf=321,
        userfaultfd=323, open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
        clone3=435, mount_setattr=442)),
    "aarch64": (0xC00000B7, dict(
        umount2=39, mount=40, pivot_root=41, acct=89, unshare=97, kexec_load=104, init_module=105,
        delete_module=106, syslog=116, ptrace=117, reboot=142, add_key=217, request_key=218, keyctl=219, clone=220,
        swapon=224, swapoff=225, perf_event_open=241, name_to_handle_at=264, open_by_handle_at=265, setns=268,
        process_vm_readv=270, process_vm_writev=271, finit_module=273, bpf=280, userfaultfd=282,
        kexec_file_load=294, open_tree=428, move_mount=429, fsopen=430, fsconfig=431, fsmount=432, fspick=433,
        clone3=435, mount_setattr=442)),
}
ARCHES["arm64"] = ARCHES["aarch64"]


def host_arch() -> str | None:
    """The host's architecture if the filter knows it, else None (no filter can be built)."""
    machine = platform.machine().lower()
    return machine if machine in ARCHES else None


def program(arch: str | None = None) -> bytes:
    """The filter as an array of ``struct sock_filter`` (what ``bwrap --seccomp FD`` reads)."""
    arch = arch or host_arch()
    if arch not in ARCHES:
        raise ValueError(f"no seccomp filter for architecture {platform.machine()!r}")
    audit, nr = ARCHES[arch]
    # Each instruction: (code, jump-if-true label, jump-if-false label, k); labels resolve to offsets below.
    code: list[tuple[int, str | None, str | None, int]] = [
        (_LD_W_ABS, None, None, _ARCH),
        (_JEQ, None, "enosys", audit),
        (_LD_W_ABS, None, None, _NR),
    ]
    if arch == "x86_64":
        code.append((_JGE, "enosys", None, 0x40000000))  # the x32 ABI
    code += [(_JEQ, "enosys", None, nr["clone3"]),
             (_JEQ, "clone_flags", None, nr["clone"]),
             (_JEQ, "clone_flags", None, nr["unshare"])]
    code += [(_JEQ, "deny", None, nr[name]) for name in DENIED]
    code += [
        (_RET, None, None, RET_ALLOW),
        ("clone_flags", None, None, 0),  # type: ignore[list-item] - a label marker
        (_LD_W_ABS, None, None, _ARG0_LOW),
        (_JSET, "deny", None, CLONE_NEW_ANY),
        (_RET, None, None, RET_ALLOW),
        ("deny", None, None, 0),  # type: ignore[list-item]
        (_RET, None, None, RET_ERRNO | errno.EPERM),
        ("enosys", None, None, 0),  # type: ignore[list-item]
        (_RET, None, None, RET_ERRNO | errno.ENOSYS),
    ]
    labels: dict[str, int] = {}
    body: list[tuple[int, str | None, str | None, int]] = []
    for ins in code:
        if isinstance(ins[0], str):
            labels[ins[0]] = len(body)
        else:
            body.append(ins)
    out = bytearray()
    for i, (op, jt, jf, k) in enumerate(body):
        offsets = [labels[j] - i - 1 if j else 0 for j in (jt, jf)]
        out += struct.pack("=HBBI", op, offsets[0], offsets[1], k)
    return bytes(out)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def load(prog: bytes) -> None:
    """Install the filter on this process (and all it will start); it can never be removed."""
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(prog, len(prog))
    fprog = _SockFprog(len(prog) // 8, ctypes.cast(buf, ctypes.c_void_p))
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0 or \
            libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"installing the seccomp filter failed: {os.strerror(err)}")


if __name__ == "__main__":  # seccomp.py PROGRAM COMMAND [ARGS...]: load PROGRAM, then exec COMMAND
    with open(sys.argv[1], "rb") as f:
        load(f.read())
    os.execvp(sys.argv[2], sys.argv[2:])
