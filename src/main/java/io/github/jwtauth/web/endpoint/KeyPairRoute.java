package io.github.jwtauth.web.endpoint;

/**
 * Which key-pair route a request names, from what follows {@code /key-pair} and the method. Our
 * routes and the WordPress plugin's share the prefix; they are told apart first by the number of
 * path segments, then by the method, so no path means two things for one method:
 *
 * <table>
 *   <caption>precedence</caption>
 *   <tr><th>path</th><th>method</th><th>route</th></tr>
 *   <tr><td>{@code /key-pair}</td><td>GET, POST, DELETE</td><td>ours: list, create, revoke all
 *       (the caller's, or {@code ?user=}'s)</td></tr>
 *   <tr><td>{@code /key-pair/{x}}</td><td>DELETE</td><td>ours: revoke the key-pair whose {@code
 *       api_key} is x</td></tr>
 *   <tr><td>{@code /key-pair/{x}}</td><td>GET, POST</td><td>the plugin's: list or create for the
 *       user whose login is x</td></tr>
 *   <tr><td>{@code /key-pair/{x}/revoke-all}</td><td>DELETE</td><td>the plugin's: revoke all of
 *       user x's</td></tr>
 *   <tr><td>{@code /key-pair/{x}/{y}/revoke}</td><td>DELETE</td><td>the plugin's: revoke user x's
 *       key-pair y</td></tr>
 * </table>
 *
 * <p>Anything else, an empty segment included, is no route. Segments arrive decoded by the
 * container, so a login holding {@code /} cannot be named in a path (use {@code ?user=}).
 *
 * <p>Immutable.
 *
 * @param action what to do
 * @param user the login named in the path (the plugin's {@code user_id}), or null on our routes
 * @param apiKey the {@code api_key} named in the path, or null
 */
record KeyPairRoute(Action action, String user, String apiKey) {

  /** The paths, whatever the method (what {@code OPTIONS} describes). */
  enum Shape {
    /** {@code /key-pair}. */
    COLLECTION,
    /** {@code /key-pair/{user_id|api_key}}. */
    ONE,
    /** {@code /key-pair/{user_id}/revoke-all}. */
    USER_REVOKE_ALL,
    /** {@code /key-pair/{user_id}/{api_key}/revoke}. */
    USER_REVOKE
  }

  /** What a request asks for. {@code USER_*} are the plugin's routes, with its answers. */
  enum Action {
    LIST,
    CREATE,
    REVOKE_ALL,
    REVOKE,
    USER_LIST,
    USER_CREATE,
    USER_REVOKE_ALL,
    USER_REVOKE
  }

  /**
   * @param rest what follows {@code /key-pair}: empty, or {@code /} and segments
   * @return the path's shape, or null when it is none
   */
  static Shape shape(String rest) {
    if (rest.isEmpty()) {
      return Shape.COLLECTION;
    }
    String[] s = segments(rest);
    if (s == null) {
      return null;
    }
    return switch (s.length) {
      case 1 -> Shape.ONE;
      case 2 -> s[1].equals("revoke-all") ? Shape.USER_REVOKE_ALL : null;
      case 3 -> s[2].equals("revoke") ? Shape.USER_REVOKE : null;
      default -> null;
    };
  }

  /**
   * @param method the request method
   * @param rest what follows {@code /key-pair}
   * @return the route, or null when the path and method name none
   */
  static KeyPairRoute of(String method, String rest) {
    Shape shape = shape(rest);
    if (shape == null) {
      return null;
    }
    String[] s = rest.isEmpty() ? new String[0] : segments(rest);
    return switch (shape) {
      case COLLECTION ->
          switch (method) {
            case "GET" -> new KeyPairRoute(Action.LIST, null, null);
            case "POST" -> new KeyPairRoute(Action.CREATE, null, null);
            case "DELETE" -> new KeyPairRoute(Action.REVOKE_ALL, null, null);
            default -> null;
          };
      case ONE ->
          switch (method) {
            case "DELETE" -> new KeyPairRoute(Action.REVOKE, null, s[0]);
            case "GET" -> new KeyPairRoute(Action.USER_LIST, s[0], null);
            case "POST" -> new KeyPairRoute(Action.USER_CREATE, s[0], null);
            default -> null;
          };
      case USER_REVOKE_ALL ->
          method.equals("DELETE") ? new KeyPairRoute(Action.USER_REVOKE_ALL, s[0], null) : null;
      case USER_REVOKE ->
          method.equals("DELETE") ? new KeyPairRoute(Action.USER_REVOKE, s[0], s[1]) : null;
    };
  }

  /** Whether this is one of the plugin's routes (the user named in the path). */
  boolean plugin() {
    return user != null;
  }

  /** The segments of {@code /a/b/c}, or null when one is empty. */
  private static String[] segments(String rest) {
    if (!rest.startsWith("/")) {
      return null;
    }
    String[] s = rest.substring(1).split("/", -1);
    for (String segment : s) {
      if (segment.isEmpty()) {
        return null;
      }
    }
    return s;
  }
}
