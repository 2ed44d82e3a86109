import io.github.jwtauth.credential.SecretFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Writes files for check-secretlint.sh: leak/ holds generated api_secrets in the places secrets
 * leak (and one with a bad checksum: scanners match the shape), clean/ holds near-misses that a
 * scanner must not report. Run from the repository root: java -cp target/classes
 * scanning/Fixtures.java DIR
 */
public class Fixtures {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir.resolve("leak"));
    Files.createDirectories(dir.resolve("clean"));
    SecureRandom r = new SecureRandom();
    String s = SecretFormat.newSecret(r);
    String body = s.substring(6);
    char last = s.charAt(s.length() - 1);
    String badChecksum = s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
    write(dir, "leak/config.yml", "api_secret: " + SecretFormat.newSecret(r) + "\n");
    write(dir, "leak/key-pair.json", "{\"api_key\":\"k\",\"api_secret\":\"" + s + "\"}\n");
    write(dir, "leak/history.sh", "curl -F api_secret=" + SecretFormat.newSecret(r) + " x\n");
    write(dir, "leak/url.txt", "https://x/token?api_secret=" + SecretFormat.newSecret(r) + "&a=1\n");
    write(dir, "leak/bad-checksum.env", "JWT_SECRET=" + badChecksum + "\n");
    byte[] old = new byte[32];
    r.nextBytes(old);
    write(dir, "clean/short.txt", "secret: " + s.substring(0, 54) + "\n");
    write(dir, "clean/long.txt", "secret: " + s + "x\n");
    write(dir, "clean/prefix.txt", "secret: jwtat_" + body + "\n");
    write(dir, "clean/upper.txt", "secret: JWTAS_" + body + "\n");
    write(dir, "clean/glued.txt", "secret: xjwtas_" + body + "\n");
    write(dir, "clean/alphabet.txt", "secret: jwtas_" + body.substring(0, 9) + "-" + body.substring(10) + "\n");
    write(dir, "clean/old-style.txt", "secret: " + Base64.getUrlEncoder().withoutPadding().encodeToString(old) + "\n");
  }

  static void write(Path dir, String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }
}
