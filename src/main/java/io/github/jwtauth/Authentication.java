package io.github.jwtauth;

import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Set;

/**
 * A verified access token and the user it stands for.
 *
 * @param login the user's login
 * @param roles the user's roles
 * @param apiKey the key-pair the token was minted from
 * @param token the verified token
 */
public record Authentication(String login, Set<String> roles, String apiKey, DecodedJWT token) {
  public Authentication {
    roles = Set.copyOf(roles);
  }
}
