"""The run's writable folders on the host: measured, copied out and removed within bounds.

The agent shapes these trees (a million empty files, a directory 10,000 levels deep, names of 255
bytes, links, FIFOs), so every walk here is iterative (no recursion), works on directory file
descriptors (no path grows with the depth) and stops at the first bound it crosses:

- ``measure``: bytes (the larger of size and allocated blocks: a sparse file counts at its size,
  which is what a copy would cost), inodes and depth, against ``Bounds``;
- ``copy_out``: regular files only (no links, FIFOs, devices; opened with ``O_NOFOLLOW`` so that a
  file swapped for a link is refused), at most ``Bounds`` files, depth and bytes, and no path
  longer than ``MAX_PATH`` (what is copied must be usable by ordinary tools);
- ``remove_tree``: deletes a tree of any depth by moving its sub-folders up to its top;
- ``copy_agent``: the run's writable copy of the agent's folder (regular files, exec bits kept), made
  inside the workspace so that it counts against the run's quota like everything the agent writes.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlebench.errors import MLEBenchError

MAX_FILES = 100_000  # inodes a run may keep in its folders
MAX_DEPTH = 64  # levels of folders
MAX_PATH = 1024  # bytes of a kept file's path inside its folder; longer ones are not copied
BYTES_PER_INODE = 4096  # a small quota allows fewer files: one per 4 KiB of it, at least MIN_FILES
MIN_FILES = 1024
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True)
class Bounds:
    bytes: int
    files: int = MAX_FILES
    depth: int = MAX_DEPTH

    @classmethod
    def for_quota(cls, disk_bytes: int) -> Bounds:
        return cls(bytes=disk_bytes, files=min(MAX_FILES, max(MIN_FILES, disk_bytes // BYTES_PER_INODE)))


@dataclass
class Tally:
    bytes: int = 0
    files: int = 0  # inodes: files, folders, links, anything
    depth: int = 0
    exceeded: str | None = None  # which bound, in words

    def check(self, bounds: Bounds) -> str | None:
        if self.bytes > bounds.bytes:
            self.exceeded = f"its folders grew past {bounds.bytes} bytes"
        elif self.files > bounds.files:
            self.exceeded = f"its folders hold more than {bounds.files} files and folders"
        elif self.depth > bounds.depth:
            self.exceeded = f"its folders are nested deeper than {bounds.depth} levels"
        return self.exceeded


def _open_dir(name: str | Path, dir_fd: int | None = None) -> int:
    try:
        return os.open(name, _DIR, dir_fd=dir_fd)
    except PermissionError:  # a folder the agent made unreadable (chmod 000): it is ours to read
        os.chmod(name, 0o700, dir_fd=dir_fd, follow_symlinks=False)
        return os.open(name, _DIR, dir_fd=dir_fd)


def _walk(root: Path, max_depth: int) -> Iterator[tuple[int, tuple[str, ...], os.DirEntry]]:
    """``(parent_fd, parent_rel, entry)`` for everything under ``root``, depth first; folders at depth
    ``max_depth + 1`` are yielded but not entered. Holds one descriptor per level."""
    fd = _open_dir(root)
    stack = [(fd, os.scandir(fd), ())]
    try:
        while stack:
            fd, entries, rel = stack[-1]
            entry = next(entries, None)
            if entry is None:
                entries.close()
                os.close(fd)
                stack.pop()
                continue
            yield fd, rel, entry
            if len(rel) < max_depth and entry.is_dir(follow_symlinks=False):
                try:
                    sub = _open_dir(entry.name, fd)
                except OSError:
                    continue  # gone, or replaced by a link, since it was listed
                stack.append((sub, os.scandir(sub), rel + (entry.name,)))
    finally:
        for fd, entries, _ in stack:
            entries.close()
            os.close(fd)


def measure(root: Path, bounds: Bounds) -> Tally:
    """What ``root`` holds, walked until the first bound is crossed (so a walk costs at most ``bounds``)."""
    tally = Tally()
    if not root.exists():
        return tally
    for _fd, rel, entry in _walk(root, bounds.depth):
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        tally.files += 1
        tally.depth = max(tally.depth, len(rel) + 1)
        tally.bytes += max(st.st_size, st.st_blocks * 512)
        if tally.check(bounds):
            break
    return tally


def copy_out(src: Path, dst: Path, bounds: Bounds, *, keep_exec: bool = False) -> tuple[list[str], str | None]:
    """Copy the regular files under ``src`` into ``dst`` within ``bounds``.

    Returns what was skipped and which of the files or depth bounds was crossed, if any: the copy
    stops at the files bound; deeper folders are left out. A file over the remaining byte budget is
    skipped (a smaller one later may still fit): the budget is what is kept, not the agent's quota.
    """
    skipped: list[str] = []
    dst.mkdir(parents=True, exist_ok=True)
    if not src.exists():
        return skipped, None
    budget, files, exceeded = bounds.bytes, 0, None
    out = [_open_dir(dst)]  # out[i]: the copy of the folder at depth i of the walk
    try:
        for fd, rel, entry in _walk(src, bounds.depth):
            while len(out) > len(rel) + 1:  # the walk left those folders
                os.close(out.pop())
            if len(rel) + 1 > bounds.depth:
                exceeded = exceeded or f"its folders are nested deeper than {bounds.depth} levels"
                continue
            files += 1
            if files > bounds.files:
                return skipped, f"its folders hold more than {bounds.files} files and folders"
            if len(out) < len(rel) + 1:
                continue  # inside a folder that was not copied
            path = "/".join(rel + (entry.name,))
            if len(path.encode("utf-8", "surrogateescape")) > MAX_PATH:
                skipped.append(f"{path[:200]}… (path longer than {MAX_PATH} bytes)")
                continue
            if entry.is_dir(follow_symlinks=False):
                os.mkdir(entry.name, 0o755, dir_fd=out[-1])
                out.append(_open_dir(entry.name, out[-1]))
                continue
            copied = _copy_file(fd, entry.name, out[-1], budget, keep_exec)
            if isinstance(copied, str):
                skipped.append(f"{path} ({copied})")
            else:
                budget -= copied
    finally:
        for fd in out:
            os.close(fd)
    return skipped, exceeded


def _copy_file(src_dir: int, name: str, dst_dir: int, budget: int, keep_exec: bool = False) -> int | str:
    """Copy one regular file; its size, or why it was not copied."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=src_dir)
    except OSError as e:
        return "not a regular file" if e.errno == errno.ELOOP else f"not readable: {e.strerror}"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file"
        if st.st_size > budget:
            return "over the size budget"
        mode = 0o755 if keep_exec and st.st_mode & 0o111 else 0o644
        out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=dst_dir)
        try:
            left = st.st_size  # never more than it had when checked, however it grows meanwhile
            while left > 0 and (sent := os.sendfile(out, fd, None, min(left, 1 << 24))):
                left -= sent
        finally:
            os.close(out)
        return st.st_size - left
    finally:
        os.close(fd)


def copy_agent(src: Path, dst: Path, bounds: Bounds) -> list[str]:
    """Copy the agent's folder to ``dst`` (its writable copy for one run); what was left out (links,
    FIFOs, ...). An agent folder larger than the run's quota is the user's mistake: MLEBenchError."""
    if dst.exists():
        remove_tree(dst)
    skipped, over = copy_out(src, dst, bounds, keep_exec=True)
    too_big = [s for s in skipped if s.endswith("(over the size budget)")]
    if over or too_big or (over := measure(dst, bounds).exceeded):
        raise MLEBenchError(f"the agent folder {src} does not fit in the run's disk quota ({over or too_big[0]}); "
                            "raise --disk or make the folder smaller")
    return skipped


def chown_tree(root: Path, ids: tuple[int, int], bounds: Bounds) -> None:
    """Give ``root`` and everything under it (within ``bounds``) to ``ids``, links themselves untouched."""
    os.chown(root, *ids, follow_symlinks=False)
    for fd, _rel, entry in _walk(root, bounds.depth):
        os.chown(entry.name, *ids, dir_fd=fd, follow_symlinks=False)


def remove_tree(path: Path) -> None:
    """Delete ``path`` and everything under it, however deep: each sub-folder is moved up to the top
    of the tree before it is emptied, so no walk goes deeper than one level."""
    try:
        root = _open_dir(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        path.unlink(missing_ok=True)
        return
    except OSError as e:
        if e.errno != errno.ELOOP:
            raise
        path.unlink()  # a link: the link goes, not what it points to
        return
    names = itertools.count()
    try:
        todo = [None]  # None: the root itself; else a folder name directly under the root
        while todo:
            name = todo.pop()
            fd = root if name is None else _open_dir(name, root)
            try:
                with os.scandir(fd) as entries:
                    children = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries]
                for child, is_dir in children:
                    if not is_dir:
                        os.unlink(child, dir_fd=fd)
                    elif name is None:
                        todo.append(child)
                    else:
                        todo.append(_hoist(fd, child, root, names))
            finally:
                if fd != root:
                    os.close(fd)
            if name is not None:
                os.rmdir(name, dir_fd=root)
    finally:
        os.close(root)
    try:
        os.rmdir(path)
    except FileNotFoundError:
        pass


def _hoist(parent: int, name: str, root: int, names: Iterator[int]) -> str:
    new = f".mlebench-rm-{next(names)}"
    while _exists(new, root):  # rename() would silently replace an empty folder of that name
        new = f".mlebench-rm-{next(names)}"
    os.rename(name, new, src_dir_fd=parent, dst_dir_fd=root)
    return new


def _exists(name: str, dir_fd: int) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True
