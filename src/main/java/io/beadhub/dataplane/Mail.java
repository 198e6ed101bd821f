package io.beadhub.dataplane;

import io.beadhub.common.Times;
import java.util.ArrayList;
import java.util.List;

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

  static DataPlaneViews.MailItem item(Bead b) {
    List<String> cc = new ArrayList<>();
    b.labels().stream().filter(l -> l.startsWith("cc:")).forEach(l -> cc.add(l.substring(3)));
    String t = label(b.labels(), "msg-type");
    return new DataPlaneViews.MailItem(b.beadId(), b.repo(), b.branch(), b.title(), b.description(),
        from(b.labels(), b.sender(), b.createdBy()), b.assignee(), cc, label(b.labels(), "thread"), replyTo(b),
        t == null ? "notification" : t, b.priority(), b.status(),
        b.status().equals("closed") || b.labels().contains("read"), b.status().equals("hooked"), b.ephemeral(),
        Times.isoOffset(b.createdAt()), Times.isoOffset(b.updatedAt()), b.labels());
  }
}
