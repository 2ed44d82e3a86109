package io.github.jwtauth.testsupport;

/**
 * A browser's session cookie over {@link Http}: sends {@code JSESSIONID} with every request and
 * takes the new one from each answer (the container renews the id at login). Redirects are not
 * followed. Not thread-safe.
 */
public final class Browser {
  private String cookie;

  /** The current {@code JSESSIONID=…}, or null before the first one. */
  public String cookie() {
    return cookie;
  }

  /** Sends req with the session cookie (if any) and keeps a renewed one. */
  public Http.Res send(Http.Req req, String method) {
    if (cookie != null) {
      req.header("Cookie", cookie);
    }
    Http.Res r = req.send(method);
    String renewed = ProfileFixture.sessionCookie(r);
    if (renewed != null) {
      cookie = renewed;
    }
    return r;
  }

  public Http.Res get(Http.Req req) {
    return send(req, "GET");
  }

  public Http.Res post(Http.Req req) {
    return send(req, "POST");
  }
}
