from compare.tray import Tray


def tray(request) -> dict:
    """The visitor's compare tray on every page (the methods are looked up only if shown)."""
    return {"compare_tray": Tray(request.session)}
