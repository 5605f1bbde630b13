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
