package io.beadhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 30 §9.1 / check 49: malformed configuration fails fast with a message naming the variable. */
class ConfigTest {
  @Test
  void defaults() {
    Config c = Config.from(Map.of("HOME", "/home/u"));
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.databaseUrl()).isNull();
    assertThat(c.redisUrl()).isNull();
    assertThat(c.presenceTtlSeconds()).isEqualTo(1800);
    assertThat(c.initRateLimit()).isEqualTo(10);
    assertThat(c.dbPoolSize()).isEqualTo(12);
    assertThat(c.dataDir().toString()).isEqualTo("/home/u/.local/share/beadhub");
  }

  @Test
  void portOutOfRangeFails() {
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_PORT", "70000")))
        .hasMessage("BEADHUB_PORT must be between 1 and 65535, got 70000");
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_PORT", "abc")))
        .hasMessage("BEADHUB_PORT must be a valid integer, got 'abc'");
  }

  @Test
  void presenceTtlBelowTenFails() {
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_PRESENCE_TTL_SECONDS", "5")))
        .hasMessage("BEADHUB_PRESENCE_TTL_SECONDS must be at least 10");
  }

  @Test
  void badLogLevelFails() {
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_LOG_LEVEL", "loud"))).isInstanceOf(ConfigException.class);
    assertThat(Config.from(Map.of("BEADHUB_LOG_LEVEL", "WARNING")).logLevel()).isEqualTo("warning");
  }

  @Test
  void fallbackVariablesAndEmptySecret() {
    Config c = Config.from(Map.of("DATABASE_URL", "postgresql://u:p@h/db", "REDIS_URL", "redis://h:1",
        "SESSION_SECRET_KEY", "s", "BEADHUB_INTERNAL_AUTH_SECRET", ""));
    assertThat(c.databaseUrl()).isEqualTo("postgresql://u:p@h/db");
    assertThat(c.redisUrl()).isEqualTo("redis://h:1");
    assertThat(c.internalAuthSecret()).isEqualTo("s");
  }

  @Test
  void poolSizeIsReadAndOutOfRangeValuesFail() {
    assertThat(Config.from(Map.of("BEADHUB_DB_POOL_SIZE", " 40 ")).dbPoolSize()).isEqualTo(40);
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_DB_POOL_SIZE", "1")))
        .hasMessage("BEADHUB_DB_POOL_SIZE must be between 2 and 500, got 1");
    assertThatThrownBy(() -> Config.from(Map.of("BEADHUB_DB_POOL_SIZE", "many")))
        .hasMessage("BEADHUB_DB_POOL_SIZE must be a valid integer, got 'many'");
  }
}
