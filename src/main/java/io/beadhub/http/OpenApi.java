package io.beadhub.http;

import io.beadhub.common.Access;
import io.beadhub.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /openapi.json}: an OpenAPI 3.1 document of every route in the {@link Router}'s table, built
 * on first request (every route is registered by then) from what each route declared ({@link RouteSpec}).
 */
public final class OpenApi {
  public static final String PATH = "/openapi.json";
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");
  private static final Map<String, Object> ERROR = Map.of("type", "object", "required", List.of("detail"),
      "properties", Map.of("detail", Map.of()));

  private OpenApi() {
  }

  static void register(Router r) {
    byte[][] doc = new byte[1][];
    r.get(PATH, Access.NONE, req -> {
      if (doc[0] == null) {
        doc[0] = Json.bytes(document(r.routes()));
      }
      return new RawJson(doc[0]);
    }).summary("This document");
  }

  /** The document of {@code routes}. */
  public static Map<String, Object> document(List<Router.Route> routes) {
    JsonSchemas schemas = new JsonSchemas();
    Map<Router.Route, Map<String, Object>> responses = new LinkedHashMap<>();
    for (Router.Route route : routes) {
      responses.put(route, ok(route, schemas));
    }
    // requests after every response: a record used both ways gets a second, input-only component
    Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
    for (Router.Route route : routes) {
      String path = PARAM.matcher(route.path()).replaceAll(m -> "{" + name(m) + "}");
      paths.computeIfAbsent(path, p -> new LinkedHashMap<>())
          .put(route.method().toLowerCase(java.util.Locale.ROOT), operation(route, responses.get(route), schemas));
    }
    Map<String, Object> components = new LinkedHashMap<>();
    Map<String, Object> all = new LinkedHashMap<>(schemas.components());
    all.put("Error", ERROR);
    components.put("schemas", all);
    components.put("securitySchemes", Map.of(
        "bearer", Map.of("type", "http", "scheme", "bearer", "description", "An API key: Bearer aw_sk_…")));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "beadhub", "version", version(),
        "description", "Generated from the server's route table; see docs/api.md."));
    doc.put("paths", paths);
    doc.put("components", components);
    return doc;
  }

  private static Map<String, Object> operation(Router.Route route, Map<String, Object> ok, JsonSchemas schemas) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", route.method().toLowerCase(java.util.Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (route.summary() != null) {
      op.put("summary", route.summary());
    }
    List<Map<String, Object>> params = new ArrayList<>();
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      params.add(Map.of("name", name(m), "in", "path", "required", true, "schema", Map.of("type", "string")));
    }
    if (!params.isEmpty()) {
      op.put("parameters", params);
    }
    Map<String, Object> requestBody = requestBody(route, schemas);
    if (requestBody != null) {
      op.put("requestBody", requestBody);
    }
    op.put("responses", Map.of("200", ok, "default", Map.of("description", "An error",
        "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
    switch (route.access()) {
      case NONE -> op.put("security", List.of());
      case OPTIONAL -> op.put("security", List.of(Map.of(), Map.of("bearer", List.of())));
      default -> op.put("security", List.of(Map.of("bearer", List.of())));
    }
    return op;
  }

  /** The declared body; an undeclared POST/PUT/PATCH body is an open object (OpenApiTest lists those). */
  private static Map<String, Object> requestBody(Router.Route route, JsonSchemas schemas) {
    if (route.noBody()) {
      return null;
    }
    if (route.requestMedia() != null) {
      return Map.of("required", true,
          "content", Map.of(route.requestMedia(), Map.of("schema", Map.of("type", "string"))));
    }
    if (route.request() != null) {
      return Map.of("required", true,
          "content", Map.of("application/json", Map.of("schema", schemas.input(route.request()))));
    }
    if (route.method().equals("GET") || route.method().equals("DELETE")) {
      return null;
    }
    return Map.of("required", false, "content", Map.of("application/json", Map.of("schema", Map.of("type", "object"))));
  }

  private static Map<String, Object> ok(Router.Route route, JsonSchemas schemas) {
    if (route.stream() != null) {
      return Map.of("description", "A Server-Sent Events stream (" + route.stream() + ")",
          "content", Map.of("text/event-stream", Map.of("schema", Map.of("type", "string"))));
    }
    Map<String, Object> body = route.response() == null ? Map.of() : schemas.of(route.response());
    return Map.of("description", route.response() == null ? "JSON (its schema is not declared)" : "OK",
        "content", Map.of("application/json", Map.of("schema", body)));
  }

  private static String name(java.util.regex.MatchResult m) {
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  private static String version() {
    String v = OpenApi.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
