package io.github.jwtauth.cli;

import io.github.jwtauth.keys.SigningAlgorithm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;

/**
 * {@code secret generate} and {@code key generate}: signing material for {@code jwt-auth.secret}
 * and {@code jwt-auth.signing-key}. A private key file is created owner-only, never through a
 * symbolic link and never over an existing file. Not thread-safe (one per run).
 */
final class KeyCommands {
  private final PrintStream out;
  private final PrintStream err;

  KeyCommands(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Prints a random {@code jwt-auth.secret} of the size its HMAC algorithm needs. */
  void secret(Args a) throws UsageException {
    a.only("alg");
    SigningAlgorithm alg = algorithm(a, true, "--alg must be HS256, HS384 or HS512");
    byte[] b = new byte[alg.minimumSecretBytes()];
    new SecureRandom().nextBytes(b);
    out.println(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /** The {@code --alg} given, which must be an HMAC algorithm or not, as {@code hmac} says. */
  private static SigningAlgorithm algorithm(Args a, boolean hmac, String usage)
      throws UsageException {
    try {
      SigningAlgorithm alg = SigningAlgorithm.parse(a.required("alg"));
      if (alg.isHmac() == hmac) {
        return alg;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new UsageException(usage);
  }

  /** Writes (or prints) a new private key in PKCS#8 PEM with its public key. */
  void key(Args a) throws UsageException, IOException {
    a.only("alg", "out");
    SigningAlgorithm alg = algorithm(a, false, "--alg must be ES256 or RS256");
    java.security.KeyPair kp;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg.keyFamily());
      if (alg == SigningAlgorithm.ES256) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(3072);
      }
      kp = g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    String priv = pem("PRIVATE KEY", kp.getPrivate().getEncoded());
    String pub = pem("PUBLIC KEY", kp.getPublic().getEncoded());
    String dir = a.value("out", null);
    if (dir == null) {
      out.print(priv);
      out.print(pub);
      return;
    }
    Path d = Path.of(dir);
    Files.createDirectories(d);
    Path privPath = d.resolve("private.pem");
    Path pubPath = d.resolve("public.pem");
    boolean posix = d.getFileSystem().supportedFileAttributeViews().contains("posix");
    // both names are claimed before a byte is written, so a refusal leaves nothing behind
    SeekableByteChannel privOut = createNew(privPath, posix);
    SeekableByteChannel pubOut;
    try {
      pubOut = createNew(pubPath, false);
    } catch (IOException e) {
      privOut.close();
      Files.deleteIfExists(privPath);
      throw e;
    }
    try (privOut;
        pubOut) {
      write(privOut, priv + pub);
      write(pubOut, pub);
    } catch (IOException e) {
      Files.deleteIfExists(privPath);
      Files.deleteIfExists(pubPath);
      throw e;
    }
    if (!posix) {
      err.println(
          "jwt-auth: "
              + privPath
              + " is not on a POSIX file system: restrict it to the account that runs the server");
    }
    out.println(
        "wrote "
            + privPath
            + " (private key with its public key"
            + (posix ? ", mode 600" : "")
            + ") and "
            + pubPath);
    out.println(
        "configure: jwt-auth.algorithm="
            + alg
            + ", jwt-auth.signing-key=file:"
            + privPath.toAbsolutePath());
  }

  /**
   * Creates a file that does not exist yet, never through a symbolic link (O_CREAT | O_EXCL |
   * O_NOFOLLOW), owner-only from its creation when {@code ownerOnly} (no window in which another
   * account can open it).
   */
  private static SeekableByteChannel createNew(Path p, boolean ownerOnly) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileAttribute<?>[] attributes =
        ownerOnly
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try {
      return Files.newByteChannel(p, options, attributes);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          p + " already exists (a file or a symbolic link); refusing to overwrite a key", e);
    }
  }

  private static void write(SeekableByteChannel ch, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
