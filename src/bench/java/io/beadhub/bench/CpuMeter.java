package io.beadhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used on this machine during a window, by kind of process, from {@code /proc} (Linux; elsewhere it
 * reports nothing): the load generator itself, beadhub servers (a {@code java} whose command line names
 * {@code beadhub.jar}), PostgreSQL, Redis and nginx. Shows which one runs out of CPU first.
 */
final class CpuMeter {
  private static final double TICKS = 100.0;
  private Map<String, Long> start = sample();

  void reset() {
    start = sample();
  }

  String report(double seconds) {
    Map<String, Long> now = sample();
    if (now.isEmpty()) {
      return "n/a";
    }
    StringBuilder sb = new StringBuilder();
    now.forEach((kind, ticks) -> sb.append(sb.isEmpty() ? "" : ", ").append(kind).append(' ')
        .append(String.format("%.0f%%", 100 * (ticks - start.getOrDefault(kind, 0L)) / TICKS / seconds)));
    return sb.toString();
  }

  /** Memory now, by kind of process (MB): proportional set size, so PostgreSQL's shared buffers count once. */
  String resident() {
    Map<String, Long> kb = new LinkedHashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      long self = ProcessHandle.current().pid();
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
        try {
          String stat = Files.readString(d.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String kind = kind(Long.parseLong(d.getFileName().toString()) == self, comm, d);
          if (kind != null) {
            for (String l : Files.readAllLines(d.resolve("smaps_rollup"))) {
              if (l.startsWith("Pss:")) {
                kb.merge(kind, Long.parseLong(l.replaceAll("[^0-9]", "")), Long::sum);
              }
            }
          }
        } catch (Exception e) {
          // the process ended while we looked
        }
      });
    } catch (Exception e) {
      return "n/a";
    }
    StringBuilder sb = new StringBuilder();
    kb.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v / 1024).append(" MB"));
    return sb.toString();
  }

  private static Map<String, Long> sample() {
    Map<String, Long> out = new LinkedHashMap<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return out;
    }
    long self = ProcessHandle.current().pid();
    out.put("generator", 0L);
    out.put("beadhub", 0L);
    out.put("postgres", 0L);
    try (var dirs = Files.list(proc)) {
      dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(d -> {
        try {
          String stat = Files.readString(d.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(stat.indexOf('(') + 1, close);
          String[] f = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          String kind = kind(Long.parseLong(d.getFileName().toString()) == self, comm, d);
          if (kind != null) {
            out.merge(kind, ticks, Long::sum);
          }
        } catch (Exception e) {
          // the process ended while we looked
        }
      });
    } catch (java.io.IOException e) {
      return Map.of();
    }
    return out;
  }

  private static String kind(boolean self, String comm, Path dir) throws java.io.IOException {
    if (self) {
      return "generator";
    }
    if (comm.equals("postgres")) {
      return "postgres";
    }
    if (comm.startsWith("redis-server")) {
      return "redis";
    }
    if (comm.equals("nginx")) {
      return "nginx";
    }
    if (comm.equals("java")) {
      String cmd = new String(Files.readAllBytes(dir.resolve("cmdline")));
      return cmd.contains("beadhub.jar") ? "beadhub" : null;
    }
    return null;
  }
}
