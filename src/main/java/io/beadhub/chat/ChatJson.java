package io.beadhub.chat;

import io.beadhub.common.Times;
import io.beadhub.mail.MailService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The JSON shapes of chat messages (history items, stream events) and read receipts (spec 20 §3.8–3.9). */
final class ChatJson {
  static final int HANG_ON_SECONDS = 300;

  private ChatJson() {
  }

  static String address(String ns, String alias) {
    return io.beadhub.agents.Agent.address(ns, alias);
  }

  /** Addresses of the participants other than {@code sender}, alias order, comma-joined. */
  static String toAddress(String ns, List<ChatStore.Participant> participants, UUID sender) {
    return participants.stream().filter(p -> !p.agentId().equals(sender)).map(p -> address(ns, p.alias()))
        .collect(Collectors.joining(","));
  }

  static Map<String, Object> historyItem(ChatStore.Message m, List<ChatStore.Participant> ps, String ns) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("message_id", m.messageId());
    o.put("from_agent", m.fromAlias());
    o.put("from_address", address(ns, m.fromAlias()));
    o.put("body", m.body());
    o.put("timestamp", Times.zSecond(m.createdAt().toInstant()));
    o.put("sender_leaving", m.senderLeaving());
    o.put("hang_on", m.hangOn());
    o.put("to_address", toAddress(ns, ps, m.fromAgentId()));
    identity(o, m);
    o.put("is_contact", false);
    return o;
  }

  static Map<String, Object> messageEvent(ChatStore.Message m, List<ChatStore.Participant> ps, String ns,
                                          boolean senderWaiting) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", "message");
    o.put("session_id", m.sessionId());
    o.put("message_id", m.messageId());
    o.put("from_agent", m.fromAlias());
    o.put("from_address", address(ns, m.fromAlias()));
    o.put("body", m.body());
    o.put("sender_leaving", m.senderLeaving());
    o.put("sender_waiting", senderWaiting);
    o.put("hang_on", m.hangOn());
    o.put("extends_wait_seconds", m.hangOn() ? HANG_ON_SECONDS : 0);
    o.put("timestamp", Times.zSecond(m.createdAt().toInstant()));
    o.put("to_address", toAddress(ns, ps, m.fromAgentId()));
    identity(o, m);
    o.put("is_contact", false);
    return o;
  }

  static Map<String, Object> receiptEvent(UUID sessionId, ChatStore.Cursor c) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("type", "read_receipt");
    o.put("session_id", sessionId);
    o.put("reader_alias", c.alias());
    o.put("up_to_message_id", c.messageId() == null ? "" : c.messageId().toString());
    o.put("extends_wait_seconds", HANG_ON_SECONDS);
    o.put("timestamp", c.at() == null ? null : Times.zSecond(c.at().toInstant()));
    return o;
  }

  private static void identity(Map<String, Object> o, ChatStore.Message m) {
    o.put("from_did", m.fromDid());
    o.put("from_stable_id", m.fromStableId());
    o.put("to_did", m.toDid());
    o.put("to_stable_id", m.toStableId());
    o.put("signature", m.signature());
    o.put("signing_key_id", m.signingKeyId());
  }
}
