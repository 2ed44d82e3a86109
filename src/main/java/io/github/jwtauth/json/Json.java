package io.github.jwtauth.json;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON reading and writing through Jakarta JSON Processing (Parsson). The provider and factories
 * are created once; reading rejects duplicate keys and bounds nesting depth.
 *
 * <p>Thread-safe.
 */
public final class Json {
  /** Nesting allowed in request bodies; ours are flat objects. */
  static final int MAX_DEPTH = 16;

  /**
   * Parsson, created directly rather than looked up: in the packaged jar both the JSON-P API and
   * Parsson are relocated under {@code io.github.jwtauth.shaded}, so no lookup (system property,
   * {@code ServiceLoader} on the context class loader) can hand us a host's provider.
   */
  private static final JsonProvider PROVIDER = new org.eclipse.parsson.JsonProviderImpl();

  private static final JsonParserFactory PARSERS =
      PROVIDER.createParserFactory(
          Map.of(
              JsonConfig.KEY_STRATEGY,
              JsonConfig.KeyStrategy.NONE,
              "org.eclipse.parsson.rejectDuplicateKeys",
              true,
              "org.eclipse.parsson.maxDepth",
              MAX_DEPTH));
  private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());

  private Json() {}

  public static JsonObjectBuilder object() {
    return PROVIDER.createObjectBuilder();
  }

  public static jakarta.json.JsonArrayBuilder array() {
    return PROVIDER.createArrayBuilder();
  }

  /** A JSON number. */
  public static jakarta.json.JsonNumber value(long n) {
    return PROVIDER.createValue(n);
  }

  /** Adds {@code value} as a number when it is one, else as a string, or null. */
  public static JsonObjectBuilder addScalar(JsonObjectBuilder b, String name, Object value) {
    if (value == null) {
      return b.addNull(name);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return b.add(name, ((Number) value).longValue());
    }
    if (value instanceof java.math.BigInteger bi) {
      return b.add(name, bi);
    }
    if (value instanceof java.math.BigDecimal bd) {
      return b.add(name, bd);
    }
    return b.add(name, value.toString());
  }

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws JwtAuthException {@link ErrorCode#INVALID_REQUEST} when it is not
   */
  public static JsonObject parseObject(byte[] body) {
    return parseObject(() -> PARSERS.createParser(new ByteArrayInputStream(body), UTF_8));
  }

  /**
   * Parses text that must be one JSON object, as {@link #parseObject(byte[])} does. Reads from the
   * string directly: no decoder and no stream buffers, which matters for the small JSON documents
   * inside tokens.
   */
  public static JsonObject parseObject(String text) {
    return parseObject(() -> PARSERS.createParser(new StringReader(text)));
  }

  private static JsonObject parseObject(Supplier<JsonParser> source) {
    try (JsonParser parser = source.get()) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new JwtAuthException(
            ErrorCode.INVALID_REQUEST, "The request body must be a JSON object.");
      }
      JsonObject o = parser.getObject();
      if (parser.hasNext()) {
        throw new JwtAuthException(
            ErrorCode.INVALID_REQUEST, "The request body has data after the JSON object.");
      }
      return o;
    } catch (JsonException | IllegalStateException | IllegalArgumentException e) {
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.");
    } catch (RuntimeException e) {
      // e.g. parser depth limits surface as other runtime exceptions in some providers
      if (e instanceof JwtAuthException j) {
        throw j;
      }
      throw new JwtAuthException(ErrorCode.INVALID_REQUEST, "The request body is not valid JSON.");
    }
  }

  public static String write(JsonStructure value) {
    StringWriter out = new StringWriter(256);
    try (JsonWriter w = WRITERS.createWriter(out)) {
      w.write(value);
    }
    return out.toString();
  }
}
