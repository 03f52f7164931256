from django.conf import settings
from django.utils import translation


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
