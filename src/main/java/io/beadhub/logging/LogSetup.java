package io.beadhub.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.beadhub.config.Config;
import org.slf4j.LoggerFactory;

/** Applies BEADHUB_LOG_LEVEL and BEADHUB_LOG_JSON to the root logger (spec 30 §9.1). */
public final class LogSetup {
  private LogSetup() {
  }

  public static void apply(Config config) {
    apply(config, false);
  }

  /** As {@link #apply(Config)}; {@code toStderr} for commands whose standard output is their result. */
  public static void apply(Config config, boolean toStderr) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setName("console");
    if (toStderr) {
      out.setTarget("System.err");
    }
    if (config.logJson()) {
      LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
      JsonLayout layout = new JsonLayout();
      layout.setContext(ctx);
      layout.start();
      enc.setLayout(layout);
      enc.setContext(ctx);
      enc.start();
      out.setEncoder(enc);
    } else {
      PatternLayoutEncoder enc = new PatternLayoutEncoder();
      enc.setContext(ctx);
      enc.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} %X{request_id} - %msg%n");
      enc.start();
      out.setEncoder(enc);
    }
    out.start();
    root.addAppender(out);
    root.setLevel(switch (config.logLevel()) {
      case "debug" -> Level.DEBUG;
      case "warning" -> Level.WARN;
      case "error", "critical" -> Level.ERROR;
      default -> Level.INFO;
    });
    // outOfOrder migrations (feature branches number their own ranges) make Flyway warn on every start.
    ctx.getLogger("org.flywaydb").setLevel(Level.ERROR);
    for (String noisy : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "io.lettuce",
        "io.netty", "io.javalin"}) {
      if (root.getLevel().toInt() < Level.WARN.toInt()) {
        ctx.getLogger(noisy).setLevel(Level.WARN);
      }
    }
  }
}
