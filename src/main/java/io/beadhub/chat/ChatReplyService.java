package io.beadhub.chat;

import io.beadhub.common.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a reply after a send (MCP {@code chat_send} with {@code wait_seconds}, spec 90 §2), the way a
 * chat stream waits (spec 20 §3.10): registered as waiting on the session, so the others see it, woken by
 * the session's wakes, re-reading every {@link ChatStream#RECHECK} in case a wake was lost.
 */
public record ChatReplyService(ChatService chat, ChatStreamService streams) {
  private static final long TICK_MILLIS = 1_000;

  /**
   * The other participants' messages the caller has not read (after its own send, the replies), once one
   * that is not a {@code hang_on} has come; empty when none came by the deadline or when {@code stillWaiting},
   * asked about every second, says stop. A {@code hang_on} message extends the wait (§3.5).
   */
  public ChatService.History await(Caller c, UUID sessionId, Duration timeout, BooleanSupplier stillWaiting)
      throws InterruptedException {
    UUID me = streams.open(c, sessionId).me().agentId();
    String connection = UUID.randomUUID().toString();
    WaitingRegistry registry = streams.waiting();
    Semaphore signal = new Semaphore(0);
    Instant deadline = streams.clock().instant().plus(timeout);
    Set<UUID> hangOns = new HashSet<>();
    registry.register(sessionId, me, connection);
    Instant registeredAt = streams.clock().instant();
    try (AutoCloseable ignored = streams.wake().listen(sessionId, signal::release)) {
      Instant nextRead = Instant.MIN;
      while (true) {
        Instant now = streams.clock().instant();
        if (!now.isBefore(nextRead)) {
          ChatService.History unread = chat.history(c, sessionId, true, 50);
          boolean reply = false;
          for (ChatService.HistoryItem message : unread.messages()) {
            if (!message.hangOn()) {
              reply = true;
            } else if (hangOns.add(message.messageId())) {
              deadline = deadline.plusSeconds(ChatJson.HANG_ON_SECONDS);
            }
          }
          if (reply) {
            return unread;
          }
          nextRead = now.plus(ChatStream.RECHECK);
        }
        if (!now.isBefore(deadline) || !stillWaiting.getAsBoolean()) {
          return new ChatService.History(List.of());
        }
        if (!now.isBefore(registeredAt.plusSeconds(WaitingRegistry.REFRESH_SECONDS))) {
          registry.register(sessionId, me, connection);
          registeredAt = now;
        }
        long wait = Math.max(1, Math.min(TICK_MILLIS, Duration.between(now, deadline).toMillis()));
        if (signal.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
          signal.drainPermits();
          nextRead = Instant.MIN;
        }
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      registry.unregister(sessionId, me, connection);
    }
  }
}
