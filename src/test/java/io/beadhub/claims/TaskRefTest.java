package io.beadhub.claims;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskRefTest {
  @Test
  void numbersArePaddedToThreeDigitsAndNeverTruncated() {
    assertThat(TaskRef.of("gadgets", 1234)).isEqualTo("gadgets-1234");
    assertThat(TaskRef.of("gadgets", 7)).isEqualTo("gadgets-007");
  }

  @Test
  void commandLinesSkipGlobalFlagsAndTakeEveryId() {
    CommandLine c = CommandLine.parse("--actor bob --db x.db update a-1 a-2 -s in_progress");
    assertThat(c.command()).isEqualTo("update");
    assertThat(c.ids()).containsExactly("a-1", "a-2");
    assertThat(c.action()).isEqualTo(CommandLine.Action.CLAIM);
    assertThat(CommandLine.parse("update a-1 --claim").action()).isEqualTo(CommandLine.Action.CLAIM);
    assertThat(CommandLine.parse("update a-1 --status=closed").action()).isEqualTo(CommandLine.Action.RELEASE);
    assertThat(CommandLine.parse("close a b c").ids()).containsExactly("a", "b", "c");
    assertThat(CommandLine.parse("--help").action()).isEqualTo(CommandLine.Action.NONE);
    assertThat(CommandLine.parse("update a-1 --title x").action()).isEqualTo(CommandLine.Action.NONE);
  }
}
