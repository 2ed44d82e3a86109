package io.github.jwtauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwtauth.ErrorCode;
import io.github.jwtauth.JwtAuthException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokenResolverTest {
  final BearerTokenResolver resolver = new BearerTokenResolver(8192);

  static HttpServletRequest withHeaders(String... authorization) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            BearerTokenResolverTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getHeaders") && "Authorization".equals(args[0])) {
                return Collections.enumeration(List.of(authorization));
              }
              if (method.getName().equals("getHeader") && "Authorization".equals(args[0])) {
                return authorization.length == 0 ? null : authorization[0];
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  ErrorCode refusal(String... headers) {
    return assertThrows(JwtAuthException.class, () -> resolver.resolve(withHeaders(headers)))
        .error();
  }

  @Test
  void whenNoHeaderThenNull() {
    assertNull(resolver.resolve(withHeaders()));
  }

  @Test
  void whenOtherSchemeThenLeftAlone() {
    assertNull(resolver.resolve(withHeaders("Basic YWRtaW46cGFzc3dvcmQ=")));
    assertNull(resolver.resolve(withHeaders("BearerX abc")));
    assertNull(resolver.resolve(withHeaders("Digest username=x")));
  }

  @Test
  void whenSchemeInAnyCaseThenTokenRead() {
    assertEquals("a.b.c", resolver.resolve(withHeaders("Bearer a.b.c")));
    assertEquals("a.b.c", resolver.resolve(withHeaders("bearer a.b.c")));
    assertEquals("a.b.c", resolver.resolve(withHeaders("BEARER   a.b.c  ")));
  }

  @Test
  void whenBearerWithNothingThenNoToken() {
    assertEquals(ErrorCode.NO_TOKEN, refusal("Bearer"));
    assertEquals(ErrorCode.NO_TOKEN, refusal("Bearer    "));
  }

  @Test
  void whenTwoAuthorizationHeadersThenInvalidRequest() {
    assertEquals(ErrorCode.INVALID_REQUEST, refusal("Bearer a.b.c", "Bearer d.e.f"));
  }

  @Test
  void whenOversizedThenRefusedBeforeParsing() {
    assertEquals(ErrorCode.TOKEN_ERROR, refusal("Bearer " + "a".repeat(8 * 1024)));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal("Bearer " + "a".repeat(64 * 1024)));
    assertEquals(ErrorCode.TOKEN_ERROR, refusal("Bearer " + "a".repeat(1024 * 1024)));
  }

  @Test
  void whenCharactersOutsideB64TokenThenPassedToTheVerifierWhichRefusesThem() {
    // the verifier checks characters, and only for tokens it has not verified before
    assertEquals("a.b.c\" OR 1=1", resolver.resolve(withHeaders("Bearer a.b.c\" OR 1=1")));
    assertEquals("a b", resolver.resolve(withHeaders("Bearer a b")));
  }
}
