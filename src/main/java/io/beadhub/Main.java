package io.beadhub;

import io.beadhub.auth.KeyRecovery;
import io.beadhub.config.Config;
import io.beadhub.config.ConfigException;
import io.beadhub.config.EmbeddedPostgres;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.logging.LogSetup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code serve} (default), {@code migrate}, {@code demo}, {@code key}, {@code export}, {@code import}. */
@Command(name = "beadhub", mixinStandardHelpOptions = true, version = "beadhub 0.1.0",
    description = "Coordination server for AI coding agents.",
    subcommands = {Main.Serve.class, Main.Migrate.class, Main.DemoCommand.class, Main.KeyCommand.class,
        TransferCommands.Export.class, TransferCommands.Import.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof ConfigException) {
        System.err.println("beadhub: " + ex.getMessage());
        return 2;
      }
      throw ex;
    }).execute(args.length == 0 ? new String[] {"serve"} : args));
  }

  @Override
  public Integer call() {
    return new Serve().call();
  }

  @Command(name = "serve", description = "Start the server (embedded PostgreSQL unless BEADHUB_DATABASE_URL is set).")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() {
      Config config = Config.fromEnv();
      LogSetup.apply(config);
      App app = App.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        app.close();
        stopped.countDown();
      }, "beadhub-shutdown"));
      String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
      System.out.println("beadhub listening on http://" + host + ":" + app.port());
      System.out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }

  @Command(name = "demo", description = "Seed a running server with a small demo project (agents, beads, mail, chat, a lock).")
  static final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "server URL")
    String url;

    @picocli.CommandLine.Option(names = "--project", defaultValue = "demo", description = "project slug to seed")
    String project;

    @Override
    public Integer call() throws Exception {
      try {
        new io.beadhub.demo.Demo(url, project).run();
        return 0;
      } catch (io.beadhub.demo.Demo.DemoFailed e) {
        System.err.println("beadhub demo: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "key", description = {
      "Mint a new API key for an existing agent (its key was lost) directly in the database, and print it once.",
      "The agent's other keys are revoked unless --keep-old-keys is given. Uses BEADHUB_DATABASE_URL, else the",
      "embedded PostgreSQL of BEADHUB_DATA_DIR (the running server's, if one runs)."})
  static final class KeyCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--project", required = true, description = "the project's slug")
    String project;

    @picocli.CommandLine.Option(names = "--alias", required = true, description = "the agent's alias")
    String alias;

    @picocli.CommandLine.Option(names = "--keep-old-keys",
        description = "leave the agent's other keys active (default: revoke them)")
    boolean keepOld;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final java.util.Map<String, String> env;

    KeyCommand() {
      this(System.getenv());
    }

    KeyCommand(java.util.Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      Config config = Config.from(env);
      LogSetup.apply(config, true);
      EmbeddedPostgres.CommandTarget target = EmbeddedPostgres.forCommand(config);
      EmbeddedPostgres pg = target.started();
      var err = spec.commandLine().getErr();
      try (Database db = new Database(DatabaseUrl.parse(target.url()), 2)) {
        KeyRecovery.Minted m = KeyRecovery.mint(db, project, alias, keepOld);
        spec.commandLine().getOut().println(m.apiKey());
        spec.commandLine().getOut().flush();
        err.println("new API key for " + m.address() + " (agent_id " + m.agentId() + ")"
            + (keepOld ? "; its other keys stay active" : "; " + m.revoked() + " older key(s) revoked")
            + ". It is shown only this once. A running server may accept a revoked key for up to 10 s more.");
        err.flush();
        return 0;
      } catch (KeyRecovery.Refused e) {
        err.println("beadhub key: " + e.getMessage());
        err.flush();
        return 1;
      } catch (RuntimeException e) {
        err.println("beadhub key: cannot mint a key: " + io.beadhub.db.DatabaseUnavailable.rootCause(e));
        err.flush();
        return 1;
      } finally {
        if (pg != null) {
          pg.close();
        }
      }
    }
  }

  @Command(name = "migrate", description = "Apply the schema migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() {
      Config config = Config.fromEnv();
      LogSetup.apply(config);
      EmbeddedPostgres pg = config.databaseUrl() == null
          ? EmbeddedPostgres.start(config.dataDir(), config.embeddedPgPort()) : null;
      String url = pg == null ? config.databaseUrl() : pg.databaseUrl();
      try (Database db = new Database(DatabaseUrl.parse(url), 2)) {
        db.migrate();
        System.out.println("migrations applied");
      } finally {
        if (pg != null) {
          pg.close();
        }
      }
      return 0;
    }
  }
}
