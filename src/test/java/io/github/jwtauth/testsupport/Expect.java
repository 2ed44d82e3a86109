package io.github.jwtauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Assertions shared by the integration tests: exact status, headers and error bodies. */
public final class Expect {
  public static final String REALM = "jwt-auth";

  /** RFC 6750 §3 challenge for an invalid token, description present. */
  private static final Pattern INVALID_TOKEN_CHALLENGE =
      Pattern.compile(
          "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"[^\"]+\"");

  private static final Pattern BASIC_CHALLENGE =
      Pattern.compile(
          "Basic realm=\"" + TestWebapp.REALM + "\"(, charset=\"?UTF-8\"?)?",
          Pattern.CASE_INSENSITIVE);
  private static final String[] LEAKS = {
    "Exception",
    "\tat ",
    "at java.",
    "at io.github",
    "at org.",
    "java.lang",
    "java.sql",
    "org.h2",
    "org.postgresql",
    "org.mariadb",
    "SQLState",
    "SQL statement",
    "syntax error",
    "jakarta.servlet"
  };

  private Expect() {}

  /**
   * Content-Type is application/json with charset UTF-8 (spacing and case of the parameter
   * ignored).
   */
  public static void jsonContentType(Http.Res r) {
    String ct = r.header("Content-Type");
    assertNotNull(ct, () -> "no Content-Type: " + r);
    assertEquals(
        "application/json;charset=utf-8",
        ct.replace(" ", "").toLowerCase(Locale.ROOT),
        () -> "Content-Type of " + r);
  }

  /** Headers of every JSON answer of jwt-auth: no caching, no content sniffing. */
  public static void noStore(Http.Res r) {
    assertEquals("no-store", r.header("Cache-Control"), () -> "Cache-Control of " + r);
    nosniff(r);
  }

  /** {@code X-Content-Type-Options: nosniff} (Fetch standard §3.5). */
  public static void nosniff(Http.Res r) {
    assertEquals(
        "nosniff", r.header("X-Content-Type-Options"), () -> "X-Content-Type-Options of " + r);
  }

  /** No stack trace, exception or SQL text in the body. */
  public static void noLeak(Http.Res r) {
    for (String leak : LEAKS) {
      assertFalse(r.body().contains(leak), () -> "response leaks '" + leak + "': " + r);
    }
  }

  /**
   * An error in the seed's shape: exact status, JSON content type, {@code code}, {@code message},
   * {@code data.status} = status, RFC fields {@code error}/{@code error_description}, no leak.
   */
  public static JsonObject error(Http.Res r, int status, String code) {
    assertEquals(status, r.status(), () -> "status (expected code " + code + "): " + r);
    jsonContentType(r);
    nosniff(r);
    noLeak(r);
    JsonObject b = r.json();
    assertEquals(code, b.getString("code", null), () -> "code: " + r);
    assertAll(
        "error body shape of " + r,
        () ->
            assertTrue(
                b.keySet()
                    .containsAll(Set.of("code", "message", "data", "error", "error_description")),
                () -> "keys " + b.keySet()),
        () -> assertFalse(b.getString("message", "").isBlank(), "message"),
        () -> assertFalse(b.getString("error", "").isBlank(), "error"),
        () -> assertFalse(b.getString("error_description", "").isBlank(), "error_description"),
        () -> assertEquals(status, b.getJsonObject("data").getInt("status"), "data.status"));
    return b;
  }

  /**
   * Like {@link #error} with one of several acceptable codes (for inputs with two honest answers).
   */
  public static JsonObject errorOneOf(Http.Res r, int[] statuses, String... codes) {
    int s = r.status();
    if (Arrays.stream(statuses).noneMatch(x -> x == s)) {
      fail("status " + s + " not in " + Arrays.toString(statuses) + ": " + r);
    }
    String code = r.json().getString("code", null);
    if (!Arrays.asList(codes).contains(code)) {
      fail("code " + code + " not in " + Arrays.toString(codes) + ": " + r);
    }
    return error(r, s, code);
  }

  /** Error from the token endpoint or key-pair routes: also {@code Cache-Control: no-store}. */
  public static JsonObject endpointError(Http.Res r, int status, String code) {
    JsonObject b = error(r, status, code);
    noStore(r);
    return b;
  }

  /** 401 with the exact RFC 6750 invalid_token challenge and the given code. */
  public static JsonObject invalidToken(Http.Res r, String code) {
    JsonObject b = error(r, 401, code);
    String h = r.header("WWW-Authenticate");
    assertNotNull(h, () -> "no WWW-Authenticate: " + r);
    assertTrue(INVALID_TOKEN_CHALLENGE.matcher(h).matches(), () -> "WWW-Authenticate: " + h);
    assertEquals("invalid_token", b.getString("error"), () -> "error field: " + r);
    return b;
  }

  /**
   * The container's BASIC challenge for realm {@value TestWebapp#REALM}: {@code Basic
   * realm="test"}, which Tomcat 11 follows with {@code , charset=UTF-8} (RFC 7617 §2.1).
   */
  public static void basicChallenge(Http.Res r) {
    String h = r.header("WWW-Authenticate");
    assertNotNull(h, () -> "no WWW-Authenticate: " + r);
    assertTrue(BASIC_CHALLENGE.matcher(h).matches(), () -> "WWW-Authenticate: " + h);
  }

  /** The legacy servlet's view of the request. */
  public static void me(Http.Res r, String remoteUser, String authType, boolean administrator) {
    assertEquals(200, r.status(), () -> "/api/me: " + r);
    JsonObject expected =
        Json.object(
            "{\"remote_user\":"
                + Json.quote(remoteUser)
                + ",\"auth_type\":"
                + Json.quote(authType)
                + ",\"administrator\":"
                + administrator
                + "}");
    assertEquals(expected, r.json(), () -> "/api/me: " + r);
  }

  public static boolean isNull(JsonObject o, String key) {
    return o.containsKey(key) && o.get(key).getValueType() == JsonValue.ValueType.NULL;
  }
}
