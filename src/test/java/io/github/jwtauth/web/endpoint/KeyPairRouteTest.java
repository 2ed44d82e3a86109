package io.github.jwtauth.web.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.jwtauth.web.endpoint.KeyPairRoute.Action;
import io.github.jwtauth.web.endpoint.KeyPairRoute.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which key-pair route a path and method name: ours and the plugin's, by segments then method. */
class KeyPairRouteTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "GET    | ''                    | LIST            | -          | -",
        "POST   | ''                    | CREATE          | -          | -",
        "DELETE | ''                    | REVOKE_ALL      | -          | -",
        "DELETE | /K1                   | REVOKE          | -          | K1",
        "GET    | /alice                | USER_LIST       | alice      | -",
        "POST   | /alice                | USER_CREATE     | alice      | -",
        "DELETE | /alice/revoke-all     | USER_REVOKE_ALL | alice      | -",
        "DELETE | /alice/K1/revoke      | USER_REVOKE     | alice      | K1",
        "DELETE | /revoke-all           | REVOKE          | -          | revoke-all",
        "POST   | /revoke-all           | USER_CREATE     | revoke-all | -",
        "DELETE | /alice/revoke-all/revoke | USER_REVOKE  | alice      | revoke-all",
        "DELETE | /a b@example.org/revoke-all | USER_REVOKE_ALL | a b@example.org | -"
      })
  void whenPathAndMethodNameARouteThenItsActionUserAndKey(
      String method, String rest, Action action, String user, String apiKey) {
    KeyPairRoute r = KeyPairRoute.of(method, rest);
    assertEquals(new KeyPairRoute(action, user, apiKey), r);
    assertEquals(user != null, r.plugin());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PUT    | ''",
        "PATCH  | /alice",
        "GET    | /alice/revoke-all",
        "POST   | /alice/revoke-all",
        "GET    | /alice/K1/revoke",
        "POST   | /alice/K1/revoke",
        "DELETE | /",
        "DELETE | //revoke-all",
        "DELETE | /alice//revoke",
        "DELETE | /alice/revoke-all/",
        "DELETE | /alice/K1",
        "DELETE | /alice/K1/revoke/more",
        "DELETE | /alice/K1/REVOKE",
        "GET    | nope"
      })
  void whenPathOrMethodNamesNoRouteThenNull(String method, String rest) {
    assertNull(KeyPairRoute.of(method, rest));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''               | COLLECTION",
        "/x               | ONE",
        "/x/revoke-all    | USER_REVOKE_ALL",
        "/x/y/revoke      | USER_REVOKE"
      })
  void whenPathHasAShapeThenOptionsDescribesIt(String rest, Shape shape) {
    assertEquals(shape, KeyPairRoute.shape(rest));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/a/b", "/a/b/c", "/a/b/revoke/d", "//", "x"})
  void whenPathHasNoShapeThenNull(String rest) {
    assertNull(KeyPairRoute.shape(rest));
  }
}
