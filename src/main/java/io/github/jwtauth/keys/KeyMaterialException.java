package io.github.jwtauth.keys;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Key material that cannot be used: not PEM, the wrong key type, too weak, a signing key without
 * its public key, a keystore that does not open. The loaders know which input is at fault but not
 * what the configuration calls it; the configuration layer ({@code core.KeyLoader}) names the
 * parameter with {@link #describe(Function)}. On its own the message names the input in words
 * ("signing key PEM …").
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyMaterialException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The inputs key material is read from. */
  public enum Source {
    SIGNING_KEY("signing key PEM"),
    PUBLIC_KEYS("public keys PEM"),
    KEYSTORE("PKCS#12 keystore");

    private final String label;

    Source(String label) {
      this.label = label;
    }
  }

  private final Source subject;
  private final String detail;
  private final List<Source> addTo;

  /**
   * @param subject the input at fault
   * @param detail what follows its name: {@code " holds …"} or {@code ": …"}
   * @param addTo inputs named at the end, joined by "or" (where a missing key may be added)
   */
  KeyMaterialException(Source subject, String detail, Source... addTo) {
    super(text(subject, detail, List.of(addTo), s -> s.label));
    this.subject = subject;
    this.detail = detail;
    this.addTo = List.of(addTo);
  }

  /** The message with every input called what {@code name} says, e.g. its parameter name. */
  public String describe(Function<Source, String> name) {
    return text(subject, detail, addTo, name);
  }

  private static String text(
      Source subject, String detail, List<Source> addTo, Function<Source, String> name) {
    String text = name.apply(subject) + detail;
    return addTo.isEmpty()
        ? text
        : text + " " + addTo.stream().map(name).collect(Collectors.joining(" or "));
  }
}
