package io.beadhub.dataplane;

import io.beadhub.common.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mail items over mail beads (spec 60 §5.2): label conventions of §3.1. */
final class Mail {
  private Mail() {
  }

  static String label(List<String> labels, String key) {
    for (String l : labels) {
      if (l.startsWith(key + ":")) {
        return l.substring(key.length() + 1);
      }
    }
    return null;
  }

  static String from(List<String> labels, String sender, String createdBy) {
    String f = label(labels, "from");
    return f != null ? f : sender != null ? sender : createdBy;
  }

  static String replyTo(Bead b) {
    String r = label(b.labels(), "reply-to");
    return r != null ? r : b.repliesTo();
  }

  static Map<String, Object> item(Bead b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bead_id", b.beadId());
    m.put("repo", b.repo());
    m.put("branch", b.branch());
    m.put("subject", b.title());
    m.put("body", b.description());
    m.put("from", from(b.labels(), b.sender(), b.createdBy()));
    m.put("to", b.assignee());
    List<String> cc = new ArrayList<>();
    b.labels().stream().filter(l -> l.startsWith("cc:")).forEach(l -> cc.add(l.substring(3)));
    m.put("cc", cc);
    m.put("thread_id", label(b.labels(), "thread"));
    m.put("reply_to", replyTo(b));
    String t = label(b.labels(), "msg-type");
    m.put("msg_type", t == null ? "notification" : t);
    m.put("priority", b.priority());
    m.put("status", b.status());
    m.put("read", b.status().equals("closed") || b.labels().contains("read"));
    m.put("hooked", b.status().equals("hooked"));
    m.put("ephemeral", b.ephemeral());
    m.put("created_at", Times.isoOffset(b.createdAt()));
    m.put("updated_at", Times.isoOffset(b.updatedAt()));
    m.put("labels", b.labels());
    return m;
  }
}
