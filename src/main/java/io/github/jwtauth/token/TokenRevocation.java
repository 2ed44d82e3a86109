package io.github.jwtauth.token;

import io.github.jwtauth.Authentication;
import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import io.github.jwtauth.audit.Audit;
import io.github.jwtauth.audit.Audit.Event;
import io.github.jwtauth.credential.KeyPairService;
import io.github.jwtauth.store.RefreshTokenStore;
import java.time.Clock;
import java.util.Optional;

/**
 * RFC 7009 token revocation, for our two kinds of token:
 *
 * <ul>
 *   <li>A <b>refresh token</b> is its own proof: whoever holds it may already spend it, so revoking
 *       it needs no other credential. Its whole chain is revoked (every refresh token of it); the
 *       key-pair and access tokens already issued stay. When client credentials are sent too, or a
 *       public client's bare {@code client_id}, the token must be theirs (RFC 7009 §2.1).
 *   <li>An <b>access token</b> is a self-contained JWT: revoking it means revoking its key-pair
 *       (and so every token of it, RFC 7009 §2: "also invalidate … other tokens based on the same
 *       authorization grant"). Only the owner may: the caller must authenticate with that same
 *       key-pair's credentials; without credentials {@link ErrorCode#INVALID_CLIENT}, with another
 *       key-pair's {@link ErrorCode#UNAUTHORIZED_CLIENT}.
 *   <li>Anything that is no valid token of ours (garbage, expired, signed by another key, already
 *       revoked) changes nothing and is no error (RFC 7009 §2.2).
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7009">RFC 7009</a>
 */
public final class TokenRevocation {
  private final TokenVerifier verifier;
  private final BearerAuthenticator authenticator;
  private final RefreshTokenStore refreshTokens;
  private final KeyPairService keyPairs;
  private final Audit audit;
  private final Clock clock;

  public TokenRevocation(
      TokenVerifier verifier,
      BearerAuthenticator authenticator,
      RefreshTokenStore refreshTokens,
      KeyPairService keyPairs,
      Audit audit,
      Clock clock) {
    this.verifier = verifier;
    this.authenticator = authenticator;
    this.refreshTokens = refreshTokens;
    this.keyPairs = keyPairs;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Revokes what the token stands for, if anything.
   *
   * @param client the key-pair that authenticated, or null when the request sent none
   * @param clientId a bare {@code client_id} sent without a secret (a public client identifying
   *     itself, RFC 6749 §2.3, §3.2.1), or null
   * @throws JwtAuthException {@link ErrorCode#INVALID_CLIENT}, {@link
   *     ErrorCode#UNAUTHORIZED_CLIENT} as above, {@link ErrorCode#UNAVAILABLE}
   */
  public void revoke(String token, TokenService.Client client, String clientId, String clientIp) {
    Optional<TokenVerifier.Verified> refresh = verified(token, TokenType.REFRESH);
    if (refresh.isPresent()) {
      TokenVerifier.Verified v = refresh.get();
      String claimed = client != null ? client.apiKey() : clientId;
      if (claimed != null && !claimed.equals(v.apiKey())) {
        throw new JwtAuthException(ErrorCode.UNAUTHORIZED_CLIENT);
      }
      if (refreshTokens.revokeChain(
          v.jwt().getId(), v.apiKey(), clock.instant().getEpochSecond())) {
        audit.log(
            Event.AUTHN_TOKEN_REVOKED, v.login(), v.login(), v.apiKey(), clientIp, "chain=revoked");
      }
      return;
    }
    Optional<Authentication> access = authenticated(token);
    if (access.isEmpty()) {
      return; // RFC 7009 §2.2: an invalid token (its key-pair revoked already, too) is no error
    }
    if (client == null) {
      throw new JwtAuthException(ErrorCode.INVALID_CLIENT);
    }
    if (!client.apiKey().equals(access.get().apiKey())) {
      throw new JwtAuthException(ErrorCode.UNAUTHORIZED_CLIENT);
    }
    keyPairs.revoke(
        new KeyPairService.Actor(client.login(), clientIp), client.login(), client.apiKey());
  }

  private Optional<Authentication> authenticated(String token) {
    try {
      return Optional.of(authenticator.authenticate(token));
    } catch (JwtAuthException e) {
      if (e.error() == ErrorCode.UNAVAILABLE) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private Optional<TokenVerifier.Verified> verified(String token, TokenType type) {
    try {
      return Optional.of(verifier.check(token, type));
    } catch (JwtAuthException e) {
      if (e.error() == ErrorCode.UNAVAILABLE) {
        throw e;
      }
      return Optional.empty();
    }
  }
}
