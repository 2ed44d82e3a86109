package io.github.jwtauth.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "null",
        "true",
        "[]",
        "\"s\"",
        "{",
        "{\"a\":1} trailing",
        "{\"a\":1}{}",
        "{\"a\":1,\"a\":2}",
        "{'a':1}"
      })
  void whenNotExactlyOneJsonObjectThenInvalidRequest(String body) {
    JwtAuthException e =
        assertThrows(
            JwtAuthException.class, () -> Json.parseObject(body.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.INVALID_REQUEST, e.error());
    // the text entry point (token headers and payloads) refuses the same documents
    assertEquals(
        ErrorCode.INVALID_REQUEST,
        assertThrows(JwtAuthException.class, () -> Json.parseObject(body)).error());
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 100, 5000})
  void whenNestedTooDeepThenInvalidRequest(int depth) {
    String body = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    assertEquals(
        ErrorCode.INVALID_REQUEST,
        assertThrows(
                JwtAuthException.class,
                () -> Json.parseObject(body.getBytes(StandardCharsets.UTF_8)))
            .error());
    assertEquals(
        ErrorCode.INVALID_REQUEST,
        assertThrows(JwtAuthException.class, () -> Json.parseObject(body)).error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", " {\"api_key\":\"k\"}\n", "{\"a\":[[1]]}"})
  void whenOneObjectThenParsed(String body) {
    assertEquals(
        Json.parseObject(body.getBytes(StandardCharsets.UTF_8)), Json.parseObject(body.strip()));
  }
}
