import helmet from 'helmet';

/**
 * helmet's defaults (CSP 'self', nosniff, frame denial, no referrer leaks), except that the
 * CSP must not ask browsers to upgrade requests to HTTPS: many county consoles are served
 * over plain HTTP on an intranet, and an upgrade there breaks every script and API call.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: null },
    },
  });
}
