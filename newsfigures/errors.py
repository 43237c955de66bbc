"""The one kind of error the kit raises for bad input."""


class InputError(Exception):
    """Bad input: says which file, which row or line, what is wrong and how to fix it."""

    def __init__(self, file, problem, fix, row=None):
        self.file, self.row, self.problem, self.fix = str(file), row, problem, fix
        where = self.file if row is None else f"{self.file}, {row}"
        super().__init__(f"{where}: {problem}\n  How to fix it: {fix}")
