import pytest

from .smtp import SMTPServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, Django's mail settings pointed at it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    yield server
    server.stop()
