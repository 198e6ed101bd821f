package io.beadhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load model of an agent team (issue 24): N simulated agents across P projects, each running the
 * call sequence the real {@code bdh} makes for a command (spec 70): the pre-flight, a sync when the
 * command mutates, auto-reserve, and the four-call epilogue; plus mail, chat send-and-wait between
 * agents, file locks, a status stream per agent and a dashboard stream per project.
 *
 * <pre>scripts/bench.sh team --agents 200 --projects 10 --minutes 5 [--command-seconds 20] [--issues 300]
 *   [--url http://a,http://b] [--find-capacity [--warmup-minutes 1] [--step-minutes 2] [--grow 1.5] [--p99-limit-ms 100]] [--no-streams]
 *   [--report-minutes R] [--metrics http://replica1,http://replica2]</pre>
 * Each agent waits an exponentially distributed time (mean {@code --command-seconds}) between commands;
 * one command in five starts a burst of 2–4 more, 1–3 s apart. With several URLs, agents are spread over
 * them round-robin (as a load balancer with sticky connections would). {@code --report-minutes} prints a
 * table every R minutes of a long run (a soak); {@code --metrics} adds each replica's heap and pool figures
 * from its {@code /metrics} (servers started with {@code BEADHUB_METRICS=true}). Exit status 1 when any call failed
 * with an unexpected status, so CI notices a broken path; latency never fails it.
 */
final class Team {
  private Team() {
  }

  record Options(int agents, int projects, double minutes, double commandSeconds, int issues, List<String> urls,
      boolean findCapacity, double stepMinutes, double grow, double p99LimitMs, boolean streams, double reportMinutes,
      List<String> metricsUrls, double warmupMinutes) {
  }

  static int run(String[] args) throws Exception {
    int agents = 20;
    int projects = 2;
    double minutes = 1;
    double commandSeconds = 20;
    int issues = 300;
    List<String> urls = List.of(Bench.base);
    boolean find = false;
    double step = 2;
    double grow = 1.5;
    double limit = 100;
    boolean streams = true;
    double report = 0;
    List<String> metrics = List.of();
    double warmup = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "team" -> { }
        case "--agents" -> agents = Integer.parseInt(args[++i]);
        case "--projects" -> projects = Integer.parseInt(args[++i]);
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--command-seconds" -> commandSeconds = Double.parseDouble(args[++i]);
        case "--issues" -> issues = Integer.parseInt(args[++i]);
        case "--url" -> urls = List.of(args[++i].split(","));
        case "--find-capacity" -> find = true;
        case "--step-minutes" -> step = Double.parseDouble(args[++i]);
        case "--grow" -> grow = Double.parseDouble(args[++i]);
        case "--p99-limit-ms" -> limit = Double.parseDouble(args[++i]);
        case "--no-streams" -> streams = false;
        case "--report-minutes" -> report = Double.parseDouble(args[++i]);
        case "--metrics" -> metrics = List.of(args[++i].split(","));
        case "--warmup-minutes" -> warmup = Double.parseDouble(args[++i]);
        default -> {
          System.err.println("team: unknown option " + args[i]);
          return 2;
        }
      }
    }
    Options o = new Options(agents, Math.max(1, Math.min(projects, agents)), minutes, commandSeconds, issues, urls,
        find, step, grow, limit, streams, report, metrics, warmup);
    return new TeamRun(o).run();
  }

  /** Latencies and failures of one kind of call. */
  static final class CallStats {
    private long[] lat = new long[1024];
    private int n;
    final AtomicLong errors = new AtomicLong();
    final AtomicLong expected = new AtomicLong();
    final Map<Integer, AtomicLong> failed = new ConcurrentHashMap<>();

    synchronized void add(long nanos) {
      if (n == lat.length) {
        lat = java.util.Arrays.copyOf(lat, n * 2);
      }
      lat[n++] = nanos;
    }

    synchronized long[] sorted() {
      long[] s = java.util.Arrays.copyOf(lat, n);
      java.util.Arrays.sort(s);
      return s;
    }

    void fail(int status) {
      errors.incrementAndGet();
      failed.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Calls by name for one measurement window; streams and chat waits are reported but are not "agent-facing". */
  static final class Window {
    final Map<String, CallStats> calls = new ConcurrentHashMap<>();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    final AtomicLong streamDrops = new AtomicLong();
    final AtomicLong chatTimeouts = new AtomicLong();
    final long startNanos = System.nanoTime();

    CallStats of(String call) {
      return calls.computeIfAbsent(call, k -> new CallStats());
    }
  }

  static final java.util.Set<String> NOT_AGENT_FACING = java.util.Set.of("chat-reply-wait");

  static String pick(List<String> from) {
    return from.get(ThreadLocalRandom.current().nextInt(from.size()));
  }

  static boolean chance(double p) {
    return ThreadLocalRandom.current().nextDouble() < p;
  }

  static final AtomicInteger IDS = new AtomicInteger();
}
