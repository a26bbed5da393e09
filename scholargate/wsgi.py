import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scholargate.settings")

application = get_wsgi_application()

from scholargate.production import refuse_development_secret  # noqa: E402

refuse_development_secret()
