package io.beadhub.http;

import io.beadhub.common.Caller;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One info line per answered request on the logger {@value #LOGGER}: method, route template, status,
 * duration, project and agent. The credential itself is never written. The same fields ride along as
 * key-value pairs, which the JSON log layout writes as fields of the line.
 */
public final class AccessLog implements RequestListener {
  public static final String LOGGER = "io.beadhub.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  @Override
  public void finished(Exchange e) {
    if (!log.isInfoEnabled()) {
      return;
    }
    Caller c = e.caller();
    String project = c == null || c.projectId() == null ? "-" : c.projectId().toString();
    String agent = c == null || c.agentId() == null ? "-" : c.agentId().toString();
    String ms = String.format(Locale.ROOT, "%.2f", e.millis());
    log.atInfo()
        .addKeyValue("method", e.method())
        .addKeyValue("route", e.route())
        .addKeyValue("status", e.status())
        .addKeyValue("duration_ms", Math.round(e.millis() * 100) / 100.0)
        .addKeyValue("project_id", project)
        .addKeyValue("agent_id", agent)
        .log("method={} route={} status={} duration_ms={} project_id={} agent_id={}",
            e.method(), e.route(), e.status(), ms, project, agent);
  }
}
