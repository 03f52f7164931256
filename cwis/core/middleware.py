from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class LanguageMiddleware:
    """Activate the language the user chose (cookie), else Chinese.

    Django's LocaleMiddleware would follow the browser's Accept-Language; CWIS is Chinese by
    default whatever the browser says, and English only when the user picks it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class NoStoreMiddleware:
    """Nothing CWIS answers is kept by a browser's cache or a proxy: every page, API answer,
    download and photo carries a child's data or may, so every response that Django's views
    make gets `Cache-Control: no-store` (with Django's never-cache set) and, for HTTP/1.0
    proxies, `Pragma: no-cache`. Static files (Bootstrap, htmx, CWIS's CSS and scripts) hold
    no one's data: WhiteNoise serves them before this middleware, cacheable (docs/security.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers["Pragma"] = "no-cache"
        return response
