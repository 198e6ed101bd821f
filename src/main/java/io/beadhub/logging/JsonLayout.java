package io.beadhub.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.beadhub.common.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line: timestamp, level, logger, message (+ key-value pairs, exception, request_id). */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("timestamp", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    m.put("level", e.getLevel().toString());
    m.put("logger", e.getLoggerName());
    m.put("message", e.getFormattedMessage());
    if (e.getThrowableProxy() != null) {
      m.put("exception", ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    if (e.getKeyValuePairs() != null) {
      e.getKeyValuePairs().forEach(kv -> m.put(kv.key, kv.value));
    }
    String rid = e.getMDCPropertyMap().get("request_id");
    if (rid != null) {
      m.put("request_id", rid);
    }
    return Json.string(m) + CoreConstants.LINE_SEPARATOR;
  }
}
