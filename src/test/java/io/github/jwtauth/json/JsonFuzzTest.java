package io.github.jwtauth.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * Fuzz target for the strict JSON parse ({@link Json#parseObject}) that reads request bodies and
 * re-reads token headers and payloads. Contract: one JSON object or {@code
 * rest_authentication_invalid_request}, never another exception; the byte and text entry points
 * agree; what is written reads back the same (RELIABILITY.md, "Fuzzing").
 */
class JsonFuzzTest {
  @FuzzTest
  void whenAnyBytesThenOneObjectOrInvalidRequest(byte[] data) {
    JsonObject fromBytes = parse(data);
    String text = strictUtf8(data);
    if (text == null) {
      return; // not UTF-8: the text entry point never sees such input (tokens are decoded first)
    }
    JsonObject fromText = parse(text);
    assertEquals(fromBytes, fromText, "bytes and text read differently");
    if (fromBytes != null) {
      assertEquals(fromBytes, Json.parseObject(Json.write(fromBytes)), "no round trip");
    }
  }

  /** The object, or null when refused with our own error. */
  private static JsonObject parse(Object input) {
    try {
      return input instanceof byte[] b ? Json.parseObject(b) : Json.parseObject((String) input);
    } catch (JwtAuthException e) {
      assertEquals(ErrorCode.INVALID_REQUEST, e.error());
      return null;
    }
  }

  private static String strictUtf8(byte[] data) {
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
