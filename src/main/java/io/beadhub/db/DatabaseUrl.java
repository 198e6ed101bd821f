package io.beadhub.db;

import io.beadhub.config.ConfigException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A PostgreSQL URL in libpq form ({@code postgresql://user:pass@host:port/db?…}) or JDBC form. */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

  public static DatabaseUrl parse(String raw) {
    String s = raw.trim();
    if (s.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(s, null, null);
    }
    if (!s.startsWith("postgresql://") && !s.startsWith("postgres://")) {
      throw new ConfigException("BEADHUB_DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    URI uri;
    try {
      uri = URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("BEADHUB_DATABASE_URL is not a valid URL: " + e.getMessage());
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "/postgres" : uri.getRawPath();
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String jdbc = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new DatabaseUrl(jdbc, user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
