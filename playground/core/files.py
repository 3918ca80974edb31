"""What the file loaders (scenarios, CSV) check before they read: that a path names an ordinary file of a size
they take, and OS errors put in plain words. Also the largest coordinate a loaded point may have.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

# Beyond this the plane around the points (with its margins) no longer fits float32, in which points, grids and
# contours are computed; a million billion is far past any data set made for learning.
MAX_COORDINATE = 1e15


def shown_name(path: Path, whole: bool = False) -> str:
    """The file's name (or `whole` path) as messages start with it; the end of a very long one."""
    name = str(path) if whole or not path.name else path.name
    return name if len(name) <= 100 else "..." + name[-97:]


def os_problem(error: OSError) -> str:
    """An OS error in a learner's words, without Python's exception text."""
    if isinstance(error, PermissionError):
        return "you do not have permission to read this file"
    if isinstance(error, IsADirectoryError):
        return "this is a folder, not a file"
    if error.errno == errno.ENAMETOOLONG:
        return "the file's name is too long"
    reason = error.strerror or "the system refused"
    return f"the file cannot be read ({reason[:1].lower()}{reason[1:]})"


def file_problem(path: Path, max_bytes: int, what: str) -> str | None:
    """Why `path` cannot be read as a `what` file (a missing file, a folder, a pipe or device, a file over
    `max_bytes`), or None. Only stat() is called: nothing is opened or read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return os_problem(error)
    except ValueError:  # a NUL character, or a lone surrogate: no file can have that name
        return "no file can have this name"
    if stat.S_ISDIR(info.st_mode):
        return f"this is a folder, not a {what} file"
    if not stat.S_ISREG(info.st_mode):  # reading a pipe waits for a writer; /dev/zero never ends
        return f"this is a device or a pipe, not a {what} file"
    if info.st_size > max_bytes:
        return f"the file is larger than {max_bytes // 2**20} MB, the limit for {what} files"
    return None


def write_file(path: Path, data: bytes, what: str = "file") -> str | None:
    """Write `data` to `path` (a `what`: "picture", "report"); None when it worked, else what went wrong in plain
    words (a half-written file is removed)."""
    folder = path.parent
    try:
        with open(path, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # a full disk says so here rather than after we said "exported"
        return None
    except OSError as error:
        if not isinstance(error, (IsADirectoryError, FileNotFoundError)) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(error, IsADirectoryError):
            return f"{path.name} is a folder. Choose a file name for the {what}."
        if isinstance(error, FileNotFoundError):
            return f"The folder {folder} does not exist. Choose another folder."
        if isinstance(error, PermissionError) or error.errno == errno.EROFS:
            return f"The playground may not write in the folder {folder}. Choose another folder, for example " \
                   "your Documents folder."
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"There is no room left on the disk for {path.name}. Free some space, or choose another disk."
        reason = f" ({error.strerror})" if error.strerror else ""
        return f"{path.name} could not be written{reason}. Choose another folder or file name."
