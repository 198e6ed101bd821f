package io.beadhub.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.reliability.ClaimRace.Agent;
import io.beadhub.reliability.ClaimRace.Answer;
import io.beadhub.testing.Reliability;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 part 2: however many workspaces claim one bead at the same moment, by pre-flight or by sync,
 * exactly one gets it and every other is told who (spec 40 §3.3, §3.4, §4.3).
 */
class ClaimRaceTest {
  static final int WORKSPACES = 30;
  static TestServer server;
  static ClaimRace race;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    race = new ClaimRace(server, "claim-race", WORKSPACES);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Exactly one answer won; every other names the winner; the winner's workspace is the only holder. */
  static Agent oneWinner(String bead, List<Answer> answers, String round) {
    for (Answer a : answers) {
      assertThat(a.resp().status()).as(round + ": " + a.resp()).isEqualTo(200);
    }
    List<Answer> won = answers.stream().filter(Answer::won).toList();
    assertThat(won).as(round + ": winners").hasSize(1);
    Agent winner = won.get(0).agent();
    for (Answer a : answers) {
      if (a != won.get(0)) {
        assertThat(a.reason()).as(round + ": " + a.agent().alias()).isEqualTo(ClaimRace.reason(bead, winner));
      }
    }
    assertThat(race.holders(bead)).as(round + ": holders").containsExactly(winner.ws());
    return winner;
  }

  @Test
  void thirtyConcurrentClaimingPreflightsOnOneBeadApproveExactlyOnePerRound() {
    int rounds = Reliability.scale(10, 100);
    for (int round = 0; round < rounds; round++) {
      String bead = "cr-pre" + round;
      oneWinner(bead, race.together(a -> new Answer(a, false,
          race.preflight(a, "update " + bead + " --status in_progress"))), "round " + round);
    }
  }

  @Test
  void theApprovedWorkspacesSyncClaimsTheBeadAndTheOthersSyncsAreRejectedNamingIt() {
    String bead = "cr-sync";
    String command = "update " + bead + " --status in_progress";
    Agent winner = oneWinner(bead, race.together(a -> new Answer(a, false, race.preflight(a, command))), "pre-flight");
    List<Answer> synced = race.together(a -> new Answer(a, true,
        race.sync(a, ClaimRace.record(bead, "in_progress"), command)));
    assertThat(oneWinner(bead, synced, "sync")).isEqualTo(winner);
    Resp claims = server.get("/v1/claims?bead_id=" + bead, winner.key());
    assertThat(claims.get("claims")).hasSize(1);
    assertThat(claims.get("claims").get(0).path("workspace_id").asText()).isEqualTo(winner.ws());
  }

  @Test
  void preflightsRacingSyncsForOneBeadHaveOneWinnerPerRound() {
    int rounds = Reliability.scale(5, 50);
    for (int round = 0; round < rounds; round++) {
      String bead = "cr-mix" + round;
      String command = "update " + bead + " --status in_progress";
      String jsonl = ClaimRace.record(bead, "in_progress");
      oneWinner(bead, race.together(a -> race.agents.indexOf(a) % 2 == 0
          ? new Answer(a, true, race.sync(a, jsonl, command))
          : new Answer(a, false, race.preflight(a, command))), "round " + round);
    }
  }

  @Test
  void claimsOfTheSameBeadsInOppositeOrdersNeitherDeadlockNorShareABead() {
    int rounds = Reliability.scale(5, 50);
    for (int round = 0; round < rounds; round++) {
      String first = "cr-x" + round;
      String second = "cr-y" + round;
      List<Answer> answers = race.together(a -> {
        boolean forward = race.agents.indexOf(a) % 2 == 0;
        String ids = forward ? first + " " + second : second + " " + first;
        String command = "update " + ids + " --status in_progress";
        return race.agents.indexOf(a) % 3 == 0
            ? new Answer(a, true, race.sync(a, ClaimRace.record(first, "open") + ClaimRace.record(second, "open"),
                command))
            : new Answer(a, false, race.preflight(a, command));
      });
      for (Answer a : answers) {
        assertThat(a.resp().status()).as("round " + round + ": " + a.resp()).isEqualTo(200);
      }
      List<Answer> won = answers.stream().filter(Answer::won).toList();
      assertThat(won).as("round " + round + ": winners").hasSize(1);
      Agent winner = won.get(0).agent();
      for (Answer a : answers) {
        if (a != won.get(0)) {
          boolean forward = race.agents.indexOf(a.agent()) % 2 == 0;
          assertThat(a.reason()).isEqualTo(ClaimRace.reason(forward ? first : second, winner));
        }
      }
      assertThat(race.holders(first)).containsExactly(winner.ws());
      assertThat(race.holders(second)).containsExactly(winner.ws());
    }
  }
}
