"""Python calls and queries per page, counted with cProfile: where a page's time goes.

    python -m tools.calls [--repeat 3]

Each page is asked for once to warm the caches a running server would have warm, then
profiled on its next request through Django's test client, against the database the settings
name (`make run`'s by default: migrate and load the dataset first). Calls are deterministic
where seconds are not, so two trees can be compared on a busy machine.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import tempfile

PAGES = {
    "/healthz": "/healthz",
    "frame (empty comparison)": "/en/compare/",
    "catalog page": "/en/methods/",
    "catalog page, vi": "/vi/methods/?page=2",
    "search": "/en/methods/?q=diffusion",
    "comparison (seed trio)": "/en/compare/?m=qlora,direct-preference-optimization,"
    "latent-diffusion-models",
    "method page (LDM)": "/en/methods/latent-diffusion-models/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="profiled requests per page")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scholargate.settings")
    # Production's static storage wants its manifest: collected once into a throwaway folder.
    static_root = tempfile.mkdtemp()
    os.environ["DJANGO_STATIC_ROOT"] = static_root
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    print(f"{'page':<28}{'calls':>9}{'queries':>9}{'bytes':>9}")
    for name, path in PAGES.items():
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            for _ in range(args.repeat):
                profile.enable()
                response = client.get(path, secure=True)
                profile.disable()
        calls = pstats.Stats(profile).total_calls // args.repeat
        print(f"{name:<28}{calls:>9,}{len(queries) // args.repeat:>9}{len(response.content):>9,}")
    shutil.rmtree(static_root)


if __name__ == "__main__":
    main()
