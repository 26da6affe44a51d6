from django.conf import settings
from django.urls import reverse


class AdminContentSecurityPolicyMiddleware:
    """Give /admin/ (and the editor's upload views under it) SECURE_CSP_ADMIN.

    Sits below ContentSecurityPolicyMiddleware, so it sees the response first
    and sets the per-response policy that `csp_override` would set on a view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(reverse("admin:index")) and not hasattr(
            response, "_csp_config"
        ):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response
