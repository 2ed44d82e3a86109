package io.github.jwtauth.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.json.Json;
import io.github.jwtauth.keys.KeySet;
import io.github.jwtauth.keys.PemKeys;
import io.github.jwtauth.keys.SigningAlgorithm;
import io.github.jwtauth.store.User;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets for the whole token check ({@link TokenVerifier#check}): arbitrary token text,
 * mutations of a valid token, and arbitrary JSON signed with the real key. The contract: only
 * {@link JwtAuthException} comes out, and nothing but the unmutated token is accepted
 * (RELIABILITY.md, "Fuzzing"). The test command replays the committed corpus ({@code
 * TokenVerifierFuzzTestInputs/}); {@code fuzz/run.sh} fuzzes.
 */
class TokenVerifierFuzzTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final User ALICE = new User(42, "alice", "alice@example.com", false, Set.of("user"));
  static final byte[] SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF".getBytes(UTF_8);
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A verifier, its keys and the tokens it must accept, for one algorithm. */
  record Target(KeySet keys, TokenVerifier verifier, String access, String refresh) {
    static Target of(KeySet keys) {
      TokenIssuer issuer = new TokenIssuer(keys, "jwt-auth", Duration.ofHours(1), CLOCK);
      return new Target(
          keys,
          new TokenVerifier(keys, "jwt-auth", 30, 8192, CLOCK),
          issuer.access(ALICE, "k1", NOW),
          issuer.refresh("r1", ALICE, "k1", NOW, NOW.plus(Duration.ofDays(1))));
    }

    /** The token this target issued of that type. */
    String valid(TokenType type) {
      return type == TokenType.ACCESS ? access : refresh;
    }
  }

  static final Target HS256 = Target.of(KeySet.hmac(SigningAlgorithm.HS256, SECRET));
  static final Target ES256 =
      Target.of(PemKeys.load(SigningAlgorithm.ES256, resource("fuzz-es256.pem"), null));
  static final Target RS256 =
      Target.of(PemKeys.load(SigningAlgorithm.RS256, resource("fuzz-rs256.pem"), null));
  static final List<Target> TARGETS = List.of(HS256, ES256, RS256);

  static String resource(String name) {
    try (InputStream in = TokenVerifierFuzzTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks {@code token} as {@code type}: a refusal must be our own exception (anything else
   * propagates and is a finding), and an accepted token must be byte-identical to the one issued.
   */
  static boolean assertRefusedUnlessIssued(Target t, String token, TokenType type) {
    TokenVerifier.Verified v;
    try {
      v = t.verifier().check(token, type);
    } catch (JwtAuthException refused) {
      assertNotNull(refused.error());
      return false;
    }
    assertEquals(t.valid(type), token, "accepted a token that was never issued");
    assertEquals("k1", v.apiKey());
    assertEquals("alice", v.login());
    assertEquals(KeyPairStatus.idOf(42), v.userId());
    return true;
  }

  /** Any text as a token, checked as access and refresh token by HS256, ES256 and RS256. */
  @FuzzTest
  void whenAnyTokenTextThenRefusedWithOwnErrorUnlessIssued(byte[] data) {
    String token = new String(data, UTF_8);
    for (Target t : TARGETS) {
      for (TokenType type : TokenType.values()) {
        assertRefusedUnlessIssued(t, token, type);
      }
    }
  }

  /**
   * A valid token with parts replaced, one edit per line (a missing part stays the original):
   *
   * <ul>
   *   <li>{@code alg:RS256} / {@code type:refresh} — which target's token and type (default HS256,
   *       access);
   *   <li>{@code h:<json>} / {@code p:<json>} — header / payload JSON, base64url-encoded here;
   *   <li>{@code H:} / {@code P:} / {@code S:<text>} — a raw segment, used as given;
   *   <li>{@code flip:<n>} — flips bit {@code n} of the signature bytes;
   *   <li>{@code append:<text>} / {@code prepend:<text>} — around the whole token.
   * </ul>
   *
   * Every signature stays that of the original header and payload, so any change other than none
   * must be refused.
   */
  @FuzzTest
  void whenValidTokenMutatedThenRefusedUnlessIdentical(byte[] data) {
    Edited e = edit(data);
    assertRefusedUnlessIssued(e.target(), e.token(), e.type());
  }

  /** A token made by the edits of {@link #whenValidTokenMutatedThenRefusedUnlessIdentical}. */
  record Edited(Target target, TokenType type, String token) {}

  static Edited edit(byte[] data) {
    Target t = HS256;
    TokenType type = TokenType.ACCESS;
    String header = null;
    String payload = null;
    String signature = null;
    String before = "";
    String after = "";
    List<Integer> flips = new java.util.ArrayList<>();
    for (String line : new String(data, UTF_8).split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String v = line.substring(colon + 1);
      switch (line.substring(0, colon)) {
        case "alg" -> t = v.equals("RS256") ? RS256 : v.equals("ES256") ? ES256 : HS256;
        case "type" -> type = v.equals("refresh") ? TokenType.REFRESH : TokenType.ACCESS;
        case "h" -> header = B64.encodeToString(v.getBytes(UTF_8));
        case "p" -> payload = B64.encodeToString(v.getBytes(UTF_8));
        case "H" -> header = v;
        case "P" -> payload = v;
        case "S" -> signature = v;
        case "flip" -> {
          try {
            flips.add(Integer.parseInt(v.trim()));
          } catch (NumberFormatException e) {
            // not an edit
          }
        }
        case "append" -> after = v;
        case "prepend" -> before = v;
        default -> {
          // not an edit
        }
      }
    }
    String[] parts = t.valid(type).split("\\.");
    String sig = signature != null ? signature : parts[2];
    if (!flips.isEmpty() && signature == null) {
      byte[] bytes = Base64.getUrlDecoder().decode(parts[2]);
      for (int bit : flips) {
        int i = Math.floorMod(bit, bytes.length * 8);
        bytes[i / 8] ^= (byte) (1 << (i % 8));
      }
      sig = B64.encodeToString(bytes);
    }
    String token =
        before
            + (header != null ? header : parts[0])
            + "."
            + (payload != null ? payload : parts[1])
            + "."
            + sig
            + after;
    return new Edited(t, type, token);
  }

  /**
   * Arbitrary header and payload (the first line and the rest of the input, as bytes) signed with
   * the real HS256 secret: what no attacker can make, but the only way to reach the claim checks
   * that follow the signature. Only our own exception may come out, and an accepted token must
   * carry what every caller relies on.
   */
  @FuzzTest
  void whenAnyJsonSignedWithTheKeyThenOwnErrorOrCompleteClaims(byte[] data) {
    int nl = indexOf(data, (byte) '\n');
    byte[] payload = nl < 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, nl + 1, data.length);
    String token = signed(data);
    for (TokenType type : TokenType.values()) {
      TokenVerifier.Verified v;
      try {
        v = HS256.verifier().check(token, type);
      } catch (JwtAuthException refused) {
        continue;
      }
      assertFalse(v.apiKey().isEmpty());
      assertFalse(v.login().isEmpty());
      assertEquals(type.typ(), v.jwt().getType());
      assertNotNull(v.jwt().getExpiresAtAsInstant());
      assertTrue(!v.jwt().getExpiresAtAsInstant().isBefore(NOW.minusSeconds(30)));
      JsonObject user =
          Json.parseObject(new String(payload, UTF_8)).getJsonObject("data").getJsonObject("user");
      assertEquals(user.getString("api_key"), v.apiKey());
      assertEquals(user.getString("user_login"), v.login());
    }
  }

  /** The first line of {@code data} as header, the rest as payload, signed with the HS256 key. */
  static String signed(byte[] data) {
    int nl = indexOf(data, (byte) '\n');
    byte[] header = nl < 0 ? data : java.util.Arrays.copyOfRange(data, 0, nl);
    byte[] payload = nl < 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, nl + 1, data.length);
    String h = B64.encodeToString(header);
    String p = B64.encodeToString(payload);
    return h
        + "."
        + p
        + "."
        + B64.encodeToString(HS256.keys().algorithm().sign(h.getBytes(UTF_8), p.getBytes(UTF_8)));
  }

  // The harness itself: what it builds is what the fuzz targets above claim to check.

  @Test
  void whenNoEditThenTheIssuedTokenItselfWhichIsAccepted() {
    for (Target t : TARGETS) {
      String alg = t == HS256 ? "HS256" : t == ES256 ? "ES256" : "RS256";
      for (TokenType type : TokenType.values()) {
        String edits = "alg:" + alg + "\ntype:" + type.name().toLowerCase(java.util.Locale.ROOT);
        Edited e = edit(edits.getBytes(UTF_8));
        assertEquals(t.valid(type), e.token());
        assertTrue(assertRefusedUnlessIssued(e.target(), e.token(), e.type()));
      }
    }
  }

  @Test
  void whenEditedThenTheTokenDiffersAndIsRefused() {
    for (String edits :
        List.of("flip:0", "flip:-1", "S:", "append:=", "prepend: ", "h:{\"alg\":\"none\"}")) {
      Edited e = edit(edits.getBytes(UTF_8));
      assertTrue(!e.token().equals(HS256.access()), edits);
      assertFalse(assertRefusedUnlessIssued(e.target(), e.token(), e.type()), edits);
    }
  }

  @Test
  void whenIssuedClaimsAreSignedByTheHarnessThenAccepted() {
    String[] parts = HS256.access().split("\\.");
    byte[] data =
        (new String(Base64.getUrlDecoder().decode(parts[0]), UTF_8)
                + "\n"
                + new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8))
            .getBytes(UTF_8);
    assertEquals(HS256.access(), signed(data));
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
