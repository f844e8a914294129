"""Writing a file whole: a reader sees the old content or the new, never a part.

Standard library only. Errors are the caller's to word (each knows the fix to name).
"""

from __future__ import annotations

import os
from pathlib import Path


def replace_file(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and ``os.replace``, the
    file's mode ``mode``. The temporary file is made with O_EXCL under a name no one can
    guess (no link planted there is followed), and removed if anything fails.

    Raise OSError; the directory must exist.
    """
    import tempfile  # not at the top: most starts of watcher write no file

    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
