package io.github.jwtauth.bench;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Spring Security 7's resource server as a user wires it without Spring Boot (issue 13's peer):
 * {@link NimbusJwtDecoder} with the default validators plus the issuer, behind a {@link
 * FilterChainProxy} (the firewall and the clearing of the thread's security context that {@code
 * DelegatingFilterProxy} users get) holding the three filters a Bearer-only API needs: {@link
 * SecurityContextHolderFilter}, {@link BearerTokenAuthenticationFilter} and {@link
 * SecurityContextHolderAwareRequestFilter} (so that {@code getRemoteUser()} is the token's {@code
 * sub}, as the hello servlet reads it).
 *
 * <p>Validators: Spring's defaults (timestamps with 60 s of skew, the X.509 thumbprint check) plus
 * the issuer, and the type: jwt-auth's access tokens carry {@code typ: at+jwt} (RFC 9068 §2.1),
 * which Spring's default type validator (only {@code JWT}) refuses, so a {@link JwtTypeValidator}
 * for {@code at+jwt} takes its place, as a Spring user with such tokens would configure it.
 *
 * <p>Thread-safe (stateless).
 */
public final class SpringPeer {
  private SpringPeer() {}

  /** HS256 with the given secret, as {@code NimbusJwtDecoder.withSecretKey}. */
  public static JwtDecoder hs256(byte[] secret, String issuer) {
    NimbusJwtDecoder d =
        NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
            .macAlgorithm(MacAlgorithm.HS256)
            .build();
    d.setJwtValidator(validator(issuer));
    return d;
  }

  private static OAuth2TokenValidator<Jwt> validator(String issuer) {
    return JwtValidators.createDefaultWithValidators(
        new JwtIssuerValidator(issuer), new JwtTypeValidator("at+jwt"));
  }

  /**
   * RS256 through {@code withPublicKey}, ES256 through {@code withJwkSource} with the one key under
   * its {@code kid} (what Spring offers for a fixed EC key; Nimbus matches the token's {@code
   * kid}).
   */
  public static JwtDecoder publicKey(String alg, PublicKey key, String kid, String issuer) {
    NimbusJwtDecoder d;
    if (key instanceof RSAPublicKey rsa) {
      d =
          NimbusJwtDecoder.withPublicKey(rsa)
              .signatureAlgorithm(SignatureAlgorithm.from(alg))
              .build();
    } else {
      ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) key).keyID(kid).build();
      d =
          NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(jwk)))
              .jwsAlgorithm(SignatureAlgorithm.from(alg))
              .build();
    }
    d.setJwtValidator(validator(issuer));
    return d;
  }

  /** The filter chain in front of the servlet. */
  public static FilterChainProxy chain(JwtDecoder decoder) {
    BearerTokenAuthenticationFilter bearer =
        new BearerTokenAuthenticationFilter(
            new ProviderManager(new JwtAuthenticationProvider(decoder)));
    SecurityContextHolderAwareRequestFilter servletApi =
        new SecurityContextHolderAwareRequestFilter();
    try {
      servletApi.afterPropertiesSet();
    } catch (jakarta.servlet.ServletException e) {
      throw new IllegalStateException(e);
    }
    FilterChainProxy proxy =
        new FilterChainProxy(
            new DefaultSecurityFilterChain(
                AnyRequestMatcher.INSTANCE,
                List.of(
                    new SecurityContextHolderFilter(
                        new RequestAttributeSecurityContextRepository()),
                    bearer,
                    servletApi)));
    proxy.afterPropertiesSet();
    return proxy;
  }
}
