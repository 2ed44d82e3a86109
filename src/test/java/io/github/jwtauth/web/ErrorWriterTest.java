package io.github.jwtauth.web;

import static io.github.jwtauth.web.JsonResponsesTest.jsonHeaders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.web.JsonResponsesTest.Resp;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorWriterTest {
  final ErrorWriter writer = new ErrorWriter("api");

  /** The JSON error body, in the original plugin's shape plus the OAuth members. */
  static String body(ErrorCode code, int status, String error, String message) {
    return "{\"code\":\""
        + code.code()
        + "\",\"message\":\""
        + message
        + "\",\"data\":{\"status\":"
        + status
        + "},\"error\":\""
        + error
        + "\",\"error_description\":\""
        + message
        + "\"}";
  }

  static Map<String, String> headers(Resp r, String... extra) {
    Map<String, String> m = jsonHeaders(r.body.size());
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return m;
  }

  // ------------------------------------------------------- token endpoint and key-pair routes

  @Test
  void whenAnEndpointErrorIsWrittenThenItsOwnStatusAndTheExactBodyAndHeaders() throws Exception {
    Resp r = new Resp();
    writer.write(r.servlet, new JwtAuthException(ErrorCode.INVALID_API_KEY_SECRET));
    assertEquals(403, r.status);
    assertEquals(
        body(
            ErrorCode.INVALID_API_KEY_SECRET,
            403,
            "invalid_client",
            "The API key-pair is invalid."),
        r.text());
    assertEquals(headers(r), r.headers, "no WWW-Authenticate, Retry-After or Connection");
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void whenAnyCodeIsWrittenForAnEndpointThenTheCodesStatusAndOauthError(ErrorCode code)
      throws Exception {
    Resp r = new Resp();
    writer.write(r.servlet, new JwtAuthException(code));
    assertEquals(code.status(), r.status);
    assertEquals(body(code, code.status(), code.oauthError(), code.message()), r.text());
    assertEquals(
        switch (code) {
          case INVALID_REQUEST -> headers(r, "Connection", "close");
          case INVALID_CLIENT ->
              headers(r, "WWW-Authenticate", "Basic realm=\"api\", charset=\"UTF-8\"");
          default -> headers(r);
        },
        r.headers);
  }

  /** RFC 6749 §5.2: a 401 invalid_client challenges for the scheme clients authenticate with. */
  @Test
  void whenInvalidClientIsWrittenThen401WithABasicChallengeOfTheRealm() throws Exception {
    Resp r = new Resp();
    new ErrorWriter("my \"api\"").write(r.servlet, new JwtAuthException(ErrorCode.INVALID_CLIENT));
    assertEquals(401, r.status);
    assertEquals(
        "Basic realm=\"my \\\"api\\\"\", charset=\"UTF-8\"", r.headers.get("WWW-Authenticate"));
    assertEquals(
        body(ErrorCode.INVALID_CLIENT, 401, "invalid_client", ErrorCode.INVALID_CLIENT.message()),
        r.text());
  }

  @Test
  void whenInvalidRequestIsWrittenThenConnectionCloseAndTheFixedDetail() throws Exception {
    Resp r = new Resp();
    writer.write(
        r.servlet,
        new JwtAuthException(ErrorCode.INVALID_REQUEST, "The request body is too large."));
    assertEquals(400, r.status);
    assertEquals(
        body(ErrorCode.INVALID_REQUEST, 400, "invalid_request", "The request body is too large."),
        r.text());
    assertEquals(headers(r, "Connection", "close"), r.headers);
  }

  @Test
  void whenTooManyAttemptsThen429WithRetryAfterInSeconds() throws Exception {
    Resp r = new Resp();
    writer.write(r.servlet, JwtAuthException.tooManyAttempts(7));
    assertEquals(429, r.status);
    assertEquals(
        body(
            ErrorCode.TOO_MANY_ATTEMPTS,
            429,
            "invalid_request",
            "Too many failed attempts; try again later."),
        r.text());
    assertEquals(headers(r, "Retry-After", "7"), r.headers);
  }

  @Test
  void whenTooManyRequestsWithNoWaitThenRetryAfterIsAtLeastOneSecond() throws Exception {
    Resp r = new Resp();
    writer.write(r.servlet, JwtAuthException.tooManyRequests(0));
    assertEquals(429, r.status);
    assertEquals(headers(r, "Retry-After", "1"), r.headers);
  }

  // ------------------------------------------------------- Bearer errors (RFC 6750 §3)

  @Test
  void whenABearerTokenIsRefusedThen401InvalidTokenWithAChallengeWhateverTheCodesStatus()
      throws Exception {
    Resp r = new Resp();
    writer.writeBearerError(r.servlet, new JwtAuthException(ErrorCode.TOKEN_ERROR));
    assertEquals(401, r.status);
    assertEquals(
        body(ErrorCode.TOKEN_ERROR, 401, "invalid_token", "The token is invalid."), r.text());
    assertEquals(
        headers(
            r,
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\","
                + " error_description=\"The token is invalid.\""),
        r.headers);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorCode.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"UNAVAILABLE", "NO_HEADER", "NO_TOKEN", "INVALID_REQUEST"})
  void whenAnyOtherCodeRefusesABearerTokenThen401InvalidToken(ErrorCode code) throws Exception {
    Resp r = new Resp();
    writer.writeBearerError(r.servlet, new JwtAuthException(code));
    assertEquals(401, r.status);
    assertEquals(body(code, 401, "invalid_token", code.message()), r.text());
    assertEquals(
        headers(
            r,
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\""
                + code.message()
                + "\""),
        r.headers);
  }

  @Test
  void whenNoAuthorizationHeaderButATokenIsRequiredThen401WithABareChallenge() throws Exception {
    Resp r = new Resp();
    writer.writeBearerError(r.servlet, new JwtAuthException(ErrorCode.NO_HEADER));
    assertEquals(401, r.status);
    assertEquals(
        body(ErrorCode.NO_HEADER, 401, "invalid_request", "Authorization header is required."),
        r.text());
    assertEquals(headers(r, "WWW-Authenticate", "Bearer realm=\"api\""), r.headers);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorCode.class,
      names = {"NO_TOKEN", "INVALID_REQUEST"})
  void whenTheBearerRequestIsMalformedThen400InvalidRequestChallenge(ErrorCode code)
      throws Exception {
    Resp r = new Resp();
    writer.writeBearerError(r.servlet, new JwtAuthException(code));
    assertEquals(400, r.status);
    assertEquals(body(code, 400, "invalid_request", code.message()), r.text());
    assertEquals(
        headers(
            r,
            "WWW-Authenticate",
            "Bearer realm=\"api\", error=\"invalid_request\", error_description=\""
                + code.message()
                + "\""),
        r.headers);
  }

  @Test
  void whenTheStoreIsUnavailableThen503WithRetryAfterAndNoChallenge() throws Exception {
    Resp r = new Resp();
    writer.writeBearerError(r.servlet, new JwtAuthException(ErrorCode.UNAVAILABLE));
    assertEquals(503, r.status);
    assertEquals(
        body(
            ErrorCode.UNAVAILABLE,
            503,
            "temporarily_unavailable",
            "The authentication service is temporarily unavailable."),
        r.text());
    assertEquals(headers(r, "Retry-After", "5"), r.headers);
  }

  @Test
  void whenRealmOrDescriptionHoldQuotesOrBackslashesThenTheyAreEscapedInTheChallenge()
      throws Exception {
    Resp r = new Resp();
    new ErrorWriter("my \"api\\")
        .writeBearerError(r.servlet, new JwtAuthException(ErrorCode.TOKEN_EXPIRED, "a \"b\" \\c"));
    assertEquals(
        "Bearer realm=\"my \\\"api\\\\\", error=\"invalid_token\","
            + " error_description=\"a \\\"b\\\" \\\\c\"",
        r.headers.get("WWW-Authenticate"));
    Resp bare = new Resp();
    new ErrorWriter("my \"api\\")
        .writeBearerError(bare.servlet, new JwtAuthException(ErrorCode.NO_HEADER));
    assertEquals("Bearer realm=\"my \\\"api\\\\\"", bare.headers.get("WWW-Authenticate"));
  }

  @Test
  void whenEveryCodeIsWrittenThenOnlyInvalidRequestClosesTheConnection() throws Exception {
    EnumSet<ErrorCode> closing = EnumSet.noneOf(ErrorCode.class);
    for (ErrorCode code : ErrorCode.values()) {
      Resp r = new Resp();
      writer.write(r.servlet, new JwtAuthException(code));
      if ("close".equals(r.headers.get("Connection"))) {
        closing.add(code);
      }
    }
    assertEquals(EnumSet.of(ErrorCode.INVALID_REQUEST), closing);
  }
}
