package io.beadhub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** The PostgreSQL binaries shipped in the jar, extracted once per version into the temp directory. */
final class PostgresBinaries {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";

  private PostgresBinaries() {
  }

  /** Extracts the bundled archive once per version into the temp directory; returns its bin/ dir. */
  static synchronized Path bin() throws IOException {
    var url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
    if (url == null) {
      resource(); // throws the explanatory error
    }
    // The entry's size identifies the bundled version well enough to key the extraction cache.
    String version = Long.toHexString(url.openConnection().getContentLengthLong());
    Path target = Path.of(System.getProperty("java.io.tmpdir"),
        "beadhub-pg-" + version + "-" + System.getProperty("user.name"));
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target.resolve("bin");
    }
    Path tmp = Files.createTempDirectory(target.getParent(), "beadhub-pg-extract");
    try (InputStream in = resource();
         TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
      TarArchiveEntry e;
      List<TarArchiveEntry> links = new ArrayList<>();
      while ((e = tar.getNextEntry()) != null) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) {
          continue;
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else if (e.isSymbolicLink() || e.isLink()) {
          links.add(e);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(out, permissions(e.getMode()));
        }
      }
      for (TarArchiveEntry link : links) {
        Path out = tmp.resolve(link.getName()).normalize();
        Files.createDirectories(out.getParent());
        if (link.isSymbolicLink()) {
          Files.createSymbolicLink(out, Path.of(link.getLinkName()));
        } else {
          Files.createLink(out, tmp.resolve(link.getLinkName()));
        }
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      EmbeddedPostgres.deleteTree(tmp); // another process extracted it first
    }
    return target.resolve("bin");
  }

  private static InputStream resource() {
    InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
    if (in == null) {
      throw new ConfigException("embedded PostgreSQL binaries (" + ARCHIVE + ") are not in the distribution;"
          + " set BEADHUB_DATABASE_URL to use an external PostgreSQL");
    }
    return in;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder sb = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(sb.toString());
  }
}
