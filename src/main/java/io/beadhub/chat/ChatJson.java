package io.beadhub.chat;

import io.beadhub.agents.Agent;
import io.beadhub.common.Times;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The JSON shapes of chat messages (history items, stream events) and read receipts (spec 20 §3.8–3.9). */
final class ChatJson {
  static final int HANG_ON_SECONDS = 300;

  private ChatJson() {
  }

  /** The data of a stream's {@code message} event. */
  record MessageEvent(String type, UUID sessionId, UUID messageId, String fromAgent, String fromAddress, String body,
                      boolean senderLeaving, boolean senderWaiting, boolean hangOn, int extendsWaitSeconds,
                      String timestamp, String toAddress, String fromDid, String fromStableId, String toDid,
                      String toStableId, String signature, String signingKeyId, boolean isContact) {
  }

  /** The data of a stream's {@code read_receipt} event. */
  record ReceiptEvent(String type, UUID sessionId, String readerAlias, String upToMessageId, int extendsWaitSeconds,
                      String timestamp) {
  }

  /** Addresses of the participants other than {@code sender}, alias order, comma-joined. */
  static String toAddress(String ns, List<Participant> participants, UUID sender) {
    return participants.stream().filter(p -> !p.agentId().equals(sender)).map(p -> Agent.address(ns, p.alias()))
        .collect(Collectors.joining(","));
  }

  static ChatService.HistoryItem historyItem(ChatStore.Message m, List<Participant> ps, String ns) {
    return new ChatService.HistoryItem(m.messageId(), m.fromAlias(), Agent.address(ns, m.fromAlias()), m.body(),
        timestamp(m), m.senderLeaving(), m.hangOn(), toAddress(ns, ps, m.fromAgentId()), m.fromDid(),
        m.fromStableId(), m.toDid(), m.toStableId(), m.signature(), m.signingKeyId(), false);
  }

  static MessageEvent messageEvent(ChatStore.Message m, List<Participant> ps, String ns, boolean senderWaiting) {
    return new MessageEvent("message", m.sessionId(), m.messageId(), m.fromAlias(), Agent.address(ns, m.fromAlias()),
        m.body(), m.senderLeaving(), senderWaiting, m.hangOn(), m.hangOn() ? HANG_ON_SECONDS : 0, timestamp(m),
        toAddress(ns, ps, m.fromAgentId()), m.fromDid(), m.fromStableId(), m.toDid(), m.toStableId(), m.signature(),
        m.signingKeyId(), false);
  }

  static ReceiptEvent receiptEvent(UUID sessionId, ChatStore.Cursor c) {
    return new ReceiptEvent("read_receipt", sessionId, c.alias(), c.messageId() == null ? "" : c.messageId().toString(),
        HANG_ON_SECONDS, c.at() == null ? null : Times.zSecond(c.at().toInstant()));
  }

  private static String timestamp(ChatStore.Message m) {
    return Times.zSecond(m.createdAt().toInstant());
  }
}
