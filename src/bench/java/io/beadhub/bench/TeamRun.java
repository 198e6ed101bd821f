package io.beadhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs the team: joins the agents (eight at a time), lets them work for the measured time, prints one
 * table per window. With {@code --find-capacity} the team grows by {@code --grow} after each window whose
 * worst agent-facing p99 stayed under the limit with no errors, and the last such size is the capacity.
 */
final class TeamRun {
  final Team.Options options;
  private final List<TeamProject> projects = new ArrayList<>();
  private final List<TeamAgent> agents = new ArrayList<>();
  private final List<TeamStream> dashboards = new ArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Team.Window window = new Team.Window();
  private volatile boolean stopping;
  private long failures;

  TeamRun(Team.Options options) {
    this.options = options;
    for (int p = 0; p < options.projects(); p++) {
      projects.add(new TeamProject(p));
    }
  }

  Team.Window window() {
    return window;
  }

  boolean stopping() {
    return stopping;
  }

  /** Sleeps up to {@code millis}; false when the run is stopping. */
  boolean sleepUnlessStopping(long millis) {
    long end = System.currentTimeMillis() + millis;
    while (!stopping) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        return true;
      }
      TeamStream.sleepQuietly(Math.min(left, 500));
    }
    return false;
  }

  int run() throws Exception {
    System.out.printf("team: %d agents over %d projects, a command every %.0f s per agent (mean), %s, replicas: %s%n",
        options.agents(), options.projects(), options.commandSeconds(),
        options.streams() ? "status stream per agent + dashboard stream per project" : "no streams", options.urls());
    CpuMeter cpu = new CpuMeter();
    grow(options.agents());
    if (!options.findCapacity()) {
      long end = System.currentTimeMillis() + (long) (options.minutes() * 60_000);
      double each = options.reportMinutes() > 0 ? options.reportMinutes() : options.minutes();
      while (System.currentTimeMillis() < end - 1_000) {
        window = new Team.Window();
        cpu.reset();
        sleepUnlessStopping(Math.min(end - System.currentTimeMillis(), (long) (each * 60_000)));
        report(window, cpu);
      }
    } else {
      if (options.warmupMinutes() > 0) {
        window = new Team.Window();
        cpu.reset();
        sleepUnlessStopping((long) (options.warmupMinutes() * 60_000));
        System.out.print("warm-up (not judged: the servers' JIT compiles during it)");
        report(window, cpu);
        System.out.println();
      }
      int passing = 0;
      while (true) {
        window = new Team.Window();
        cpu.reset();
        sleepUnlessStopping((long) (options.stepMinutes() * 60_000));
        Result r = report(window, cpu);
        boolean pass = r.worstP99Ms() <= options.p99LimitMs() && r.errors() == 0;
        System.out.printf("capacity step: %d agents -> %s (worst p99 %.1f ms in %s, %d errors)%n%n", agents.size(),
            pass ? "within limit" : "LIMIT PASSED", r.worstP99Ms(), r.worstCall(), r.errors());
        if (!pass) {
          break;
        }
        passing = agents.size();
        grow((int) Math.ceil(agents.size() * options.grow()));
      }
      System.out.printf("capacity: %d agents kept every agent-facing p99 under %.0f ms with no errors%n", passing,
          options.p99LimitMs());
    }
    stopping = true;
    agents.forEach(TeamAgent::leave);
    dashboards.forEach(TeamStream::close);
    // Interrupting a virtual thread blocked on a socket closes it: chat waits end now, not at their deadline.
    workers.shutdownNow();
    workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    return failures > 0 ? 1 : 0;
  }

  /** Adds agents up to {@code size} (round-robin over projects and replicas), then (re)opens the dashboard streams. */
  private void grow(int size) throws Exception {
    long t0 = System.nanoTime();
    List<TeamAgent> added = new ArrayList<>();
    for (int i = agents.size(); i < size; i++) {
      TeamProject p = projects.get(i % projects.size());
      TeamAgent a = new TeamAgent(p, options.urls().get(i % options.urls().size()), "agent-" + i, this);
      agents.add(a);
      added.add(a);
    }
    Semaphore joining = new Semaphore(8);
    List<java.util.concurrent.Future<?>> joins = new ArrayList<>();
    for (TeamAgent a : added) {
      joining.acquire();
      joins.add(workers.submit(() -> {
        try {
          a.join(options.streams());
          a.project.agents.add(a);
        } finally {
          joining.release();
        }
        return null;
      }));
    }
    for (var f : joins) {
      f.get();
    }
    for (TeamAgent a : added) {
      workers.submit(a::live);
    }
    dashboards.forEach(TeamStream::close);
    dashboards.clear();
    if (options.streams()) {
      for (TeamProject p : projects) {
        TeamAgent first = p.agents.get(0);
        dashboards.add(new TeamStream(first.url, "/v1/status/stream", first.key, this));
      }
    }
    System.out.printf("joined %d agents in %.1f s (%d in all)%n", added.size(), (System.nanoTime() - t0) / 1e9, size);
  }

  record Result(double worstP99Ms, String worstCall, long errors) {
  }

  private Result report(Team.Window w, CpuMeter cpu) {
    double secs = (System.nanoTime() - w.startNanos) / 1e9;
    System.out.printf("%n%-16s %8s %8s %8s %8s %8s %7s %8s%n", "call", "count", "per s", "p50 ms", "p99 ms", "max ms",
        "errors", "expected");
    long requests = 0;
    long errors = 0;
    double worst = 0;
    String worstCall = "-";
    Map<String, Integer> failed = new TreeMap<>();
    for (var e : new TreeMap<>(w.calls).entrySet()) {
      long[] s = e.getValue().sorted();
      double p99 = Bench.pct(s, 0.99) / 1e6;
      requests += s.length;
      errors += e.getValue().errors.get();
      e.getValue().failed.forEach((k, v) -> failed.merge(e.getKey() + " " + k, (int) v.get(), Integer::sum));
      if (!Team.NOT_AGENT_FACING.contains(e.getKey()) && p99 > worst) {
        worst = p99;
        worstCall = e.getKey();
      }
      System.out.printf("%-16s %8d %8.1f %8.2f %8.2f %8.1f %7d %8d%n", e.getKey(), s.length, s.length / secs,
          Bench.pct(s, 0.5) / 1e6, p99, s.length == 0 ? 0 : s[s.length - 1] / 1e6, e.getValue().errors.get(),
          e.getValue().expected.get());
    }
    failures += errors;
    System.out.printf("window %.0f s: %d agents, %.1f commands/s, %.0f requests/s, %d stream frames (%.0f/s), %d stream"
        + " reconnects, %d chat waits unanswered in 60 s%n", secs, agents.size(), w.commands.get() / secs, requests / secs,
        w.frames.get(), w.frames.get() / secs, w.streamDrops.get(), w.chatTimeouts.get());
    System.out.println("cpu (share of one core): " + cpu.report(secs));
    System.out.println("memory (proportional set size): " + cpu.resident() + ServerMetrics.line(options.metricsUrls()));
    if (!failed.isEmpty()) {
      System.out.println("errors by call and status (-1: no answer): " + failed);
    }
    return new Result(worst, worstCall, errors);
  }
}
