package io.beadhub.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A few figures from each replica's {@code /metrics} (Prometheus text) for the soak: old-generation heap, threads, pool. */
final class ServerMetrics {
  private ServerMetrics() {
  }

  static String line(List<String> urls) {
    StringBuilder sb = new StringBuilder();
    for (String url : urls) {
      try {
        String text = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        sb.append("; ").append(URI.create(url).getPort()).append(": old gen ")
            .append(mb(sum(text, "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}")))
            .append(" MB, heap ").append(mb(sum(text, "jvm_memory_used_bytes{area=\"heap\"")))
            .append(" MB, live threads ").append((long) sum(text, "jvm_threads_live_threads"))
            .append(", pool active ").append((long) sum(text, "hikaricp_connections_active"))
            .append(", pending ").append((long) sum(text, "hikaricp_connections_pending"));
      } catch (Exception e) {
        sb.append("; ").append(url).append(": metrics unavailable");
      }
    }
    return sb.toString();
  }

  /** The sum of every sample whose name and labels start with {@code prefix}. */
  private static double sum(String text, String prefix) {
    double total = 0;
    for (String l : text.split("\\n")) {
      if (l.startsWith(prefix)) {
        total += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static long mb(double bytes) {
    return Math.round(bytes / (1 << 20));
  }
}
