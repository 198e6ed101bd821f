package io.beadhub;

import io.beadhub.config.Config;
import io.beadhub.config.EmbeddedPostgres;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUnavailable;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.logging.LogSetup;
import io.beadhub.transfer.ExportFormat;
import io.beadhub.transfer.ProjectExport;
import io.beadhub.transfer.ProjectImport;
import io.beadhub.transfer.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code beadhub export} and {@code beadhub import} (docs/export.md): one project to or from a JSON Lines
 * file, straight on the database (BEADHUB_DATABASE_URL, else the embedded PostgreSQL of BEADHUB_DATA_DIR,
 * the running server's if one runs), so they work with or without a server running.
 */
final class TransferCommands {
  private TransferCommands() {
  }

  @Command(name = "export", description = {
      "Write one project (agents, mail, chat, beads, claims, policies, events, …) as JSON Lines.",
      "Key hashes are left out unless --with-keys. Works while the server runs (one consistent snapshot)."
          + " Writes --out via a .part file renamed at the end."})
  static final class Export implements Callable<Integer> {
    @Option(names = "--project", required = true, description = "the project's slug")
    String project;

    @Option(names = "--out", description = "file to write (default: standard output)")
    Path out;

    @Option(names = "--with-keys", description = "include the agents' API key hashes, so their keys work on the"
        + " target (keep the file as private as the database)")
    boolean withKeys;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    Export() {
      this(System.getenv());
    }

    Export(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      return run(env, err, "export", db -> {
        Path tmp = out == null ? null : out.toAbsolutePath().resolveSibling(out.getFileName() + ".part");
        try (OutputStream os = tmp == null ? nonClosing(System.out) : Files.newOutputStream(tmp);
             Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
          ProjectExport.write(db, project, withKeys, w, Clock.systemUTC(), err, progressOn());
        } catch (IOException e) {
          deleteQuietly(tmp);
          throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
          deleteQuietly(tmp);
          throw e;
        }
        if (tmp != null) {
          move(tmp, out);
        }
        return 0;
      });
    }
  }

  @Command(name = "import", description = {
      "Read a project written by `beadhub export` into this database, where it must not exist yet.",
      "All or nothing (one transaction); works while the server runs. Migrates the schema first."})
  static final class Import implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "the export file ('-' for standard input)")
    String in;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    Import() {
      this(System.getenv());
    }

    Import(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (!in.equals("-") && !Files.isReadable(Path.of(in))) {
        err.println("beadhub import: cannot read " + in);
        err.flush();
        return 1;
      }
      return run(env, err, "import", db -> {
        db.migrate();
        try (InputStream is = in.equals("-") ? System.in : Files.newInputStream(Path.of(in))) {
          long size = in.equals("-") ? -1 : Files.size(Path.of(in));
          ProjectImport.read(db, is, size, err, progressOn());
        } catch (IOException e) {
          throw new ExportFormat.Refused("cannot read " + in + ": " + e.getMessage());
        }
        return 0;
      });
    }
  }

  /** Opens the database the way the server finds it, runs {@code work}, and turns failures into words. */
  private static int run(Map<String, String> env, PrintWriter err, String name, Function<Database, Integer> work) {
    Config config = Config.from(env);
    LogSetup.apply(config, true);
    EmbeddedPostgres pg = null;
    try {
      EmbeddedPostgres.CommandTarget target = EmbeddedPostgres.forCommand(config);
      pg = target.started();
      try (Database db = new Database(DatabaseUrl.parse(target.url()), 2)) {
        return work.apply(db);
      }
    } catch (ExportFormat.Refused e) {
      err.println("beadhub " + name + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("beadhub " + name + ": failed, nothing was " + (name.equals("import") ? "imported" : "written")
          + ": " + DatabaseUnavailable.rootCause(e));
      return 1;
    } finally {
      err.flush();
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static OutputStream nonClosing(OutputStream os) {
    return new java.io.FilterOutputStream(os) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the half-written .part file is named as such; nothing else to do
      }
    }
  }

  /** The progress line is for a person at a terminal. */
  private static boolean progressOn() {
    return Progress.stderrIsTerminal();
  }
}
