class ProgressBar:
    """A one-line progress bar on a terminal; silent when the output is not a terminal."""

    def __init__(self, stream, label: str, width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty() or not total:
            return
        filled = self.width * done // total
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}]"
        ending = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} {bar} {done}/{total}", ending=ending)
        self.stream.flush()
