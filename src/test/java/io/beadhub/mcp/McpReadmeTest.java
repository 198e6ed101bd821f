package io.beadhub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's MCP host example is the file the TypeScript client checks connect with (checks.mjs). */
class McpReadmeTest {
  @Test
  void theReadmeShowsTheTestedExampleMcpJsonAsItIs() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String example = Files.readString(Path.of("docs/example.mcp.json")).strip();
    assertThat(readme).contains("```json\n" + example + "\n```");
  }
}
