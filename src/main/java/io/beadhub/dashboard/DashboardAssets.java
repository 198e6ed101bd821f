package io.beadhub.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's static files, read once from {@code src/main/resources/dashboard/} (in the jar or on
 * disk). Their content hash is the asset path's version, so an asset URL can be cached for a year; the
 * page itself names that path, so it is never cached.
 */
public final class DashboardAssets {
  static final String ROOT = "dashboard";
  static final String PAGE = "index.html";
  /** In index.html, replaced by {@code /assets/<hash>}. */
  static final String ASSETS_PLACEHOLDER = "{{assets}}";

  /** One file: its bytes, their gzip form, and its content type. */
  record Asset(byte[] bytes, byte[] gzipped, String contentType) {
  }

  private final Map<String, Asset> assets;
  private final String hash;
  private final byte[] page;

  private DashboardAssets(Map<String, Asset> assets, String hash, byte[] page) {
    this.assets = assets;
    this.hash = hash;
    this.page = page;
  }

  /** Reads every file under the dashboard folder; a missing folder or page stops startup. */
  public static DashboardAssets load() {
    Map<String, byte[]> files = read();
    byte[] html = files.remove(PAGE);
    if (html == null) {
      throw new IllegalStateException("dashboard/" + PAGE + " is missing from the server's resources");
    }
    String hash = hash(files, html);
    Map<String, Asset> assets = new TreeMap<>();
    files.forEach((name, bytes) -> assets.put(name, new Asset(bytes, gzip(bytes), contentType(name))));
    String page = new String(html, StandardCharsets.UTF_8).replace(ASSETS_PLACEHOLDER, "/assets/" + hash);
    return new DashboardAssets(assets, hash, page.getBytes(StandardCharsets.UTF_8));
  }

  public String hash() {
    return hash;
  }

  byte[] page() {
    return page;
  }

  /** The asset at {@code name} (relative to the dashboard folder) when {@code version} is the current hash. */
  Optional<Asset> find(String version, String name) {
    return version.equals(hash) ? Optional.ofNullable(assets.get(name)) : Optional.empty();
  }

  /** Names of every asset except the page: what the first load may fetch at most. */
  List<String> names() {
    return List.copyOf(assets.keySet());
  }

  private static Map<String, byte[]> read() {
    URL url = DashboardAssets.class.getClassLoader().getResource(ROOT + "/" + PAGE);
    if (url == null) {
      throw new IllegalStateException("dashboard/" + PAGE + " is missing from the server's resources");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          return walk(fs.provider().getPath(uri).getParent());
        }
      }
      return walk(Path.of(uri).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> walk(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** 16 hex of SHA-256 over every file's name and bytes, in name order. */
  private static String hash(Map<String, byte[]> files, byte[] page) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(bytes);
      });
      d.update(page);
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "json" -> "application/json";
      default -> "application/octet-stream";
    };
  }
}
