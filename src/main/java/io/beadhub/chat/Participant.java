package io.beadhub.chat;

import java.util.UUID;

/** A member of a chat session, under the alias it had when it joined. */
public record Participant(UUID agentId, String alias) {
}
