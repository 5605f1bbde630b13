from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class ContentSecurityPolicyMiddleware:
    """Sends the strict Content-Security-Policy of settings (no inline script) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class LoginForAnonymousMiddleware:
    """A page refused to an anonymous visitor sends them to sign in instead of a bare 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            isinstance(exception, PermissionDenied)
            and not request.user.is_authenticated
            and not request.path.startswith("/api/")
        ):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a form field is never valid input: answer
    400 with a plain reason instead of letting it reach the database (PostgreSQL refuses NUL in
    text, which would otherwise surface as a 500). Under ``/api/`` the reason comes in the
    API's one error shape (JSON), as its OpenAPI documents; a JSON body with an escaped NUL
    (``\\u0000``) is refused the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists())
        ):
            reason = _("The address contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason, "errors": []}, status=400)
            return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
        if (
            request.path.startswith("/api/")
            and request.content_type == "application/json"
            and b"\\u0000" in request.body.lower()
        ):
            reason = _("The request contains a character that is not allowed (NUL).")
            return JsonResponse({"detail": reason, "errors": []}, status=400)
        return self.get_response(request)
