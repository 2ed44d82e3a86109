package io.github.jwtauth.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The servlet of a legacy app that brings its own, older JSON libraries in its {@code WEB-INF/lib}:
 * Jackson 2.10 and Jakarta JSON Processing 2.0 with the GlassFish provider. {@link
 * TestWebapp#webInfClass} puts it into {@code WEB-INF/classes}, so the webapp's class loader links
 * it against those jars. Uses only API that Jackson 2.10 and JSON-P 2.0 have.
 *
 * <ul>
 *   <li>{@code GET /app/libs}: which jar each library came from, the provider class, and the
 *       request's user, written by Jackson;
 *   <li>{@code POST /app/echo}: a JSON object read by JSON-P, answered by Jackson (the object
 *       itself, {@code "via_jsonp"}: JSON-P's serialisation of it, {@code "tree_size"}: the size of
 *       Jackson's tree of that serialisation).
 * </ul>
 *
 * <p>Thread-safe (ObjectMapper and the provider are).
 */
public final class HostileNeighbourServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonProvider PROVIDER = JsonProvider.provider();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/libs".equals(req.getPathInfo())) {
      resp.sendError(404);
      return;
    }
    ObjectNode out = MAPPER.createObjectNode();
    out.put("jackson_version", MAPPER.version().toString());
    out.put("jackson_jar", jarOf(ObjectMapper.class));
    out.put("jsonp_api_jar", jarOf(JsonProvider.class));
    out.put("jsonp_provider", PROVIDER.getClass().getName());
    out.put("jsonp_provider_jar", jarOf(PROVIDER.getClass()));
    out.put("remote_user", req.getRemoteUser());
    write(resp, out);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/echo".equals(req.getPathInfo())) {
      resp.sendError(404);
      return;
    }
    JsonObject in;
    try (JsonReader reader = Json.createReader(req.getInputStream())) {
      in = reader.readObject();
    }
    String viaJsonp = Json.createObjectBuilder().add("echo", in).build().toString();
    JsonNode tree = MAPPER.readTree(viaJsonp);
    ObjectNode out = MAPPER.createObjectNode();
    out.set("echo", tree.get("echo"));
    out.put("via_jsonp", viaJsonp);
    out.put("tree_size", tree.get("echo").size());
    write(resp, out);
  }

  private static void write(HttpServletResponse resp, ObjectNode body) throws IOException {
    resp.setStatus(200);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(MAPPER.writeValueAsString(body));
  }

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getFileName()
          .toString();
    } catch (Exception e) {
      return "unknown: " + e;
    }
  }
}
