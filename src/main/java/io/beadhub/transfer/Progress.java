package io.beadhub.transfer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line progress indicator on stderr, redrawn at most a few times a second; silent when off. */
public final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private final PrintWriter err;
  private final boolean on;
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean on) {
    this.err = err;
    this.on = on;
  }

  /**
   * Whether this process's stderr is a terminal. Java 21 has no isatty; on Linux the descriptor's link
   * names the terminal device. Elsewhere: no progress line, which is the safe side for logs and pipes.
   */
  public static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  /** {@code done} of {@code total} (total ≤ 0: unknown), with what is being worked on. */
  void show(String what, long done, long total) {
    if (!on) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    String line;
    if (total > 0) {
      int pct = (int) Math.min(100, done * 100 / total);
      int filled = pct / 5;
      line = String.format("[%-20s] %3d%% %s", "#".repeat(filled), pct, what);
    } else {
      line = String.format("%,d rows  %s", done, what);
    }
    err.print("\r" + line + "\u001b[K");
    err.flush();
  }

  void finish(String summary) {
    if (on && drawn) {
      err.print("\r\u001b[K");
    }
    err.println(summary);
    err.flush();
  }
}
