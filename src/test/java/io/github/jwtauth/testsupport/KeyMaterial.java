package io.github.jwtauth.testsupport;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Key material for the RS256/ES256 integration tests, made with the JDK only: key pairs, PKCS#8 and
 * X.509 PEM text, files under {@code target/} for {@code file:} references, PKCS#12 keystores (by
 * the JDK's keytool), public keys rebuilt from JWKs, and hand-made ES256/RS256 signatures for
 * forged tokens. Stateless, thread-safe.
 */
public final class KeyMaterial {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64URL = Base64.getUrlDecoder();

  private KeyMaterial() {}

  public static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A P-256 key pair (what ES256 needs). */
  public static KeyPair ec() {
    return ec("secp256r1");
  }

  public static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  public static String privatePem(PrivateKey k) {
    return pem("PRIVATE KEY", k.getEncoded()); // PKCS#8
  }

  public static String publicPem(PublicKey k) {
    return pem("PUBLIC KEY", k.getEncoded()); // X.509 SubjectPublicKeyInfo
  }

  /** What {@code key generate} writes to private.pem: the PKCS#8 key followed by its public key. */
  public static String signingPem(KeyPair kp) {
    return privatePem(kp.getPrivate()) + publicPem(kp.getPublic());
  }

  /** A fresh directory under target/ for one test class's key files. */
  public static Path directory(String owner) {
    try {
      return Files.createDirectories(
          TestWebapp.targetDir().resolve("it-keys").resolve(owner + "-" + System.nanoTime()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text to dir/name and returns the {@code file:} reference to it. */
  public static String fileRef(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text, StandardCharsets.US_ASCII);
      return "file:" + p.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A PKCS#12 keystore made by keytool with one self-signed key entry per alias (EC P-256 or RSA
   * 2048, by keyAlg "EC" or "RSA").
   */
  public static Path pkcs12(
      Path dir, String name, String password, String keyAlg, String... aliases) {
    Path store = dir.resolve(name);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    for (String alias : aliases) {
      ProcessBuilder pb =
          keyAlg.equals("EC")
              ? new ProcessBuilder(
                  keytool,
                  "-genkeypair",
                  "-keystore",
                  store.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  password,
                  "-alias",
                  alias,
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-sigalg",
                  "SHA256withECDSA",
                  "-dname",
                  "CN=" + alias,
                  "-validity",
                  "30")
              : new ProcessBuilder(
                  keytool,
                  "-genkeypair",
                  "-keystore",
                  store.toString(),
                  "-storetype",
                  "PKCS12",
                  "-storepass",
                  password,
                  "-alias",
                  alias,
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-dname",
                  "CN=" + alias,
                  "-validity",
                  "30");
      pb.redirectErrorStream(true);
      try {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("keytool failed: " + out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return store;
  }

  /**
   * Runs the admin CLI from the packaged jar, as the README tells operators to ({@code key generate
   * --alg ALG --out DIR}), and returns the public key it wrote to DIR/public.pem; DIR/private.pem
   * holds the signing key.
   */
  public static PublicKey cliKeyGenerate(String alg, Path out) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            TestWebapp.libraryJar().toString(),
            "io.github.jwtauth.cli.Main",
            "key",
            "generate",
            "--alg",
            alg,
            "--out",
            out.toString());
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("key generate failed: " + text);
      }
      String pem = Files.readString(out.resolve("public.pem"), StandardCharsets.US_ASCII);
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance(alg.startsWith("RS") ? "RSA" : "EC")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the CLI wrote an unreadable public.pem", e);
    }
  }

  /** The public key a JWK (RFC 7517/7518) describes, rebuilt with the JDK alone. */
  public static PublicKey fromJwk(JsonObject jwk) {
    try {
      if (jwk.getString("kty").equals("RSA")) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, D64URL.decode(jwk.getString("n"))),
                    new BigInteger(1, D64URL.decode(jwk.getString("e")))));
      }
      java.security.AlgorithmParameters params =
          java.security.AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      ECPoint w =
          new ECPoint(
              new BigInteger(1, D64URL.decode(jwk.getString("x"))),
              new BigInteger(1, D64URL.decode(jwk.getString("y"))));
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("bad JWK " + jwk, e);
    }
  }

  /** A compact JWS over header and payload JSON signed with any key (ES256 in JWS r||s form). */
  public static String sign(String headerJson, String payloadJson, PrivateKey key) {
    String input =
        B64URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature s =
          Signature.getInstance(
              key.getAlgorithm().equals("EC") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The decoded signature bytes of a compact JWS. */
  public static byte[] signature(String token) {
    return D64URL.decode(token.substring(token.lastIndexOf('.') + 1));
  }
}
