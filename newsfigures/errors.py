"""The one kind of error the kit raises for bad input."""


class InputError(Exception):
    """Bad input: says which file, which row or line, what is wrong and how to fix it."""

    def __init__(self, file, problem, fix, row=None):
        self.file, self.row, self.problem, self.fix = str(file), row, problem, fix
        where = self.file if row is None else f"{self.file}, {row}"
        super().__init__(f"{where}: {problem}\n  How to fix it: {fix}")


def not_utf8(file, raw, err, fix, used_by=""):
    """The InputError for bytes that are not UTF-8 (`err`, from decoding `raw`): the line and the text around the
    byte, so the user can find it in an editor. `used_by` says where the file is named, if anywhere."""
    line = raw[: err.start].count(b"\n") + 1
    start = raw.rfind(b"\n", 0, err.start) + 1
    shown = raw[start : err.end + 30].split(b"\n")[0].decode("utf-8", "replace").strip()
    problem = f"the file is not UTF-8 text{used_by}: byte {err.start} (0x{raw[err.start]:02x}) cannot be read, here: {shown!r}."
    return InputError(file, problem, fix, row=f"line {line}")
