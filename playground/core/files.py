"""What the file loaders (scenarios, CSV) check before they read: that a path names an ordinary file of a size
they take, and OS errors put in plain words. Also the largest coordinate a loaded point may have.
"""

from __future__ import annotations

import errno
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
